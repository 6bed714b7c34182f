"""Figures of the source comparison (01): article profiles, originality, similarity, fact coverage and
naming shares. Each draws on axes it is given."""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from ...analyses.facts import Fact
from ...analyses.naming import Referent
from ...analyses.overview import in_row_order
from ...analyses.similarity import cluster_order
from ..palette import GREY, INK, INTERVAL, ORIGIN_COLOURS, POINT


#: The panels of :func:`plot_profiles`: column, title, whether it is a share with an interval.
PROFILE_PANELS = (("words_body", "body words", False), ("words_headline", "headline words", False),
                  ("words_caption", "caption words", False), ("sentences", "sentences", False),
                  ("paragraphs", "body paragraphs", False), ("mean_sentence_words", "words per sentence", False),
                  ("quoted_share", "words in quotation marks", True),
                  ("voices", "speakers quoted", False))


def profile_labels(profiles: pd.DataFrame, labels: pd.Series) -> pd.Series:
    """Article labels with the facts a reader needs beside a bar: agency copy and translation."""
    tags = []
    for doc in profiles.index:
        row = profiles.loc[doc]
        tag = [f"wire {row['wire']}"] if row["wire"] else []
        tag += ["translated"] if pd.notna(row["translated"]) and bool(row["translated"]) else []
        tags.append(f"{labels[doc]}" + (f"  [{', '.join(tag)}]" if tag else ""))
    return pd.Series(tags, index=profiles.index)


def plot_profiles(profiles: pd.DataFrame, labels: pd.Series, colours: dict[str, str], axes) -> None:
    """Small multiples: one panel per measure of :data:`PROFILE_PANELS`, one bar per article coloured by outlet;
    the quoted share carries its bootstrap interval. ``axes`` is a 2-D array with as many axes as panels.

    ``labels`` (indexed by ``doc_id``) names the rows; where several articles share a label (one row per outlet,
    :func:`presslens.analyses.overview.figure_rows`) each row is a box plot of its articles' values instead."""
    if not labels.loc[profiles.index].is_unique:
        _plot_profile_boxes(profiles, labels, colours, axes)
        return
    y = np.arange(len(profiles))
    names = profile_labels(profiles, labels)
    for ax, (column, title, is_share) in zip(axes.flat, PROFILE_PANELS):
        values = profiles[column].astype(float)
        scale = 100 if is_share else 1
        ax.barh(y, values * scale, color=[colours[o] for o in profiles["outlet"]], height=0.7)
        if is_share:
            err = np.vstack([values - profiles["quoted_low"], profiles["quoted_high"] - values]) * scale
            ax.errorbar(values * scale, y, xerr=err, fmt="none", ecolor=INK, capsize=3, linewidth=1)
        ax.set_title(title + (" (%)" if is_share else ""), fontsize=9)
        ax.set_yticks(y, names if ax.get_subplotspec().is_first_col() else [""] * len(y), fontsize=8)
        ax.invert_yaxis()
        ax.tick_params(axis="x", labelsize=8)


def _plot_profile_boxes(profiles: pd.DataFrame, labels: pd.Series, colours: dict[str, str], axes) -> None:
    """:func:`plot_profiles` for rows that stand for several articles: per panel, one horizontal box plot per
    row (median, quartiles, whiskers to 1.5 IQR; single articles beyond them are not drawn), filled with the
    outlet's colour, grey for a row pooling several outlets."""
    profiles = in_row_order(profiles, labels)
    rows = profiles.assign(_row=labels.loc[profiles.index].to_numpy())
    groups = list(rows.groupby("_row", sort=False))
    names = [name for name, _ in groups]
    fills = [colours[part["outlet"].iloc[0]] if part["outlet"].nunique() == 1 else GREY for _, part in groups]
    for ax, (column, title, is_share) in zip(axes.flat, PROFILE_PANELS):
        scale = 100 if is_share else 1
        boxes = ax.boxplot([part[column].dropna().astype(float) * scale for _, part in groups],
                           orientation="horizontal", patch_artist=True, showfliers=False, widths=0.6,
                           medianprops={"color": "#000000", "linewidth": 1})
        for patch, fill in zip(boxes["boxes"], fills):
            patch.set(facecolor=fill, alpha=0.8, linewidth=0.6)
        ax.set_title(title + (" (%)" if is_share else ""), fontsize=9)
        ax.set_yticks(range(1, len(names) + 1), names if ax.get_subplotspec().is_first_col() else [""] * len(names),
                      fontsize=8)
        ax.invert_yaxis()
        ax.tick_params(axis="x", labelsize=8)


