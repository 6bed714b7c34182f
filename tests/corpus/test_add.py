"""`presslens add`: an article goes in whole, or nothing is written."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DATA, snapshot
from presslens.corpus.add import add_article
from presslens.corpus.directory import read_metadata_rows, sha256
from presslens.errors import CorpusError
from presslens.corpus.validate import validate


def test_add_copies_appends_and_validates(corpus_copy):
    src = DATA / "lire_aussi.txt"
    row = add_article(corpus_copy, src, outlet="Le Quotidien", published="2024-06-17", event="pyongyang-2024",
                      title="Un test")
    assert row["doc_id"] == "005"
    assert row["phase"] == "before"  # derived from events.yml, not typed by the user
    copied = corpus_copy.raw_dir / row["source_file"]
    assert copied.read_bytes() == src.read_bytes()
    assert f"{sha256(src.read_bytes())}  raw/{copied.name}" in corpus_copy.checksums.read_text()
    _, rows = read_metadata_rows(corpus_copy)
    assert rows[-1]["outlet"] == "Le Quotidien" and len(rows) == 6
    validate(corpus_copy)


def test_add_same_file_twice_is_refused(corpus_copy):
    seed = next(corpus_copy.raw_dir.glob("002_*.txt"))
    before = snapshot(corpus_copy.root)
    with pytest.raises(CorpusError) as info:
        add_article(corpus_copy, seed, outlet="X", published="2023-09-14", event="vostochny-2023")
    assert f"is already in the corpus as raw/{seed.name} (doc_id 002)" in str(info.value)
    assert snapshot(corpus_copy.root) == before


def test_add_lists_every_problem_and_writes_nothing(corpus_copy, tmp_path):
    bad = tmp_path / "article.txt"
    bad.write_bytes("Un été à Séoul.".encode("latin-1"))
    before = snapshot(corpus_copy.root)
    with pytest.raises(CorpusError) as info:
        add_article(corpus_copy, bad, outlet="", published="2024-06-40", event="berlin-1990")
    message = str(info.value)
    for expected in ("is not UTF-8", "field 'published'", "field 'event': unknown event 'berlin-1990'",
                     "field 'outlet': is empty"):
        assert expected in message, message
    assert snapshot(corpus_copy.root) == before


def test_add_refuses_a_broken_corpus(corpus_copy):
    (corpus_copy.raw_dir / "stray.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError):
        add_article(corpus_copy, DATA / "lire_aussi.txt", outlet="X", published="2024-06-19", event="pyongyang-2024")
    assert len(read_metadata_rows(corpus_copy)[1]) == 5


def test_cli_add(corpus_copy):
    cmd = [sys.executable, "-m", "presslens.cli", "add", str(DATA / "la_presse_style.txt"), "--corpus",
           str(corpus_copy.root), "--outlet", "La Presse", "--published", "2024-06-19", "--event", "pyongyang-2024"]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "as doc_id 005" in first.stdout
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 1
    assert "is already in the corpus as raw/005_" in again.stderr
