"""Canonical entities: resolution rules on an article written for the tests, the gold file, the scores and the
plain-spaCy baseline."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import CORPUS, make_corpus
from presslens.annotate import entities as en
from presslens import load
from presslens.corpus.gazetteer import load_gazetteer
from presslens import analyses as an
from presslens.annotate import baseline as nerbase
from presslens.corpus import instruments
from presslens.publish import plots

# Annotates its test articles with spaCy.
pytestmark = pytest.mark.slow

# Written for these tests: a headline naming « Kim » before the body names him in full, a person unknown to the
# gazetteer named in full then by surname (with and without civility), two Kims (the father named last, the
# son named most), capitals as places (dateline, « à ») and as governments, an editorial marker.
ARTICLE = """Kim salue l'amitié avec Moscou

(Séoul) Le dirigeant nord-coréen Kim Jong-un a reçu mardi à Pyongyang le diplomate russe Marc Duval, selon \
l'agence officielle KCNA (NDLR : la presse d'État).

Kim Jong-un a salué le « soutien total » de Moscou. Le diplomate, en poste à Séoul depuis 2019, juge que Kim \
Jong-un cherche des devises. M. Duval rappelle que Kim Jong-il, le père du dirigeant actuel, avait déjà reçu des \
émissaires russes en 2001.

Kim a ensuite visité une usine. Pour Washington, cette visite viole les résolutions de l'ONU, a indiqué Duval.
"""


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """The test article annotated with the project's default model: ``(raw text, tables)``."""
    root = tmp_path_factory.mktemp("entities")
    path = root / "deux_kim.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    corpus = make_corpus(root / "corpus", [path])
    return ARTICLE, load(corpus, model="fr_core_news_md", progress=False)


def at(tables, raw, text, nth=0):
    """The entity row whose span is the ``nth`` occurrence of ``text`` in the raw article."""
    start = -1
    for _ in range(nth + 1):
        start = raw.index(text, start + 1)
    rows = tables.entities[tables.entities["start_char"] == start]
    assert len(rows) == 1, (text, nth, tables.entities[["start_char", "text"]])
    return rows.iloc[0]


def test_short_mentions_resolve_to_the_full_name_in_the_same_article(article):
    raw, t = article
    assert at(t, raw, "Kim")[["canonical", "source", "label"]].tolist() == ["Kim Jong-un", "rule", "PER"]  # headline
    duval = [at(t, raw, "Duval", n) for n in (1, 2)]   # « M. Duval », « Duval »
    assert [(d["text"], d["canonical"], d["source"]) for d in duval] == [("Duval", "Marc Duval", "rule")] * 2
    # After Kim Jong-il, « Kim » is still the son: he was named more often.
    last_kim = at(t, raw, "Kim a ensuite")
    assert raw.index("Kim Jong-il") < last_kim["start_char"]
    assert (last_kim["canonical"], last_kim["entity_id"]) == ("Kim Jong-un", "kim_jong_un")
    assert at(t, raw, "Kim Jong-il")["canonical"] == "Kim Jong-il"


def test_capitals_stand_for_governments_except_as_places(article):
    raw, t = article
    assert at(t, raw, "Moscou")["stands_for"] == "Russie"          # « l'amitié avec Moscou »
    assert at(t, raw, "Moscou", 1)["stands_for"] == "Russie"       # « le soutien de Moscou »
    assert at(t, raw, "Washington")["stands_for"] == "États-Unis"  # « Pour Washington »
    assert at(t, raw, "Séoul")["stands_for"] == ""                 # dateline
    assert at(t, raw, "Séoul", 1)["stands_for"] == ""              # « en poste à Séoul »
    assert at(t, raw, "Pyongyang")["stands_for"] == ""             # « reçu à Pyongyang »
    assert (t.entities["label"][t.entities["stands_for"] != ""] != "PER").all()


def test_editorial_markers_and_common_nouns_are_set_aside_not_dropped(article):
    raw, t = article
    ents = t.entities
    reasons = dict(zip(ents["spacy_text"], ents["reason"]))
    assert reasons.get("NDLR") == "editorial marker"
    assert reasons.get("État", "").startswith("no proper noun")
    assert not ents.loc[ents["spacy_text"].isin(["NDLR", "État"]), "keep"].any()


