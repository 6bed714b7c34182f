"""``presslens add``: bring new articles into the corpus, all or nothing.

:func:`check_entries` checks a list of :class:`Entry` (one article each: its text and its metadata) against
the corpus and against each other, and :func:`write_entries` writes them; :func:`add_article` (one file) and
:mod:`presslens.corpus.importer` (a CSV or JSON Lines file of many) are both these two steps.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .directory import (OPTIONAL_COLUMNS, Corpus, checksum_entries, is_page, parse_date, read_metadata_rows,
                        render_checksums, sha256)
from .duplicates import DuplicateIndex, normalise
from ..errors import CorpusError, Problem
from .instruments import read_events
from ..fileio import write_bytes, write_text
from .validate import check_rows, check_text, validate

#: How far from its event's dates a publication date may be before intake asks for ``--force-date``.
DATE_SLACK = dt.timedelta(days=365)


def next_doc_id(rows: list[dict[str, str]]) -> str:
    """The next free three-digit id after the largest numeric prefix in use ("004" → "005")."""
    numbers = [int(m.group()) for r in rows if (m := re.match(r"\d+", r["doc_id"]))]
    return f"{max(numbers, default=-1) + 1:03d}"


@dataclass
class Entry:
    """One article to bring in.

    ``source`` and ``row`` are where messages point (the file given to ``add``; or the import file and its
    1-based row), ``text_field`` the import column that holds the text (``None`` for ``add``), ``data`` the
    article's bytes (``None`` when they could not be read: a problem then says why), ``fields`` its metadata
    as ``articles.csv`` names it (``outlet``, ``published``, ``event``, ``title``, ``language``, ``url``…;
    empty for a default), ``problems`` what was already found wrong while reading it, and ``how`` the command
    that brought it in (for the row's evidence columns)."""

    source: str
    row: int | None
    text_field: str | None
    data: bytes | None
    fields: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    how: str = "presslens add"

    def problem(self, message: str, field: str | None = None) -> Problem:
        """A problem located at this entry (its file, row and ``field``)."""
        return Problem(self.source, message, row=self.row, field=field)

    @property
    def place(self) -> str:
        """How a later entry names this one: ``row 3 of articles.jsonl``, or the file's name."""
        return f"row {self.row} of {Path(self.source).name}" if self.row is not None else self.source


@dataclass
class Intake:
    """What intake wrote: the new ``articles.csv`` rows, and notices (near duplicates) that did not block."""

    rows: list[dict[str, str]]
    notices: list[Problem]


def _plausibility(entry: Entry, events: dict, today: dt.date) -> list[Problem]:
    """A publication date in the future, or more than :data:`DATE_SLACK` from its event's dates."""
    try:
        date = parse_date(entry.fields.get("published", ""))
    except ValueError:
        return []  # reported by check_rows with the row and field
    event = events.get(entry.fields.get("event", ""))
    problems = []
    if date > today:
        problems.append(entry.problem(f"{date} is in the future (today is {today}); use --force-date if it is "
                                      f"right", "published"))
    if event is not None and not (event.start - DATE_SLACK <= date <= event.end + DATE_SLACK):
        problems.append(entry.problem(f"{date} is more than a year from event {event.id} ({event.start} to "
                                      f"{event.end}): check the date and the event, or use --force-date if "
                                      f"both are right", "published"))
    return problems


def _duplicates(entry: Entry, text: str, index: DuplicateIndex, notices: list[Problem]) -> list[Problem]:
    """Refuse a text the corpus (or an earlier entry) already holds; note one it nearly repeats."""
    same = index.exact(text)
    if same is not None:
        where = f"the corpus as {same.where} (doc_id {same.doc_id})" if same.where.startswith("raw/") else \
            f"this import as {same.where} (new doc_id {same.doc_id})"
        return [entry.problem(f"is already in {where}: the same text once byte-order mark, line ends, Unicode "
                              f"form and spacing are set aside", entry.text_field)]
    notices += [entry.problem(f"nearly repeats doc_id {m.doc_id} ({m.where}): {m.similarity:.0%} of their "
                              f"5-word sequences are shared, as when a wire copy is re-published with small "
                              f"edits; added anyway", entry.text_field) for m in index.near(text)]
    return []


def _row(entry: Entry, header: list[str], doc_id: str, digest: str, events: dict, forced: bool) -> dict[str, str]:
    """The ``articles.csv`` row of ``entry``: its fields, defaults for those it leaves empty, the derived
    ``phase``; an optional column the header lacks is added only when the entry gives it a value."""
    f = {k: (v or "").strip() for k, v in entry.fields.items()}
    given = {k for k, v in f.items() if v}
    how = entry.how
    language = f.get("language") or "fr"
    phase = ""
    try:
        if f.get("event") in events:
            phase = events[f["event"]].phase(parse_date(f.get("published", "")))
    except ValueError:
        pass  # reported by check_rows with the row and field
    row = {c: "" for c in header}
    row.update(f)
    # A saved web page keeps its suffix in raw/: its segmenter is chosen by it.
    suffix = Path(entry.source).suffix.lower() if is_page(entry.source) else ".txt"
    row.update(doc_id=doc_id, source_file=f"{doc_id}_{digest[:16]}{suffix}", language=language,
               attribution=f.get("attribution") or "confirmed",
               outlet_evidence=f.get("outlet_evidence") or f"supplied by the researcher who added the article "
                                                            f"with `{how}`",
               original_language=f.get("original_language") or language, translated=f.get("translated") or "false",
               phase=phase or "before",
               date_evidence=(f.get("date_evidence") or f"supplied with `{how}`")
               + (" and --force-date" if forced else ""))
    return {k: v for k, v in row.items() if k in header or k in OPTIONAL_COLUMNS and k in given}


def check_entries(corpus: Corpus, entries: list[Entry], *, force_date: bool = False, progress: bool = False,
                  heading: str = "Cannot add the article", problems: list[Problem] | None = None
                  ) -> tuple[list[str], list[tuple[dict, bytes]], list[Problem]]:
    """Check ``entries`` against a valid corpus and each other; write nothing.

    Out: the ``articles.csv`` header to write (the corpus's, plus optional columns an entry fills), the new
    rows with their bytes, and notices (near duplicates). Raises :class:`CorpusError` with ``heading``
    listing every problem of every entry: unreadable or empty text, a text already in the corpus or in an
    earlier entry, bad metadata (as ``validate`` checks it), an implausible date unless ``force_date``.
    ``progress`` shows a bar on stderr (reading texts and comparing them is the slow part); ``problems`` are
    those already found in the entries' source (an import line that is not a JSON object), listed with the
    rest, in row order."""
    from tqdm.auto import tqdm

    rows = validate(corpus)  # never add to a corpus that is already broken
    header, _ = read_metadata_rows(corpus)
    events = read_events(corpus)
    index = DuplicateIndex()
    for r in rows:
        index.add(r["doc_id"], f"raw/{r['source_file']}",
                  normalise((corpus.raw_dir / r["source_file"]).read_bytes()) or "")
    today = dt.date.today()
    first_id = int(next_doc_id(rows))
    problems = list(problems or [])
    notices: list[Problem] = []
    new: list[tuple[dict, bytes]] = []
    located: dict[int, Entry] = {}  # row number in rows + new rows -> entry, to place check_rows' problems
    repeated: set[int] = set()  # rows refused as duplicates: their raw file name repeats too, said once
    for entry in tqdm(entries, desc="Checking", unit="article", disable=not progress, file=sys.stderr):
        problems += entry.problems
        data = entry.data if entry.data is not None else b""  # unreadable: its metadata is still checked
        text_problems = [entry.problem(p.message, entry.text_field) for p in check_text(entry.source, data)]
        problems += text_problems if entry.data is not None else []
        text = None if text_problems else normalise(data)
        duplicate = _duplicates(entry, text, index, notices) if text is not None else []
        problems += duplicate
        if not force_date:
            problems += _plausibility(entry, events, today)
        doc_id = f"{first_id + len(new):03d}"
        row = _row(entry, header, doc_id, sha256(data), events, force_date)
        if text is not None:
            index.add(doc_id, entry.place, text)
        new.append((row, data))
        located[len(rows) + len(new)] = entry
        if duplicate:
            repeated.add(len(rows) + len(new))
        header += sorted((c for c in row if c not in header), key=OPTIONAL_COLUMNS.index)
    full = [{c: r.get(c, "") for c in header} for r in rows + [r for r, _ in new]]
    pending = frozenset(r["source_file"] for r, _ in new)
    for p in check_rows(corpus, full, events, pending=pending):
        entry = located.get(p.row)
        # An original language left empty is the text's own: its problem is reported once, on `language`.
        derived = p.field == "original_language" and not entry.fields.get(p.field) if entry else False
        if entry is not None and not derived and not (p.field == "source_file" and p.row in repeated):
            problems.append(entry.problem(p.message, p.field))
    if problems:
        raise CorpusError(sorted(problems, key=lambda p: p.row or 0), heading=heading)
    return header, new, notices


def write_entries(corpus: Corpus, header: list[str], new: list[tuple[dict, bytes]]) -> None:
    """Copy the new articles' bytes into ``raw/``, append their rows to ``articles.csv`` (rewriting it when
    ``header`` gained optional columns) and their checksums to ``SHA256SUMS``, then validate. Every file is
    written to a temporary file and renamed; on any error, Ctrl-C included, the corpus is put back as it was."""
    old_sums, old_csv = corpus.checksums.read_bytes(), corpus.articles_csv.read_bytes()
    sums, _ = checksum_entries(corpus)
    old_header, rows = read_metadata_rows(corpus)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", restval="")
    if header != old_header:
        writer.writeheader()
        writer.writerows(rows)
        csv_text = ""
    else:
        csv_text = old_csv.decode("utf-8")
        csv_text += "" if csv_text.endswith("\n") or not csv_text else "\n"
    writer.writerows(row for row, _ in new)
    written: list[Path] = []
    try:
        for row, data in new:
            written.append(corpus.raw_dir / row["source_file"])
            write_bytes(written[-1], data)
        write_text(corpus.checksums, render_checksums({**sums, **{f"raw/{r['source_file']}": sha256(d)
                                                                  for r, d in new}}))
        write_text(corpus.articles_csv, csv_text + buffer.getvalue())
        validate(corpus)
    except BaseException:
        # Put back exactly what was there: articles are added whole or not at all.
        for path in written:
            path.unlink(missing_ok=True)
        write_bytes(corpus.checksums, old_sums)
        write_bytes(corpus.articles_csv, old_csv)
        raise


def add_article(corpus: Corpus, file: Path, *, outlet: str, published: str, event: str, title: str = "",
                language: str = "", attribution: str = "confirmed", evidence: str = "",
                original_language: str | None = None, translated: str = "false", wire: str = "",
                notes: str = "", url: str = "", force_date: bool = False, extra: dict[str, str] | None = None
                ) -> Intake:
    """Copy ``file`` into ``raw/``, append its metadata row and checksum; return the row and any notice.
    An empty ``language`` means French, an empty ``original_language`` the text's own language. A saved web
    page (``.html``) keeps its suffix in ``raw/``; ``extra`` fills more columns (``authors``, evidence
    columns), and an optional column the file lacks is added to its header.

    Everything is checked before anything is written (see :func:`check_entries`); on any problem a
    :class:`CorpusError` lists them all and the corpus is left as it was."""
    file = Path(file)
    entry = Entry(str(file), None, None, file.read_bytes() if file.is_file() else None,
                  dict(outlet=outlet, published=published, event=event, title=title, language=language,
                       attribution=attribution, outlet_evidence=evidence, original_language=original_language or "",
                       translated=translated, wire=wire, notes=notes, url=url, **(extra or {})))
    if entry.data is None:
        entry.problems.append(entry.problem("file does not exist"))
    header, new, notices = check_entries(corpus, [entry], force_date=force_date)
    write_entries(corpus, header, new)
    return Intake([row for row, _ in new], notices)
