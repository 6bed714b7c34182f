"""``presslens validate``: metadata, raw files, checksums and study files, every problem listed at once."""
from __future__ import annotations

import re

import charset_normalizer

from .directory import (ATTRIBUTIONS, PHASES, TRUTH, Corpus, checksum_entries, parse_date,
                        read_metadata_rows, remember_digest)
from ..errors import CorpusError, Problem
from .languages import ISO_639_1
from .instruments import (load_codebook, load_evaluative, load_facts, load_gazetteer, load_naming,
                          read_events)

_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def guess_encoding(data: bytes) -> str:
    """Name the encoding that undecodable ``data`` most likely uses (for error messages)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    best = charset_normalizer.from_bytes(data).best()
    return best.encoding.replace("_", "-") if best else "an unknown encoding"


def check_text(name: str, data: bytes) -> list[Problem]:
    """Problems with the bytes of one article file called ``name``: empty, or not UTF-8 (naming the
    encoding it looks like)."""
    if not data.strip():
        return [Problem(name, "file is empty")]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(name, f"is not UTF-8 (invalid byte at offset {exc.start}); it looks like "
                              f"{guess_encoding(data)}: convert it to UTF-8 first")]
    return []


def check_rows(corpus: Corpus, rows: list[dict[str, str]], events: dict, pending: frozenset = frozenset()
               ) -> list[Problem]:
    """Problems with the rows of ``articles.csv``, each naming its row and field; ``pending`` names raw
    files about to be written (by ``add``), which count as present."""
    name = corpus.rel(corpus.articles_csv)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for n, row in enumerate(rows, start=1):
        def bad(field: str, message: str) -> None:
            problems.append(Problem(name, message, row=n, field=field))

        doc_id = row["doc_id"]
        if not _DOC_ID.match(doc_id):
            bad("doc_id", f"'{doc_id}' is not a valid id (letters, digits, '_', '-', '.')")
        elif doc_id in seen:
            bad("doc_id", f"duplicate doc_id '{doc_id}' (also row {seen[doc_id]})")
        else:
            seen[doc_id] = n
        src = row["source_file"]
        if not src:
            bad("source_file", "is empty")
        elif src not in pending and not (corpus.raw_dir / src).is_file():
            bad("source_file", f"raw/{src} does not exist")
        elif src in seen_files:
            bad("source_file", f"raw/{src} is already listed in row {seen_files[src]}")
        else:
            seen_files[src] = n
        if not row["outlet"]:
            bad("outlet", "is empty (write 'unknown' when the outlet is not known)")
        if row["attribution"] not in ATTRIBUTIONS:
            bad("attribution", f"'{row['attribution']}' is not one of {', '.join(ATTRIBUTIONS)}")
        elif row["attribution"] != "unknown" and not row["outlet_evidence"]:
            bad("outlet_evidence", f"is empty, but attribution is '{row['attribution']}': quote the evidence")
        for column in ("original_language", "language"):
            value = row.get(column)
            # `language` is optional (empty: French); the original's language may be 'unknown'.
            if value is not None and (value or column == "original_language") and value not in ISO_639_1 | {"unknown"}:
                bad(column, f"'{value}' is not an ISO 639-1 language code (two letters: fr, en, es, ru, ko…) "
                            f"or 'unknown'")
        if row["translated"] not in TRUTH:
            bad("translated", f"'{row['translated']}' is not one of true, false, unknown")
        published = None
        try:
            published = parse_date(row["published"])
        except ValueError as exc:
            bad("published", str(exc))
        event = events.get(row["event"])
        if event is None and events:  # an unreadable events.yml is reported once, not on every row
            bad("event", f"unknown event '{row['event']}' (known: {', '.join(sorted(events))}; see events.yml)")
        if row["phase"] not in PHASES:
            bad("phase", f"'{row['phase']}' is not one of {', '.join(PHASES)}")
        elif event is not None and published is not None and event.phase(published) != row["phase"]:
            bad("phase", f"is '{row['phase']}' but an article published {published} is "
                         f"'{event.phase(published)}' event {event.id} ({event.start} to {event.end})")
    return problems


def check_files(corpus: Corpus, rows: list[dict[str, str]]) -> list[Problem]:
    """Problems with the raw files: unlisted, empty, not UTF-8, or not matching ``SHA256SUMS``."""
    problems: list[Problem] = []
    listed = {row["source_file"] for row in rows}
    sums, sum_problems = checksum_entries(corpus)
    problems += sum_problems
    files = sorted(p for p in corpus.raw_dir.iterdir() if p.is_file()) if corpus.raw_dir.is_dir() else []
    if not corpus.raw_dir.is_dir():
        problems.append(Problem("raw/", "directory is missing"))
    for path in files:
        rel = f"raw/{path.name}"
        if path.name not in listed:
            problems.append(Problem(rel, "is not listed in articles.csv (use `presslens add` to add an article)"))
        data = path.read_bytes()
        problems += check_text(rel, data)
        digest = sums.get(rel)
        if digest is None:
            problems.append(Problem(rel, "has no entry in SHA256SUMS"))
        elif digest != remember_digest(path, data):
            problems.append(Problem(rel, "does not match its SHA256SUMS entry: raw files are never edited; "
                                         "restore the original or add the new text as a new article"))
    present = {f"raw/{p.name}" for p in files}
    for rel in sorted(set(sums) - present):
        problems.append(Problem(corpus.rel(corpus.checksums), f"lists {rel}, which does not exist"))
    return problems


def check_instruments(corpus: Corpus) -> list[Problem]:
    """Problems in the study files the corpus holds (gazetteer, codebook, facts, naming, evaluative lexicon),
    each read by the loader that the analyses use, so that what validates also loads."""
    problems: list[Problem] = []
    for path, load in ((corpus.gazetteer_yml, load_gazetteer), (corpus.codebook_yml, load_codebook),
                       (corpus.facts_yml, load_facts), (corpus.naming_yml, load_naming),
                       (corpus.evaluative_yml, load_evaluative)):
        if path.is_file():
            try:
                load(path)
            except CorpusError as exc:
                problems += exc.problems
    return problems


def validate(corpus: Corpus) -> list[dict[str, str]]:
    """Check the whole corpus; return the metadata rows, or raise :class:`CorpusError` listing every problem."""
    problems: list[Problem] = []
    try:
        events = read_events(corpus)
    except CorpusError as exc:
        problems += exc.problems
        events = {}
    try:
        _, rows = read_metadata_rows(corpus)
    except CorpusError as exc:
        raise CorpusError(problems + exc.problems) from None
    problems += check_rows(corpus, rows, events) + check_files(corpus, rows) + check_instruments(corpus)
    if problems:
        raise CorpusError(problems)
    return rows
