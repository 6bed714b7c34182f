"""Vocabulary: which tokens count as content words, frequencies, and keyness (G² with Log Ratio).

Keyness follows corpus linguistics practice (Rayson & Garside 2000; Hardie's Log Ratio): for a term with
frequency ``a`` in a target of ``c`` tokens and ``b`` in a reference of ``d`` tokens, G² is the
log-likelihood statistic of the full 2×2 table (term vs. other tokens × target vs. reference), so it equals
scipy's G-test; Log Ratio is ``log2((a/c) / (b/d))`` (a doubling per unit), with 0.5 added to a zero count.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2

#: Parts of speech that carry content.
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")
#: Elided function words as the French tokenizer leaves them ("l'", "qu'"): never content.
ELIDED = frozenset({"l'", "d'", "qu'", "n'", "s'", "c'", "j'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'",
                    "quoiqu'", "presqu'"})


def content_tokens(tables, include_captions: bool = False) -> pd.DataFrame:
    """Tokens that are content words of the analysed kinds, with a ``term`` column.

    A content word has a part of speech in :data:`CONTENT_POS`, is not a stop word, punctuation, a number or
    an elided form, and has at least two letters. ``term`` is the lemma, lower-cased except for proper nouns
    (``Corée`` stays ``Corée``; ``Missiles`` becomes ``missile``). Columns of ``tokens`` are kept, plus
    ``outlet``, ``event`` and ``phase`` from ``articles``.
    """
    toks = tables.select("tokens", include_captions=include_captions)
    lemma = toks["lemma"].str.replace("’", "'", regex=False)
    keep = (toks["pos"].isin(CONTENT_POS) & ~toks["is_stop"] & ~toks["is_punct"] & ~toks["like_num"]
            & ~lemma.str.lower().isin(ELIDED) & (lemma.str.count(r"[^\W\d_]") >= 2))
    out = toks[keep].copy()
    out["term"] = np.where(out["pos"] == "PROPN", lemma[keep], lemma[keep].str.lower())
    meta = tables.articles[["doc_id", "outlet", "event", "phase"]]
    return out.merge(meta, on="doc_id", how="left")


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


def keyness(tokens: pd.DataFrame, target: pd.Series, *, column: str = "term", min_freq: int = 3,
            min_range: int = 2, alpha: float = 0.05) -> pd.DataFrame:
    """Terms over- and under-used in the ``target`` rows of ``tokens`` against the other rows.

    ``tokens`` is a table of content tokens (see :func:`content_tokens`) and ``target`` a boolean Series on
    its index. A term is tested when its total frequency is at least ``min_freq`` and it occurs in at least
    ``min_range`` articles overall. Returns one row per tested term: frequencies and rates per 1,000 tokens
    in target and reference, the number of target and reference articles it occurs in, ``g2``, ``p``,
    ``p_bonferroni`` (over the terms tested), ``log_ratio`` and ``significant`` (``p_bonferroni < alpha``),
    sorted by G² within direction (over-used first).
    """
    target = target.astype(bool)
    c, d = int(target.sum()), int((~target).sum())
    freq = pd.DataFrame({"freq_target": tokens[target].groupby(column).size(),
                         "freq_reference": tokens[~target].groupby(column).size()}).fillna(0).astype(int)
    docs = pd.DataFrame({"docs_target": tokens[target].groupby(column)["doc_id"].nunique(),
                         "docs_reference": tokens[~target].groupby(column)["doc_id"].nunique()}).fillna(0).astype(int)
    table = freq.join(docs)
    tested = table[(table["freq_target"] + table["freq_reference"] >= min_freq)
                   & (table["docs_target"] + table["docs_reference"] >= min_range)].copy()
    if c == 0 or d == 0 or tested.empty:
        return tested.assign(g2=[], p=[], p_bonferroni=[], log_ratio=[], significant=[])
    a, b = tested["freq_target"].to_numpy(), tested["freq_reference"].to_numpy()
    tested["per_1000_target"] = 1000 * a / c
    tested["per_1000_reference"] = 1000 * b / d
    tested["g2"] = g2(a, b, c, d)
    tested["p"] = chi2.sf(tested["g2"], df=1)
    tested["p_bonferroni"] = np.minimum(1.0, tested["p"] * len(tested))
    tested["log_ratio"] = log_ratio(a, b, c, d)
    tested["significant"] = tested["p_bonferroni"] < alpha
    tested["direction"] = np.where(tested["log_ratio"] >= 0, "over", "under")
    tested.index.name = column
    tested["_order"] = (tested["direction"] == "under").astype(int)
    return (tested.reset_index()
            .sort_values(["_order", "g2", column], ascending=[True, False, True], kind="stable")
            .drop(columns="_order").reset_index(drop=True))
