"""Vocabulary analyses: statistics against independent computations, and KWIC, collocations, word-cloud
inputs and name merging on texts written for the tests (tests/data and small DataFrames)."""
from __future__ import annotations

import math
import random
import re
from dataclasses import MISSING, fields

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, chi2_contingency

from presslens.tables import Tables
from presslens import analyses as an
from presslens.publish import plots

STOP = {"le", "la", "les", "de", "du", "des", "un", "a", "et", "en", "hier"}


def words_table(docs: dict[str, list[str]]) -> pd.DataFrame:
    """A :func:`an.vocabulary.term_tokens`-like table from sentences written as space-separated tokens; ``,`` and
    ``.`` are punctuation, words of ``STOP`` are function words, every other word a content word."""
    rows = []
    for doc, sentences in docs.items():
        i = 0
        for sent_id, sentence in enumerate(sentences):
            for token in sentence.split():
                punct = token in {",", "."}
                rows.append({"doc_id": doc, "sent_id": sent_id, "i": i, "text": token, "term": token,
                             "pos": "PUNCT" if punct else "NOUN", "is_punct": punct, "is_word": not punct,
                             "is_content": not punct and token not in STOP, "outlet": f"outlet-{doc}"})
                i += 1
    return pd.DataFrame(rows)


# --- G² and Log Ratio --------------------------------------------------------------------------------------

def test_g2_vectorised_matches_scipy_row_by_row():
    a, b, c, d = np.array([3, 0, 12, 50]), np.array([9, 4, 12, 1]), np.array([400, 400, 900, 2000]), np.array([700, 300, 900, 150])
    expected = [chi2_contingency([[ai, bi], [ci - ai, di - bi]], correction=False, lambda_="log-likelihood")[0]
                for ai, bi, ci, di in zip(a, b, c, d)]
    assert an.stats.g2(a, b, c, d) == pytest.approx(expected, rel=1e-9)


def test_g2_is_zero_for_equal_rates_and_symmetric_in_the_corpora():
    assert an.stats.g2(6, 12, 1000, 2000) == pytest.approx(0.0, abs=1e-12)
    assert an.stats.g2(7, 2, 900, 1400) == pytest.approx(an.stats.g2(2, 7, 1400, 900))


def test_log_ratio_sign_symmetry_and_zero_counts():
    assert an.stats.log_ratio(12, 3, 1000, 1000) == pytest.approx(2.0)
    assert an.stats.log_ratio(3, 12, 1000, 1000) == pytest.approx(-2.0)
    assert an.stats.log_ratio(5, 0, 100, 400) == pytest.approx(math.log2((5 / 100) / (0.5 / 400)))
    assert np.all(np.isfinite(an.stats.log_ratio([0, 4], [4, 0], [10, 10], [10, 10])))


def test_keyness_by_tests_each_group_against_the_rest():
    tokens = words_table({"d1": ["missile missile traité accord"], "d2": ["missile accord accord traité"],
                          "d3": ["traité traité traité accord missile"]})
    tokens = tokens[tokens["is_content"]]
    tokens["outlet"] = tokens["doc_id"].map({"d1": "A", "d2": "A", "d3": "B"})
    stacked = an.keyness.keyness_by(tokens, "outlet", min_freq=1, min_range=1).set_index(["group", "term"])
    assert stacked.loc[("A", "missile"), "articles"] == 2 and stacked.loc[("B", "missile"), "articles"] == 1
    # With two groups, each is the other's reference: same G², opposite Log Ratio.
    assert stacked.loc[("A", "traité"), "g2"] == pytest.approx(stacked.loc[("B", "traité"), "g2"])
    assert stacked.loc[("A", "traité"), "log_ratio"] == pytest.approx(-stacked.loc[("B", "traité"), "log_ratio"])
    direct = an.keyness.keyness(tokens, tokens["outlet"] == "B", min_freq=1, min_range=1).set_index("term")
    assert stacked.loc[("B", "accord"), "g2"] == pytest.approx(direct.loc["accord", "g2"])


