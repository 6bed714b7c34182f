"""Figures of the findings notebook (05): share of voice with its attribution error."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..palette import GREY, INK, camp_colour


def plot_voice_with_error(shares: pd.DataFrame, axes, order=None, note: str = "") -> None:
    """One panel per group (``axes``, a flat sequence at least as long as the groups; panels left over are
    switched off): a row per speaker camp, in the same order in every panel (the order of ``shares``), a dot
    at the share the quotes table gives the camp and a bar over its 95 % interval with attribution error
    (:func:`presslens.analyses.findings.share_of_voice_with_error`), one colour per camp. A panel's title gives
    the group, its articles and quotes, and whether its interval resamples articles or attribution only;
    ``note`` goes under the panels (say there how often speakers are right on held-out articles).
    Groups in the order of ``order`` (groups without quotes left out), else alphabetical. Camps that no group
    quotes and that no interval reaches are left out."""
    present = list(dict.fromkeys(shares["group"]))
    groups = [g for g in order if g in present] if order is not None else sorted(present)
    reached = shares.groupby("camp", sort=False).agg(count=("count", "sum"), high=("high", "max"))
    camps = [c for c in dict.fromkeys(shares["camp"]) if reached.loc[c, "count"] > 0 or reached.loc[c, "high"] > 0]
    axes = list(np.ravel(axes))
    for ax, group in zip(axes, groups):
        part = shares[shares["group"] == group].set_index("camp").reindex(camps)
        for y, camp in enumerate(camps):
            row = part.loc[camp]
            colour = camp_colour(camp)
            if pd.notna(row["low"]):
                ax.plot([row["low"], row["high"]], [y, y], color=colour, linewidth=5, alpha=0.35,
                        solid_capstyle="butt")
            ax.plot([row["share"]], [y], "o", color=colour, markersize=6, markeredgecolor=INK, markeredgewidth=0.5)
        first = part.iloc[0]
        articles, quotes = int(first["articles"]), int(first["quotes"])
        ax.set_title(f"{group}\n{articles} article{'s' if articles != 1 else ''} · {quotes} quotes · "
                     f"{'articles resampled' if first['resampled'] == 'articles and attribution' else 'texts fixed'}",
                     fontsize=8, loc="left")
        ax.set_yticks(range(len(camps)), [c.replace("_", " ") for c in camps], fontsize=8)
        ax.set_ylim(len(camps) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.5, 1], ["0", "0.5", "1"], fontsize=8)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.axvline(0, color=GREY, linewidth=0.6)
    for ax in axes[len(groups):]:
        ax.set_axis_off()
    if groups and note:
        axes[0].figure.supxlabel(note, fontsize=8)
