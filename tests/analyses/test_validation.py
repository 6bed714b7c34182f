"""Scoring against gold data, and the framing aggregations, on tables small enough to check by hand."""
import numpy as np
import pandas as pd
import pytest

from presslens.analyses import framing, validation
from presslens.analyses import stats
from presslens.analyses import validation as v
from presslens.publish import plots


def quotes(rows):
    return pd.DataFrame(rows, columns=["doc_id", "start_char", "end_char", "text", "kind", "speaker", "camp"])


def test_span_matching_is_one_to_one_and_scores_by_kind():
    gold = quotes([("a", 0, 10, "0123456789", "direct", "X", "russia"),
                   ("a", 20, 30, "abcdefghij", "partial", "Y", "china"),
                   ("b", 5, 15, "klmnopqrst", "indirect", "Z", "un")])
    pred = quotes([("a", 0, 10, "0123456789", "direct", "X", "russia"),     # exact, right speaker
                   ("a", 1, 10, "123456789", "direct", "X", "russia"),      # overlaps the same gold: unmatched
                   ("a", 22, 30, "cdefghij", "partial", "W", "china"),      # lenient match, wrong speaker
                   ("b", 40, 50, "..........", "indirect", "Z", "un")])     # no overlap
    scores = validation.attribution_scores(pred, gold).set_index("group")
    overall = scores.loc["all"]
    assert (overall["matched"], overall["predicted"], overall["gold"]) == (2, 4, 3)
    assert overall["precision"] == pytest.approx(0.5) and overall["recall"] == pytest.approx(2 / 3)
    assert overall["speaker_accuracy"] == pytest.approx(0.5)
    assert overall["exact_f1"] == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))
    assert scores.loc["kind:indirect", "matched"] == 0
    errors = validation.attribution_errors(pred, gold)["error"].value_counts().to_dict()
    assert errors == {"spurious": 2, "missed": 1, "wrong speaker": 1}


def test_only_coded_articles_are_scored_and_sets_sit_side_by_side():
    gold = quotes([("a", 0, 10, "0123456789", "direct", "X", "russia")])
    pred = quotes([("a", 0, 10, "0123456789", "direct", "X", "russia"),
                   ("new", 0, 10, "0123456789", "direct", "Y", "russia")])   # an article nobody coded
    assert validation.coded_articles({"quotes": gold, "splits": pd.DataFrame({"doc_id": ["a", "b"]})}) == {"a", "b"}
    stacked = validation.scored_sets({"seeds": (pred, gold, {"a"}), "none": (pred, gold.iloc[:0], set())})
    assert stacked.set_index(["set", "group"]).loc[("seeds", "all"), "precision"] == 1.0
    table = validation.side_by_side(stacked, ["seeds", "none"])
    assert table.loc["all", "seeds"] == "1.00 (1/1)" and table.loc["all", "none"] == "–"


def test_wilson_interval_brackets_the_proportion():
    low, high = stats.wilson(8, 10)
    assert low < 0.8 < high and 0 <= low and high <= 1
    assert np.isnan(stats.wilson(0, 0)[0])


def test_wilson_interval_is_scipys_to_the_last_bit():
    """The closed form gives the very floats of scipy's binomtest (Wilson, no continuity correction), so the
    notebooks' printed intervals did not move when scipy.stats stopped being imported for it."""
    from scipy.special import ndtri
    from scipy.stats import binomtest

    assert stats.Z95 == ndtri(0.975)
    for n in [*range(1, 61), 97, 150, 423, 1000]:
        for k in range(n + 1):
            ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
            assert stats.wilson(k, n) == (float(ci.low), float(ci.high)), (k, n)