def test_keyness_p_is_the_chi_square_tail_of_g2():
    tokens = words_table({"d1": ["missile missile missile traité accord"], "d2": ["missile accord accord traité"],
                          "d3": ["traité traité traité accord missile accord"]})
    tokens = tokens[tokens["is_content"]]
    result = an.keyness.keyness(tokens, tokens["doc_id"] == "d3", min_freq=1, min_range=1)
    assert result["p"].tolist() == chi2.sf(result["g2"], df=1).tolist()


# --- lexical diversity -------------------------------------------------------------------------------------

def brute_mattr(items, window):
    if len(items) <= window:
        return len(set(items)) / len(items)
    ratios = [len(set(items[k:k + window])) / window for k in range(len(items) - window + 1)]
    return sum(ratios) / len(ratios)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("window", [1, 3, 5, 12, 40])
def test_mattr_equals_brute_force(seed, window):
    rng = random.Random(seed)
    items = [rng.choice("abcdefgh") for _ in range(rng.randint(15, 30))]
    assert an.diversity.mattr(items, window) == pytest.approx(brute_mattr(items, window))


def test_mattr_hand_computed_and_ttr():
    # Windows of 3 over a b a c c: {a,b}=2/3, {a,b,c}=3/3, {a,c}=2/3 -> mean 7/9.
    assert an.diversity.mattr(list("abacc"), 3) == pytest.approx(7 / 9)
    assert an.diversity.ttr(list("abacc")) == pytest.approx(3 / 5)
    assert math.isnan(an.diversity.ttr([]))
    with pytest.raises(ValueError):
        an.diversity.mattr(list("abc"), 0)


def test_lexical_diversity_and_curve_count_words_not_punctuation():
    words = words_table({"d1": ["Traité signé , traité ratifié ."], "d2": ["a b a b a b"]})
    div = an.diversity.lexical_diversity(words, window=2)
    assert div.loc["d1", "words"] == 4 and div.loc["d1", "types"] == 3   # « Traité » and « traité » are one type
    assert div.loc["d2", "ttr"] == pytest.approx(2 / 6) and div.loc["d2", "mattr"] == pytest.approx(1.0)
    curve = an.diversity.diversity_curve(words, window=2, step=2)
    d2 = curve[curve["doc_id"] == "d2"]
    assert list(d2["words"]) == [2, 4, 6]
    assert list(d2["ttr"]) == pytest.approx([1.0, 0.5, 1 / 3]) and list(d2["mattr"]) == pytest.approx([1.0] * 3)


@pytest.mark.parametrize("window", [1, 3, 7, 30, 80])
def test_diversity_curve_equals_brute_force_on_every_prefix(window):
    rng = random.Random(window)
    seq = [rng.choice("bcdefghijk") for _ in range(60)]
    curve = an.diversity.diversity_curve(words_table({"d1": [" ".join(seq)]}), window=window, step=7)
    assert list(curve["words"]) == list(range(7, 60, 7)) + [60]
    for n, ttr, mattr in zip(curve["words"], curve["ttr"], curve["mattr"]):
        assert ttr == pytest.approx(len(set(seq[:n])) / n)
        assert mattr == pytest.approx(brute_mattr(seq[:n], window))


def diversity_rows_fixture():
    """A diversity curve of three articles of outlet X and one of Y, and labels listing Y first and an article
    of Y without words."""
    rng = np.random.default_rng(5)
    lengths = {"x1": [50, 100, 150, 173], "x2": [50, 100, 112], "x3": [50, 64], "y1": [50, 90]}
    curve = pd.DataFrame([(doc, n, rng.uniform(0.3, 0.9), rng.uniform(0.7, 0.9))
                          for doc, ns in lengths.items() for n in ns], columns=["doc_id", "words", "ttr", "mattr"])
    labels = pd.Series({"y1": "Y", "x1": "X", "y2": "Y", "x2": "X", "x3": "X"})
    return curve, labels


