"""Figures of the framing notebook (04): annotated heatmaps and share of voice."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..palette import INTERVAL, POINT


def plot_annotated_grid(table: pd.DataFrame, ax, fmt: str = "{:.2f}", cmap: str = "Blues",
                        vmax: float | None = None) -> None:
    """A labelled heatmap of ``table`` on ``ax`` on a scale from 0 to ``vmax`` (default: the largest value),
    every cell annotated so that it reads without a colour key (unlike
    :func:`presslens.publish.plots.entities.plot_heatmap`, which draws one)."""
    values = table.to_numpy(dtype=float)
    top = vmax if vmax is not None else (np.nanmax(values) if values.size else 1)
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=top or 1, aspect="auto")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index], fontsize=8)
    for (r, c), v in np.ndenumerate(values):
        if not np.isnan(v):
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=7,
                    color="white" if top and v > 0.6 * top else "black", in_layout=False)
    return image


def plot_share_of_voice_by_camp(shares: pd.DataFrame, axes, camps: list[str], order=None) -> None:
    """One panel per camp of ``camps`` (on ``axes``, which should share their y axis): each group's share of
    quotes from that camp (dot) with its 95 % bootstrap interval (bar), one row per group, in the same order
    on every panel: that of ``order`` (groups without quotes left out), else alphabetical. For many groups,
    where :func:`plot_share_of_voice`'s one row per group and camp is too many. A group that never quotes the
    camp shows a share of 0."""
    present = set(shares["group"])
    groups = [g for g in order if g in present] if order is not None else sorted(present)
    top = shares.loc[shares["camp"].isin(camps), "high"].max()
    for ax, camp in zip(axes, camps):
        data = shares[shares["camp"] == camp].set_index("group")[["share", "low", "high"]]
        data = data.reindex(groups, fill_value=0.0)
        ax.hlines(range(len(groups)), data["low"], data["high"], color=INTERVAL, linewidth=3)
        ax.plot(data["share"], range(len(groups)), "o", color=POINT, markersize=4)
        ax.set_title(camp, fontsize=9)
        ax.set_xlim(0, min(1, 1.05 * top))
        ax.tick_params(axis="x", labelsize=7)
    axes[0].set_yticks(range(len(groups)), groups, fontsize=7)
    axes[0].invert_yaxis()


def plot_share_of_voice(shares: pd.DataFrame, ax, camps: list[str]) -> None:
    """Dots with 95 % bootstrap intervals: each camp's share of quotes, one row per group and camp."""
    data = shares[shares["camp"].isin(camps)].copy()
    data["row"] = data["group"] + " · " + data["camp"]
    data = data.sort_values(["group", "share"], ascending=[True, True], kind="stable").reset_index(drop=True)
    ax.hlines(range(len(data)), data["low"], data["high"], color=INTERVAL, linewidth=3)
    ax.plot(data["share"], range(len(data)), "o", color=POINT)
    ax.set_yticks(range(len(data)), [f"{r} (n={q})" for r, q in zip(data["row"], data["quotes"])], fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the group's quotes (dot) with 95 % bootstrap interval (bar)")