def test_cohen_kappa_is_sklearns_to_the_last_bit():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(0)
    for size in (3, 10, 57, 400):
        for labels in (2, 3, 5):
            a, b = rng.integers(0, labels, size), rng.integers(0, labels, size)
            b[: size // 2] = a[: size // 2]   # some agreement, as between two coders
            assert stats.cohen_kappa(a, b) == cohen_kappa_score(a, b), (size, labels)
            assert stats.cohen_kappa(pd.Series(a), pd.Series(b)) == cohen_kappa_score(a, b)
    words = (["negative", "positive", "negative", "neutral", "positive"],
             ["negative", "positive", "negative", "neutral", "negative"])
    assert stats.cohen_kappa(*words) == cohen_kappa_score(*words) == 0.6875


def test_gold_rows_align_to_the_sentence_holding_them_and_kappa_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    sentences = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [0, 1, 2], "start_char": [0, 50, 90],
                              "end_char": [49, 89, 120]})
    # Gold was coded on finer fragments: rows 0-20 and 21-49 make up sentence 0.
    gold = pd.DataFrame({"doc_id": ["a"] * 4, "start_char": [0, 21, 50, 90], "end_char": [20, 49, 89, 120],
                         "voice": ["narrator", "quoted", "narrator", "narrator"], "f": [0, 1, 0, 1], "g": [1, 0, 0, 0]})
    aligned = validation.align_gold(gold, sentences, ["f", "g"])
    assert list(aligned["f"]) == [1, 0, 1] and list(aligned["g"]) == [1, 0, 0]
    assert list(aligned["voice"]) == ["quoted", "narrator", "narrator"]
    frames = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "frame": ["f", "f"]})
    predicted = validation.frame_matrix(frames, sentences, ["f", "g"])
    scores = validation.frame_scores(predicted, aligned, ["f", "g"], min_support=1).set_index("frame")
    assert scores.loc["f", "kappa"] == pytest.approx(cohen_kappa_score([1, 0, 1], [1, 1, 0]))
    assert scores.loc["g", "recall"] == 0 and not scores.loc["g", "reliable"]


def test_share_of_voice_resamples_articles_and_gives_no_interval_for_too_few():
    articles = pd.DataFrame({"doc_id": ["a", "c", "b"], "outlet": ["O1", "O1", "O2"]})
    q = pd.DataFrame({"doc_id": ["a"] * 9 + ["c"] * 2 + ["b"] * 2,
                      "camp": ["russia"] * 6 + ["china"] * 2 + ["unknown"] + ["china"] * 2 + ["un"] * 2,
                      "kind": ["direct"] * 8 + ["term"] + ["direct"] * 2 + ["indirect"] * 2})
    shares = framing.share_of_voice(q, articles, n_boot=500, seed=1, min_articles=2)   # a term voices nobody
    row = shares[(shares["group"] == "O1") & (shares["camp"] == "russia")].iloc[0]
    assert (row["articles"], row["quotes"]) == (2, 6) and row["share"] == pytest.approx(0.6)
    # Resampling the two articles: both « a » (6 of 8 Russian) or both « c » (none) are possible draws.
    assert row["low"] == pytest.approx(0.0) and row["high"] == pytest.approx(0.75)
    one = shares[shares["group"] == "O2"]
    assert one["share"].tolist() == [1.0] and one[["low", "high"]].isna().all().all()
    again = framing.share_of_voice(q, articles, n_boot=500, seed=1, min_articles=2)
    pd.testing.assert_frame_equal(shares, again)  # a fixed seed gives the same intervals
    assert framing.share_of_voice(q, articles, n_boot=500, seed=1)[["low", "high"]].isna().all().all()  # default 5


def test_span_matching_keeps_index_labels_and_breaks_ties_by_label():
    gold = quotes([("a", 0, 10, "x", "direct", "X", "c"), ("a", 0, 10, "x", "direct", "X", "c"),
                   ("b", 0, 4, "y", "direct", "Y", "c")]).set_axis([7, 3, 9])
    pred = quotes([("a", 0, 10, "x", "direct", "X", "c"), ("a", 5, 10, "x", "direct", "X", "c"),
                   ("c", 0, 4, "y", "direct", "Y", "c")]).set_axis([12, 11, 10])
    pairs = validation.match_spans(pred, gold)
    # Both gold spans overlap prediction 12 fully: the smaller label (as text) wins, 11 takes the other at 0.5.
    assert pairs.values.tolist() == [[12, 3, 1.0], [11, 7, 0.5]]


