"""``presslens add``: bring a new article into the corpus, all or nothing."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .directory import Corpus, checksum_entries, is_page, parse_date, read_metadata_rows, render_checksums, sha256
from ..errors import CorpusError, Problem
from .instruments import read_events
from ..fileio import write_bytes, write_text
from .validate import check_rows, check_text, validate


def next_doc_id(rows: list[dict[str, str]]) -> str:
    """The next free three-digit id after the largest numeric prefix in use ("004" → "005")."""
    numbers = [int(m.group()) for r in rows if (m := re.match(r"\d+", r["doc_id"]))]
    return f"{max(numbers, default=-1) + 1:03d}"


def add_article(corpus: Corpus, file: Path, *, outlet: str, published: str, event: str, title: str = "",
                language: str = "fr", attribution: str = "confirmed", evidence: str = "",
                original_language: str | None = None, translated: str = "false", wire: str = "",
                notes: str = "", extra: dict[str, str] | None = None) -> dict[str, str]:
    """Copy ``file`` into ``raw/``, append its metadata row and checksum, and return the row.

    A saved web page (``.html``) keeps its suffix in ``raw/``. ``extra`` fills optional columns (``authors``,
    ``url``, evidence columns); one that ``articles.csv`` lacks is added to its header, empty for other rows.

    Everything is checked before anything is written; on any problem a :class:`CorpusError` lists them
    all and the corpus is left as it was.
    """
    validate(corpus)  # never add to a corpus that is already broken
    file = Path(file)
    label = str(file)
    if not file.is_file():
        raise CorpusError([Problem(label, "file does not exist")], heading="Cannot add the article")
    data = file.read_bytes()
    problems = check_text(label, data)
    digest = sha256(data)
    sums, _ = checksum_entries(corpus)
    header, rows = read_metadata_rows(corpus)
    for rel, existing in sums.items():
        if existing == digest:
            doc = next((r["doc_id"] for r in rows if f"raw/{r['source_file']}" == rel), "?")
            problems.append(Problem(label, f"is already in the corpus as {rel} (doc_id {doc})"))
    doc_id = next_doc_id(rows)
    phase = ""
    events = read_events(corpus)
    try:
        date = parse_date(published)
        if event in events:
            phase = events[event].phase(date)
    except ValueError:
        pass  # reported by check_rows with the row and field
    extra = {k: v for k, v in (extra or {}).items() if v}
    new_columns = [k for k in extra if k not in header]
    header = header + new_columns
    row = {c: "" for c in header}
    suffix = file.suffix.lower() if is_page(file.name) else ".txt"
    row.update(doc_id=doc_id, source_file=f"{doc_id}_{digest[:16]}{suffix}", outlet=outlet.strip(),
               attribution=attribution, outlet_evidence=evidence or ("supplied by the researcher who added the "
                                                                     "article with `presslens add`"),
               original_language=original_language or language, translated=translated, wire=wire, event=event,
               phase=phase or "before", published=published, title=title)
    for key, value in (("language", language), ("notes", notes), ("date_evidence", "supplied with `presslens add`")):
        if key in header:
            row[key] = value
    row.update(extra)
    row_problems = check_rows(corpus, rows + [row], events, pending=frozenset({row["source_file"]}))
    problems += [Problem(label, p.message, field=p.field) for p in row_problems if p.row == len(rows) + 1]
    if problems:
        raise CorpusError(problems, heading="Cannot add the article")

    raw_path = corpus.raw_dir / row["source_file"]
    old_sums = corpus.checksums.read_bytes()
    old_csv = corpus.articles_csv.read_bytes()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    if new_columns:
        # A new optional column: the file is written again, every row with it (empty for the others).
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in header} for r in rows)
        csv_text = ""
    else:
        csv_text = old_csv.decode("utf-8")
        csv_text += "" if csv_text.endswith("\n") or not csv_text else "\n"
    writer.writerow(row)
    try:
        write_bytes(raw_path, data)
        write_text(corpus.checksums, render_checksums({**sums, f"raw/{raw_path.name}": digest}))
        write_text(corpus.articles_csv, csv_text + buffer.getvalue())
        validate(corpus)
    except BaseException:
        # Put back exactly what was there: an article is added whole or not at all.
        raw_path.unlink(missing_ok=True)
        write_bytes(corpus.checksums, old_sums)
        write_bytes(corpus.articles_csv, old_csv)
        raise
    return row
