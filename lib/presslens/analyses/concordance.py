"""Concordance: keyword in context (KWIC) over the analysed text, dispersion of hits along the articles,
and any table of matches laid out as aligned concordance lines."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .vocabulary import term_tokens


def concordance(matches: pd.DataFrame, width: int = 45) -> pd.DataFrame:
    """Naming matches as concordance lines (KWIC): ``referent``, ``label``, ``outlet``, ``doc_id``,
    right-aligned ``left`` context, ``match``, ``right`` context, ``quoted``, raw offsets."""
    out = matches.copy()
    out["left"] = out["left"].str.slice(-width).str.rjust(width)
    out["right"] = out["right"].str.slice(0, width)
    return out[["referent", "label", "outlet", "doc_id", "left", "match", "right", "quoted", "start_char",
                "end_char"]].reset_index(drop=True)


#: Between two segments (headline, standfirst, paragraphs) a concordance line shows a pilcrow.
SEGMENT_BREAK = " ¶ "


def kwic(tables, term: str | Iterable[str], window: int = 7, by: str = "lemma", include_captions: bool = False,
         merge_names: bool = False, offsets: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` (one string or several) in the analysed text.

    ``by="lemma"`` matches the token's ``term`` (lemma, or canonical name with ``merge_names``), ``by="form"``
    its surface text; both ignore case. Contexts are up to ``window`` tokens (punctuation included) each side,
    within the article, joined with the original spacing: a space where the raw text had a gap between two
    tokens, :data:`SEGMENT_BREAK` where a new segment starts. Returns ``query``, ``doc_id``, ``outlet``,
    ``kind``, ``position`` (0–1 along the article's analysed text), ``left``, ``match``, ``right``, and with
    ``offsets`` the match's ``start_char`` and ``end_char`` in the raw file; in query order, then by article
    and position.
    """
    if by not in ("lemma", "form"):
        raise ValueError("by must be 'lemma' or 'form'")
    queries = [term] if isinstance(term, str) else list(term)
    toks = term_tokens(tables, include_captions=include_captions, merge_names=merge_names)
    key = (toks["term"] if by == "lemma" else toks["text"]).str.replace("’", "'", regex=False).str.lower()
    matched = [np.flatnonzero((key == query.replace("’", "'").lower()).to_numpy()) for query in queries]
    at = np.concatenate([np.empty(0, dtype=int), *matched])
    # What each token adds after the one before it (a pilcrow at a new segment, a space where the raw text had
    # a gap), so that a context is its first token's text followed by the next tokens' pieces.
    seg, start, end = (toks[c].to_numpy() for c in ("seg_id", "start_char", "end_char"))
    before = np.where(np.r_[False, seg[1:] != seg[:-1]], SEGMENT_BREAK,
                      np.where(np.r_[False, start[1:] > end[:-1]], " ", ""))
    texts = toks["text"].tolist()
    pieces = [b + t for b, t in zip(before.tolist(), texts)]
    by_doc = toks.groupby("doc_id", sort=False)
    rank = by_doc.cumcount().to_numpy()                        # tokens before this one in its article
    left_from = at - np.minimum(window, rank[at])
    right_to = at + np.minimum(window, by_doc["i"].transform("size").to_numpy()[at] - rank[at] - 1)

    def context(lo: int, hi: int) -> str:
        return texts[lo] + "".join(pieces[lo + 1:hi]) if hi > lo else ""

    found = toks.iloc[at]
    table = pd.DataFrame({
        "query": [query for query, hits in zip(queries, matched) for _ in hits],
        **{c: found[c].to_numpy() for c in ("doc_id", "outlet", "kind", "position", "start_char", "end_char")},
        "left": [context(lo, j) for lo, j in zip(left_from.tolist(), at.tolist())],
        "match": found["text"].to_numpy(),
        "right": [context(j + 1, hi + 1) for j, hi in zip(at.tolist(), right_to.tolist())]})
    return table if offsets else table.drop(columns=["start_char", "end_char"])


def dispersion_by_row(hits: pd.DataFrame, labels: pd.Series, bins: int = 10) -> pd.DataFrame:
    """Where the hits of a :func:`kwic` table fall, per row of a figure, ``labels`` (indexed by ``doc_id``:
    article labels, or :func:`presslens.analyses.overview.figure_rows`) giving each article's row.

    One row per distinct label, in order of first appearance, rows without hits included: ``hits``,
    ``articles`` (the row's articles with at least one hit), then one column per ``bins`` equal part of the
    article, headed by where it starts (``"0.00"``, ``"0.10"``, …): the share of the row's hits that fall in
    it (0 for a row without hits).
    """
    names = pd.unique(labels.to_numpy())
    row = hits["doc_id"].map(labels)
    edges = np.linspace(0, 1, bins + 1)
    counts = np.array([np.histogram(hits.loc[row == name, "position"], edges)[0] for name in names],
                      dtype=int).reshape(len(names), bins)
    totals = counts.sum(axis=1)
    table = pd.DataFrame(counts / np.maximum(totals, 1)[:, None], index=pd.Index(names, name="row"),
                         columns=[f"{e:.2f}" for e in edges[:-1]])
    table.insert(0, "articles", hits.groupby(row)["doc_id"].nunique().reindex(names, fill_value=0).to_numpy())
    table.insert(0, "hits", totals)
    return table