def test_gold_rows_outside_every_sentence_are_dropped():
    sentences = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [1, 0], "start_char": [10, 0], "end_char": [20, 10]})
    gold = pd.DataFrame({"doc_id": ["a", "a", "z"], "start_char": [10, 25, 0], "end_char": [15, 30, 5],
                         "voice": ["quoted"] * 3, "f": [1, 1, 1]})
    aligned = validation.align_gold(gold, sentences, ["f"])
    assert aligned[["start_char", "end_char", "f", "voice"]].values.tolist() == [[10, 20, 1, "quoted"]]


def test_frame_profile_of_a_group_pools_the_sentences_of_its_articles():
    coded = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"], "sent_id": [0, 1, 2, 3, 0], "f": [1, 1, 0, 0, 1],
                          "g": [0, 0, 0, 1, 0]})
    articles = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["O1", "O1"], "event": ["e", "e"], "row": ["R", "R"]})
    pooled = framing.frame_profile(coded, articles, ["f", "g"], by="row")
    # 3 of the 5 sentences carry f: 0.6, not the mean of the articles' shares (0.5 and 1.0).
    assert pooled.loc["R"].tolist() == [5, pytest.approx(3 / 5), pytest.approx(1 / 5)]
    pd.testing.assert_frame_equal(pooled.rename_axis("outlet").rename({"R": "O1"}),
                                  framing.frame_profile(coded, articles, ["f", "g"], by="outlet"))
    assert framing.frame_profile(coded, articles, ["f", "g"], by="doc_id").loc["a", "f"] == 0.5


def test_verbs_by_camp_keeps_the_most_used_verbs():
    q = pd.DataFrame({"verb": ["dire"] * 3 + ["vanter"] * 2 + ["affirmer", "selon"] + ["noter"] * 2,
                      "verb_type": ["neutral"] * 3 + ["evaluative"] * 2 + ["neutral", "neutral"] + ["neutral"] * 2,
                      "camp": ["russia", "china", "russia", "russia", "russia", "china", "china", "china", "china"]})
    every = framing.verbs_by_camp(q)
    assert list(every.index) == [("evaluative", "vanter"), ("neutral", "affirmer"), ("neutral", "dire"),
                                 ("neutral", "noter")]
    # Two verbs used twice tie for second place: the first by type and verb (evaluative · vanter) stays.
    top = framing.verbs_by_camp(q, top_n=2)
    assert list(top.index) == [("evaluative", "vanter"), ("neutral", "dire")]
    pd.testing.assert_frame_equal(top, every.loc[top.index])


def test_share_of_voice_bars_stack_every_camp_of_every_group_and_say_n():
    from presslens.publish.figures import figure

    articles = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["O1", "O2"]})
    q = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 2, "camp": ["russia"] * 3 + ["china"] + ["russia"] * 2,
                      "kind": "direct"})
    shares = framing.share_of_voice(q, articles, n_boot=200, seed=0)
    fig, ax = figure()
    plots.plot_share_of_voice(shares, ax, note="speakers right for 1 of 1")
    widths = sorted((round(p.get_x(), 2), round(p.get_width(), 2), p.get_y() < 0.5) for p in ax.patches)
    # O1 (row 0): russia 0.75 then china 0.25; O2 (row 1): russia 1.0, china 0 (an empty segment).
    assert (0.0, 0.75, True) in widths and (0.75, 0.25, True) in widths and (0.0, 1.0, False) in widths
    assert [t.get_text() for t in ax.texts] == ["n=4", "n=2"]
    assert "speakers right for 1 of 1" in ax.get_xlabel()


