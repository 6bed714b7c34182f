"""Vocabulary statistics against independent computations, on data small enough to check by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from presslens import vocab


def brute_mattr(items, window):
    windows = [items[i:i + window] for i in range(len(items) - window + 1)]
    return float(np.mean([len(set(w)) / len(w) for w in windows]))


@pytest.mark.parametrize("window", [1, 3, 5, 8])
def test_mattr_equals_brute_force(window):
    rng = np.random.default_rng(7)
    items = list(rng.choice(list("abcdefg"), size=40))
    assert vocab.mattr(items, window) == pytest.approx(brute_mattr(items, window))


def test_mattr_of_a_short_sequence_is_its_ttr_and_ttr_falls_with_length():
    assert vocab.mattr(list("abca"), 10) == pytest.approx(0.75) == vocab.ttr(list("abca"))
    long = list("abcdefgh") * 10
    assert vocab.ttr(long) < vocab.ttr(long[:16]) and vocab.mattr(long, 8) == pytest.approx(1.0)


def test_collocation_g2_matches_scipy_on_the_bigram_table():
    # "missile balistique" occurs 3 times in a text of otherwise distinct words.
    words = [w for k in range(3) for w in ("missile", "balistique", f"x{k}", f"y{k}")] + ["c", "d", "missile", "g"]
    table = pd.DataFrame({"doc_id": "d", "sent_id": 0, "term": words, "pos": "NOUN", "is_punct": False,
                          "is_word": True, "is_content": True})
    result = vocab.collocations(table, min_count=3)
    top = result.iloc[0]
    assert (top["w1"], top["w2"], top["count"]) == ("missile", "balistique", 3)
    n = len(words) - 1  # one sentence, no punctuation: every adjacent pair is a bigram
    a, f1, f2 = top["count"], top["f1"], top["f2"]
    expected, *_ = chi2_contingency([[a, f2 - a], [f1 - a, n - f1 - f2 + a]], correction=False, lambda_="log-likelihood")
    assert top["g2"] == pytest.approx(expected)
    assert top["pmi"] == pytest.approx(np.log2(a * n / (f1 * f2)))


def test_kwic_returns_contexts_within_the_article(fixture_tables):
    _, tables = fixture_tables
    hits = vocab.kwic(tables, "Pyongyang", window=3, by="form")
    assert len(hits) > 0 and (hits["match"].str.lower() == "pyongyang").all()
    assert set(hits.columns) >= {"left", "match", "right", "doc_id", "outlet"}
    assert hits["left"].str.split().str.len().max() <= 3 + 2  # three tokens, some glued punctuation
    assert vocab.kwic(tables, "introuvable-xyz").empty


def test_no_set_aside_text_reaches_the_word_counts(fixture_tables):
    _, tables = fixture_tables
    terms = set(vocab.content_tokens(tables)["term"])
    assert not terms & {"presidente", "líder", "handshake", "strong", "nbsp", "AFP", "Reuters"}