def test_diversity_by_row_gives_quartiles_over_most_of_a_rows_articles():
    curve, labels = diversity_rows_fixture()
    table = an.diversity.diversity_by_row(curve, labels)
    # X has three articles: lengths measured in at least two; Y has two (one without words): lengths of y1 are
    # measured in one article of two, not more than half.
    assert list(zip(table["row"], table["words"], table["articles"])) == [("X", 50, 3), ("X", 100, 2)]
    for _, row in table.iterrows():
        at = curve[curve["doc_id"].map(labels).eq(row["row"]) & curve["words"].eq(row["words"])]
        for measure in ("ttr", "mattr"):
            q1, median, q3 = np.percentile(at[measure], [25, 50, 75])
            assert row[[f"{measure}_q1", f"{measure}_median", f"{measure}_q3"]].tolist() == pytest.approx(
                [q1, median, q3])
    # One article per row: each row is that article's own curve, in the order of the labels.
    own = an.diversity.diversity_by_row(curve, pd.Series({d: f"article {d}" for d in ["y1", "x3", "x1", "x2"]}))
    assert list(dict.fromkeys(own["row"])) == ["article y1", "article x3", "article x1", "article x2"]
    assert (own["articles"] == 1).all()
    mine, x1 = own[own["row"] == "article x1"], curve[curve["doc_id"] == "x1"]
    assert mine["ttr_median"].tolist() == x1["ttr"].tolist()
    assert mine["mattr_q1"].tolist() == mine["mattr_q3"].tolist() == x1["mattr"].tolist()


def test_plot_diversity_curve_draws_a_median_per_row_and_bands_only_for_pooled_rows():
    from matplotlib.figure import Figure

    curve, _ = diversity_rows_fixture()
    labels = pd.Series({"y1": "Y", "x1": "X", "x2": "X", "x3": "X"})
    ax = Figure().subplots()
    plots.plot_diversity_curve(curve, labels, ax)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:4] == ["Y", "X", "TTR (solid)", "MATTR (dashed)"] and len(legend) == 5
    x_solid = ax.lines[2]
    assert list(x_solid.get_xdata()) == [50, 100]
    at_50 = curve[curve["words"].eq(50) & curve["doc_id"].str.startswith("x")]
    assert x_solid.get_ydata()[0] == pytest.approx(np.median(at_50["ttr"]))
    # Two bands (TTR, MATTR) for X, none for the single article of Y, one legend swatch.
    assert len(ax.collections) == 3
    per_article = Figure().subplots()
    plots.plot_diversity_curve(curve, pd.Series({d: d for d in ["x1", "x2", "x3", "y1"]}), per_article)
    assert len(per_article.collections) == 0 and len(per_article.lines) == 2 * 4 + 2


# --- frequencies -------------------------------------------------------------------------------------------

def test_frequencies_per_1000_words_and_per_group():
    words = words_table({"d1": ["traité signé , traité ratifié ."], "d2": ["le traité de paix ."]})
    overall = an.vocabulary.frequencies(words).set_index("term")
    assert overall.loc["traité", "freq"] == 3 and overall.loc["traité", "docs"] == 2
    assert overall.loc["traité", "per_1000"] == pytest.approx(1000 * 3 / 8)   # 8 words, punctuation not counted
    assert "le" not in overall.index and "," not in overall.index
    by = an.vocabulary.frequencies(words, by="outlet")
    assert list(by["outlet"]) == ["outlet-d1"] * 3 + ["outlet-d2"] * 2
    assert list(by["term"][:3]) == ["traité", "ratifié", "signé"]          # by count, ties alphabetical
    d2 = by[by["outlet"] == "outlet-d2"].set_index("term")
    assert d2.loc["paix", "per_1000"] == pytest.approx(1000 / 4) and d2.loc["paix", "articles"] == 1
    wide = an.vocabulary.top_terms(by, "outlet", n=2)
    assert list(wide.columns) == ["outlet-d1 (1 art.)", "outlet-d2 (1 art.)"]
    assert wide.iloc[0, 0] == "traité (2)" and wide.index.tolist() == [1, 2]