def test_verbs_by_camp_dots_rank_the_verbs_that_occur():
    from presslens.publish.figures import figure

    table = pd.DataFrame({"russia": [3, 0, 1], "china": [0, 2, 0]},
                         index=pd.MultiIndex.from_tuples([("neutral", "dire"), ("evaluative", "vanter"),
                                                          ("neutral", "noter")], names=["verb_type", "verb"]))
    fig, ax = figure()
    plots.plot_verbs_by_camp(table, ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["dire", "vanter (eval.)", "noter"]
    russia, china = ax.lines[0], ax.lines[1]
    assert list(russia.get_xdata()) == [3, 1] and list(china.get_xdata()) == [2]   # zeros are not drawn


def test_skip_reason_names_the_missing_study_files(tmp_path):
    from presslens.corpus.directory import Corpus

    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "quotes.csv").write_text("doc_id\n")
    corpus = Corpus(tmp_path)
    assert corpus.skip_reason(["gold/quotes.csv"], "scores") == ""
    reason = corpus.skip_reason(["gold/quotes.csv", "gold/frames.csv", "evaluative.yml"], "scores")
    assert reason == ("Skipped: this corpus has no gold/frames.csv and no evaluative.yml. With them, this section "
                      "would show scores.")
    assert str(tmp_path) not in reason


def _quotes(rows):
    cols = ["doc_id", "start_char", "end_char", "text", "kind", "speaker", "patterns"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows])


def test_attribution_scores_join_speakers_and_give_terms_no_speaker():
    """A joint statement is right only with both speakers; a quoted term is right only with none."""
    gold = _quotes([("a", 0, 10, "« abc def »", "direct", "Corée du Sud", "verb;joint"),
                    ("a", 0, 10, "« abc def »", "direct", "États-Unis", "verb;joint"),
                    ("a", 20, 30, "ghi jkl mn", "term", "", "term"),
                    ("a", 40, 50, "opq rst uv", "indirect", "Kim Jong-un", "incise;pronoun"),
                    ("b", 0, 8, "wxyz abc", "direct", "M. Poutine", "colon;name")])
    pred = _quotes([("a", 0, 10, "« abc def »", "direct", "Séoul", ""),
                    ("a", 20, 30, "ghi jkl mn", "partial", "unknown", ""),
                    ("a", 40, 50, "opq rst uv", "indirect", "kim jong-un", ""),
                    ("b", 60, 70, "elsewhere!", "direct", "Vladimir Poutine", "")])
    scores = v.attribution_scores(pred, gold).set_index("group")
    overall = scores.loc["all"]
    assert (overall["gold"], overall["predicted"], overall["matched"]) == (4, 4, 3)
    # Right: the term (no speaker) and Kim (case and spacing aside); wrong: Séoul for the joint statement.
    assert overall["speaker_correct"] == 2 and overall["end_to_end"] == 0.5
    assert scores.loc["pattern:joint", "speaker_correct"] == 0
    assert scores.loc["pattern:pronoun", "speaker_accuracy"] == 1.0
    assert scores.loc["pattern:colon", "recall"] == 0.0 and np.isnan(scores.loc["pattern:colon", "precision"])
    # Within kinds the term is not matched by a partial prediction: kinds must agree there.
    assert scores.loc["kind:term", "matched"] == 0 and scores.loc["kind:direct", "predicted"] == 2


def test_statements_collapse_joint_rows_and_drop_no_speaker():
    rows = v.statements(_quotes([("a", 0, 5, "x", "direct", "A", "joint"), ("a", 0, 5, "x", "direct", "B", "name"),
                                 ("a", 9, 12, "y", "partial", "unknown", "")]))
    assert rows["speakers"].tolist() == [frozenset({"a", "b"}), frozenset()]
    assert rows["patterns"].iloc[0] == frozenset({"joint", "name"}) and rows["speaker"].iloc[0] == "a ; b"


def test_no_set_to_score_gives_an_empty_table():
    assert validation.scored_sets({}).empty


def test_a_frame_is_reliable_only_where_every_set_says_so():
    heldout = pd.DataFrame({"frame": ["a", "b", "c"], "reliable": [True, True, False]})
    unseen = pd.DataFrame({"frame": ["b", "a", "c"], "reliable": ["False", "True", "True"]})
    unseen["reliable"] = unseen["reliable"] == "True"
    assert validation.reliable_frames(["c", "b", "a"], heldout, unseen) == ["a"]
    assert validation.reliable_frames(["a", "b"], heldout) == ["a", "b"]
    assert validation.reliable_frames(["a"]) == []
