"""Figures on corpora of any size: the row each article is drawn in, and per-outlet figures that sum or
summarise the articles behind each row."""
import numpy as np
import pandas as pd
import pytest

import presslens as pl
from presslens.corpus.instruments import Event
from presslens import analyses as an
from presslens.corpus import instruments
from presslens.publish import plots


def articles_of(outlets: list[str]) -> pd.DataFrame:
    """An articles table with one article per entry of ``outlets``, published a day apart."""
    n = len(outlets)
    return pd.DataFrame({"doc_id": [f"d{k:04d}" for k in range(n)], "outlet": outlets,
                         "published": pd.to_datetime("2024-06-17") + pd.to_timedelta(np.arange(n) % 5, "D"),
                         "event": ["visit"] * n})


def test_small_corpus_draws_articles_and_large_one_outlets():
    small = articles_of(["A", "B", "A"])
    assert an.overview.figure_rows(small, max_articles=3).equals(an.overview.article_labels(small))
    large = articles_of(["A"] * 3 + ["B"] * 2)
    rows = an.overview.figure_rows(large, max_articles=4)
    assert list(rows) == ["A · 3 articles"] * 3 + ["B · 2 articles"] * 2 and not rows.is_unique
    assert "one row per outlet (2 rows for 5 articles)" in an.overview.rows_note(rows)


def test_outlets_past_the_largest_are_pooled_whatever_the_row_order():
    outlets = ["big"] * 5 + ["mid"] * 3 + ["tie1"] * 2 + ["tie2"] * 2 + ["small"]
    rows = an.overview.figure_rows(articles_of(outlets), max_articles=1, max_outlets=3)
    shuffled = articles_of(outlets).sample(frac=1, random_state=0)
    assert an.overview.figure_rows(shuffled, max_articles=1, max_outlets=3).loc[rows.index].equals(rows)
    # Three largest, ties broken by name: big, mid, tie1; tie2 and small share one row.
    assert sorted(set(rows)) == ["big · 5 articles", "mid · 3 articles", "other outlets (2) · 3 articles",
                                 "tie1 · 2 articles"]


def test_words_by_kind_bars_sum_the_articles_of_each_row():
    articles = articles_of(["A", "B", "A", "B", "B"])
    counts = pd.DataFrame({"body": [10, 20, 30, 40, 50], "caption": [1, 0, 2, 0, 3]}, index=articles["doc_id"])
    rows = an.overview.figure_rows(articles, max_articles=2)
    fig, ax = pl.figure()
    plots.plot_words_by_kind(counts, rows, ax)
    widths = {(bar.get_y(), round(bar.get_x())): bar.get_width() for bar in ax.patches}
    assert sorted(widths.values()) == sorted([40, 110, 3, 3])   # A: 10+30, 1+2; B: 20+40+50, 0+0+3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A · 2 articles", "B · 3 articles"]


def test_timeline_counts_articles_per_day_on_a_large_corpus():
    articles = articles_of(["A", "B"] * 6)   # days 0..4, then 0; 12 articles
    events = {"visit": Event("visit", "Visit", pd.Timestamp("2024-06-17").date(), pd.Timestamp("2024-06-18").date())}
    fig, ax = pl.figure()
    plots.plot_timeline(articles, events, an.overview.figure_rows(articles, max_articles=5), ax)
    numbers = sorted(int(t.get_text()) for t in ax.texts)
    expected = sorted(articles["published"].value_counts())
    assert numbers == expected and sum(numbers) == len(articles)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["visit · 12 articles"]


def test_originality_bars_sum_each_outlet():
    articles = articles_of(["A", "A", "B"])
    origin = pd.DataFrame({"own": [5, 7, 11], "agency_copy": [1, 0, 2], "shared": [0, 3, 4]},
                          index=articles["doc_id"])
    fig, ax = pl.figure()
    plots.plot_originality(origin, an.overview.figure_rows(articles, max_articles=2), ax)
    own = [bar.get_width() for bar in ax.containers[0]]
    assert own == [12, 11]


def test_fact_matrix_per_outlet_is_the_share_of_applicable_articles():
    articles = articles_of(["A", "A", "A", "B"])
    facts = [instruments.Fact("f1", "Fact one", ({},)), instruments.Fact("f2", "Fact two", ({},), ("visit",))]
    # A: f1 reported by 2 of 3 articles; f2 applies to 2 of A's articles (NaN: other event), reported by 1.
    matrix = pd.DataFrame({"f1": [1, 0, 4, 0], "f2": [np.nan, 2, 0, np.nan]}, index=articles["doc_id"])
    fig, ax = pl.figure()
    plots.plot_fact_matrix(matrix, facts, an.overview.figure_rows(articles, max_articles=2), ax)
    shown = ax.images[0].get_array()
    assert shown[0, 0] == pytest.approx(200 / 3) and shown[1, 0] == pytest.approx(50)
    assert shown[0, 1] == 0 and np.isnan(np.ma.filled(shown, np.nan)[1, 1])
    assert [t.get_text() for t in ax.texts] == ["67", "0", "50"]