def test_name_fragments_lists_names_counted_apart_from_their_full_form():
    freq = pd.DataFrame({"term": ["Kim Jong-un", "Kim", "Corée du Nord", "Nord", "nord", "Séoul"],
                         "freq": [9, 4, 8, 2, 1, 3]})
    fragments = an.vocabulary.name_fragments(freq)
    assert fragments.to_dict("list") == {"term": ["Kim", "Nord"], "freq": [4, 2],
                                         "part_of": ["Kim Jong-un", "Corée du Nord"]}


def test_term_classes_take_the_majority_part_of_speech():
    terms = pd.DataFrame({"term": ["Nord", "Nord", "Nord", "sud", "sud"], "pos": ["PROPN", "PROPN", "NOUN", "ADJ", "NOUN"]})
    classes = an.vocabulary.term_classes(terms)
    assert classes["Nord"] == "PROPN" and classes["sud"] == "NOUN"   # tie: CONTENT_POS order (NOUN before ADJ)


# --- n-grams and collocations ------------------------------------------------------------------------------

FILLER = ("pays voisin . accord commercial . sommet régional . visite officielle . missile balistique . "
          "guerre longue . aide militaire . relation bilatérale . menace nucléaire . sanction sévère . réunion secrète . "
          "dirigeant russe . satellite espion . frontière fermée . train blindé . port militaire . soutien ferme .")
COLLOCATION_DOCS = {
    "d1": ["le traité signé hier .", "traité signé , traité ratifié .", "un cosmodrome spatial .", "traité signé ."],
    "d2": ["traité signé et traité signé .", "le traité", "signé en cosmodrome spatial , accord signé ."],
    "d3": ["traité signé , cosmodrome spatial .", "traité signé , pays signé .", "traité signé ."],
    "d4": [pair + " ." for pair in FILLER.split(" . ") if pair.strip(" .")],
}


def independent_bigrams(docs):
    """Adjacent pairs within a sentence, never across punctuation (a plain loop over the written text)."""
    pairs = []
    for sentences in docs.values():
        for sentence in sentences:
            for run in re.split(r"[,.]", sentence):
                tokens = run.split()
                pairs += list(zip(tokens, tokens[1:]))
    return pairs


def test_collocations_match_an_independent_count_and_scipy():
    table = an.ngrams.collocations(words_table(COLLOCATION_DOCS), min_count=3).set_index(["w1", "w2"])
    pairs = independent_bigrams(COLLOCATION_DOCS)
    n = len(pairs)
    for (w1, w2), row in table.iterrows():
        o11 = sum(p == (w1, w2) for p in pairs)
        f1, f2 = sum(p[0] == w1 for p in pairs), sum(p[1] == w2 for p in pairs)
        expected, *_ = chi2_contingency([[o11, f2 - o11], [f1 - o11, n - f1 - f2 + o11]], correction=False,
                                        lambda_="log-likelihood")
        assert (row["count"], row["f1"], row["f2"]) == (o11, f1, f2)
        assert row["g2"] == pytest.approx(expected, rel=1e-9)
        assert row["pmi"] == pytest.approx(math.log2((o11 / n) / ((f1 / n) * (f2 / n))))


def test_collocations_rankings_filters_and_boundaries():
    words = words_table(COLLOCATION_DOCS)
    by_g2 = an.ngrams.collocations(words, min_count=3, rank_by="g2")
    by_pmi = an.ngrams.collocations(words, min_count=3, rank_by="pmi")
    # « traité signé » is frequent but both words occur apart; « cosmodrome spatial » never does.
    assert list(zip(by_g2["w1"], by_g2["w2"]))[:2] == [("traité", "signé"), ("cosmodrome", "spatial")]
    assert list(zip(by_pmi["w1"], by_pmi["w2"]))[0] == ("cosmodrome", "spatial")
    counts = dict(zip(zip(by_g2["w1"], by_g2["w2"]), by_g2["count"]))
    # Eight adjacent « traité signé »; not across « , », nor from « le traité » to « signé » in the next sentence.
    assert counts[("traité", "signé")] == 8
    assert not any(w in STOP for w in list(by_g2["w1"]) + list(by_g2["w2"]))
    assert (by_g2["count"] >= 3).all()
    assert an.ngrams.collocations(words, min_count=9).empty
    with pytest.raises(ValueError):
        an.ngrams.collocations(words, rank_by="dice")


