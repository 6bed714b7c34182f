"""Statistics shared by the analyses: bootstrap shares over units, Wilson intervals for small counts, and
the log-likelihood G² with Hardie's Log Ratio for frequency comparisons."""
from __future__ import annotations

import numpy as np
import pandas as pd


def bootstrap_share(numerators, denominators, n_boot: int = 1000, seed: int = 0,
                    level: float = 0.95) -> tuple[float, float, float]:
    """Share ``sum(numerators) / sum(denominators)`` over units (sentences) with a percentile bootstrap
    interval: units are resampled with replacement ``n_boot`` times with a generator seeded by ``seed``.
    Returns ``(share, low, high)``; NaNs when the denominators sum to zero."""
    return bootstrap_shares(np.asarray(numerators)[:, None], denominators, n_boot, seed, level)[0]


def bootstrap_shares(numerators, denominators, n_boot: int = 1000, seed: int = 0,
                     level: float = 0.95) -> list[tuple[float, float, float]]:
    """In: ``numerators``, one row per unit and one column per share, and the units' ``denominators``. Out:
    per column, ``(share, low, high)`` as :func:`bootstrap_share` gives it for that column alone (the same
    resamples from the same seed, the same sums), the resamples drawn once for all columns."""
    num, den = np.asarray(numerators, dtype=float), np.asarray(denominators, dtype=float)
    if den.sum() == 0:
        return [(np.nan, np.nan, np.nan)] * num.shape[1]
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(den), size=(n_boot, len(den)))
    drawn_den = den[draws].sum(axis=1)
    tail = (1 - level) / 2
    out = []
    for column in num.T:
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = column[draws].sum(axis=1) / drawn_den
        boot = boot[np.isfinite(boot)]
        out.append((column.sum() / den.sum(), float(np.quantile(boot, tail)), float(np.quantile(boot, 1 - tail))))
    return out


def share_interval(rows: pd.DataFrame, value: str, by: list[str], n_boot: int = 1000, seed: int = 0,
                   unit: tuple[str, ...] = ("doc_id", "sent_id")) -> pd.DataFrame:
    """Share of ``rows`` whose boolean column ``value`` is True, per group of ``by``, with a bootstrap interval
    over ``unit`` (sentences by default). Every group is resampled from the same seed, so a group's interval
    does not depend on which other groups exist. Columns: ``by`` …, ``n`` (rows), ``share``, ``low``, ``high``."""
    per_unit = unit_counts(rows, {"_hit": rows[value]}, by, unit)
    out = [(*key, n, share, low, high) for *key, n, _, share, low, high
           in hit_shares(per_unit, by, n_boot=n_boot, seed=seed)]
    return pd.DataFrame(out, columns=list(by) + ["n", "share", "low", "high"])


def unit_counts(rows: pd.DataFrame, hits: dict[str, pd.Series], by: list[str], unit) -> pd.DataFrame:
    """In: ``rows`` and boolean Series on its index, by name. Out: one row per unit (keys ``by`` then ``unit``,
    sorted) with, for each name of ``hits``, how many of the unit's rows are True, and ``_rows``, how many
    rows the unit has. Several hit columns share one grouping (the labels of a referent)."""
    keys = list(dict.fromkeys(list(by) + list(unit)))
    grouped = rows[keys].assign(**{name: hit.astype(int) for name, hit in hits.items()}).groupby(keys, sort=True)
    return grouped[list(hits)].sum().assign(_rows=grouped.size()).reset_index()


