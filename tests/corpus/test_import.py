"""`presslens import`: many articles from a CSV or JSON Lines file, every bad row listed, all or nothing."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from conftest import DATA, refused, snapshot
from presslens.corpus import add as add_module
from presslens.corpus.directory import read_metadata_rows
from presslens.corpus.importer import import_articles
from presslens.corpus.validate import validate

GOOD = {"outlet": "Le Quotidien", "published": "2024-06-19", "event": "pyongyang-2024", "title": "Un titre"}


def write_csv(path, rows):
    columns = list(dict.fromkeys(c for r in rows for c in r))
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def not_imported(corpus, file, expected: list[str]) -> str:
    """Import ``file`` expecting a refusal whose message holds every ``expected`` text, nothing written."""
    return refused(corpus, lambda: import_articles(corpus, file), expected)


def test_import_csv_with_inline_texts_and_paths(corpus_copy, tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_bytes((DATA / "lire_aussi.txt").read_bytes())
    file = write_csv(tmp_path / "batch.csv", [
        {**GOOD, "path": "texts/a.txt", "text": "", "url": "https://example.org/a", "wire": "AFP"},
        {**GOOD, "path": "", "text": (DATA / "embedded_tweet.txt").read_text(encoding="utf-8"), "url": "",
         "wire": ""},
    ])
    intake = import_articles(corpus_copy, file)
    assert [r["doc_id"] for r in intake.rows] == ["005", "006"] and intake.notices == []
    header, rows = read_metadata_rows(corpus_copy)
    assert rows[5]["url"] == "https://example.org/a" and rows[5]["wire"] == "AFP"
    assert rows[6]["outlet_evidence"].endswith("`presslens import batch.csv`")
    assert (corpus_copy.raw_dir / rows[5]["source_file"]).read_bytes() == (DATA / "lire_aussi.txt").read_bytes()
    validate(corpus_copy)


def test_import_jsonl(corpus_copy, tmp_path):
    file = tmp_path / "batch.jsonl"
    file.write_text("\n".join(json.dumps({**GOOD, "text": (DATA / name).read_text(encoding="utf-8"),
                                          "translated": False, "language": "fr"})
                              for name in ("lire_aussi.txt", "la_presse_style.txt")) + "\n", encoding="utf-8")
    assert [r["doc_id"] for r in import_articles(corpus_copy, file).rows] == ["005", "006"]
    validate(corpus_copy)


def test_every_bad_row_is_listed_with_its_row_and_field_and_nothing_is_written(corpus_copy, tmp_path):
    seed = next(corpus_copy.raw_dir.glob("002_*.txt"))
    text = (DATA / "lire_aussi.txt").read_text(encoding="utf-8")
    file = write_csv(tmp_path / "batch.csv", [
        {**GOOD, "text": text},                                        # 1: good
        {**GOOD, "text": text.replace("\n", "\r\n")},                  # 2: row 1 again, re-saved
        {**GOOD, "path": "missing.txt"},                               # 3: no such file
        {**GOOD, "path": str(seed)},                                   # 4: already in the corpus
        {**GOOD, "text": "Un autre texte.", "published": "2024-13-01"},  # 5: no such date
        {**GOOD, "text": "Encore un texte.", "event": "berlin-1990", "language": "xx"},  # 6
        {**GOOD, "text": "", "outlet": ""},                            # 7: no text, no outlet
        {**GOOD, "text": "Texte de 2020.", "published": "2020-01-01"},  # 8: years before its event
    ])
    message = not_imported(corpus_copy, file, [
        "batch.csv, row 2, field 'text': is already in this import as row 1 of batch.csv (new doc_id 005)",
        "batch.csv, row 3, field 'path': missing.txt does not exist",
        f"batch.csv, row 4, field 'path': is already in the corpus as raw/{seed.name} (doc_id 002)",
        "batch.csv, row 5, field 'published': '2024-13-01' is not a real date",
        "batch.csv, row 6, field 'event': unknown event 'berlin-1990'",
        "batch.csv, row 6, field 'language': 'xx' is not an ISO 639-1",
        "batch.csv, row 7, field 'outlet': is missing or empty",
        "batch.csv, row 7, field 'text': has no text",
        "batch.csv, row 8, field 'published': 2020-01-01 is more than a year from event pyongyang-2024",
    ])
    assert "row 1," not in message and message.startswith("Cannot import the articles (nothing was written)")
    rows = [line.split(",")[1] for line in message.splitlines()[1:]]
    assert rows == sorted(rows, key=lambda r: int(r.split()[1]))  # in row order


def test_a_bad_header_is_reported_once(corpus_copy, tmp_path):
    file = write_csv(tmp_path / "batch.csv", [{"txt": "x", "outlet": "X", "publised": "2024-06-19",
                                               "event": "pyongyang-2024"}] * 3)
    message = not_imported(corpus_copy, file, ["row 0, field 'txt': unknown column", "row 0, field 'publised': unknown",
                                          "row 0, field 'published': header lacks this column",
                                          "row 0: header lacks a 'text' or a 'path' column"])
    assert message.count("unknown column") == 2


def test_jsonl_lines_that_are_not_objects_are_listed_with_the_rows_problems(corpus_copy, tmp_path):
    file = tmp_path / "batch.jsonl"
    file.write_text(json.dumps({**GOOD, "text": "Un texte.", "published": "2024-06-31"}) + "\n{not json\n\n[1, 2]\n"
                    + json.dumps({**GOOD, "text": "Deux.", "wire": ["AFP"], "colour": "red"}) + "\n",
                    encoding="utf-8")
    not_imported(corpus_copy, file, ["batch.jsonl, row 1, field 'published': '2024-06-31' is not a real date",
                                "batch.jsonl, row 2: is not a JSON object",
                                "batch.jsonl, row 4: is a JSON list, not an object",
                                "batch.jsonl, row 5, field 'wire': is a list or object",
                                "batch.jsonl, row 5, field 'colour': unknown column"])


@pytest.mark.parametrize("name, content, expected", [
    ("batch.txt", "text\nx\n", "is neither .csv nor .jsonl"),
    ("batch.csv", "", "holds no article"),
    ("batch.csv", "text,outlet,published,event\n", "holds no article"),
    ("batch.jsonl", "\u00e9t\u00e9", "is not UTF-8"),
])
def test_a_file_that_is_not_an_import_is_refused(corpus_copy, tmp_path, name, content, expected):
    file = tmp_path / name
    file.write_bytes(content.encode("latin-1" if expected == "is not UTF-8" else "utf-8"))
    not_imported(corpus_copy, file, [expected])


def test_a_failure_while_writing_puts_everything_back(corpus_copy, tmp_path, monkeypatch):
    file = write_csv(tmp_path / "batch.csv", [{**GOOD, "text": "Premier texte."}, {**GOOD, "text": "Second."}])
    before = snapshot(corpus_copy.root)

    def interrupted(target, text):  # Ctrl-C after the raw files and SHA256SUMS were written
        if target.name == "articles.csv" and "Second" not in target.read_text(encoding="utf-8"):
            raise KeyboardInterrupt
        original(target, text)

    original = add_module.write_text
    monkeypatch.setattr(add_module, "write_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_articles(corpus_copy, file)
    assert snapshot(corpus_copy.root) == before


def test_cli_import(corpus_copy, tmp_path):
    file = write_csv(tmp_path / "batch.csv", [{**GOOD, "text": "Premier texte."}, {**GOOD, "text": "Second texte."}])
    cmd = [sys.executable, "-m", "presslens.cli", "import", str(file), "--corpus", str(corpus_copy.root)]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "Imported 2 article(s)" in first.stdout and "doc_id 005 to 006" in first.stdout
    assert first.stderr == ""  # no progress bar when stderr is not a terminal
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "row 1, field 'text': is already in the corpus as raw/005_" in again.stderr


def test_a_row_repeating_another_byte_for_byte_is_reported_once(corpus_copy, tmp_path):
    file = write_csv(tmp_path / "batch.csv", [{**GOOD, "text": "Le même texte."}] * 2)
    message = not_imported(corpus_copy, file, ["batch.csv, row 2, field 'text': is already in this import as row 1"])
    assert message.startswith("Cannot import the articles (nothing was written) (1):")