def test_ngrams_start_and_end_with_content_words():
    words = words_table({"d1": ["le conseil de sécurité a voté .", "conseil de sécurité , conseil de paix ."],
                         "d2": ["un conseil de sécurité réuni ."]})
    grams = an.ngrams.ngrams(words, n=3, min_count=2)
    assert grams.to_dict("list") == {"ngram": ["conseil de sécurité"], "count": [3], "docs": [2]}
    assert an.ngrams.ngrams(words, n=3, min_count=1)["ngram"].str.startswith("le ").sum() == 0
    with pytest.raises(ValueError):
        an.ngrams.ngrams(words, n=0)


# --- corpus-level functions on the hand-written articles (tests/data) ----------------------------------------

def doc_of(tables, source_file):
    return tables.articles.loc[tables.articles["source_file"] == source_file, "doc_id"].iloc[0]


def test_content_tokens_default_never_merges_and_skips_function_words(fixture_tables):
    _, tables = fixture_tables
    terms = an.vocabulary.content_tokens(tables)
    multiword = tables.entities.loc[tables.entities["canonical"].str.contains(" "), "canonical"]
    assert len(multiword) > 0 and not terms["term"].isin(multiword).any()
    assert not terms["term"].str.lower().isin(["le", "la", "de", "que", "l'", "d'", "qu'", "n'"]).any()
    assert not terms["text"].str.lower().str.replace("’", "'").isin(an.vocabulary.ELIDED).any()
    assert set(terms["kind"]) <= set(tables.kinds())


def test_merge_names_makes_one_canonical_term_per_name(fixture_tables):
    _, tables = fixture_tables
    plain = an.vocabulary.content_tokens(tables)
    merged = an.vocabulary.content_tokens(tables, merge_names=True)
    names = tables.select("entities")
    names = names[names["label"].isin(an.vocabulary.NAME_LABELS) & names["source"].isin(an.vocabulary.NAME_SOURCES)]
    north = names[names["canonical"] == "Corée du Nord"]
    assert len(north) > 0
    assert (merged["term"] == "Corée du Nord").sum() == len(north)
    assert len(merged) < len(plain)
    first = north.iloc[0]
    row = merged[(merged["doc_id"] == first["doc_id"]) & (merged["start_char"] == first["start_char"])].iloc[0]
    assert (row["term"], row["end_char"], row["pos"]) == ("Corée du Nord", first["end_char"], "PROPN")
    # No other content token survives inside a merged span.
    inside = merged.merge(names[["doc_id", "start_char", "end_char"]], on="doc_id", suffixes=("", "_e"))
    inside = inside[(inside["start_char"] > inside["start_char_e"]) & (inside["end_char"] <= inside["end_char_e"])]
    assert inside.empty


def test_cloud_terms_carry_no_set_aside_text(fixture_tables):
    _, tables = fixture_tables
    freq = an.vocabulary.frequencies(an.vocabulary.term_tokens(tables, merge_names=True))
    excluded = an.vocabulary.excluded_words(tables)
    assert {"presidente", "líder", "strong"} <= excluded          # Spanish caption and HTML tag of the test data
    assert an.vocabulary.leaks(freq["term"], tables).empty
    flagged = an.vocabulary.leaks(["traité", "presidente", "a<b"], tables)
    assert flagged["term"].tolist() == ["a<b", "presidente"]
    # Captions read by mistake would be caught: caption-only words are excluded by default.
    with_captions = an.vocabulary.frequencies(an.vocabulary.term_tokens(tables, include_captions=True))
    assert not an.vocabulary.leaks(with_captions["term"], tables).empty
    assert an.vocabulary.leaks(with_captions["term"], tables, include_captions=True).empty


