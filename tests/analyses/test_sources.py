"""Source comparison on texts written for the tests: bootstrap shares, fact matching, naming choices,
similarity, originality and quoted voices."""
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import bootstrap
from test_reuse import tokens_from_texts
from presslens import analyses as an
from presslens.errors import CorpusError
from presslens.corpus import instruments
from presslens.publish import plots


FACTS_YML = """
version: 1
facts:
  - id: long_absence
    label: First visit in a quarter century
    events: [visit-2024]
    patterns:
      - all: ["visite|voyage"]
        regex: '\\b(24|vingt) ans\\b|quart de siecle'
  - id: vietnam
    label: On to Vietnam
    patterns:
      - all: ["vietnam"]
  - id: arms_supplied
    label: Arms supplied
    patterns:
      - all: ["munitions|armes", "livrer|fournir"]
        none: ["arme nucleaire"]
"""

NAMING_YML = """
version: 1
referents:
  - id: agreement
    label: The agreement
    labels:
      - label: accord
        patterns: ["\\\\baccords?\\\\b(?! de la coree)"]
      - label: partenariat
        patterns: ['(?<!accord de )\\bpartenariat\\b']
      - label: traité
        patterns: ['\\btraites?\\b']
  - id: war
    label: The war
    labels:
      - label: guerre
        patterns: ['\\bguerres?\\b(?! de coree)']
      - label: invasion
        patterns: ['\\binvasions?\\b']
"""


@pytest.fixture
def facts(tmp_path):
    path = tmp_path / "facts.yml"
    path.write_text(FACTS_YML, encoding="utf-8")
    return instruments.load_facts(path)


@pytest.fixture
def referents(tmp_path):
    path = tmp_path / "naming.yml"
    path.write_text(NAMING_YML, encoding="utf-8")
    return instruments.load_naming(path)


# --- shares with intervals -------------------------------------------------------------------------------

def test_bootstrap_share_agrees_with_scipy_bootstrap():
    rng = np.random.default_rng(7)
    den = rng.integers(5, 40, size=300)
    num = rng.binomial(den, 0.3)
    share, low, high = an.stats.bootstrap_share(num, den, n_boot=4000, seed=1)
    ref = bootstrap((num, den), lambda n, d: n.sum() / d.sum(), paired=True, vectorized=False,
                    method="percentile", n_resamples=4000, random_state=2).confidence_interval
    assert share == pytest.approx(num.sum() / den.sum())
    assert low == pytest.approx(ref.low, abs=0.005) and high == pytest.approx(ref.high, abs=0.005)


def test_share_interval_is_seeded_and_independent_of_other_groups():
    rows = pd.DataFrame({"doc_id": list("aaaabbbb"), "sent_id": [0, 0, 1, 2, 0, 1, 1, 2],
                         "hit": [True, False, True, False, True, True, False, False]})
    both = an.stats.share_interval(rows, "hit", ["doc_id"], seed=3)
    alone = an.stats.share_interval(rows[rows["doc_id"] == "b"], "hit", ["doc_id"], seed=3)
    assert both.iloc[1].tolist() == alone.iloc[0].tolist()
    assert both["share"].tolist() == [0.5, 0.5] and both["n"].tolist() == [4, 4]
    assert (both["low"] <= both["share"]).all() and (both["share"] <= both["high"]).all()
    constant = an.stats.share_interval(rows.assign(hit=True), "hit", ["doc_id"])
    assert constant[["share", "low", "high"]].to_numpy().tolist() == [[1.0, 1.0, 1.0]] * 2


# --- fact coverage ---------------------------------------------------------------------------------------

ARTICLES = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["Le Matin", "Le Soir", "Le Soir"],
                         "event": ["visit-2024", "visit-2024", "summit-2023"], "wire": ["AFP", "", ""]})


