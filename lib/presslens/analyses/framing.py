"""Analyses for the framing notebook: voices (share by camp, who speaks first, reporting verbs) and frames
(profiles by article, outlet and voice). Reads tables; parses nothing."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .stats import group_shares, unit_counts

#: Quote kinds that carry a voice into the text (nested partial quotes inside indirect ones included); a
#: quoted ``term`` carries none.
VOICE_KINDS = ("direct", "partial", "indirect", "selon")


#: Fewer articles than this in a group and a bootstrap over them is no interval: two articles give three
#: distinct resamples.
MIN_ARTICLES = 5


def share_of_voice(quotes: pd.DataFrame, articles: pd.DataFrame, by: str = "outlet", n_boot: int = 2000,
                   seed: int = 0, min_articles: int = MIN_ARTICLES, of: str = "camp") -> pd.DataFrame:
    """Share of quotes per camp within each group (``by`` is an ``articles`` column), with a bootstrap 95 %
    interval that resamples the group's articles, not its quotes: quotes come in articles, and an article
    that quotes one camp at length would otherwise pass for many independent observations. A group of fewer
    than ``min_articles`` articles has no interval (NaN): its shares describe those texts only. Quoted terms
    voice nobody and are left out. ``of`` names the quotes' column shared out instead of ``camp`` (a source
    type, say). Columns: group, ``of``, articles, quotes, share, low, high (values a group never quotes left
    out)."""
    q = quotes[quotes["kind"].isin(VOICE_KINDS)].merge(articles[["doc_id", by]], on="doc_id") \
        .rename(columns={by: "group"})
    columns = ["group", of, "articles", "quotes", "share", "low", "high"]
    if q.empty:
        return pd.DataFrame(columns=columns)
    values = sorted(q[of].unique())
    per_article = unit_counts(q, {value: q[of] == value for value in values}, ["group"], ("doc_id",))
    n_articles = per_article.groupby("group").size()
    by_value = group_shares(per_article, values, ["group"], n_boot, seed)
    rows = []
    for value in values:
        for group, _, hits, share, low, high in by_value[value]:
            few = n_articles[group] < min_articles
            rows.append((group, value, int(n_articles[group]), hits, share, np.nan if few else low,
                         np.nan if few else high))
    out = pd.DataFrame(rows, columns=columns)
    return out[out["quotes"] > 0].sort_values(["group", "share", of], ascending=[True, False, True],
                                              kind="stable").reset_index(drop=True)


def first_voices(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted first in each article (the earliest quote with a known speaker)."""
    known = quotes[quotes["speaker"] != "unknown"].sort_values(["doc_id", "start_char"], kind="stable")
    first = known.groupby("doc_id", as_index=False).first()
    out = articles[["doc_id", "outlet"]].merge(first[["doc_id", "speaker", "camp", "kind", "verb"]], on="doc_id",
                                               how="left")
    return out.fillna({"speaker": "(no attributed quote)", "camp": "", "kind": "", "verb": ""})


def quote_kinds(quotes: pd.DataFrame, articles: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Quotes per kind (columns) and group (rows), with the share of direct quotes among direct+indirect."""
    q = quotes.merge(articles[["doc_id", by]], on="doc_id")
    table = pd.crosstab(q[by], q["kind"]).reindex(columns=list(VOICE_KINDS), fill_value=0)
    table["direct share"] = (table["direct"] / (table["direct"] + table["indirect"]).replace(0, np.nan)).round(2)
    table.columns.name = None
    return table


def verbs_by_camp(quotes: pd.DataFrame, min_count: int = 1, top_n: int | None = None) -> pd.DataFrame:
    """Reporting verbs (rows: verb and its type) by speaker camp (columns), counts of at least ``min_count``;
    with ``top_n``, only the ``top_n`` most used verbs (ties broken by type and verb). Rows sorted by type
    and verb."""
    q = quotes[quotes["verb"].ne("") & ~quotes["verb"].isin(["selon", "d'après"])]
    table = pd.crosstab([q["verb_type"], q["verb"]], q["camp"])
    table = table[table.sum(axis=1) >= min_count]
    if top_n is not None:
        # Most used first; a stable sort of totals already in (type, verb) order breaks ties by type and verb.
        totals = table.sum(axis=1).sort_index().sort_values(ascending=False, kind="stable")
        table = table.loc[totals.index[:top_n]]
    table.columns.name = None
    return table.sort_index()


def sentence_frames(frames: pd.DataFrame, sentences: pd.DataFrame, frame_ids: list[str]) -> pd.DataFrame:
    """One row per sentence of ``sentences`` (``doc_id``, ``sent_id``, and ``kind``, ``start_char``, ``end_char``
    when present) with a 0/1 column per frame and the sentence's ``voice``: quoted when any of its triggers
    is quoted, narrator otherwise."""
    base = sentences[[c for c in ("doc_id", "sent_id", "kind", "start_char", "end_char") if c in sentences]]
    hits = frames.groupby(["doc_id", "sent_id", "frame"]).size().unstack("frame", fill_value=0)
    hits = hits.reindex(columns=frame_ids, fill_value=0).clip(upper=1)
    voiced = frames if "voice" in frames else frames.assign(voice="narrator")
    is_quoted = voiced["voice"].eq("quoted").groupby([voiced["doc_id"], voiced["sent_id"]]).any()
    quoted = pd.Series(np.where(is_quoted, "quoted", "narrator"), index=is_quoted.index)
    out = base.merge(hits.reset_index(), on=["doc_id", "sent_id"], how="left").merge(
        quoted.rename("voice").reset_index(), on=["doc_id", "sent_id"], how="left")
    out[frame_ids] = out[frame_ids].fillna(0).astype(int)
    out["voice"] = out["voice"].fillna("narrator")
    return out


def frame_profile(coded: pd.DataFrame, articles: pd.DataFrame, frame_ids: list[str], by: str = "doc_id",
                  order=None) -> pd.DataFrame:
    """Share of sentences carrying each frame (columns) per group (rows: a column of ``coded``, such as
    ``doc_id`` or ``voice``, else of ``articles``, such as ``outlet``), with the number of sentences in a
    ``sentences`` column. A group's shares pool the sentences of all its articles. Rows in the order of
    ``order`` (groups without sentences left out), else sorted."""
    data = coded if by in coded else coded.merge(articles[["doc_id", by]], on="doc_id")
    table = data.groupby(by)[frame_ids].mean()
    table.insert(0, "sentences", data.groupby(by).size())
    return table if order is None else table.reindex([group for group in order if group in table.index])


def article_frames(coded: pd.DataFrame, frame_ids: list[str]) -> pd.DataFrame:
    """Article-level presence (0/1) of each frame: at least one sentence carries it."""
    return coded.groupby("doc_id")[frame_ids].max()


def gold_article_frames(answers: pd.DataFrame) -> pd.DataFrame:
    """Article-level presence of each generic frame from the hand-coded yes/no questions: a frame is
    present when any of its questions is answered yes."""
    return answers.groupby(["doc_id", "frame"])["answer"].max().unstack("frame", fill_value=0)