def test_excluded_words_spare_lemmas_and_names_of_the_analysed_text():
    empty = pd.DataFrame()
    segments = pd.DataFrame({"kind": ["body", "credit", "caption"], "kept": [True, False, True],
                             "clean_text": ["Selon les agences russes, Poutine", "Agence France-Presse", "Une limousine"],
                             "text": ["Selon les <b>agences</b> russes, Poutine", "Agence France-Presse", "Une limousine"]})
    tokens = pd.DataFrame({"kind": ["body"] * 4, "lemma": ["selon", "agence", "russe", "Poutine"]})
    entities = pd.DataFrame({"kind": ["body"], "canonical": ["Vladimir Poutine"]})
    required = [f.name for f in fields(Tables) if f.default is MISSING and f.default_factory is MISSING]
    tables = Tables(**{name: empty for name in required} | {"segments": segments, "tokens": tokens, "entities": entities})
    assert an.vocabulary.excluded_words(tables) == {"france-presse", "une", "limousine", "b"}
    assert an.vocabulary.excluded_words(tables, include_captions=True) == {"france-presse", "b"}
    assert an.vocabulary.leaks(["agence", "Vladimir Poutine", "limousine"], tables)["term"].tolist() == ["limousine"]


def test_cloud_image_is_deterministic():
    freq = pd.Series({"traité": 9, "Séoul": 5, "munition": 5, "signer": 3, "stratégique": 2})
    colours = {"traité": "#2166ac", "Séoul": "#b2182b"}
    first = plots.cloud_image(freq, colours, width=300, height=150, random_state=3)
    again = plots.cloud_image(freq.sample(frac=1, random_state=1), colours, width=300, height=150, random_state=3)
    assert first.shape == (150, 300, 3) and np.array_equal(first, again)
    assert plots.font_path().endswith("DejaVuSans.ttf")


def test_kwic_contexts_keep_the_original_text(fixture_tables):
    corpus, tables = fixture_tables
    doc = doc_of(tables, "english_captions.txt")
    raw = (corpus.raw_dir / "english_captions.txt").read_text(encoding="utf-8")
    hits = an.concordance.kwic(tables, "armes", window=3, by="form", offsets=True)
    mine = hits[hits["doc_id"] == doc]
    # From « sa position sur les livraisons d’armes à l’Ukraine. »
    assert ("les livraisons d'", "armes", "à l'Ukraine") in set(zip(mine["left"], mine["match"], mine["right"]))
    assert all(raw[s:e] == m for s, e, m in zip(mine["start_char"], mine["end_char"], mine["match"]))
    assert (hits["kind"].isin(tables.kinds())).all() and hits["position"].between(0, 1).all()


def test_kwic_by_lemma_form_window_and_boundaries(fixture_tables):
    _, tables = fixture_tables
    by_lemma = an.concordance.kwic(tables, "arme", by="lemma")
    assert len(by_lemma) > 0 and set(by_lemma["match"].str.lower()) >= {"armes"}
    assert an.concordance.kwic(tables, "arme", by="form").empty                 # the test articles only say « armes »
    assert len(an.concordance.kwic(tables, "ARMES", by="form")) == len(an.concordance.kwic(tables, "armes", by="form"))
    bare = an.concordance.kwic(tables, "armes", window=0, by="form")
    assert "start_char" not in bare.columns
    assert (bare["left"] == "").all() and (bare["right"] == "").all()
    wide = an.concordance.kwic(tables, "armes", window=12, by="form")
    assert wide["left"].str.contains(an.concordance.SEGMENT_BREAK, regex=False).any()
    # A headline's first word has no left context: contexts never reach into another article.
    opening = an.concordance.kwic(tables, "traité", window=12)
    assert (opening.loc[opening["position"] == 0, "left"] == "").all() and (opening["position"] == 0).any()
    several = an.concordance.kwic(tables, ["traité", "arme"])
    assert list(dict.fromkeys(several["query"])) == ["traité", "arme"]
    with pytest.raises(ValueError):
        an.concordance.kwic(tables, "arme", by="stem")


