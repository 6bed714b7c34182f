"""Keyness statistics checked against an independent implementation (scipy's G-test)."""
import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from presslens.analyses.keyness import keyness
from presslens.analyses.stats import g2, log_ratio


@pytest.mark.parametrize("a, b, c, d", [(10, 2, 1000, 1500), (0, 7, 800, 900), (5, 5, 500, 500), (40, 1, 3000, 200)])
def test_g2_equals_scipy_g_test(a, b, c, d):
    expected, *_ = chi2_contingency([[a, b], [c - a, d - b]], correction=False, lambda_="log-likelihood")
    assert g2(a, b, c, d) == pytest.approx(expected, rel=1e-9)


def test_log_ratio_is_binary_log_of_relative_frequencies():
    assert log_ratio(20, 10, 1000, 1000) == pytest.approx(1.0)
    assert log_ratio(10, 10, 500, 1000) == pytest.approx(1.0)
    assert log_ratio(0, 8, 1000, 1000) == pytest.approx(np.log2(0.5 / 8))


def test_keyness_filters_and_ranks():
    rows = ([("d1", "missile")] * 8 + [("d2", "missile")] * 4 + [("d1", "rare")] * 2
            + [("d3", "traité")] * 9 + [("d4", "traité")] * 3 + [("d3", "accord")] * 5 + [("d4", "accord")] * 5
            + [("d1", "accord")] * 5 + [("d2", "accord")] * 5 + [("d3", "autre")] * 2)  # 24 tokens on each side
    tokens = pd.DataFrame(rows, columns=["doc_id", "term"])
    target = tokens["doc_id"].isin(["d1", "d2"])
    result = keyness(tokens, target, min_freq=3, min_range=2).set_index("term")
    assert "rare" not in result.index  # below min_freq
    assert result.loc["missile", "direction"] == "over" and result.loc["traité", "direction"] == "under"
    assert result.loc["accord", "g2"] == pytest.approx(0.0, abs=1e-9)
    assert result.loc["missile", "docs_target"] == 2 and result.loc["missile", "freq_reference"] == 0
    assert list(result.index[:2]) == ["missile", "accord"]
