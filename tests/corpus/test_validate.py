"""Bad input: each case gets a message naming file, row and field, a non-zero exit, and nothing written."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import snapshot
from presslens.corpus.directory import read_metadata_rows
from presslens.errors import CorpusError
from presslens.corpus.validate import validate


def edit_csv(corpus, row: int, **changes):
    """Set fields of data row ``row`` (1-based) of articles.csv."""
    import csv
    import io

    header, rows = read_metadata_rows(corpus)
    rows[row - 1].update(changes)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    corpus.articles_csv.write_text(buf.getvalue(), encoding="utf-8")


def problems_of(corpus) -> list[str]:
    with pytest.raises(CorpusError) as info:
        validate(corpus)
    return [str(p) for p in info.value.problems]


def test_shipped_corpus_is_valid():
    from presslens.corpus.directory import Corpus
    from conftest import CORPUS

    assert len(validate(Corpus(CORPUS))) >= 5


def test_row_without_file(corpus_copy):
    edit_csv(corpus_copy, 2, source_file="missing.txt")
    found = problems_of(corpus_copy)
    assert "articles.csv, row 2, field 'source_file': raw/missing.txt does not exist" in found
    # ...and the file that lost its row is reported too, in the same error.
    assert any(p.startswith("raw/001_") and "not listed in articles.csv" in p for p in found)


def test_file_without_row(corpus_copy):
    (corpus_copy.raw_dir / "stray.txt").write_text("Un article.", encoding="utf-8")
    found = problems_of(corpus_copy)
    assert "raw/stray.txt: is not listed in articles.csv (use `presslens add` to add an article)" in found
    assert "raw/stray.txt: has no entry in SHA256SUMS" in found


def test_duplicate_doc_id(corpus_copy):
    edit_csv(corpus_copy, 3, doc_id="000")
    assert "articles.csv, row 3, field 'doc_id': duplicate doc_id '000' (also row 1)" in problems_of(corpus_copy)


@pytest.mark.parametrize("value, reason", [
    ("2024-13-01", "is not a real date"),
    ("2024-02-30", "is not a real date"),
    ("19/06/2024", "is not a date of the form YYYY-MM-DD"),
    ("", "is not a date of the form YYYY-MM-DD"),
])
def test_bad_date(corpus_copy, value, reason):
    edit_csv(corpus_copy, 4, published=value)
    found = problems_of(corpus_copy)
    assert any(p.startswith("articles.csv, row 4, field 'published'") and reason in p for p in found), found


def test_unknown_event(corpus_copy):
    edit_csv(corpus_copy, 1, event="paris-2025")
    found = problems_of(corpus_copy)
    assert any(p.startswith("articles.csv, row 1, field 'event': unknown event 'paris-2025'") for p in found)


def test_phase_must_agree_with_dates(corpus_copy):
    edit_csv(corpus_copy, 1, phase="during")
    found = problems_of(corpus_copy)
    assert any("row 1, field 'phase': is 'during' but an article published 2024-06-17 is 'before'" in p
               for p in found)


def test_empty_file(corpus_copy):
    path = next(corpus_copy.raw_dir.glob("001_*.txt"))
    path.write_bytes(b"  \n")
    found = problems_of(corpus_copy)
    assert f"raw/{path.name}: file is empty" in found


def test_not_utf8_names_encoding(corpus_copy):
    path = next(corpus_copy.raw_dir.glob("002_*.txt"))
    text = path.read_text(encoding="utf-8").replace("’", "'").replace("—", "-")
    path.write_bytes(text.encode("cp1252"))
    found = problems_of(corpus_copy)
    message = next(p for p in found if p.startswith(f"raw/{path.name}: is not UTF-8"))
    assert "cp1252" in message.lower() or "windows-1252" in message.lower() or "latin" in message.lower()


def test_checksum_mismatch(corpus_copy):
    path = next(corpus_copy.raw_dir.glob("003_*.txt"))
    path.write_bytes(path.read_bytes().replace("Poutine".encode(), "Putin".encode(), 1))
    found = problems_of(corpus_copy)
    assert any(p.startswith(f"raw/{path.name}: does not match its SHA256SUMS entry") for p in found)


def test_every_problem_is_listed_at_once(corpus_copy):
    edit_csv(corpus_copy, 1, published="2024-02-30", attribution="probable")
    edit_csv(corpus_copy, 2, event="nowhere")
    found = problems_of(corpus_copy)
    fields = {(p.split(",")[1].strip(), p.split("'")[1]) for p in found if p.startswith("articles.csv")}
    assert {("row 1", "published"), ("row 1", "attribution"), ("row 2", "event")} <= fields


def test_missing_header_column(corpus_copy):
    text = corpus_copy.articles_csv.read_text(encoding="utf-8").replace(",wire,", ",agency,", 1)
    corpus_copy.articles_csv.write_text(text, encoding="utf-8")
    assert "articles.csv, row 0, field 'wire': header lacks required column" in problems_of(corpus_copy)


def test_cli_validate_exit_status_and_message(corpus_copy):
    edit_csv(corpus_copy, 2, published="2024-06-31")
    before = snapshot(corpus_copy.root)
    run = subprocess.run([sys.executable, "-m", "presslens.cli", "validate", "--corpus", str(corpus_copy.root)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "articles.csv, row 2, field 'published': '2024-06-31' is not a real date" in run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(corpus_copy.root) == before


def test_cli_validate_ok(corpus_copy):
    run = subprocess.run([sys.executable, "-m", "presslens.cli", "validate", "--corpus", str(corpus_copy.root)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("OK: 5 articles")