def test_rules_repair_spans_cut_by_the_tokenizer_and_the_ner(article):
    raw, t = article
    g = load_gazetteer(CORPUS / "gazetteer.yml")

    def span(text, label="PER", cut=0, nth=0):
        start = raw.index(text) if nth == 0 else raw.index(text, raw.index(text) + 1)
        return {"doc_id": "t00", "start_char": start, "end_char": start + len(text) - cut,
                "text": text[:len(text) - cut], "label": label}

    spans = pd.DataFrame([span("Kim Jong-un", cut=2),          # « Kim Jong- »: "un" read as the article
                          span("Kim Jong-un", nth=1),
                          span("Kim Jong-il"),                  # "-il" read as a pronoun: not trimmed
                          span("M. Duval rappelle", cut=9),     # civility dropped
                          span("Kim a ensuite", cut=10)])       # short mention, resolved without gazetteer
    out = an.entity_validation.apply_rules(spans, t.tokens, an.entity_validation.without_entities(g))
    assert out["text"].tolist() == ["Kim Jong-un", "Kim Jong-un", "Duval", "Kim Jong-il", "Kim"]  # text order
    assert out["canonical"].tolist()[-1] == "Kim Jong-un"  # named twice, against once for his father
    before = an.entity_validation.apply_rules(spans, t.tokens, an.entity_validation.without_entities(g), skip=en.TUNING_RULES)
    assert before["text"].tolist()[0] == "Kim Jong-" and before["text"].tolist()[3] == "Kim Jong"


def test_ties_between_two_kims_go_to_the_most_recent():
    g = load_gazetteer(CORPUS / "gazetteer.yml")
    rows = [("Kim Jong-il", "PER", "kim_jong_il"), ("Kim Jong-un", "PER", "kim_jong_un"), ("Kim", "PER", ""),
            ("Kim", "PER", "")]
    starts = [0, 20, 40, 60]
    mentions = pd.DataFrame([{"sent_id": n, "seg_id": 0, "kind": "body", "start_char": s, "end_char": s + len(x),
                              "text": x, "label": lab, "ruler_id": rid}
                             for n, (s, (x, lab, rid)) in enumerate(zip(starts, rows))])
    out = en.resolve(mentions, g)
    # One mention each, the son named last: « Kim » is the son, and then the son is the more frequent.
    assert out["canonical"].tolist() == ["Kim Jong-il", "Kim Jong-un", "Kim Jong-un", "Kim Jong-un"]
    assert out["source"].tolist()[2:] == ["rule", "rule"]


def test_gold_offsets_point_at_their_text_in_kept_segments():
    gold = instruments.read_mentions_csv(CORPUS / an.entity_validation.GOLD_FILE)
    tables = load(CORPUS, progress=False)
    kept = tables.segments[tables.segments["kept"]]
    raws = {r.doc_id: (CORPUS / "raw" / r.source_file).read_text(encoding="utf-8")
            for r in tables.articles.itertuples()}
    for r in gold.itertuples():
        assert raws[r.doc_id][r.start_char:r.end_char] == r.text
        seg = kept[(kept["doc_id"] == r.doc_id) & (kept["start_char"] <= r.start_char)
                   & (kept["end_char"] >= r.end_char)]
        assert len(seg) == 1, r
    assert set(gold["label"]) <= set(en.LABELS)
    ordered = gold.sort_values(["doc_id", "start_char"])
    same_doc = ordered["doc_id"].eq(ordered["doc_id"].shift())
    assert not (same_doc & (ordered["start_char"] < ordered["end_char"].shift())).any()  # no overlaps


def test_scores_count_exact_and_overlapping_matches():
    gold = pd.DataFrame({"doc_id": ["a"] * 3, "start_char": [0, 10, 20], "end_char": [5, 15, 25],
                         "label": ["PER", "LOC", "ORG"], "canonical": ["P", "L", "O"]})
    pred = pd.DataFrame({"doc_id": ["a"] * 4, "start_char": [0, 10, 20, 30], "end_char": [5, 14, 25, 35],
                         "label": ["PER", "LOC", "LOC", "MISC"], "canonical": ["P", "L", "O", "M"],
                         "text": ["p", "l", "o", "m"]})
    strict = an.entity_validation.score(pred, gold)
    assert strict.loc["all", ["precision", "recall"]].tolist() == [0.25, 0.333]
    assert strict.loc["PER", "f1"] == 1.0 and strict.loc["LOC", "precision"] == 0.0
    assert an.entity_validation.score(pred, gold, "overlap").loc["all", "recall"] == 0.667
    assert an.entity_validation.score(pred, gold, "entity").loc["all", "recall"] == 1.0
    kinds = an.entity_validation.errors(pred, gold.assign(text=["p", "l", "o"]))["error"].tolist()
    assert kinds == ["boundary", "label", "spurious"]


