"""The findings notebook's analyses on tables small enough to work out by hand: camp pairs of a validation
set, share of voice with attribution error, article-resampled shares and the translation basis."""
import numpy as np
import pandas as pd
import pytest

from presslens.analyses import findings


def quotes(rows):
    return pd.DataFrame(rows, columns=["doc_id", "start_char", "end_char", "text", "kind", "speaker", "camp"])


def pairs(rows, name="v"):
    """Validation camp pairs: ``(doc_id, predicted, true)``."""
    return pd.DataFrame([(d, k, p, t, name) for k, (d, p, t) in enumerate(rows)],
                        columns=["doc_id", "start_char", "predicted", "true", "set"])


def voices(spec):
    """A quotes table and an articles table from ``{doc_id: (outlet, [camp, …])}``."""
    rows = [(doc, 10 * k, 10 * k + 5, "x", "direct", camp, camp)
            for doc, (_, camps) in spec.items() for k, camp in enumerate(camps)]
    articles = pd.DataFrame([(doc, outlet) for doc, (outlet, _) in spec.items()], columns=["doc_id", "outlet"])
    return quotes(rows), articles


def test_camp_pairs_read_right_wrong_joint_and_no_voice_statements():
    gold = quotes([("a", 0, 10, "0123456789", "direct", "Poutine", "russia"),
                   ("a", 20, 30, "abcdefghij", "indirect", "Kim", "north_korea"),
                   ("a", 40, 50, "klmnopqrst", "term", "", np.nan),
                   ("b", 0, 10, "0123456789", "direct", "Lavrov", "russia"),      # joint statement, two rows
                   ("b", 0, 10, "0123456789", "direct", "Yoon", "south_korea"),
                   ("c", 0, 10, "0123456789", "direct", "Claire Vasseur", "experts")])
    pred = quotes([("a", 0, 10, "0123456789", "direct", "Poutine", "russia"),      # right
                   ("a", 20, 30, "abcdefghij", "indirect", "Biden", "united_states"),  # wrong camp
                   ("a", 40, 50, "klmnopqrst", "partial", "Kim", "north_korea"),  # a term given a voice
                   ("a", 60, 70, "uvwxyz0123", "direct", "X", "china"),           # spurious: left out
                   ("b", 0, 10, "0123456789", "direct", "Lavrov", "russia"),
                   ("b", 0, 10, "0123456789", "direct", "Blinken", "united_states"),
                   # The right person, whom this set's gazetteer does not know: a coding gap, not an error.
                   ("c", 0, 10, "0123456789", "direct", "Claire Vasseur", "unknown")])
    got = findings.camp_pairs(pred, gold)
    assert list(zip(got["doc_id"], got["predicted"], got["true"])) == [
        ("a", "russia", "russia"), ("a", "united_states", "north_korea"), ("a", "north_korea", findings.NO_VOICE),
        ("b", "united_states", "south_korea"), ("b", "russia", "russia"), ("c", "unknown", "unknown")]
    assert list(got["speaker_right"]) == [True, False, False, False, True, True]   # rows in speaker order


def test_without_attribution_error_a_small_outlet_has_a_zero_width_interval_at_its_share():
    q, arts = voices({"1": ("A", ["russia", "russia", "united_states"]), "2": ("A", ["russia"])})
    right = pairs([("v1", "russia", "russia"), ("v1", "united_states", "united_states")])
    out = findings.share_of_voice_with_error(q, arts, right, n_boot=200).set_index("camp")
    assert list(out.index) == ["russia", "united_states", "unknown"]   # most quoted first, unknown last
    assert out.loc["russia", "share"] == 0.75 and out.loc["russia", "quotes"] == 4
    assert (out["low"] == out["share"]).all() and (out["high"] == out["share"]).all()
    assert set(out["resampled"]) == {"attribution only"}   # two articles: fewer than MIN_ARTICLES


def test_a_camp_always_misattributed_moves_its_share_to_the_true_camp():
    q, arts = voices({"1": ("A", ["russia", "russia", "russia", "united_states"])})
    swapped = pairs([("v1", "russia", "north_korea"), ("v1", "united_states", "united_states")])
    out = findings.share_of_voice_with_error(q, arts, swapped, n_boot=200,
                                             camps=["russia", "north_korea", "united_states"]).set_index("camp")
    # As the table says: 3 of 4 Russian; as the validation says they are: 3 of 4 North Korean.
    assert out.loc["russia", "share"] == 0.75
    assert (out.loc["russia", "low"], out.loc["russia", "high"]) == (0, 0)
    assert (out.loc["north_korea", "low"], out.loc["north_korea", "high"]) == (0.75, 0.75)
    assert out.loc["north_korea", "count"] == 0


def test_half_right_attribution_spreads_the_share_over_the_whole_range():
    # Two validation articles: one where « russia » is right, one where it was North Korea. A draw takes both
    # from the first (1/4: all Russian), both from the second (1/4: none), or one of each (1/2: each of the
    # 20 quotes Russian with probability 1/2). So the mean share is 1/2 and the 95 % interval is [0, 1].
    q, arts = voices({"1": ("A", ["russia"] * 20)})
    half = pairs([("v1", "russia", "russia"), ("v2", "russia", "north_korea")])
    out = findings.share_of_voice_with_error(q, arts, half, n_boot=4000, seed=1).set_index("camp")
    assert out.loc["russia", "share"] == 1
    assert out.loc["russia", "expected"] == pytest.approx(0.5, abs=0.03)
    assert (out.loc["russia", "low"], out.loc["russia", "high"]) == (0, 1)


