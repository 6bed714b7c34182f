"""Keyness: terms over- and under-used in one part of the corpus against the rest (G² with Hardie's Log
Ratio, Bonferroni-corrected), per group and per outlet."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import chdtrc   # chi2.sf's own kernel, without importing all of scipy.stats

from .stats import g2, log_ratio


def distinctive_terms(content: pd.DataFrame, by: str = "outlet", top_n: int = 10, min_freq: int = 3,
                      min_range: int = 2) -> pd.DataFrame:
    """For each value of ``by`` (outlet, event…) against all other rows: its ``top_n`` over-used terms by
    :func:`presslens.analyses.keyness.keyness` (G² and Log Ratio, ``min_freq`` and document range ``min_range``).
    Columns: ``by``, ``term``, frequencies, articles, ``log_ratio``, ``g2``, ``p_bonferroni``, ``significant``."""
    parts = []
    for group in sorted(content[by].unique()):
        table = keyness(content, content[by] == group, min_freq=min_freq, min_range=min_range)
        over = table[table["direction"] == "over"].head(top_n)
        parts.append(over.assign(**{by: group}))
    columns = [by, "term", "freq_target", "freq_reference", "docs_target", "docs_reference", "log_ratio", "g2",
               "p_bonferroni", "significant"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


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
    tokens = tokens[[column, "doc_id"]]   # filtering every column of a large table would cost seconds
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
    tested["p"] = chdtrc(1, tested["g2"])
    tested["p_bonferroni"] = np.minimum(1.0, tested["p"] * len(tested))
    tested["log_ratio"] = log_ratio(a, b, c, d)
    tested["significant"] = tested["p_bonferroni"] < alpha
    tested["direction"] = np.where(tested["log_ratio"] >= 0, "over", "under")
    tested.index.name = column
    tested["_order"] = (tested["direction"] == "under").astype(int)
    return (tested.reset_index()
            .sort_values(["_order", "g2", column], ascending=[True, False, True], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def keyness_by(tokens: pd.DataFrame, by: str, **options) -> pd.DataFrame:
    """:func:`keyness` of each value of column ``by`` against all other rows, stacked, with ``group`` (the
    value) and ``articles`` (how many articles the group has: a group of one article describes that article,
    not an outlet or a year). ``options`` go to :func:`keyness`."""
    parts = []
    for group in sorted(tokens[by].unique()):
        target = tokens[by] == group
        result = keyness(tokens, target, **options)
        parts.append(result.assign(group=group, articles=tokens.loc[target, "doc_id"].nunique()))
    stacked = pd.concat(parts, ignore_index=True)
    return stacked[["group", "articles"] + [c for c in stacked.columns if c not in ("group", "articles")]]
