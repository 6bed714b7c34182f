"""Lexical diversity: type–token ratio and Covington & McFall's (2010) moving-average TTR (MATTR), per
article and as curves over the words read."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def ttr(items: Sequence) -> float:
    """Type–token ratio: distinct items over items (NaN for an empty sequence)."""
    return len(set(items)) / len(items) if len(items) else float("nan")


def _prefix_diversity(codes: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """TTR and MATTR (see :func:`mattr`) of every prefix of a sequence of type codes (integers, equal for
    items of one type): element ``n - 1`` of each array describes the first ``n`` items."""
    if window < 1:
        raise ValueError("window must be at least 1")
    n = len(codes)
    order = np.lexsort((np.arange(n), codes))   # each type's occurrences side by side, in reading order
    repeat = codes[order][1:] == codes[order][:-1]
    prev = np.full(n, -n - window)              # no earlier occurrence: as if long before the start
    nxt = np.full(n, 2 * n + window)            # no later occurrence: as if long after the end
    prev[order[1:][repeat]] = order[:-1][repeat]
    nxt[order[:-1][repeat]] = order[1:][repeat]
    types = np.cumsum(prev < 0)
    ttr_prefix = types / np.arange(1, n + 1)
    mattr_prefix = ttr_prefix.copy()
    if n > window:
        # Sliding the window one item on gains a type unless the new item already occurs in the window, and
        # loses one unless the item that leaves occurs again before the new one. Counts stay integers, so
        # the means are exactly those of a window-by-window count.
        end = np.arange(window, n)
        delta = (prev[end] <= end - window).astype(np.int64) - (nxt[end - window] >= end)
        distinct = types[window - 1] + np.concatenate([[0], np.cumsum(delta)])
        mattr_prefix[window - 1:] = np.cumsum(distinct) / np.arange(1, n - window + 2) / window
    return ttr_prefix, mattr_prefix


def mattr(items: Sequence, window: int = 50) -> float:
    """Moving-average type–token ratio: the mean TTR of every window of ``window`` consecutive items.

    A sequence no longer than the window has a single window, the whole sequence (its TTR); an empty one
    gives NaN.
    """
    codes = pd.factorize(pd.Series(list(items), dtype=object), use_na_sentinel=False)[0]
    prefix = _prefix_diversity(codes, window)[1]
    return float(prefix[-1]) if len(prefix) else float("nan")


def _word_codes(words: pd.DataFrame, column: str) -> dict[str, np.ndarray]:
    """Each article's words as type codes (equal codes: equal lower-cased ``column``), in reading order, keyed
    by ``doc_id`` in sorted order."""
    w = words[words["is_word"]]
    codes = pd.Series(pd.factorize(w[column].str.lower(), use_na_sentinel=False)[0], index=w.index)
    return {doc: part.to_numpy() for doc, part in codes.groupby(w["doc_id"], sort=True)}


def lexical_diversity(words: pd.DataFrame, window: int = 50, column: str = "text") -> pd.DataFrame:
    """Per article of a :func:`term_tokens` table: ``words``, ``types`` (distinct lower-cased ``column``:
    word forms by default), ``ttr`` and ``mattr`` (with ``window``)."""
    rows = []
    for doc, codes in _word_codes(words, column).items():
        ttr_prefix, mattr_prefix = _prefix_diversity(codes, window)
        rows.append((doc, len(codes), len(np.unique(codes)), ttr_prefix[-1], mattr_prefix[-1]))
    return pd.DataFrame(rows, columns=["doc_id", "words", "types", "ttr", "mattr"]).set_index("doc_id")


def diversity_curve(words: pd.DataFrame, window: int = 50, step: int = 50, column: str = "text") -> pd.DataFrame:
    """TTR and MATTR of each article's first ``step``, ``2·step``, … words and of the whole article: how each
    measure moves as the same text gets longer. Columns ``doc_id``, ``words``, ``ttr``, ``mattr``."""
    # Each list starts with an empty array, so that a table without words gives an empty curve.
    docs, lengths, ttrs, mattrs = [], [np.empty(0, dtype=int)], [np.empty(0)], [np.empty(0)]
    for doc, codes in _word_codes(words, column).items():
        ttr_prefix, mattr_prefix = _prefix_diversity(codes, window)
        at = np.append(np.arange(step, len(codes), step), len(codes))
        docs += [doc] * len(at)
        lengths.append(at)
        ttrs.append(ttr_prefix[at - 1])
        mattrs.append(mattr_prefix[at - 1])
    return pd.DataFrame({"doc_id": docs, "words": np.concatenate(lengths), "ttr": np.concatenate(ttrs),
                         "mattr": np.concatenate(mattrs)})


def diversity_by_row(curve: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """A :func:`diversity_curve` summarised per row of a figure, ``labels`` (indexed by ``doc_id``: article
    labels, or :func:`presslens.analyses.overview.figure_rows`) giving each article's row.

    Returns, for each row and each length measured in more than half of the row's articles: ``row``,
    ``words``, ``articles`` (how many were measured there) and the quartiles of TTR and MATTR across them
    (``ttr_q1``, ``ttr_median``, ``ttr_q3``, ``mattr_q1``, ``mattr_median``, ``mattr_q3``; linear
    interpolation). Rows in order of first appearance in ``labels``, lengths increasing.
    """
    names = {0.25: "q1", 0.5: "median", 0.75: "q3"}
    grouped = curve.assign(row=curve["doc_id"].map(labels)).groupby(["row", "words"])
    table = grouped[["ttr", "mattr"]].quantile(list(names)).unstack()
    table.columns = [f"{measure}_{names[q]}" for measure, q in table.columns]
    table = table.assign(articles=grouped.size()).reset_index()
    # A length only the longest articles reach, or an article's own full length, would summarise a few
    # articles: only lengths shared by most of the row are drawn.
    table = table[table["articles"] > table["row"].map(labels.value_counts()) / 2]
    order = table["row"].map({row: k for k, row in enumerate(pd.unique(labels.to_numpy()))})
    table = table.assign(_order=order).sort_values(["_order", "words"], kind="stable")
    columns = ["row", "words", "articles"] + [f"{m}_{q}" for m in ("ttr", "mattr") for q in names.values()]
    return table[columns].reset_index(drop=True)
