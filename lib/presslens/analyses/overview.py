"""The corpus at a glance: words per segment kind, the cleaning audit, publication timeline."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..clean.segment import KEPT_KINDS, SET_ASIDE_KINDS
from .framing import MIN_ARTICLES

WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
KIND_ORDER = list(KEPT_KINDS) + list(SET_ASIDE_KINDS)
#: Above this many articles, figures drawn one row per article draw one row per outlet (:func:`figure_rows`).
MAX_ARTICLES = 40
#: Outlets drawn by name in a per-outlet figure; the others are pooled in one row.
MAX_OUTLETS = 20
# Kept kinds in blues/greens, set-aside kinds in warm greys and oranges: what was kept reads at a glance.


def count_words(text: str) -> int:
    """Number of words (runs of letters or digits, with inner apostrophes and hyphens) in ``text``."""
    return len(WORD.findall(text))


def article_labels(articles: pd.DataFrame) -> pd.Series:
    """Short labels for plots, indexed by ``doc_id``: ``"000 · La Presse · 2024-06-17"``."""
    labels = articles["doc_id"] + " · " + articles["outlet"] + " · " + articles["published"].dt.strftime("%Y-%m-%d")
    return pd.Series(labels.values, index=articles["doc_id"])


def figure_rows(articles: pd.DataFrame, max_articles: int = MAX_ARTICLES,
                max_outlets: int = MAX_OUTLETS) -> pd.Series:
    """The row each article is drawn in, indexed by ``doc_id``: its own label (:func:`article_labels`) while
    ``articles`` has at most ``max_articles`` rows; beyond that its outlet's, ``"Outlet · 74 articles"``, with
    the outlets past the ``max_outlets`` largest pooled as ``"other outlets (12) · 95 articles"``. A figure
    that groups its rows by these labels keeps a readable number of rows on any corpus; ``rows.is_unique``
    says whether it draws articles.

    The Series is in drawing order, which figures follow: articles in table order; outlets alphabetically, the
    pooled row last."""
    if len(articles) <= max_articles:
        return article_labels(articles)
    sizes = articles["outlet"].value_counts(sort=False)
    # Largest first, ties by name, so the pooled outlets do not depend on row order.
    named = sorted(sorted(sizes.index, key=lambda o: (-sizes[o], o))[:max_outlets])
    pooled = sorted(set(sizes.index) - set(named))
    names = {o: f"{o} · {_articles(sizes[o])}" for o in named}
    if pooled:
        names.update(dict.fromkeys(pooled, f"other outlets ({len(pooled)}) · {_articles(sizes[pooled].sum())}"))
    rank = {o: k for k, o in enumerate(named + pooled)}
    order = np.argsort(articles["outlet"].map(rank).to_numpy(), kind="stable")
    return pd.Series(articles["outlet"].map(names).to_numpy()[order],
                     index=pd.Index(articles["doc_id"].to_numpy()[order], name="doc_id"))


def in_row_order(table: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    """The rows of ``table`` (indexed by ``doc_id``, articles of ``rows``) in the drawing order of ``rows``
    (:func:`figure_rows`), so that a figure grouping them in order of appearance draws its rows in that order."""
    return table.loc[rows.index[rows.index.isin(table.index)]]


def _articles(n: int) -> str:
    """``"1 article"``, ``"2 articles"``."""
    return f"{n} article" + ("" if n == 1 else "s")


def listing(items, n: int, sep: str = ", ") -> str:
    """The first ``n`` of ``items`` joined with ``sep``, and how many more there are: ``"a, b, and 7 more"``
    (findings name a few articles or pairs, not a thousand)."""
    items = [str(i) for i in items]
    return sep.join(items[:n]) + (f"{sep}and {len(items) - n} more" if len(items) > n else "")


def rows_note(rows: pd.Series) -> str:
    """One sentence saying what a row of the per-article figures stands for (from :func:`figure_rows`)."""
    if rows.is_unique:
        return f"Figures draw one row per article ({len(rows)} articles)."
    return (f"Figures draw one row per outlet ({rows.nunique()} rows for {len(rows)} articles): above "
            "MAX_ARTICLES articles, one row per article would be unreadable. Tables keep one row per article.")


def sample_note(articles: pd.DataFrame, min_articles: int = MIN_ARTICLES, top: int = 8) -> str:
    """What a comparison of outlets or events can rest on, as one sentence a Limits section prints: how many
    articles each outlet and each event has (the ``top`` largest named), how many outlets have the ``min_articles``
    an interval needs, and which articles are translations. In: the ``articles`` table."""
    outlets = articles["outlet"].fillna("unknown").value_counts()
    events = articles["event_label"].value_counts() if "event_label" in articles else articles["event"].value_counts()
    enough = outlets[outlets >= min_articles]
    translated = articles.loc[articles["translated"].fillna(False).astype(bool), "doc_id"].tolist()
    return (f"{_articles(len(articles))} from {outlets.size} outlet{'s' if outlets.size != 1 else ''} ("
            + listing([f"{o} {n}" for o, n in outlets.items()], top, "; ") + "); "
            + (f"{enough.size} outlet{'s' if enough.size != 1 else ''} with the {min_articles} articles an interval needs"
               if enough.size else f"no outlet has the {min_articles} articles an interval needs: a difference between "
               "outlets describes these texts")
            + "; by event: " + listing([f"{e} {n}" for e, n in events.items()], top, "; ")
            + (f"; translations: {listing(translated, top)}." if translated else "; no article is marked as a translation."))


def words_by_kind(tables) -> pd.DataFrame:
    """Words per segment kind (columns, in a fixed order) per article (rows, by ``doc_id``), every segment
    counted, kept or set aside."""
    seg = tables.segments.assign(words=tables.segments["clean_text"].map(count_words))
    table = seg.pivot_table(index="doc_id", columns="kind", values="words", aggfunc="sum", fill_value=0)
    table = table.reindex(index=tables.articles["doc_id"], columns=KIND_ORDER, fill_value=0)
    table.columns.name = None
    return table.astype(int)


def audit(tables, max_chars: int = 90) -> pd.DataFrame:
    """Every set-aside segment: where it is (``doc_id``, raw offsets), what it is and why, and its text
    (shortened to ``max_chars``)."""
    seg = tables.segments[~tables.segments["kept"]]
    out = seg[["doc_id", "seg_id", "kind", "reason", "start_char", "end_char"]].copy()
    out["text"] = seg["text"].map(lambda t: t if len(t) <= max_chars else t[: max_chars - 1] + "…")
    return out.reset_index(drop=True)


def audit_summary(tables) -> pd.DataFrame:
    """Set-aside segments counted by kind and reason (rows) and article (columns), with a total."""
    seg = tables.segments[~tables.segments["kept"]]
    table = pd.crosstab([seg["kind"], seg["reason"]], seg["doc_id"])
    table = table.reindex(columns=tables.articles["doc_id"], fill_value=0)
    table["total"] = table.sum(axis=1)
    table.columns.name = None
    return table.sort_values("total", ascending=False, kind="stable")


def with_outlet(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with ``doc_id``) plus the article's ``outlet`` and ``event`` (columns already there are kept)."""
    meta = articles[["doc_id"] + [c for c in ("outlet", "event") if c not in frame.columns]]
    return frame.merge(meta, on="doc_id", how="left")