def plot_originality(origin: pd.DataFrame, labels: pd.Series, ax) -> None:
    """Stacked horizontal bars of words: own, agency copy, shared with another article; one bar per label of
    ``labels`` (indexed by ``doc_id``), summing the articles that share a label."""
    parts = in_row_order(origin[["own", "agency_copy", "shared"]], labels)
    parts = parts.groupby(labels.loc[parts.index].to_numpy(), sort=False).sum()
    left = np.zeros(len(parts))
    for part, name in (("own", "own"), ("agency_copy", "agency copy (wire credit)"),
                       ("shared", "shared with another article")):
        ax.barh(parts.index, parts[part], left=left, color=ORIGIN_COLOURS[part], label=name)
        left = left + parts[part].to_numpy()
    ax.invert_yaxis()
    ax.set_xlabel("words (analysed kinds)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)


#: Largest number of articles whose similarity heatmap shows every pair's value, and names every article.
ANNOTATED_ARTICLES, LABELLED_ARTICLES = 15, 60


def plot_clustered_similarity(similarity: pd.DataFrame, labels: pd.Series, fig, axes) -> None:
    """Dendrogram (left axis of ``axes``) beside the similarity heatmap (right axis), rows and columns in
    the dendrogram's leaf order, the diagonal left grey. Each pair carries its value up to
    :data:`ANNOTATED_ARTICLES` articles and the axes name the articles up to :data:`LABELLED_ARTICLES`;
    beyond, the picture alone shows the clusters (a thousand articles would be a million labels)."""
    from scipy.cluster.hierarchy import dendrogram

    link, order = cluster_order(similarity)
    n = len(order)
    tree, heat = axes
    dendrogram(link, orientation="left", ax=tree, no_labels=True, color_threshold=0,
               above_threshold_color="#555555")
    tree.set_axis_off()
    matrix = similarity.loc[order, order].to_numpy()
    off = ~np.eye(n, dtype=bool)
    # The diagonal (1.0) is masked so that the colour scale spans the pairs, from 0 to their maximum.
    top = float(np.ceil(10 * matrix[off].max()) / 10) if n > 1 else 1.0
    heat.set_facecolor("#e0e0e0")
    # Leaf k of the dendrogram sits at y = 10k + 5: the heatmap uses the same coordinates so rows line up.
    image = heat.imshow(np.where(off, matrix, np.nan), cmap="viridis", vmin=0, vmax=top, origin="lower",
                        extent=(0, 10 * n, 0, 10 * n), aspect="auto")
    ticks = 10 * np.arange(n) + 5
    if n <= LABELLED_ARTICLES:
        heat.set_xticks(ticks, order)
        heat.set_yticks(ticks, [labels[d] for d in order], fontsize=8)
    else:
        heat.set_xticks([]), heat.set_yticks([])
        heat.set_xlabel(f"{n} articles in the dendrogram's order (too many to name)")
    heat.yaxis.tick_right()
    tree.set_ylim(0, 10 * n)
    heat.set_ylim(0, 10 * n)
    for i, j in zip(*np.nonzero(off)) if n <= ANNOTATED_ARTICLES else ():
        heat.text(ticks[j], ticks[i], f"{matrix[i, j]:.2f}", ha="center", va="center", fontsize=8,
                  color="white" if matrix[i, j] < 0.6 * top else "black")
    fig.colorbar(image, ax=heat, location="bottom", shrink=0.6, label="cosine similarity (diagonal masked)")


def plot_fact_matrix(matrix: pd.DataFrame, facts: list[Fact], labels: pd.Series, ax) -> None:
    """Facts (rows) × articles (columns): a filled cell shows how many sentences report the fact (shades cap
    at 3); hatched cells are facts of another event than the article's.

    ``labels`` (indexed by ``doc_id``) names the columns; where several articles share a label (one column per
    outlet, :func:`presslens.analyses.overview.figure_rows`) a cell is instead the percentage of the column's articles
    that report the fact, among those it applies to, hatched where it applies to none."""
    from matplotlib.colors import ListedColormap

    matrix = in_row_order(matrix, labels)
    names = labels.loc[matrix.index]
    per_article = names.is_unique
    if per_article:
        values = matrix.to_numpy().T
        shown = np.where(np.isnan(values), np.nan, np.minimum(values, 3))
        ax.imshow(shown, cmap=ListedColormap(["#f2f2f2", INTERVAL, "#4292c6", POINT]), vmin=0, vmax=3,
                  aspect="auto")
        texts = np.where(values > 0, np.nan_to_num(values).astype(int).astype(str), "")
        dark = values >= 2
    else:
        applies = matrix.notna().groupby(names.to_numpy(), sort=False).sum()
        reports = (matrix > 0).groupby(names.to_numpy(), sort=False).sum()
        values = (100 * reports / applies.where(applies > 0)).to_numpy().T
        ax.imshow(values, cmap="Blues", vmin=0, vmax=100, aspect="auto")
        texts = np.where(np.isnan(values), "", np.char.mod("%.0f", np.nan_to_num(values)))
        dark = values >= 60
        names = pd.Series(applies.index, index=applies.index)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if np.isnan(values[i, j]):
                ax.add_patch(_hatched_cell(j, i))
            elif texts[i, j]:
                ax.text(j, i, texts[i, j], ha="center", va="center", fontsize=8,
                        color="white" if dark[i, j] else "black")
    ax.set_yticks(range(len(facts)), [f.label for f in facts], fontsize=8)
    if per_article:
        wrapped = ["\n".join(textwrap.wrap(name.replace(" · ", " "), 14)) for name in names]
        ax.set_xticks(range(len(names)), wrapped, fontsize=8)
    else:   # outlet names are long and there may be twenty of them: vertical labels keep them apart
        ax.set_xticks(range(len(names)), names, fontsize=8, rotation=90)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(-0.5, len(names)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(facts)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)


def _hatched_cell(x: float, y: float):
    """A grey hatched square marking a not-applicable cell of a heatmap."""
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="white", edgecolor=GREY, hatch="///", linewidth=0)