def test_profiles_draw_one_box_per_outlet():
    articles = articles_of(["A", "A", "B"])
    profiles = pd.DataFrame({column: [1.0, 3.0, 5.0] for column, _, _ in plots.sources.PROFILE_PANELS},
                            index=articles["doc_id"]).assign(outlet=articles["outlet"].to_numpy())
    fig, axes = pl.figure(2, 4)
    plots.plot_profiles(profiles, an.overview.figure_rows(articles, max_articles=2), {"A": "#000000", "B": "#111111"},
                          axes)
    boxes = [patch.get_path().get_extents() for patch in axes[0, 0].patches]
    assert [(box.x0, box.x1) for box in boxes] == [(1.5, 2.5), (5.0, 5.0)]   # quartiles of A's 1, 3 and B's 5
    assert [t.get_text() for t in axes[0, 0].get_yticklabels()] == ["A · 2 articles", "B · 1 article"]


def test_covered_marks_rows_inside_spans_of_their_own_article_only():
    
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"doc_id": rng.choice(["a", "b", "c"], 400), "start_char": rng.integers(0, 300, 400)})
    spans = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "start_char": [10, 50, 0, 250], "end_char": [60, 80, 5, 300]})
    expected = [any(d == sd and s <= pos < e for sd, s, e in spans.itertuples(index=False))
                for d, pos in zip(frame["doc_id"], frame["start_char"])]
    assert an.reuse.covered(frame, spans).tolist() == expected
    assert not an.reuse.covered(frame, spans.iloc[:0]).any()


def test_outlet_rows_are_drawn_alphabetically_with_the_pooled_row_last():
    articles = articles_of(["zeta", "alpha", "zeta", "mid", "alpha", "zeta"])
    rows = an.overview.figure_rows(articles, max_articles=1, max_outlets=2)
    assert list(pd.unique(rows)) == ["alpha · 2 articles", "zeta · 3 articles", "other outlets (1) · 1 article"]
    assert sorted(rows.index) == sorted(articles["doc_id"])
    origin = pd.DataFrame({"own": [1, 2, 3, 4, 5, 6], "agency_copy": 0, "shared": 0}, index=articles["doc_id"])
    fig, ax = pl.figure()
    plots.plot_originality(origin, rows, ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(pd.unique(rows))
    assert [bar.get_width() for bar in ax.containers[0]] == [2 + 5, 1 + 3 + 6, 4]


def test_per_outlet_tables_of_entities_follow_the_drawing_order():

    articles = articles_of(["zeta", "zeta", "beta", "zeta"])
    rows = an.overview.figure_rows(articles, max_articles=1, max_outlets=1)
    drawn = ["zeta · 3 articles", "other outlets (1) · 1 article"]   # alphabetical order would swap them
    assert list(pd.unique(rows)) == drawn
    ments = pd.DataFrame({"doc_id": ["d0000", "d0002", "d0002"], "label": ["PER", "LOC", "PER"]})
    tokens = pd.DataFrame({"doc_id": [d for d in articles["doc_id"] for _ in range(10)], "is_punct": False})
    rates = an.entities.frequencies(ments, tokens, articles, groups=rows)
    assert list(rates.columns) == drawn + ["all"]
    assert rates.loc["PER", drawn[0]] == round(1000 * 1 / 30, 1) and rates.loc["PER", drawn[1]] == 100
    counts = pd.DataFrame({d: [k] for k, d in enumerate(articles["doc_id"])}, index=["Kim"])
    assert list(an.entities.mean_per_article(counts, rows).columns) == drawn


def test_listing_names_the_first_items_and_counts_the_rest():
    assert an.overview.listing(["a", "b"], 3) == "a, b"
    assert an.overview.listing([f"d{k}" for k in range(12)], 2) == "d0, d1, and 10 more"
    assert an.overview.listing(["x", "y", "z"], 1, "; ") == "x; and 2 more"


def test_sample_note_counts_what_a_comparison_rests_on():
    articles = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["Le Soir", "Le Soir", None],
                             "event_label": ["Summit", "Summit", "Treaty"],
                             "translated": pd.array([True, False, pd.NA], dtype="boolean")})
    note = an.overview.sample_note(articles, min_articles=2)
    assert note == ("3 articles from 2 outlets (Le Soir 2; unknown 1); 1 outlet with the 2 articles an interval needs; "
                    "by event: Summit 2; Treaty 1; translations: a.")
    assert "no outlet has the 5 articles an interval needs" in an.overview.sample_note(articles)
    assert an.overview.sample_note(articles.assign(translated=False)).endswith("no article is marked as a translation.")
