"""Figures of the corpus overview (00): words by kind, timeline of articles and events."""
from __future__ import annotations

import pandas as pd

from collections import defaultdict

from ...analyses.overview import in_row_order
from ...clean.segment import KEPT_KINDS
from ..palette import KIND_COLOURS


def plot_words_by_kind(counts: pd.DataFrame, labels: pd.Series, ax) -> None:
    """Horizontal stacked bars of words per kind on ``ax``: one bar per label of ``labels`` (indexed by
    ``doc_id``), summing the articles that share a label (see :func:`figure_rows`)."""
    counts = in_row_order(counts, labels)
    counts = counts.groupby(labels.loc[counts.index].to_numpy(), sort=False).sum()
    left = pd.Series(0, index=counts.index)
    for kind in counts.columns:
        if counts[kind].sum() == 0:
            continue
        ax.barh(counts.index, counts[kind], left=left, color=KIND_COLOURS[kind],
                label=kind + ("" if kind in KEPT_KINDS else " (set aside)"))
        left = left + counts[kind]
    ax.invert_yaxis()
    ax.set_xlabel("words")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)


def plot_timeline(articles: pd.DataFrame, events, labels: pd.Series, ax) -> None:
    """Publication days relative to the first day of the article's event, the event window shaded: one row per
    article labelled by ``labels`` (indexed by ``doc_id``). Where articles share a label (one row per outlet,
    :func:`figure_rows`) there is one row per event instead, one dot per publication day with its area and
    its number saying how many articles appeared that day."""
    articles = in_row_order(articles.set_index("doc_id", drop=False), labels).reset_index(drop=True)
    per_article = labels.loc[articles["doc_id"]].is_unique
    sizes = articles["event"].map(articles["event"].value_counts())
    rows = articles.assign(
        _row=labels.loc[articles["doc_id"]].to_numpy() if per_article
        else articles["event"] + " · " + sizes.astype(str) + " articles",
        _day=[(p.date() - events[e].start).days for p, e in zip(articles["published"], articles["event"])])
    days = defaultdict(list)   # (row, event) -> [(day, articles)], rows in order of first appearance
    for (row, event, day), count in rows.groupby(["_row", "event", "_day"], sort=False).size().items():
        days[(row, event)].append((day, count))
    order = list(days)
    most = max(count for found in days.values() for _, count in found)
    for n, (row, event) in enumerate(order):
        length = (events[event].end - events[event].start).days + 1
        ax.barh(n, length, left=0, height=0.6, color="#fee391", label="event window" if n == 0 else None)
        for k, (day, count) in enumerate(days[(row, event)]):
            ax.plot(day + 0.5, n, "o", color="#08306b", markersize=6 if per_article else 4 + 14 * (count / most) ** 0.5,
                    label="publication day" if n == 0 and k == 0 else None)
            if not per_article:
                ax.annotate(str(count), (day + 0.5, n), xytext=(0, 12), textcoords="offset points", ha="center",
                            fontsize=8)
    ax.set_yticks(range(len(order)), [f"{row}  [{event}]" if per_article else row for row, event in order])
    ax.invert_yaxis()
    ax.axvline(0, color="#999999", linewidth=0.8)
    lo = min(-1, int(rows["_day"].min()) - 1)
    hi = max(int((e.end - e.start).days) for e in events.values()) + 2
    ax.set_xlim(lo, hi)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_xlabel("days from the first day of the article's event")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