def test_kwic_reads_captions_and_merged_names_only_on_request(fixture_tables):
    _, tables = fixture_tables
    assert an.concordance.kwic(tables, "limousine").empty                        # only in a French photo caption
    assert len(an.concordance.kwic(tables, "limousine", include_captions=True)) == 1
    names = an.concordance.kwic(tables, "Corée du Nord", merge_names=True)
    assert len(names) > 0 and names["match"].str.fullmatch(r"(?i)corée du nord").all()
    assert an.concordance.kwic(tables, "Corée du Nord").empty


def test_kwic_contexts_match_a_token_by_token_join(fixture_tables):
    _, tables = fixture_tables
    toks = an.vocabulary.term_tokens(tables, merge_names=True)
    hits = an.concordance.kwic(tables, ["traité", "arme", "Corée du Nord"], window=4, merge_names=True, offsets=True)
    assert len(hits) > 5
    for hit in hits.itertuples():
        doc = toks[toks["doc_id"] == hit.doc_id].reset_index(drop=True)
        j = doc.index[doc["start_char"] == hit.start_char][0]

        def joined(part):
            out = ""
            for k, (text, seg, start) in enumerate(zip(part["text"], part["seg_id"], part["start_char"])):
                if k:
                    prev = part.iloc[k - 1]
                    out += an.concordance.SEGMENT_BREAK if seg != prev["seg_id"] else " " if start > prev["end_char"] else ""
                out += text
            return out

        assert hit.left == joined(doc.iloc[max(0, j - 4):j])
        assert hit.right == joined(doc.iloc[j + 1:j + 5])
        assert hit.match == doc.at[j, "text"] and hit.position == doc.at[j, "position"]


def dispersion_fixture():
    """Hits of three articles of outlet A and one of B, labels listing B first and an outlet C without hits."""
    rng = np.random.default_rng(3)
    docs = ["a1"] * 9 + ["a2"] * 4 + ["b1"] * 5
    hits = pd.DataFrame({"doc_id": docs, "position": rng.uniform(0, 1, len(docs))})
    labels = pd.Series({"b1": "B", "a1": "A", "a2": "A", "a3": "A", "c1": "C"})
    return hits, labels


def test_dispersion_by_row_pools_the_hits_of_a_rows_articles():
    hits, labels = dispersion_fixture()
    table = an.concordance.dispersion_by_row(hits, labels, bins=4)
    assert list(table.index) == ["B", "A", "C"]
    assert list(table.columns) == ["hits", "articles", "0.00", "0.25", "0.50", "0.75"]
    assert table["hits"].tolist() == [5, 13, 0] and table["articles"].tolist() == [1, 2, 0]
    for row in ["B", "A"]:
        positions = hits.loc[hits["doc_id"].map(labels) == row, "position"]
        quarters = [sum(int(p * 4) == q for p in positions) / len(positions) for q in range(4)]
        assert table.loc[row, ["0.00", "0.25", "0.50", "0.75"]].tolist() == pytest.approx(quarters)
    assert (table.loc["C", ["0.00", "0.25", "0.50", "0.75"]] == 0).all()


def test_plot_dispersion_draws_a_row_per_label():
    from matplotlib.figure import Figure

    hits, labels = dispersion_fixture()
    pooled = Figure().subplots()
    plots.plot_dispersion(hits, labels, pooled, bins=4)
    assert [t.get_text() for t in pooled.get_yticklabels()] == ["B", "A", "C"]
    assert [t.get_text() for t in pooled.texts] == ["5 in 1 art.", "13 in 2 art.", "0 in 0 art."]
    assert len(pooled.collections) == 3                            # one shaded strip per row
    articles = pd.Series({d: f"article {d}" for d in ["b1", "a1", "a2", "a3"]})
    ticks = Figure().subplots()
    plots.plot_dispersion(hits, articles, ticks)
    assert [t.get_text() for t in ticks.get_yticklabels()] == list(articles)
    assert [t.get_text() for t in ticks.texts] == ["5", "9", "4", "0"]
    assert [len(c.get_segments()) for c in ticks.collections] == [5, 9, 4, 0]   # a tick per hit
