"""n-grams and collocations: runs of words within a sentence, and adjacent content-word pairs ranked by
G² (Dunning 1993) or pointwise mutual information."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .stats import g2


def _grams(words: pd.DataFrame, n: int, column: str) -> pd.DataFrame:
    """Every run of ``n`` consecutive words that crosses no punctuation and no sentence boundary: columns
    ``doc_id``, ``w1``…``wn`` (from ``column``) and ``edges`` (first and last word are content words)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    # A new run starts at each sentence and after each punctuation token, so n-grams never bridge them.
    breaks = words["is_punct"] | (words["sent_id"] != words["sent_id"].shift()) | (words["doc_id"] != words["doc_id"].shift())
    w = words.assign(run=breaks.cumsum())[words["is_word"]]
    parts = {"doc_id": w["doc_id"], "run": w["run"]}
    for k in range(n):
        # The word k places on, blanked where it lies in another run.
        same_run = w["run"].shift(-k) == w["run"]
        parts[f"w{k + 1}"] = w[column].shift(-k).where(same_run)
        parts[f"c{k + 1}"] = w["is_content"].shift(-k).where(same_run)
    grams = pd.DataFrame(parts).dropna(subset=[f"w{n}"])
    grams["edges"] = grams["c1"].astype(bool) & grams[f"c{n}"].astype(bool)
    return grams[["doc_id"] + [f"w{k + 1}" for k in range(n)] + ["edges"]].reset_index(drop=True)


def ngrams(words: pd.DataFrame, n: int = 2, column: str = "term", min_count: int = 2) -> pd.DataFrame:
    """n-grams of a :func:`term_tokens` table that start and end with a content word (function words may
    sit inside: « Conseil de sécurité »), seen at least ``min_count`` times. Columns ``ngram`` (words joined
    by spaces), ``count``, ``docs`` (articles); by decreasing count, ties alphabetically."""
    grams = _grams(words, n, column)
    grams = grams[grams["edges"]]
    # An elided form (« d' ») is written against the next word, as in the text.
    joined = (grams["w1"].str.cat([grams[f"w{k + 1}"] for k in range(1, n)], sep=" ")
              .str.replace("' ", "'", regex=False))
    grams = grams.assign(ngram=joined)
    table = grams.groupby("ngram").agg(count=("doc_id", "size"), docs=("doc_id", "nunique")).reset_index()
    table = table[table["count"] >= min_count]
    return table.sort_values(["count", "ngram"], ascending=[False, True], kind="stable").reset_index(drop=True)


def collocations(words: pd.DataFrame, column: str = "term", min_count: int = 3, rank_by: str = "g2") -> pd.DataFrame:
    """Adjacent content-word pairs of a :func:`term_tokens` table, ranked by association.

    Counts come from every bigram (see :func:`_grams`); for a pair (w1, w2) seen ``count`` times, ``f1`` is
    how often w1 starts a bigram, ``f2`` how often w2 ends one and N the number of bigrams. ``g2`` is the
    log-likelihood of the 2×2 table [[count, f2-count], [f1-count, N-f1-f2+count]], ``pmi`` is
    ``log2(count·N / (f1·f2))``. Pairs of two content words seen at least ``min_count`` times and more often
    than chance (``count > expected``) are kept, sorted by ``rank_by`` (``"g2"`` or ``"pmi"``), then count,
    then alphabetically.
    """
    if rank_by not in ("g2", "pmi"):
        raise ValueError("rank_by must be 'g2' or 'pmi'")
    grams = _grams(words, 2, column)
    total = len(grams)
    f1, f2 = grams["w1"].value_counts(), grams["w2"].value_counts()
    pairs = (grams[grams["edges"]].groupby(["w1", "w2"])
             .agg(count=("doc_id", "size"), docs=("doc_id", "nunique")).reset_index())
    pairs["f1"] = pairs["w1"].map(f1).astype(int)
    pairs["f2"] = pairs["w2"].map(f2).astype(int)
    pairs["expected"] = pairs["f1"] * pairs["f2"] / total
    pairs = pairs[(pairs["count"] >= min_count) & (pairs["count"] > pairs["expected"])].copy()
    pairs["g2"] = g2(pairs["count"], pairs["f2"] - pairs["count"], pairs["f1"], total - pairs["f1"])
    pairs["pmi"] = np.log2(pairs["count"] * total / (pairs["f1"] * pairs["f2"]))
    order = [rank_by, "count", "w1", "w2"]
    pairs = pairs.sort_values(order, ascending=[False, False, True, True], kind="stable")
    return pairs[["w1", "w2", "count", "f1", "f2", "expected", "g2", "pmi", "docs"]].reset_index(drop=True)