def test_a_quote_whose_true_statement_voices_nobody_leaves_the_count():
    q, arts = voices({"1": ("A", ["russia", "china"])})
    term = pairs([("v1", "china", findings.NO_VOICE), ("v1", "russia", "russia")])
    out = findings.share_of_voice_with_error(q, arts, term, n_boot=100).set_index("camp")
    assert (out.loc["russia", "low"], out.loc["russia", "high"]) == (1, 1)


def test_an_outlet_with_enough_articles_resamples_them_too():
    q, arts = voices({str(k): ("A", ["russia"] if k < 3 else ["china"]) for k in range(6)})
    right = pairs([("v1", "russia", "russia"), ("v1", "china", "china")])
    row = findings.share_of_voice_with_error(q, arts, right, n_boot=500).set_index("camp").loc["russia"]
    assert row["resampled"] == "articles and attribution" and row["articles"] == 6
    assert row["low"] < 0.5 < row["high"] and row["share"] == 0.5


def test_article_share_gives_no_interval_below_min_articles():
    rows = pd.DataFrame({"doc_id": list("aabbbcde"), "g": list("xxxxxyyy")})
    hit = pd.Series([True, False, True, True, False, True, True, False])
    out = findings.article_share(rows, hit, ["g"], n_boot=200).set_index("g")
    assert out.loc["x", "articles"] == 2 and np.isnan(out.loc["x", "low"])
    assert out.loc["x", "share"] == pytest.approx(3 / 5)
    whole = findings.article_share(rows, hit, n_boot=500, min_articles=5).iloc[0]
    assert (whole["articles"], whole["n"], whole["hits"]) == (5, 8, 5)
    assert whole["low"] <= 5 / 8 <= whole["high"]


def test_translation_basis_and_its_phrase():
    arts = pd.DataFrame({"doc_id": ["1", "2", "3"], "translated": ["false", "true", "unknown"],
                         "original_language": ["fr", "en", "unknown"]})
    basis = findings.translation_basis(arts, ["1", "2", "3"])
    assert basis == {"articles": 3, "translated": 1, "unknown": 1, "languages": ["en"], "docs": ["2"]}
    assert findings.translation_note(basis).startswith("rests partly on translated text (1 of 3 articles: 2, from en")
    assert findings.translation_note(findings.translation_basis(arts, ["1"])) == \
        "rests on no translated article (1 article)"


def test_the_voice_figure_keeps_one_camp_order_and_colour_in_every_panel():
    from presslens.publish import palette, plots
    from presslens.publish.figures import figure

    q, arts = voices({"1": ("A", ["china", "russia", "russia"]), "2": ("B", ["russia"])})
    right = pairs([("v1", "russia", "russia"), ("v1", "china", "china")])
    shares = findings.share_of_voice_with_error(q, arts, right, n_boot=50)
    fig, axes = figure(1, 3, size=(9, 3))
    plots.plot_voice_with_error(shares, axes, note="speakers right for 9 of 10")
    labels = [[t.get_text() for t in ax.get_yticklabels()] for ax in axes[:2]]
    assert labels[0] == labels[1] == ["russia", "china"]      # unknown: quoted by nobody, reached by no interval
    dots = [line.get_color() for line in axes[1].lines if line.get_marker() == "o"]
    assert dots == [palette.camp_colour("russia"), palette.camp_colour("china")]
    assert "B\n1 article · 1 quotes · texts fixed" == axes[1].get_title(loc="left")
    assert not axes[2].axison and "9 of 10" in fig.get_supxlabel()


@pytest.mark.parametrize("seed", range(5))
def test_true_camps_draws_what_a_loop_over_camps_draws_and_leaves_the_generator_where_it_left_it(seed):
    """Runs of camps drawn in one call against the straightforward loop: one generator call per camp."""
    setup = np.random.default_rng(100 + seed)
    n_camps, unknown = 6, 5
    n = setup.integers(0, 4, size=n_camps)
    size = setup.integers(0, 3, size=n_camps)          # camps without rows take the accuracy path
    pool = setup.integers(0, n_camps + 1, size=int(size.sum()))   # n_camps: NO_VOICE
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    expected = np.zeros(n_camps + 1, dtype=np.int64)
    loop = np.random.default_rng(seed)
    for c in range(n_camps):
        if not n[c]:
            continue
        if size[c]:
            rows = pool[start[c]:start[c] + size[c]]
            for t in rows[loop.integers(0, size[c], size=n[c])]:
                expected[t] += 1
        else:
            for kept in loop.random(n[c]) < 0.7:
                expected[c if kept else unknown] += 1
    runs = np.random.default_rng(seed)
    got = findings._true_camps(runs, n, pool, start, size, 0.7, unknown)
    assert got.tolist() == expected.tolist()
    assert runs.bit_generator.state == loop.bit_generator.state
    assert runs.random() == loop.random()
