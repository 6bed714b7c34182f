"""Figures of the framing notebook (04): annotated heatmaps, share of voice and reporting verbs by camp."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..palette import INTERVAL, INK, POINT, camp_colour


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


def plot_share_of_voice(shares: pd.DataFrame, ax, order=None, note: str = "", of: str = "camp",
                        colour=camp_colour, title: str = "speaker camp", last=("unknown",)) -> None:
    """Stacked horizontal bars: for each group (outlet, or figure row), the share of its quotes that each
    speaker camp has, one colour per camp (:data:`~presslens.publish.palette.CAMP_COLOURS`, camps in
    decreasing overall order, unattributed quotes last), the group's number of quotes at the right. Groups in
    the order of ``order`` (groups without quotes left out), else alphabetical; ``note`` goes under the axis
    (say there how often speakers are right). The intervals are in the table ``shares`` comes from. ``of``,
    ``colour`` (value → colour), ``title`` (of the legend) and ``last`` (values drawn last) draw another column
    of :func:`presslens.analyses.framing.share_of_voice` (``of=``) the same way."""
    present = set(shares["group"])
    groups = [g for g in order if g in present] if order is not None else sorted(present)
    totals = shares.groupby(of)["quotes"].sum()
    camps = [c for c in totals.sort_values(ascending=False, kind="stable").index if c not in last]
    camps += [c for c in last if c in totals.index]
    table = shares.pivot_table(index="group", columns=of, values="share", fill_value=0.0).reindex(
        index=groups, columns=camps, fill_value=0.0)
    left = np.zeros(len(groups))
    for camp in camps:
        ax.barh(range(len(groups)), table[camp], left=left, color=colour(camp), height=0.7,
                label=camp.replace("_", " "), edgecolor="white", linewidth=0.5)
        left += table[camp].to_numpy()
    n = shares.groupby("group")["quotes"].sum().reindex(groups)
    for y, count in enumerate(n):
        ax.text(1.01, y, f"n={int(count)}", va="center", fontsize=8, transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(groups)), groups, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the group's quotes" + (f"\n{note}" if note else ""), fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1), frameon=False, fontsize=8, title=title,
              title_fontsize=8)


def plot_verbs_by_camp(table: pd.DataFrame, ax) -> None:
    """A ranked dot plot of reporting verbs: one row per verb that occurs (most used first; evaluative verbs
    marked « (eval.) »), a dot per camp that uses it at its count, coloured by camp. ``table`` is
    :func:`presslens.analyses.framing.verbs_by_camp`'s (rows ``(type, verb)``, one column per camp)."""
    totals = table.sum(axis=1).sort_values(ascending=False, kind="stable")
    rows = list(totals.index)
    camps = [c for c in table.columns if table[c].sum() > 0]
    offsets = np.linspace(-0.25, 0.25, len(camps)) if len(camps) > 1 else [0.0]
    for camp, dy in zip(camps, offsets):
        counts = table.loc[rows, camp].to_numpy()
        y = np.flatnonzero(counts > 0)
        ax.plot(counts[y], y + dy, "o", color=camp_colour(camp), markersize=5, label=camp.replace("_", " "),
                linestyle="none")
    ax.set_yticks(range(len(rows)), [f"{verb}{' (eval.)' if kind == 'evaluative' else ''}" for kind, verb in rows],
                  fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, max(1, int(table.to_numpy().max())) + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_xlabel("quotes introduced by the verb")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8, title="speaker camp",
              title_fontsize=8)


def plot_qualified_rates(rates: pd.DataFrame, ax, order, claim: str, claim_label: str, min_sentences: int) -> None:
    """For each group (``order``, top to bottom), the share of its sentences stating ``claim`` that are
    qualified (a conditional or a hedge: the dark point, its interval the pale bar) and of its other sentences
    (the open point), from :func:`presslens.analyses.stance.qualified_rates` (``measure == "qualified"``). A
    share over fewer than ``min_sentences`` sentences is written as « k/n » at the left instead of a point, and
    a group without such sentences shows « none »; the number of sentences is at the right."""
    data = rates[rates["measure"] == "qualified"].set_index(["group", "claim"])
    for y, group in enumerate(order):
        labels = []
        for dy, which, filled in ((-0.17, claim, True), (0.17, "other", False)):
            if (group, which) not in data.index:
                ax.text(0.005, y + dy, "none", va="center", fontsize=7, color=INK)
                labels.append("0")
                continue
            r = data.loc[(group, which)]
            labels.append(str(int(r["n"])))
            if r["few"]:
                ax.text(0.005, y + dy, f"{int(r['hits'])}/{int(r['n'])}: too few", va="center", fontsize=7, color=INK)
                continue
            if r["low"] == r["low"]:   # not NaN
                ax.plot([r["low"], r["high"]], [y + dy] * 2, color=INTERVAL, linewidth=4, solid_capstyle="butt")
            ax.plot([r["share"]], [y + dy], "o", color=POINT, markersize=6,
                    markerfacecolor=POINT if filled else "white")
        ax.text(1.01, y, " / ".join(labels), va="center", fontsize=8, transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(order)), order, fontsize=8)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.plot([], [], "o", color=POINT, label=f"{claim_label}s")
    ax.plot([], [], "o", color=POINT, markerfacecolor="white", label="other sentences")
    ax.set_xlabel("share qualified (conditional or hedge), 95 % interval; n at the right: "
                  f"{claim_label}s / other sentences", fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1), frameon=False, fontsize=8)
