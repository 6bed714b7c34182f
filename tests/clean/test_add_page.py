"""`presslens add PAGE.html`: metadata from the page, flags over it, a clear error when a field is missing."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DATA, snapshot
from presslens.clean.page import add_page
from presslens.corpus.directory import read_metadata_rows
from presslens.corpus.validate import validate
from presslens.errors import CorpusError

PAGE = DATA / "html" / "minimal_page.html"


def test_a_page_is_added_byte_identical_with_its_metadata(corpus_copy):
    row = add_page(corpus_copy, PAGE, event="pyongyang-2024").rows[0]
    assert row["source_file"].endswith(".html")
    assert (corpus_copy.raw_dir / row["source_file"]).read_bytes() == PAGE.read_bytes()
    header, rows = read_metadata_rows(corpus_copy)
    assert header[-2:] == ["authors", "url"] and rows[0]["authors"] == ""   # new columns, empty for the others
    added = rows[-1]
    assert (added["outlet"], added["published"], added["title"], added["authors"], added["phase"]) == (
        "L'Écho du Test", "2024-06-19", "Un traité signé à Pyongyang", "Paul Testard", "during")
    assert added["url"] == "https://echo-test.example/monde/traite-pyongyang"
    assert added["outlet_evidence"] == "the page's <meta> og:site_name"
    assert added["date_evidence"] == "the page's <meta> article:published_time"
    validate(corpus_copy)


def test_flags_override_the_page(corpus_copy):
    row = add_page(corpus_copy, PAGE, event="pyongyang-2024", outlet="Autre titre de presse", published="2024-06-20",
                   authors="A. Un; B. Deux", url="https://x.example/y", title="Titre choisi").rows[0]
    assert (row["outlet"], row["published"], row["authors"], row["url"], row["title"]) == (
        "Autre titre de presse", "2024-06-20", "A. Un; B. Deux", "https://x.example/y", "Titre choisi")
    assert row["date_evidence"] == "supplied with `presslens add`"


def test_a_page_without_date_or_site_name_is_refused_naming_every_missing_field(corpus_copy, tmp_path):
    bare = tmp_path / "sans_meta.html"
    bare.write_text("<html><head><meta charset='utf-8'><title>Sans date</title></head>"
                    "<body><p>Un paragraphe assez long pour être un article, mais sans date ni site.</p></body></html>",
                    encoding="utf-8")
    before = snapshot(corpus_copy.root)
    with pytest.raises(CorpusError) as info:
        add_page(corpus_copy, bare, event="pyongyang-2024")
    message = str(info.value)
    assert "sans_meta.html, field 'published'" in message and "--published YYYY-MM-DD" in message
    assert "field 'outlet'" in message and "--outlet NAME" in message
    assert snapshot(corpus_copy.root) == before
    row = add_page(corpus_copy, bare, event="pyongyang-2024", outlet="Un site", published="2024-06-21").rows[0]
    assert row["title"] == "Sans date" and not row.get("authors")


def test_cli_dispatches_pages_and_still_requires_outlet_and_date_for_text(corpus_copy):
    base = [sys.executable, "-m", "presslens.cli", "add", "--corpus", str(corpus_copy.root), "--event", "pyongyang-2024"]
    added = subprocess.run(base + [str(PAGE)], capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    assert "as doc_id 005 (raw/005_" in added.stdout and ".html" in added.stdout
    text = subprocess.run(base + [str(DATA / "lire_aussi.txt")], capture_output=True, text=True)
    assert text.returncode == 1 and "Traceback" not in text.stderr
    assert "--outlet is required for a text file" in text.stderr and "--published is required" in text.stderr


def test_a_page_not_in_utf8_is_refused_with_the_encoding_alone(corpus_copy, tmp_path):
    page = tmp_path / "latin1.html"
    page.write_bytes('<html><head><meta charset="iso-8859-1"><title>Poutine à Pyongyang</title></head><body>'
                     '<p>Le président russe est arrivé.</p></body></html>'.encode("latin-1"))
    before = snapshot(corpus_copy.root)
    with pytest.raises(CorpusError) as caught:
        add_page(corpus_copy, page, event="pyongyang-2024")
    assert len(caught.value.problems) == 1   # not also « no date », « no site name »: its metadata was unreadable
    assert "is not UTF-8" in str(caught.value) and "latin" in str(caught.value)
    assert snapshot(corpus_copy.root) == before