def test_fact_patterns_all_none_regex_and_phrases(facts):
    tokens = tokens_from_texts({
        "a": "Sa dernière visite date d'il y a un quart de siècle. Il ira ensuite au Vietnam.",
        "b": "Le voyage est le premier en 24 ans. Pyongyang possède l'arme nucléaire et des armes. "
             "Séoul accuse Pyongyang de livrer des munitions.",
        "c": "Kim est venu en train. Il promet de fournir des armes, dit-on, mais pas l'arme nucléaire."})
    matches = an.facts.match_facts(an.facts.lemmatised_sentences(tokens), facts)
    found = sorted(zip(matches["fact_id"], matches["doc_id"], matches["sent_id"]))
    assert found == [("arms_supplied", "b", 2), ("long_absence", "a", 0), ("long_absence", "b", 0),
                     ("vietnam", "a", 1)]
    evidence = matches.set_index(["fact_id", "doc_id"]).loc[("vietnam", "a"), "text"]
    assert evidence == "Il ira ensuite au Vietnam."
    row = matches[(matches["fact_id"] == "vietnam")].iloc[0]
    raw = "Sa dernière visite date d'il y a un quart de siècle. Il ira ensuite au Vietnam."
    assert raw[row["start_char"]:row["end_char"]] == "Il ira ensuite au Vietnam."


def test_fact_matrix_marks_facts_of_another_event_not_applicable(facts):
    tokens = tokens_from_texts({"a": "Il ira au Vietnam. Puis au Vietnam encore.", "b": "Rien.", "c": "Rien."})
    matrix = an.facts.fact_matrix(an.facts.match_facts(an.facts.lemmatised_sentences(tokens), facts), ARTICLES, facts)
    assert list(matrix.columns) == ["long_absence", "vietnam", "arms_supplied"]
    assert matrix.loc["a", "vietnam"] == 2 and matrix.loc["b", "vietnam"] == 0
    assert np.isnan(matrix.loc["c", "long_absence"]) and matrix.loc["c", "vietnam"] == 0


def test_fact_matching_after_removing_shared_tokens(facts):
    tokens = tokens_from_texts({"a": "Il ira au Vietnam demain."})
    kept = tokens[tokens["text"] != "Vietnam"]
    assert an.facts.match_facts(an.facts.lemmatised_sentences(kept), facts).empty


@pytest.mark.parametrize("pattern, message", [("regex: '(unclosed'", "bad regular expression"),
                                              ("none: [x]", "needs `all` or `regex`"),
                                              ("any: [x]", "unknown keys")])
