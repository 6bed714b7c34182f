"""`presslens add`: an article goes in whole, or nothing is written."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata

import pytest

from conftest import DATA, refused, snapshot
from presslens.corpus.add import add_article
from presslens.corpus.directory import read_metadata_rows, sha256
from presslens.errors import CorpusError
from presslens.corpus.validate import validate


def test_add_copies_appends_and_validates(corpus_copy):
    src = DATA / "lire_aussi.txt"
    row = add_article(corpus_copy, src, outlet="Le Quotidien", published="2024-06-17", event="pyongyang-2024",
                      title="Un test").rows[0]
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


def _refused(corpus, file, expected: list[str], **fields) -> str:
    """Add ``file`` expecting a refusal whose message holds every ``expected`` text, nothing written."""
    fields = {"outlet": "Le Quotidien", "published": "2024-06-19", "event": "pyongyang-2024", **fields}
    return refused(corpus, lambda: add_article(corpus, file, **fields), expected)


def test_the_same_article_resaved_with_crlf_bom_and_decomposed_accents_is_refused(corpus_copy, tmp_path):
    seed = next(corpus_copy.raw_dir.glob("002_*.txt"))
    text = seed.read_bytes().decode("utf-8")
    resaved = tmp_path / "resaved.txt"
    resaved.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8"))
    _refused(corpus_copy, resaved, [f"is already in the corpus as raw/{seed.name} (doc_id 002)",
                                    "once byte-order mark, line ends, Unicode form and spacing are set aside"],
             published="2023-09-14", event="vostochny-2023")


def test_a_near_duplicate_is_added_and_reported_with_the_doc_id_it_repeats(corpus_copy, tmp_path):
    seed = next(corpus_copy.raw_dir.glob("000_*.txt"))
    text = seed.read_text(encoding="utf-8")
    edited = tmp_path / "republished.txt"  # the same wire copy, re-published with small edits
    edited.write_text(text.replace("Poutine", "Vladimir Poutine", 1).replace("lundi", "ce lundi", 1) + "\nMise à jour.\n",
                      encoding="utf-8")
    intake = add_article(corpus_copy, edited, outlet="Autre journal", published="2024-06-17", event="pyongyang-2024")
    assert intake.rows[0]["doc_id"] == "005"
    [notice] = intake.notices
    assert f"nearly repeats doc_id 000 (raw/{seed.name})" in str(notice) and "added anyway" in str(notice)
    validate(corpus_copy)


def test_an_implausible_date_is_refused_unless_forced(corpus_copy):
    src = DATA / "lire_aussi.txt"
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    _refused(corpus_copy, src, ["field 'published'", "is in the future", "--force-date"], published=future)
    _refused(corpus_copy, src, ["field 'published': 2022-01-05 is more than a year from event vostochny-2023 "
                                "(2023-09-12 to 2023-09-17)"], published="2022-01-05", event="vostochny-2023")
    row = add_article(corpus_copy, src, outlet="X", published="2022-01-05", event="vostochny-2023",
                      force_date=True).rows[0]
    assert row["phase"] == "before" and "--force-date" in row["date_evidence"]
    validate(corpus_copy)


def test_a_language_that_is_not_iso_639_1_is_refused(corpus_copy):
    src = DATA / "lire_aussi.txt"
    _refused(corpus_copy, src, ["field 'language': 'xx' is not an ISO 639-1 language code",
                                "field 'original_language': 'zz' is not an ISO 639-1"],
             language="xx", original_language="zz")
    row = add_article(corpus_copy, src, outlet="X", published="2024-06-19", event="pyongyang-2024",
                      language="fr", original_language="ko", translated="true").rows[0]
    assert (row["language"], row["original_language"]) == ("fr", "ko")


def test_validate_refuses_a_language_code_that_does_not_exist(corpus_copy):
    text = corpus_copy.articles_csv.read_text(encoding="utf-8")
    corpus_copy.articles_csv.write_text(text.replace(",en,true,", ",xx,true,"), encoding="utf-8")
    with pytest.raises(CorpusError, match="row 4, field 'original_language': 'xx' is not an ISO 639-1"):
        validate(corpus_copy)


def test_a_url_adds_the_optional_column_and_keeps_every_row(corpus_copy):
    _, before = read_metadata_rows(corpus_copy)
    add_article(corpus_copy, DATA / "lire_aussi.txt", outlet="X", published="2024-06-19", event="pyongyang-2024",
                url="https://example.org/a")
    header, rows = read_metadata_rows(corpus_copy)
    assert header[-1] == "url" and rows[-1]["url"] == "https://example.org/a"
    assert [{k: v for k, v in r.items() if k != "url"} for r in rows[:-1]] == before
    validate(corpus_copy)