def test_errors_classify_wrong_entities_readings_and_misses():
    gold = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "start_char": [0, 10, 20, 0], "end_char": [6, 15, 25, 5],
                         "text": ["Moscou", "p", "o", "l"], "label": ["LOC", "PER", "ORG", "LOC"],
                         "canonical": ["Moscou", "P", "O", "L"], "stands_for": ["Russie", "", "", ""]})
    pred = gold.iloc[[0, 1, 3]].assign(canonical=["Moscou", "Q", "L"], stands_for="")
    errs = an.entity_validation.errors(pred, gold)
    assert errs[["error", "doc_id", "start_char"]].values.tolist() == [
        ["canonical", "a", 10], ["missed", "a", 20], ["stands_for", "a", 0]]
    assert errs.loc[2, ["predicted", "gold"]].tolist() == ["Moscou [LOC] → Moscou",
                                                           "Moscou [LOC] → Moscou (for Russie)"]
    assert an.entity_validation.errors(pred.drop(columns="stands_for"), gold)["error"].tolist() == ["canonical", "missed"]
    assert an.entity_validation.score(pred, gold, "entity").loc["all", ["precision", "recall"]].tolist() == [0.667, 0.5]


def test_baseline_file_is_what_plain_spacy_gives():
    committed = instruments.read_mentions_csv(CORPUS / an.entity_validation.BASELINE_FILE)
    fresh = nerbase.baseline(CORPUS, doc_ids={"001"})
    expected = committed[committed["doc_id"] == "001"].reset_index(drop=True)
    assert len(fresh) > 0
    pd.testing.assert_frame_equal(fresh.astype(expected.dtypes.to_dict()), expected)


# --- figures that pool articles (one row per outlet on large corpora) ---------------------------------------

def test_type_rates_of_a_group_pool_its_counts_and_words():
    articles = pd.DataFrame({"doc_id": ["a", "b", "c"]})
    # a: 1 PER in 10 words, b: 3 PER + 1 LOC in 90 words, c: 2 LOC in 50 words (punctuation never counts).
    ments = pd.DataFrame({"doc_id": ["a", "b", "b", "b", "b", "c", "c"],
                          "label": ["PER", "PER", "PER", "PER", "LOC", "LOC", "LOC"]})
    words = {"a": 10, "b": 90, "c": 50}
    tokens = pd.DataFrame([(d, False) for d, n in words.items() for _ in range(n)] + [("a", True)] * 7,
                          columns=["doc_id", "is_punct"])
    groups = pd.Series(["X", "X", "Y"], index=pd.Index(["a", "b", "c"], name="doc_id"))
    rates = an.entities.frequencies(ments, tokens, articles, groups=groups)
    assert list(rates.columns) == ["X", "Y", "all"]
    # Pooled: (1 + 3) mentions in (10 + 90) words, not the mean of 100 and 33.3 per 1,000.
    assert rates.loc["PER", "X"] == pytest.approx(round(1000 * 4 / 100, 1))
    assert rates.loc["LOC", "X"] == pytest.approx(round(1000 * 1 / 100, 1))
    assert rates.loc["LOC", "Y"] == pytest.approx(round(1000 * 2 / 50, 1))
    assert rates.loc["MISC"].tolist() == [0.0, 0.0, 0.0]
    assert rates["all"].equals(an.entities.frequencies(ments, tokens, articles)["all"])
    # One article per label: the per-article table under those labels.
    labels = pd.Series(["1 · a", "2 · b", "3 · c"], index=groups.index)
    pd.testing.assert_frame_equal(an.entities.frequencies(ments, tokens, articles, groups=labels),
                                  an.entities.frequencies(ments, tokens, articles).rename(columns=labels.to_dict()))


def test_mean_per_article_counts_articles_that_never_name_the_entity():
    counts = pd.DataFrame({"a": [4, 0], "b": [0, 0], "c": [3, 1]}, index=pd.Index(["P", "Q"], name="canonical"))
    groups = pd.Series({"a": "X", "b": "X", "c": "Y"})
    means = an.entities.mean_per_article(counts, groups)
    assert means.to_dict() == {"X": {"P": 2.0, "Q": 0.0}, "Y": {"P": 3.0, "Q": 1.0}}


def test_prominence_of_a_group_summarises_its_articles():
    prom = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "a"], "canonical": ["P", "P", "P", "P", "Q"],
                         "in_headline": [True, False, False, True, False],
                         "first_position": [0.0, 0.5, 0.9, 0.2, 0.4]})
    # Group X has four articles (e names nothing): P is named in a, b, c; one headline (a) out of four.
    groups = pd.Series({"a": "X", "b": "X", "c": "X", "d": "Y", "e": "X"})
    out = an.entities.prominence_by_group(prom, groups).set_index(["group", "canonical"])
    assert out.loc[("X", "P")].tolist() == [3, 0.5, pytest.approx(1 / 4)]
    assert out.loc[("X", "Q")].tolist() == [1, 0.4, 0.0]
    assert out.loc[("Y", "P")].tolist() == [1, 0.2, 1.0]


