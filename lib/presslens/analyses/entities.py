"""The entity table analysed: mentions per type and article, the most named entities, where each is first
named, who is named with whom, and their figures (``03_entities``)."""
from __future__ import annotations

import pandas as pd

from ..annotate.entities import LABELS


def mentions(tables, include_captions: bool = False) -> pd.DataFrame:
    """Kept entity mentions of the analysed segment kinds, with the article's ``outlet``."""
    ents = tables.select("entities", include_captions=include_captions)
    ents = ents[ents["keep"]].merge(tables.articles[["doc_id", "outlet"]], on="doc_id", how="left")
    return ents.reset_index(drop=True)


def set_aside(tables) -> pd.DataFrame:
    """Every span the rules set aside, with its reason (the audit of :func:`presslens.annotate.entities.resolve`)."""
    ents = tables.entities[~tables.entities["keep"]]
    return ents[["doc_id", "kind", "start_char", "end_char", "spacy_text", "spacy_label", "reason"]].reset_index(
        drop=True)


def frequencies(ments: pd.DataFrame, tokens: pd.DataFrame, articles: pd.DataFrame,
                groups: pd.Series | None = None) -> pd.DataFrame:
    """Mentions per entity type (rows) per article (columns), per 1,000 tokens of the same analysed text.

    In: kept ``ments`` (:func:`mentions`), the analysed ``tokens`` and ``articles``; optionally ``groups``, the
    column each article is drawn in, indexed by ``doc_id`` (:func:`presslens.analyses.overview.figure_rows`). Out: a
    float table with a row per type in :data:`LABELS` and a column per ``doc_id``, or per label of ``groups``
    (in their drawing order; the mentions and tokens of the articles sharing a label are summed before
    dividing), plus ``all`` (the whole corpus).
    """
    words = tokens[~tokens["is_punct"]].groupby("doc_id").size().reindex(articles["doc_id"], fill_value=0)
    counts = pd.crosstab(ments["label"], ments["doc_id"]).reindex(index=list(LABELS), columns=articles["doc_id"],
                                                                  fill_value=0)
    if groups is not None:
        order = pd.unique(groups.to_numpy())
        words = words.groupby(groups).sum().reindex(order)
        counts = counts.T.groupby(groups).sum().T.reindex(columns=order)
    rates = 1000 * counts / words.replace(0, float("nan"))
    rates["all"] = 1000 * counts.sum(axis=1) / words.sum()
    rates.columns.name, rates.index.name = None, "label"
    return rates.round(1)


