"""A saved web page through the whole annotation, and the entity rules for real-world text."""
from __future__ import annotations

import pytest

from conftest import DATA, make_corpus
from presslens import load
from presslens.clean.page import add_page
from presslens.clean.textmap import MappedText
from presslens.corpus.directory import read_metadata_rows

pytestmark = pytest.mark.slow
PAGE = DATA / "html" / "minimal_page.html"


def test_a_page_added_and_annotated_keeps_offsets_into_the_raw_html(corpus_copy):
    row = add_page(corpus_copy, PAGE, event="pyongyang-2024").rows[0]
    _, rows = read_metadata_rows(corpus_copy)
    assert rows[-1]["authors"] == "Paul Testard" and rows[-1]["outlet"] == "L'Écho du Test"
    t = load(corpus_copy, model="fr_core_news_sm", progress=False)
    raw = (corpus_copy.raw_dir / row["source_file"]).read_bytes().decode("utf-8")
    segs = t.segments[t.segments["doc_id"] == row["doc_id"]]
    assert set(segs["kind"]) >= {"headline", "standfirst", "body", "caption", "byline", "credit", "boilerplate"}
    for s in segs.itertuples():
        assert raw[s.start_char:s.end_char] == s.text
        assert " ".join(MappedText.from_raw(raw, s.start_char, s.end_char).text.split()) == " ".join(s.clean_text.split())
    toks = t.tokens[t.tokens["doc_id"] == row["doc_id"]]
    for tok in toks.itertuples():
        assert MappedText.from_raw(raw, tok.start_char, tok.end_char).text.strip() in (tok.text, tok.text.replace("’", "'"))
    ents = t.entities[t.entities["doc_id"] == row["doc_id"]]
    assert "Pyongyang" in set(ents["text"])
    assert not ents["text"].str.contains("Testard|Objectif").any()    # journalist and photographer: no actors
    assert not segs[segs["kept"]]["clean_text"].str.contains("Testard|traceurs|festival de jazz").any()


ARTICLE = """Le Nord resserre ses liens avec Moscou

SÉOUL, 12 septembre (AFP) - Kim Jong-un est arrivé en Russie pour rencontrer Vladimir Poutine, selon l'agence \
officielle de la Corée du Nord (NDLR : KCNA).

(Moscou) Signalant une « nouvelle étape », le Kremlin a confirmé la rencontre. Le Nord cherche des devises et \
des technologies, estiment des experts.

Pour Séoul, la Corée se tourne de plus en plus vers la Russie, et Kim III ne serait pas du voyage.
"""


@pytest.fixture(scope="module")
def entities(tmp_path_factory):
    root = tmp_path_factory.mktemp("real_text")
    path = root / "reel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    t = load(make_corpus(root / "corpus", [path]), model="fr_core_news_sm", progress=False)
    return t.entities


def test_datelines_are_set_aside_not_counted(entities):
    for dateline in ("SÉOUL, 12", "(Moscou)"):
        start = ARTICLE.index(dateline) + dateline.startswith("(")
        rows = entities[entities["spacy_start"] == start]
        if len(rows):  # the model may not propose the span at all
            assert not rows.iloc[0]["keep"] and rows.iloc[0]["reason"] == "dateline"
    moscou = entities[entities["text"] == "Moscou"]
    assert moscou["keep"].tolist() == [True, False]  # the headline's « avec Moscou » is a mention


def test_model_noise_is_set_aside(entities):
    reasons = dict(zip(entities["spacy_text"], entities["reason"]))
    for noise in ("Signalant", "NDLR", "Kim III"):
        if noise in reasons:
            assert reasons[noise] != "", noise
    kept = set(entities.loc[entities["keep"], "text"])
    assert not kept & {"Signalant", "NDLR", "Kim III"}


def test_short_forms_of_north_korea_resolve_in_context(entities):
    short = entities[entities["text"].isin(["Nord", "Le Nord", "le Nord", "Corée"]) & entities["keep"]]
    assert len(short) and (short["canonical"] == "Corée du Nord").all() and (short["source"] == "context").all()
