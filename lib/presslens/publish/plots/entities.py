"""Figures of the entities notebook (03): heatmaps, the co-occurrence network, prominence, and the
entity scores against the gold file."""
from __future__ import annotations

import pandas as pd

from ...annotate.entities import LABELS
from ..palette import LABEL_COLOURS


#: Up to this many columns, a heatmap's column labels stand upright (wrapped); beyond, they are slanted.
_UPRIGHT_COLUMNS = 8


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


def plot_scores(scores: dict[str, pd.DataFrame], metric: str, ax) -> None:
    """Grouped bars of ``metric`` (precision, recall or f1) by label, one bar per system in ``scores``."""
    systems = list(scores)
    rows = list(scores[systems[0]].index)
    width = 0.8 / len(systems)
    for k, system in enumerate(systems):
        values = scores[system].reindex(rows)[metric]
        bars = ax.bar([r + k * width for r in range(len(rows))], values, width=width, label=system)
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=2, rotation=90)
    ax.set_xticks([r + width * (len(systems) - 1) / 2 for r in range(len(rows))], rows)
    ax.set_ylim(0, 1.25)
    ax.set_ylabel(metric)