def top_entities(ments: pd.DataFrame, articles: pd.DataFrame, top_n: int = 15) -> pd.DataFrame:
    """Mention counts of the ``top_n`` most mentioned canonical entities (rows) in each article (columns),
    with their ``label`` and a ``total``; ties are broken by name so the order is stable."""
    counts = pd.crosstab(ments["canonical"], ments["doc_id"]).reindex(columns=articles["doc_id"], fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().sort_values(["total", "canonical"], ascending=[False, True]).head(top_n)
    labels = ments.drop_duplicates("canonical").set_index("canonical")["label"]
    counts.insert(1, "label", counts["canonical"].map(labels))
    counts.columns.name = None
    return counts.set_index("canonical")


def mean_per_article(counts: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Per-article ``counts`` (one column per ``doc_id``, as :func:`top_entities` gives them) averaged over the
    articles of each group: one column per label of ``groups`` (indexed by ``doc_id``,
    :func:`presslens.analyses.overview.figure_rows`), in their drawing order. An article that names an entity 0 times
    counts as 0, so a group of one article keeps its counts."""
    return counts.T.groupby(groups).mean().T.reindex(columns=pd.unique(groups.to_numpy()))


def unknowns(ments: pd.DataFrame, top_n: int = 15) -> pd.DataFrame:
    """Kept entities the gazetteer does not know (``source == "model"``), most frequent first: candidates
    for new gazetteer entries, with their label(s), mention count, articles and one surface form."""
    unk = ments[ments["source"] == "model"]
    table = unk.groupby("canonical").agg(label=("label", lambda s: "/".join(sorted(set(s)))),
                                         mentions=("text", "size"), articles=("doc_id", "nunique"),
                                         example=("text", "first")).reset_index()
    return table.sort_values(["mentions", "canonical"], ascending=[False, True]).head(top_n).reset_index(drop=True)


def governments(ments: pd.DataFrame) -> pd.DataFrame:
    """Mentions of capitals and seats of power: how often each stands for a government, and for which."""
    caps = ments[ments["canonical"].isin(ments.loc[ments["stands_for"] != "", "canonical"])]
    table = caps.assign(use=caps["stands_for"].map(lambda s: f"government of {s}" if s else "place"))
    return pd.crosstab(table["canonical"], table["use"])


def prominence(tables, ments: pd.DataFrame) -> pd.DataFrame:
    """How prominent each entity is in each article.

    Out: one row per (``doc_id``, ``canonical``) with ``label``, ``mentions``, ``in_headline`` (named in the
    headline), ``in_lead`` (named in the first paragraph: the standfirst, else the first body segment) and
    ``first_position`` (where the first mention falls in the article's analysed text: 0 = first character,
    1 = last).
    """
    segs = tables.segments[tables.segments["kept"] & tables.segments["kind"].isin(ments["kind"].unique())]
    lead = (segs[segs["kind"].isin(["standfirst", "body"])].sort_values(["doc_id", "kind", "start_char"],
                                                                          ascending=[True, False, True])
            .groupby("doc_id").first()["seg_id"])
    bounds = segs.groupby("doc_id").agg(first=("start_char", "min"), last=("end_char", "max"))
    m = ments.assign(headline=ments["kind"] == "headline",
                     lead=ments["seg_id"].values == ments["doc_id"].map(lead).values)
    out = m.groupby(["doc_id", "canonical"]).agg(label=("label", "first"), mentions=("text", "size"),
                                                 in_headline=("headline", "any"), in_lead=("lead", "any"),
                                                 first_char=("start_char", "min")).reset_index()
    b = bounds.reindex(out["doc_id"])
    out["first_position"] = ((out["first_char"].values - b["first"].values)
                             / (b["last"].values - b["first"].values)).round(3)
    return out.drop(columns="first_char").sort_values(["doc_id", "first_position"]).reset_index(drop=True)


def prominence_by_group(prom: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """How prominent each entity is in each group of articles (an outlet, say).

    In: :func:`prominence`'s table and ``groups``, the group of each article indexed by ``doc_id``
    (:func:`presslens.analyses.overview.figure_rows`). Out: one row per ``group`` and ``canonical`` named in it, with
    ``articles`` (the group's articles that name the entity), ``median_first_position`` (among those
    articles) and ``headline_share`` (the share of all the group's articles whose headline names it). Groups
    in the drawing order of ``groups``.
    """
    p = prom.assign(group=prom["doc_id"].map(groups))
    out = p.groupby(["group", "canonical"]).agg(articles=("doc_id", "size"),
                                                median_first_position=("first_position", "median"),
                                                headlines=("in_headline", "sum")).reset_index()
    out["headline_share"] = out.pop("headlines") / out["group"].map(groups.value_counts())
    rank = {group: k for k, group in enumerate(pd.unique(groups.to_numpy()))}
    return out.sort_values("group", key=lambda g: g.map(rank), kind="stable").reset_index(drop=True)


def as_actors(ments: pd.DataFrame) -> pd.DataFrame:
    """``ments`` with every capital or seat of power that stands for its government in context (its
    ``stands_for``) read as that state: « Moscou a dénoncé » is Russia acting, while « à Moscou » stays the
    place. For relations between actors, where Moscou–Pyongyang and Russie–Corée du Nord are one relation."""
    if "stands_for" not in ments:
        return ments
    metonymic = ments["stands_for"].fillna("").ne("")
    return ments.assign(canonical=ments["canonical"].where(~metonymic, ments["stands_for"]),
                        label=ments["label"].where(~metonymic, "LOC"))


def cooccurrence(ments: pd.DataFrame, labels=("PER", "ORG", "LOC"), top_n: int = 20, metonymy: bool = True):
    """A networkx graph of ``top_n`` entities of ``labels``, taken from each type in turn, most mentioned
    first (places outnumber people: a plain top-N would show almost only places); an edge joins two entities
    named in the same sentence, weighted by the number of such sentences. With ``metonymy`` a capital that
    stands for its government counts as its state (:func:`as_actors`). Nodes carry ``label`` and
    ``mentions``."""
    import itertools

    import networkx as nx

    m = as_actors(ments) if metonymy else ments
    m = m[m["label"].isin(labels)]
    counts = m.groupby("canonical").size()
    first_label = m.drop_duplicates("canonical").set_index("canonical")["label"]
    ranked = [sorted(first_label.index[first_label == lab], key=lambda c: (-counts[c], c)) for lab in labels]
    top = [c for c in itertools.chain(*itertools.zip_longest(*ranked)) if c is not None][:top_n]
    graph = nx.Graph()
    for name in top:
        graph.add_node(name, label=first_label[name], mentions=int(counts[name]))
    # Pairs of distinct entities per sentence from a self-join, not a Python loop over sentences.
    named = m.loc[m["canonical"].isin(top), ["doc_id", "sent_id", "canonical"]].drop_duplicates()
    pairs = named.merge(named, on=["doc_id", "sent_id"])
    pairs = pairs[pairs["canonical_x"] < pairs["canonical_y"]]
    weights = pairs.groupby(["canonical_x", "canonical_y"]).size()
    graph.add_weighted_edges_from((a, b, int(w)) for (a, b), w in weights.items())
    return graph