def plot_naming_shares(shares: pd.DataFrame, referents: list[Referent], colours: dict[str, str], axes,
                       by: str = "outlet", min_n: int = 5) -> None:
    """One panel per referent: for each label, one dot per group (its share) with the bootstrap interval; the
    groups' legend goes under the panels. A group that names the referent fewer than ``min_n`` times is a
    hollow dot without an interval (a share of 1 out of 1 is no estimate), and each panel's title gives every
    group's number of mentions."""
    from matplotlib.lines import Line2D

    groups = [g for g in colours if g in set(shares[by])]
    step = 0.8 / max(1, len(groups))
    for ax, ref in zip(axes.flat, referents):
        rows = shares[shares["referent"] == ref.id]
        labels = list(ref.labels)
        counts = rows.groupby(by)["n"].first().reindex(groups).fillna(0).astype(int)
        for k, group in enumerate(groups):
            part = rows[rows[by] == group].set_index("label").reindex(labels)
            y = np.arange(len(labels)) - 0.4 + step * (k + 0.5)
            if counts[group] == 0:
                continue   # a group that never names the referent has no share to draw
            if counts[group] >= min_n:
                ax.errorbar(100 * part["share"], y, xerr=100 * np.vstack([part["share"] - part["low"],
                                                                         part["high"] - part["share"]]),
                            fmt="o", color=colours[group], markersize=4, capsize=2, linewidth=1, label=f"{group}")
            else:
                ax.plot(100 * part["share"], y, "o", markerfacecolor="white", markeredgecolor=colours[group],
                        markersize=4, linestyle="none", label=f"{group}")
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(-5, 105)
        ax.set_title(f"{ref.label}\nmentions: " + " · ".join(str(counts[g]) for g in groups), fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlabel("% of the referent's mentions", fontsize=8)
    for ax in list(axes.flat)[len(referents):]:
        ax.set_axis_off()
    names = [f"{g}" for g in groups]
    handles = [Line2D([], [], marker="o", color=colours[g], linestyle="none", markersize=5) for g in groups]
    handles.append(Line2D([], [], marker="o", color="#777777", markerfacecolor="white", linestyle="none",
                          markersize=5))
    names.append(f"hollow: fewer than {min_n} mentions (no interval); mentions in the order of this legend")
    # One row while it fits, so that the legend reads in the order the titles give the mentions.
    axes.flat[0].figure.legend(handles, names, loc="outside lower center", ncol=len(handles) if len(handles) <= 5 else 3,
                               frameon=False, fontsize=8)
