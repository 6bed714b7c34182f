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
    return _scored(freq.join(docs), c, d, column, min_freq, min_range, alpha)


def _scored(table: pd.DataFrame, c: int, d: int, column: str, min_freq: int, min_range: int,
            alpha: float) -> pd.DataFrame:
    """In: per term (the index), ``freq_target``, ``freq_reference``, ``docs_target``, ``docs_reference``, and
    the target's and reference's sizes in tokens ``c`` and ``d``. Out: :func:`keyness`'s table."""
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


def keyness_by(tokens: pd.DataFrame, by: str, *, column: str = "term", min_freq: int = 3, min_range: int = 2,
               alpha: float = 0.05) -> pd.DataFrame:
    """:func:`keyness` of each value of column ``by`` against all other rows, stacked, with ``group`` (the
    value) and ``articles`` (how many articles the group has: a group of one article describes that article,
    not an outlet or a year). The other arguments are :func:`keyness`'s.

    The counts of every group come from one pass over the rows, where calling :func:`keyness` per group
    grouped the whole table by term four times for each: a term's reference counts are its totals minus the
    group's, and its reference articles are its articles less those where only this group's rows use it."""
    groups = sorted(tokens[by].unique())
    term, terms = pd.factorize(tokens[column], sort=True)   # -1: no term, left out as groupby leaves it out
    doc, docs = pd.factorize(tokens["doc_id"])
    n_docs = len(docs)
    value, values = pd.factorize(tokens[by])
    value = value + 1                                       # 0: no value (NaN), in no group's target
    code = {g: k + 1 for k, g in enumerate(values)}
    n_terms, n_values = len(terms), len(values) + 1
    has = term >= 0
    # Each (term, article, value) once; a (term, article) pair with one value is left by that value's removal.
    triple = np.unique((term[has].astype(np.int64) * n_docs + doc[has]) * n_values + value[has])
    pair, triple_value = triple // n_values, triple % n_values
    triple_term = pair // n_docs
    new_pair = np.r_[True, pair[1:] != pair[:-1]]
    values_of_pair = np.bincount(np.cumsum(new_pair) - 1)
    alone = values_of_pair[np.cumsum(new_pair) - 1] == 1
    freq_all = np.bincount(term[has], minlength=n_terms)
    docs_all = np.bincount(triple_term[new_pair], minlength=n_terms)
    parts = []
    for group in groups:
        k = code.get(group, -1)   # a NaN group equals no row
        rows = value == k
        freq = np.bincount(term[rows & has], minlength=n_terms)
        docs = np.bincount(triple_term[triple_value == k], minlength=n_terms)
        only = np.bincount(triple_term[(triple_value == k) & alone], minlength=n_terms)
        table = pd.DataFrame({"freq_target": freq, "freq_reference": freq_all - freq, "docs_target": docs,
                              "docs_reference": docs_all - only}, index=terms)
        c = int(rows.sum())
        result = _scored(table, c, len(tokens) - c, column, min_freq, min_range, alpha)
        parts.append(result.assign(group=group, articles=len(np.unique(doc[rows]))))
    stacked = pd.concat(parts, ignore_index=True)
    return stacked[["group", "articles"] + [c for c in stacked.columns if c not in ("group", "articles")]]
