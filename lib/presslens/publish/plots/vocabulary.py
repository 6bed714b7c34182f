"""Figures of the vocabulary notebook (02): word clouds, keyness bars, diversity curves, dispersion."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ...analyses.concordance import dispersion_by_row
from ...analyses.diversity import diversity_by_row
from ..palette import INK, OVER, POS_COLOURS, POS_NAMES, SERIES, UNDER


def font_path() -> str:
    """Matplotlib's bundled DejaVu Sans: the same glyphs, hence the same clouds, on every machine."""
    import matplotlib

    return str(Path(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf"))


def cloud_image(freq: pd.Series, colours: Mapping[str, str], *, width: int = 900, height: int = 450,
                max_words: int = 60, random_state: int = 0) -> np.ndarray:
    """A word cloud (RGB array) of ``freq`` (term → weight), each term in ``colours[term]``.

    Deterministic: fixed ``random_state``, bundled font (:func:`font_path`), ties in weight broken
    alphabetically, horizontal words only. Sizes are relative to the cloud's most frequent term.
    """
    from wordcloud import WordCloud

    ordered = freq[freq > 0].rename_axis("term").reset_index(name="w")
    ordered = ordered.sort_values(["w", "term"], ascending=[False, True], kind="stable").head(max_words)
    cloud = WordCloud(font_path=font_path(), width=width, height=height, background_color="white",
                      prefer_horizontal=1.0, max_words=max_words, random_state=random_state, relative_scaling=0.5,
                      min_font_size=9, margin=4,   # no unreadable specks, no words touching
                      color_func=lambda word, **_: colours.get(word, "#4d4d4d"))
    return cloud.generate_from_frequencies(dict(zip(ordered["term"], ordered["w"]))).to_array()


def plot_cloud(image: np.ndarray, ax, title: str = "") -> None:
    """Show a :func:`cloud_image` on ``ax``, without axes."""
    ax.imshow(image, interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)


def pos_legend(fig, **kwargs) -> None:
    """A figure legend for :data:`POS_COLOURS`, the colour code shared by the clouds."""
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=POS_NAMES[p]) for p, c in POS_COLOURS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9, **kwargs)


def plot_keyness(result: pd.DataFrame, ax, n: int = 8, column: str = "term") -> None:
    """Diverging bars of Log Ratio for the ``n`` over- and ``n`` under-used terms of a :func:`keyness` table
    with the highest G², each annotated with its frequencies (target | reference); bars of terms that are not
    significant after Bonferroni correction are pale."""
    from matplotlib.patches import Patch

    shown = pd.concat([result[result["direction"] == "over"].head(n), result[result["direction"] == "under"].head(n)])
    y = np.arange(len(shown))
    colours = np.where(shown["direction"] == "over", OVER, UNDER)
    alphas = np.where(shown["significant"], 1.0, 0.4)
    for yi, lr, colour, alpha in zip(y, shown["log_ratio"], colours, alphas):
        ax.barh(yi, lr, color=colour, alpha=alpha, height=0.7)
    span = max(1.0, float(shown["log_ratio"].abs().max())) if len(shown) else 1.0
    for yi, lr, a, b in zip(y, shown["log_ratio"], shown["freq_target"], shown["freq_reference"]):
        ax.text(lr + (0.04 if lr >= 0 else -0.04) * span, yi, f"{a} | {b}", va="center",
                ha="left" if lr >= 0 else "right", fontsize=8, color=INK)
    ax.set_yticks(y, shown[column])
    ax.invert_yaxis()
    ax.set_xlim(-1.35 * span, 1.35 * span)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_xlabel("Log Ratio (log₂ of the ratio of relative frequencies)")
    ax.legend(handles=[Patch(color=OVER, label="over-used in target"),
                       Patch(color=UNDER, label="under-used in target"),
                       Patch(color="#999999", alpha=0.4, label="pale: not significant (Bonferroni)"),
                       Patch(color="none", label="a | b: frequency in target | reference")],
              loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=7, frameon=False)


def plot_diversity_curve(curve: pd.DataFrame, labels: pd.Series, ax) -> None:
    """TTR (solid) and MATTR (dashed) against words read, one colour per row of ``labels`` (indexed by
    ``doc_id``; see :func:`diversity_by_row`), on ``ax``: a row of one article draws that article's curves, a
    row of several the median of its articles, the middle half of them shaded."""
    from matplotlib import colormaps

    rows = diversity_by_row(curve, labels)
    palette = list(SERIES)
    if rows["row"].nunique() > len(palette):
        palette = colormaps["tab20"].colors
    banded = False
    for k, (row, part) in enumerate(rows.groupby("row", sort=False)):
        colour = palette[k % len(palette)]
        if (part["articles"] > 1).any():
            ax.fill_between(part["words"], part["ttr_q1"], part["ttr_q3"], color=colour, alpha=0.15, linewidth=0)
            ax.fill_between(part["words"], part["mattr_q1"], part["mattr_q3"], color=colour, alpha=0.15,
                            linewidth=0)
            banded = True
        ax.plot(part["words"], part["ttr_median"], "-", color=colour, label=row)
        ax.plot(part["words"], part["mattr_median"], "--", color=colour)
    ax.plot([], [], "-", color=INK, label="TTR (solid)")
    ax.plot([], [], "--", color=INK, label="MATTR (dashed)")
    if banded:
        ax.fill_between([], [], [], color=INK, alpha=0.15, linewidth=0,
                        label="median; shaded: middle half of the articles")
    ax.set_xlabel("words read from the start of the article")
    ax.set_ylabel("type–token ratio")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)


def plot_dispersion(hits: pd.DataFrame, labels: pd.Series, ax, title: str = "", bins: int = 10) -> None:
    """AntConc-style dispersion plot on ``ax``: one row per distinct label of ``labels`` (indexed by ``doc_id``:
    article labels, or :func:`presslens.analyses.overview.figure_rows`), all of them, so a row without hits is empty,
    with the number of hits at the right. With one article per row, a tick at each hit's relative
    ``position`` from :func:`kwic`; when rows pool articles, each row is a strip shaded by the share of its
    hits in each of ``bins`` equal parts of the article (:func:`dispersion_by_row`), and the count at the
    right says how many of its articles the hits come from."""
    if labels.is_unique:
        names = list(labels.values)
        for row, doc in enumerate(labels.index):
            pos = hits.loc[hits["doc_id"] == doc, "position"]
            ax.vlines(pos, row - 0.35, row + 0.35, color="#08306b", linewidth=1.5)
            ax.text(1.01, row, str(len(pos)), va="center", fontsize=8, transform=ax.get_yaxis_transform())
    else:
        table = dispersion_by_row(hits, labels, bins)
        names = list(table.index)
        shares = table.drop(columns=["hits", "articles"]).to_numpy()
        edges = np.linspace(0, 1, bins + 1)
        darkest = max(shares.max(), 1e-9)   # one colour scale for the panel, so that rows compare
        for row, (share, n_hits, n_docs) in enumerate(zip(shares, table["hits"], table["articles"])):
            ax.pcolormesh(edges, [row - 0.35, row + 0.35], share[None, :], cmap="Blues", vmin=0, vmax=darkest)
            ax.text(1.01, row, f"{n_hits} in {n_docs} art.", va="center", fontsize=8,
                    transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    for y in np.arange(len(names) - 1) + 0.5:
        ax.axhline(y, color="#dddddd", linewidth=0.6)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