def test_load_facts_rejects_bad_patterns(tmp_path, pattern, message):
    path = tmp_path / "facts.yml"
    path.write_text(f"facts:\n  - id: f\n    label: F\n    patterns:\n      - {pattern}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as caught:
        instruments.load_facts(path)
    assert "facts.yml" in str(caught.value) and "f.patterns[1]" in str(caught.value)


# --- naming choices --------------------------------------------------------------------------------------

NAMING_TEXTS = {
    "a": "Un accord de partenariat sera signé. « Ce traité est historique », dit-il. La guerre continue.",
    "b": "Le partenariat stratégique inquiète. L'accord de la Corée du Nord reste flou. Après la guerre de Corée, "
         "l'invasion de l'Ukraine a tout changé. Un autre accord suivra.",
    "c": "Les accords se multiplient pendant la guerre.",
}


def test_naming_matches_resolve_senses_overlaps_and_quotes(referents):
    tokens = tokens_from_texts(NAMING_TEXTS)
    matches = an.naming.naming_matches(tokens, referents)
    got = sorted(zip(matches["doc_id"], matches["label"], matches["match"], matches["quoted"]))
    assert got == [("a", "accord", "accord", False), ("a", "guerre", "guerre", False),
                   ("a", "traité", "traité", True),
                   ("b", "accord", "accord", False),   # not « l'accord de la Corée » nor « guerre de Corée »
                   ("b", "invasion", "invasion", False), ("b", "partenariat", "partenariat", False),
                   ("c", "accord", "accords", False), ("c", "guerre", "guerre", False)]
    row = matches[(matches["doc_id"] == "a") & (matches["label"] == "traité")].iloc[0]
    assert NAMING_TEXTS["a"][row["start_char"]:row["end_char"]] == "traité"
    assert row["left"].endswith("« Ce ") and row["right"].startswith(" est historique")


def test_naming_shares_per_outlet_cover_every_label(referents):
    matches = an.overview.with_outlet(an.naming.naming_matches(tokens_from_texts(NAMING_TEXTS), referents), ARTICLES)
    shares = an.naming.naming_shares(matches, referents, by="outlet", seed=0)
    table = shares.set_index(["referent", "label", "outlet"])
    assert table.loc[("agreement", "accord", "Le Matin"), ["n", "count", "share"]].tolist() == [2, 1, 0.5]
    assert table.loc[("agreement", "accord", "Le Soir"), ["n", "count"]].tolist() == [3, 2]
    assert table.loc[("agreement", "traité", "Le Soir"), ["count", "share"]].tolist() == [0, 0.0]
    assert table.loc[("war", "guerre", "Le Soir"), ["n", "share"]].tolist() == [2, 0.5]
    assert ((shares["low"] <= shares["share"]) & (shares["share"] <= shares["high"])).all()


def test_naming_shares_stay_numeric_when_a_referent_is_never_named(referents):
    matches = an.overview.with_outlet(an.naming.naming_matches(tokens_from_texts({"c": NAMING_TEXTS["c"]}), referents),
                                  ARTICLES)
    shares = an.naming.naming_shares(matches[matches["referent"] == "war"], referents, by="outlet", seed=0)
    assert set(shares["referent"]) == {"war"}
    assert shares[["n", "count", "share", "low", "high"]].dtypes.map(pd.api.types.is_numeric_dtype).all()


def test_sentences_do_not_depend_on_the_order_of_token_rows(referents):
    tokens = tokens_from_texts(NAMING_TEXTS)
    shuffled = tokens.sample(frac=1, random_state=0)
    pd.testing.assert_frame_equal(an.facts.lemmatised_sentences(shuffled), an.facts.lemmatised_sentences(tokens))
    pd.testing.assert_frame_equal(an.naming.naming_matches(shuffled, referents),
                                  an.naming.naming_matches(tokens, referents))
    sentences = an.facts.lemmatised_sentences(tokens)
    assert sentences.loc[0, "text"] == "Un accord de partenariat sera signé."
    assert sentences["sent_id"].tolist() == [0, 1, 2, 0, 1, 2, 3, 0]


# --- similarity, originality, voices ---------------------------------------------------------------------

def test_tfidf_similarity_and_nearest_neighbours():
    content = pd.DataFrame({"doc_id": list("aaabbbcccddd"),
                            "term": ["missile", "traité", "Kim"] * 2 + ["météo", "pluie", "vent"]
                            + ["missile", "pluie", "vent"]})
    sim = an.similarity.tfidf_similarity(content, ["a", "b", "c", "d"])
    assert sim.loc["a", "b"] == pytest.approx(1.0) and sim.loc["a", "c"] == pytest.approx(0.0)
    assert np.allclose(sim.to_numpy(), sim.to_numpy().T)
    nn = an.similarity.nearest_neighbours(sim).set_index("doc_id")
    assert nn.loc["a", "nearest"] == "b" and nn.loc["c", "nearest"] == "d"
    _, order = an.similarity.cluster_order(sim)
    assert abs(order.index("a") - order.index("b")) == 1


def test_originality_counts_shared_before_agency_copy():
    passage = "les stocks de munitions ont servi à ravitailler massivement l'armée russe cet hiver"
    tokens = tokens_from_texts({"a": f"Selon l'AFP, {passage}.", "b": f"Notre envoyé note que {passage}.",
                                "c": "Un texte entièrement original sur la visite."})
    words = an.reuse.words(tokens)
    passages = an.reuse.passages(words, an.reuse.align(words, n=5, min_words=8))
    shared = an.reuse.in_shared_passage(tokens, passages)
    origin = an.reuse.originality(tokens, shared, pd.Series(False, index=tokens.index), ARTICLES)
    n_passage = len(an.reuse.words(tokens_from_texts({"x": passage})))
    assert origin.loc["a", "shared"] == origin.loc["b", "shared"] == n_passage
    assert origin.loc["a", "agency_copy"] == origin.loc["a", "words"] - n_passage and origin.loc["a", "own"] == 0
    assert origin.loc["b", "own"] == origin.loc["b", "words"] - n_passage and origin.loc["b", "agency_copy"] == 0
    assert origin.loc["c", "own_share"] == 1.0


def test_quoted_voices_come_from_the_quotes_table():
    """Attributed speakers per article: unknown speakers and caption quotes left out unless asked for."""
    quotes = pd.DataFrame({"doc_id": ["a", "a", "a", "a", "b"],
                           "segment_kind": ["body", "body", "headline", "caption", "body"],
                           "speaker": ["Vladimir Poutine", "Vladimir Poutine", "unknown", "Kim Jong-un", "Kim Jong-un"],
                           "camp": ["russia", "russia", "unknown", "north_korea", "north_korea"],
                           "text": ["x"] * 5})
    kinds = lambda captions=False: ("headline", "standfirst", "subheading", "body") + (("caption",) if captions else ())
    tables = SimpleNamespace(quotes=quotes, kinds=kinds)
    assert an.profiles.quoted_voices(tables).to_dict("records") == [
        {"doc_id": "a", "voice": "Vladimir Poutine", "camp": "russia", "quotes": 2},
        {"doc_id": "b", "voice": "Kim Jong-un", "camp": "north_korea", "quotes": 1}]
    with_captions = an.profiles.quoted_voices(tables, include_captions=True)
    assert list(with_captions["voice"]) == ["Kim Jong-un", "Vladimir Poutine", "Kim Jong-un"]


def test_article_profiles_on_fixture_articles(fixture_tables):
    _, tables = fixture_tables
    profiles = an.profiles.article_profiles(tables, n_boot=200)
    assert list(profiles.index) == list(tables.articles["doc_id"])
    words = tables.select("tokens").query("~is_punct").groupby("doc_id").size()
    assert profiles["words"].equals(words.reindex(profiles.index).fillna(0).astype(int).rename("words"))
    assert (profiles["sentences"] > 0).all()
    ok = profiles.dropna(subset=["quoted_share"])
    assert ((ok["quoted_low"] <= ok["quoted_share"]) & (ok["quoted_share"] <= ok["quoted_high"])).all()


def test_overlapping_labels_count_once_for_the_longer_match():
    referent = instruments.Referent("nk", "North Korea", {"Corée": [re.compile(r"\bcoree\b")],
                                                      "Corée du Nord": [re.compile(r"\bcoree du nord\b")]})
    tokens = tokens_from_texts({"a": "La Corée du Nord et la Corée du Sud parlent de la Corée."})
    matches = an.naming.naming_matches(tokens, [referent])
    assert list(matches["label"]) == ["Corée du Nord", "Corée", "Corée"]
    assert list(matches["match"]) == ["Corée du Nord", "Corée", "Corée"]


def test_similarity_heatmap_names_and_annotates_small_corpora_only():
    """A thousand articles must not become a million cell labels: values and names only up to the caps."""
    import presslens as pl

    def heat_of(n):
        rng = np.random.default_rng(0)
        vectors = rng.random((n, 6))
        sim = vectors @ vectors.T / np.outer(np.linalg.norm(vectors, axis=1), np.linalg.norm(vectors, axis=1))
        ids = [f"d{k:03d}" for k in range(n)]
        fig, axes = pl.figure(1, 2)
        plots.plot_clustered_similarity(pd.DataFrame(sim, index=ids, columns=ids), pd.Series(ids, index=ids),
                                          fig, axes)
        return axes[1]

    small, large = heat_of(5), heat_of(plots.sources.LABELLED_ARTICLES + 1)
    assert len(small.texts) == 5 * 4 and len(small.get_xticklabels()) == 5
    assert len(large.texts) == 0 and len(large.get_xticklabels()) == 0
    assert "articles in the dendrogram's order" in large.get_xlabel()


def test_naming_shares_of_few_mentions_are_hollow_dots_without_interval():
    from presslens.publish.figures import figure

    referent = instruments.Referent("nk", "North Korea", {"Corée du Nord": [], "RPDC": []})
    shares = pd.DataFrame({"referent": "nk", "label": ["Corée du Nord", "RPDC"] * 2, "outlet": ["A", "A", "B", "B"],
                           "n": [9, 9, 1, 1], "count": [6, 3, 1, 0], "share": [2 / 3, 1 / 3, 1.0, 0.0],
                           "low": [0.4, 0.1, 1.0, 0.0], "high": [0.9, 0.6, 1.0, 0.0]})
    fig, axes = figure(1, 1, squeeze=False)
    plots.plot_naming_shares(shares, [referent], {"A": "#0072B2", "B": "#E69F00"}, axes, min_n=5)
    ax = axes.flat[0]
    assert "mentions: 9 · 1" in ax.get_title()
    hollow = [line for line in ax.lines if line.get_markerfacecolor() == "white"]
    assert len(hollow) == 1 and list(hollow[0].get_xdata()) == [100.0, 0.0]   # B: 1 of 1 is no estimate
    assert len(ax.containers) == 1   # only A's dots carry intervals