def test_cooccurrence_weights_count_the_sentences_naming_both():
    import itertools
    from collections import Counter

    ments = pd.DataFrame({"doc_id": ["a"] * 6 + ["b"] * 3, "sent_id": [0, 0, 0, 1, 1, 2, 0, 0, 1],
                          "canonical": ["P", "L", "P", "P", "L", "O", "L", "O", "P"],
                          "label": ["PER", "LOC", "PER", "PER", "LOC", "ORG", "LOC", "ORG", "PER"]})
    expected = Counter()
    for _, sent in ments.groupby(["doc_id", "sent_id"]):
        expected.update(itertools.combinations(sorted(set(sent["canonical"])), 2))
    graph = an.entities.cooccurrence(ments, top_n=3)
    assert {tuple(sorted((a, b))): d["weight"] for a, b, d in graph.edges(data=True)} == dict(expected)
    assert graph.nodes["P"] == {"label": "PER", "mentions": 4}


def test_heatmap_leaves_missing_cells_blank_and_slants_many_columns():
    from presslens.publish.figures import figure

    fig, ax = figure()
    plots.plot_heatmap(pd.DataFrame({"a": [1.0, float("nan")], "b": [0.5, 2.0]}), ax, fmt="{:.2f}")
    assert [t.get_text() for t in ax.texts] == ["1.00", "0.50", "2.00"]
    assert {label.get_rotation() for label in ax.get_xticklabels()} == {0}
    fig, ax = figure()
    plots.plot_heatmap(pd.DataFrame([range(12)], columns=[f"outlet {n} · 9 articles" for n in range(12)]), ax)
    assert {label.get_rotation() for label in ax.get_xticklabels()} == {40}
    assert "\n" not in ax.get_xticklabels()[0].get_text()


def test_a_capital_standing_for_its_state_is_one_actor_with_it():
    ments = pd.DataFrame({"doc_id": ["a"] * 4, "sent_id": [0, 0, 1, 1],
                          "canonical": ["Moscou", "Pyongyang", "Russie", "Moscou"],
                          "stands_for": ["Russie", "Corée du Nord", "", ""],   # the last Moscou is the place
                          "label": ["LOC"] * 4})
    graph = an.entities.cooccurrence(ments, top_n=5)
    assert {tuple(sorted((a, b))): d["weight"] for a, b, d in graph.edges(data=True)} == {
        ("Corée du Nord", "Russie"): 1, ("Moscou", "Russie"): 1}
    assert graph.nodes["Russie"]["mentions"] == 2
    literal = an.entities.cooccurrence(ments, top_n=5, metonymy=False)
    assert ("Moscou", "Pyongyang") in {tuple(sorted(e)) for e in literal.edges()}


def test_a_title_the_ner_took_into_a_name_is_left_out():
    # « Premier ministre Phạm Minh Chính » tagged MISC as one span: the person is « Phạm Minh Chính ».
    g = load_gazetteer(CORPUS / "gazetteer.yml")
    words = [("Le", "DET"), ("Premier", "ADJ"), ("ministre", "NOUN"), ("Phạm", "PROPN"), ("Minh", "PROPN"),
             ("Chính", "PROPN"), ("a", "AUX"), ("parlé", "VERB"), ("du", "ADP"), ("ministère", "NOUN"),
             ("Lao", "PROPN"), (".", "PUNCT")]
    raw, rows = "", []
    for i, (word, pos) in enumerate(words):
        start = len(raw) + (1 if raw else 0)
        raw = f"{raw} {word}" if raw else word
        rows.append({"i": i, "seg_id": 0, "sent_id": 0, "text": word, "pos": pos, "head": 7, "morph": "",
                     "start_char": start, "end_char": start + len(word)})
    tokens = pd.DataFrame(rows)
    spans = [("Premier ministre Phạm Minh Chính", "MISC"), ("ministère Lao", "ORG")]
    mentions = pd.DataFrame([{"sent_id": 0, "seg_id": 0, "kind": "body", "start_char": raw.index(t),
                              "end_char": raw.index(t) + len(t), "text": t, "label": lab, "ruler_id": ""}
                             for t, lab in spans])
    out = en.resolve(mentions, g, tokens)
    assert out.loc[0, ["text", "label", "start_char"]].tolist() == ["Phạm Minh Chính", "PER", raw.index("Phạm")]
    assert out.loc[0, "spacy_text"] == "Premier ministre Phạm Minh Chính"   # the audit keeps spaCy's span
    # A name of one word after a noun that names no person is no title-led name.
    assert out.loc[1, ["text", "label"]].tolist() == ["ministère Lao", "ORG"]