def group_shares(per_unit: pd.DataFrame, hits: list[str], by: list[str], n_boot: int,
                 seed: int) -> dict[str, list[tuple]]:
    """In: unit counts from :func:`unit_counts` and the names of hit columns. Out: for each name, per group of
    ``by`` (in sorted order) a tuple ``(*key, rows, hits, share, low, high)``, the share from
    :func:`bootstrap_shares`: a group's resamples are drawn once for all its hit columns."""
    # Units are sorted by group first, so each group is a contiguous block: no groupby per hit column.
    first = np.flatnonzero(per_unit[by].ne(per_unit[by].shift()).any(axis=1))
    keys = per_unit[by].iloc[first].itertuples(index=False, name=None)
    counts, sizes = per_unit[list(hits)].to_numpy(), per_unit["_rows"].to_numpy()
    out = {name: [] for name in hits}
    for key, a, b in zip(keys, first, [*first[1:], len(per_unit)]):
        shares = bootstrap_shares(counts[a:b], sizes[a:b], n_boot=n_boot, seed=seed)
        for name, column, (share, low, high) in zip(hits, counts[a:b].T, shares):
            out[name].append((*key, int(sizes[a:b].sum()), int(column.sum()), share, low, high))
    return out


def hit_shares(per_unit: pd.DataFrame, by: list[str], n_boot: int, seed: int) -> list[tuple]:
    """:func:`group_shares` of the single hit column ``_hit`` of ``per_unit`` (what :func:`unit_counts` makes of
    ``{"_hit": …}``): per group of ``by``, ``(*key, rows, hits, share, low, high)``."""
    return group_shares(per_unit, ["_hit"], by, n_boot=n_boot, seed=seed)["_hit"]


#: The normal quantile of a two-sided 95 % interval, ``scipy.special.ndtri(0.975)`` (a unit test checks it).
Z95 = np.float64(1.959963984540054)


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95 % interval for ``k`` successes out of ``n`` (``(nan, nan)`` when ``n == 0``).

    The closed form of ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`` (Newcombe 1998), computed
    in the same order so that it gives the same floats (a unit test compares them), without importing
    ``scipy.stats``, which costs a notebook half a second."""
    if n == 0:
        return float("nan"), float("nan")
    k, n = int(k), int(n)
    p = k / n
    denom = 2 * (n + Z95 ** 2)
    center = (2 * n * p + Z95 ** 2) / denom
    delta = Z95 / denom * np.sqrt(4 * n * p * (1 - p) + Z95 ** 2)
    low = 0.0 if k == 0 else center - delta
    high = 1.0 if k == n else center + delta
    return float(low), float(high)


def cohen_kappa(a, b) -> float:
    """Cohen's κ of two codings of the same items (labels of any kind): ``1 − observed disagreement /
    disagreement expected from the margins``, as ``sklearn.metrics.cohen_kappa_score`` computes it, in the
    same order (a unit test compares them), without importing scikit-learn."""
    a, b = np.asarray(a), np.asarray(b)
    labels, codes = np.unique(np.concatenate([a, b]), return_inverse=True)
    k = len(labels)
    confusion = np.bincount(codes[:len(a)] * k + codes[len(a):], minlength=k * k).reshape(k, k).astype(float)
    sum0, sum1 = confusion.sum(axis=0), confusion.sum(axis=1)
    expected = np.outer(sum0, sum1) / np.sum(sum0)
    weights = np.ones((k, k))
    weights.flat[:: k + 1] = 0
    return float(1 - np.sum(weights * confusion) / np.sum(weights * expected))


def g2(a, b, c, d) -> np.ndarray:
    """Log-likelihood G² of the 2×2 table [[a, b], [c-a, d-b]] (frequencies ``a``, ``b`` in corpora of
    ``c``, ``d`` tokens); vectorised, ``0·log 0 = 0``."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    observed = np.stack([a, b, c - a, d - b])
    n = c + d
    expected = np.stack([c * (a + b) / n, d * (a + b) / n, c * (n - a - b) / n, d * (n - a - b) / n])
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * terms.sum(axis=0)


def log_ratio(a, b, c, d) -> np.ndarray:
    """Hardie's Log Ratio: binary log of the ratio of relative frequencies, 0.5 replacing a zero count."""
    a, b = np.where(np.asarray(a) == 0, 0.5, a), np.where(np.asarray(b) == 0, 0.5, b)
    return np.log2((a / np.asarray(c, dtype=float)) / (b / np.asarray(d, dtype=float)))
