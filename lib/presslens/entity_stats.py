"""The entity table analysed: mentions per type and article, the most named entities, where each is first
named, who is named with whom, and their figures (``03_entities``)."""
from __future__ import annotations

import pandas as pd

from .entities import LABELS


def mentions(tables, include_captions: bool = False) -> pd.DataFrame:
    """Kept entity mentions of the analysed segment kinds, with the article's ``outlet``."""
    ents = tables.select("entities", include_captions=include_captions)
    ents = ents[ents["keep"]].merge(tables.articles[["doc_id", "outlet"]], on="doc_id", how="left")
    return ents.reset_index(drop=True)


def set_aside(tables) -> pd.DataFrame:
    """Every span the rules set aside, with its reason (the audit of :func:`presslens.entities.resolve`)."""
    ents = tables.entities[~tables.entities["keep"]]
    return ents[["doc_id", "kind", "start_char", "end_char", "spacy_text", "spacy_label", "reason"]].reset_index(
        drop=True)


def frequencies(ments: pd.DataFrame, tokens: pd.DataFrame, articles: pd.DataFrame,
                groups: pd.Series | None = None) -> pd.DataFrame:
    """Mentions per entity type (rows) per article (columns), per 1,000 tokens of the same analysed text.

    In: kept ``ments`` (:func:`mentions`), the analysed ``tokens`` and ``articles``; optionally ``groups``, the
    column each article is drawn in, indexed by ``doc_id`` (:func:`presslens.overview.figure_rows`). Out: a
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
    :func:`presslens.overview.figure_rows`), in their drawing order. An article that names an entity 0 times
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
    (:func:`presslens.overview.figure_rows`). Out: one row per ``group`` and ``canonical`` named in it, with
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


def cooccurrence(ments: pd.DataFrame, labels=("PER", "ORG", "LOC"), top_n: int = 20):
    """A networkx graph of ``top_n`` entities of ``labels``, taken from each type in turn, most mentioned
    first (places outnumber people: a plain top-N would show almost only places); an edge joins two entities
    named in the same sentence, weighted by the number of such sentences. Nodes carry ``label`` and
    ``mentions``."""
    import itertools

    import networkx as nx

    m = ments[ments["label"].isin(labels)]
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


#: Up to this many columns, a heatmap's column labels stand upright (wrapped); beyond, they are slanted.
_UPRIGHT_COLUMNS = 8
LABEL_COLOURS = {"PER": "#d95f02", "ORG": "#7570b3", "LOC": "#1b9e77", "MISC": "#999999"}


def plot_heatmap(table: pd.DataFrame, ax, fmt: str = "{:.0f}", cmap: str = "Blues") -> None:
    """A heatmap of a numeric ``table`` on ``ax``, each cell annotated with its value (NaN left blank)."""
    import textwrap

    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    if table.shape[1] <= _UPRIGHT_COLUMNS:
        ax.set_xticks(range(table.shape[1]), [textwrap.fill(str(c), 18) for c in table.columns], fontsize=8)
    else:
        # Wrapped labels set side by side overlap beyond a few columns: slanted, they need no wrapping.
        ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], fontsize=8, rotation=40, ha="right",
                      rotation_mode="anchor")
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    top = pd.Series(values.ravel()).max()
    # dropna: pandas 3's stack keeps missing values, which must stay blank, not read "nan".
    for (r, c), v in pd.DataFrame(values).stack().dropna().items():
        ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8,
                color="white" if v > 0.6 * top else "black")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    ax.spines[:].set_visible(False)


def plot_network(graph, ax, seed: int = 0) -> None:
    """Draw the co-occurrence ``graph`` on ``ax``: nodes on a circle in the angular order of a force-directed
    layout (seeded by ``seed``, so linked entities sit near each other), labels outside the circle along the
    radius (so they never overlap), node size ∝ mentions, colour = type, edge width ∝ weight."""
    import math

    import networkx as nx

    spring = nx.spring_layout(graph, seed=seed, weight="weight")
    cx = sum(x for x, _ in spring.values()) / len(spring)
    cy = sum(y for _, y in spring.values()) / len(spring)
    nodes = sorted(graph.nodes, key=lambda n: (math.atan2(spring[n][1] - cy, spring[n][0] - cx), n))
    pos = {n: (math.cos(2 * math.pi * k / len(nodes)), math.sin(2 * math.pi * k / len(nodes)))
           for k, n in enumerate(nodes)}
    top = max((d["weight"] for _, _, d in graph.edges(data=True)), default=1)
    for a, b, d in sorted(graph.edges(data=True)):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color="#555555", alpha=0.15 + 0.6 * d["weight"] / top,
                linewidth=0.5 + 4 * d["weight"] / top, zorder=1)
    most = max(graph.nodes[n]["mentions"] for n in nodes)
    for n in nodes:
        x, y = pos[n]
        ax.scatter([x], [y], s=40 + 600 * graph.nodes[n]["mentions"] / most, zorder=2,
                   color=LABEL_COLOURS[graph.nodes[n]["label"]], edgecolors="white")
        angle = math.degrees(math.atan2(y, x))
        flip = angle > 90 or angle < -90
        ax.text(1.1 * x, 1.1 * y, f"{n} ({graph.nodes[n]['mentions']})", fontsize=8,
                rotation=angle + 180 if flip else angle, rotation_mode="anchor",
                ha="right" if flip else "left", va="center")
    for label in sorted({graph.nodes[n]["label"] for n in nodes}, key=LABELS.index):
        ax.scatter([], [], color=LABEL_COLOURS[label], label=label)
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    # Room for the longest labels, which run outward along the radius.
    reach = 1.15 + 0.032 * max(len(n) + 5 for n in nodes)
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach, reach)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_prominence(prom: pd.DataFrame, order: list[str], labels: pd.Series, ax) -> None:
    """Where each entity of ``order`` is first named in each article (x: 0 = start, 1 = end of the analysed
    text), one marker per article, filled when the entity is in the headline; ``labels`` names articles."""
    import matplotlib

    colours = matplotlib.colormaps["tab10"]
    docs = list(labels.index)
    for k, doc in enumerate(docs):
        rows = prom[(prom["doc_id"] == doc) & prom["canonical"].isin(order)]
        y = [order.index(c) + (k - (len(docs) - 1) / 2) * 0.12 for c in rows["canonical"]]
        ax.scatter(rows["first_position"], y, s=36, label=labels[doc], edgecolors=colours(k),
                   facecolors=[colours(k) if h else "none" for h in rows["in_headline"]], linewidths=1.3)
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlim(-0.03, 1.03)
    ax.set_xlabel("position of the first mention in the article (0 = first word, 1 = last)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8,
              title="article (filled: in the headline)", title_fontsize=8)


def plot_prominence_by_group(summary: pd.DataFrame, order: list[str], axes) -> None:
    """Prominence per group of articles as two heatmaps (rows: the entities of ``order``; columns: groups):
    on ``axes[0]`` the median position of the first mention among the group's articles that name the entity
    (blank: none does), on ``axes[1]`` the share of the group's articles whose headline names it.
    ``summary`` is :func:`prominence_by_group`'s table; columns keep its order of groups."""
    def grid(column):
        return (summary.pivot(index="canonical", columns="group", values=column)
                .reindex(index=order, columns=pd.unique(summary["group"])))

    plot_heatmap(grid("median_first_position"), axes[0], fmt="{:.2f}")
    # A group none of whose articles names the entity has no headline naming it either: 0 %, not blank.
    plot_heatmap(grid("headline_share").fillna(0.0), axes[1], fmt="{:.0%}", cmap="Oranges")
