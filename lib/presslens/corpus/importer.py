"""``presslens import FILE.csv|FILE.jsonl``: many articles at once, all or nothing.

The shape spreadsheets and press-database exports take: one article per CSV row (UTF-8, one header row) or
per JSON Lines object, with the columns of :data:`COLUMNS`. Each article's text is inline (``text``) or in a
file (``path``, relative to the import file). Every row is checked as ``presslens add`` checks one article
(:func:`presslens.corpus.add.check_entries`), against the corpus and against the rows before it; every
problem of every row is listed with its row number and field, and nothing is written unless all are good.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .add import Entry, Intake, check_entries, write_entries
from .directory import Corpus
from ..errors import CorpusError, Problem

#: Columns an import file may have: the text (``text`` or ``path``), the required metadata, then the optional.
TEXT_COLUMNS = ("text", "path")
REQUIRED = ("outlet", "published", "event")
OPTIONAL = ("title", "url", "language", "wire", "translated", "original_language", "attribution",
            "outlet_evidence", "notes")
COLUMNS = TEXT_COLUMNS + REQUIRED + OPTIONAL
HEADING = "Cannot import the articles (nothing was written)"


def _records(path: Path, name: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The rows of a CSV or JSON Lines file as ``(row number, {column: value})``, and problems with its form.

    Rows are numbered as a reader counts them: CSV data rows from 1 (the header is row 0), JSON Lines lines
    from 1 (blank lines keep their number)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(name, f"is not UTF-8 (invalid byte at offset {exc.start}): convert it to UTF-8 first")]
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [c.strip() for c in reader.fieldnames or []]
        if not header:
            return [], []
        # A bad header would be reported again on every row: say it once, and check no row.
        problems = [Problem(name, f"unknown column (known: {', '.join(COLUMNS)})", row=0, field=c)
                    for c in header if c not in COLUMNS]
        problems += [Problem(name, "header lacks this column", row=0, field=c) for c in REQUIRED if c not in header]
        if not set(TEXT_COLUMNS) & set(header):
            problems.append(Problem(name, "header lacks a 'text' or a 'path' column", row=0))
        if problems:
            return [], problems
        reader.fieldnames = header
        records = []
        for n, row in enumerate(reader, start=1):
            extra = row.pop(None, None)
            records.append((n, {**row, **({None: extra} if extra else {})}))
        return records, []
    records, problems = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(name, f"is not a JSON object: {exc.msg} at column {exc.colno}", row=n))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(name, f"is a JSON {type(obj).__name__}, not an object of columns", row=n))
            continue
        records.append((n, obj))
    return records, problems


def _value(value) -> str | None:
    """A cell as text: JSON booleans as ``true``/``false``, numbers as written, null as empty; ``None`` for a
    list or object, which no column takes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _entry(base: Path, name: str, n: int, record: dict, how: str) -> Entry:
    """The :class:`~presslens.corpus.add.Entry` of row ``n``, with the problems found reading it."""
    problems = []
    fields = {}
    for column, raw in record.items():
        if column is None:
            problems.append(Problem(name, "has more cells than the header has columns", row=n))
        elif column not in COLUMNS:
            problems.append(Problem(name, f"unknown column (known: {', '.join(COLUMNS)})", row=n, field=column))
        elif (value := _value(raw)) is None:
            problems.append(Problem(name, "is a list or object, not a value", row=n, field=column))
        else:
            fields[column] = value.strip() if column != "text" else value
    for column in REQUIRED:
        if not fields.get(column, "").strip():
            problems.append(Problem(name, "is missing or empty", row=n, field=column))
    given = [c for c in TEXT_COLUMNS if fields.get(c, "").strip()]
    data, text_field = None, (given or ["text"])[0]
    if len(given) == 2:
        problems.append(Problem(name, "gives both 'text' and 'path': keep one", row=n, field="path"))
    elif not given:
        problems.append(Problem(name, "has no text: fill 'text' or 'path'", row=n, field="text"))
    elif text_field == "text":
        data = fields["text"].encode("utf-8")
    else:
        target = base / fields["path"]
        if target.is_file():
            data = target.read_bytes()
        else:
            problems.append(Problem(name, f"{fields['path']} does not exist (paths are relative to {name})",
                                    row=n, field="path"))
    meta = {k: v for k, v in fields.items() if k not in TEXT_COLUMNS}
    return Entry(name, n, text_field, data, meta, problems, how=how)


def import_articles(corpus: Corpus, file: str | Path, *, force_date: bool = False,
                    progress: bool = False) -> Intake:
    """Add every article of ``file`` (``.csv`` or ``.jsonl``) to ``corpus``, all or nothing.

    Out: the new ``articles.csv`` rows and notices (near duplicates, which do not block). Raises
    :class:`CorpusError` listing every problem of every row (row number and field) and writes nothing when
    any row is bad. ``progress`` shows a bar on stderr."""
    file = Path(file)
    name = str(file)
    if not file.is_file():
        raise CorpusError([Problem(name, "file does not exist")], heading=HEADING)
    if file.suffix.lower() not in (".csv", ".jsonl"):
        raise CorpusError([Problem(name, "is neither .csv nor .jsonl: name the file after its format")],
                          heading=HEADING)
    records, problems = _records(file, name)
    if not records and not problems:
        problems.append(Problem(name, "holds no article"))
    if not records:
        raise CorpusError(problems, heading=HEADING)
    how = f"presslens import {file.name}"
    entries = [_entry(file.parent, name, n, record, how) for n, record in records]
    header, new, notices = check_entries(corpus, entries, force_date=force_date, progress=progress,
                                         heading=HEADING, problems=problems)
    write_entries(corpus, header, new)
    return Intake([row for row, _ in new], notices)
