"""Figures that regenerate byte-identical: fixed size, dpi and fonts, no timestamps or software tags.

``figure()`` makes a Figure that pyplot does not manage, so a notebook displays it exactly once (as the
cell's last expression) and no figure state leaks between cells; ``save_figure()`` writes PNG and SVG. A
notebook shows the very PNG that was saved (rendering is the slow part of a figure: it is done once per
format), at the size the figure was drawn for.
"""
from __future__ import annotations

import io
from pathlib import Path

from ..fileio import write_bytes

DPI = 150
STYLE = {
    "font.family": "DejaVu Sans",   # ships with matplotlib: the same glyphs on every machine
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "svg.hashsalt": "presslens",    # SVG element ids derive from this, not from a random salt
    "svg.fonttype": "path",
    "image.cmap": "viridis",
}


PNG_METADATA = {"Software": None}


def figure_title(fig) -> str:
    """What the figure says it shows: its suptitle, else its axes' titles joined with « ; » ("" if none)."""
    suptitle = fig.get_suptitle().strip()
    if suptitle:
        return suptitle
    titles = (ax.get_title(loc).strip() for ax in fig.axes for loc in ("left", "center", "right"))
    return "; ".join(dict.fromkeys(t for t in titles if t))


def _png(fig) -> bytes:
    """The figure as PNG bytes at :data:`DPI`, with its title (:func:`figure_title`) as its only metadata,
    so the site can give it an alt text."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA | {"Title": figure_title(fig)})
    return buffer.getvalue()


def _display_png(fig) -> tuple[bytes, dict]:
    """What a notebook shows for ``fig``: the PNG :func:`save_figure` wrote, or a new one, displayed at
    the figure's size in inches at 100 pixels per inch (sharp on high-density screens)."""
    data = getattr(fig, "_presslens_png", None) or _png(fig)
    return data, {"width": round(fig.get_figwidth() * 100), "height": round(fig.get_figheight() * 100)}


def _show_figures_inline() -> None:
    """Inside IPython, register the PNG formatter for Figures. It is normally set up by importing pyplot
    with the inline backend, which these figures bypass; without it a notebook shows « <Figure size …> »."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        from matplotlib.figure import Figure

        shell.display_formatter.formatters["image/png"].for_type(Figure, _display_png)


def figure(nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (9, 5), **kwargs):
    """Return ``(fig, axes)`` for a new figure in the house style (axes as ``plt.subplots`` returns them)."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(STYLE)
    _show_figures_inline()
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def _lay_out(fig) -> None:
    """Run ``fig``'s layout engine once, at the PNG's dpi, then remove the engine, so that the layout is fixed.

    ``savefig`` of a figure with a layout engine (even the placeholder « none ») draws it twice: once without
    rendering, to lay it out, then for real. Laying it out here, as that first draw does, lets the PNG and the
    SVG each be drawn once, in the same bytes."""
    engine = fig.get_layout_engine()
    if engine is None:
        return
    dpi = fig.dpi
    fig.dpi = DPI   # as savefig sets it while it lays the figure out for the PNG
    try:
        engine.execute(fig)
    finally:
        fig.dpi = dpi
    fig.set_layout_engine(None)   # None, not "none": a placeholder engine would bring the extra draw back


def save_figure(fig, name: str, directory: str | Path) -> list[Path]:
    """Write ``<directory>/<name>.png`` and ``.svg`` atomically, without metadata; return the paths.

    ``name`` is ``NN_notebook-what`` so a figure says which notebook made it.
    """
    directory = Path(directory)
    _lay_out(fig)
    fig._presslens_png = _png(fig)
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", dpi=DPI, metadata={"Date": None, "Creator": None, "Title": figure_title(fig)})
    written = [directory / f"{name}.png", directory / f"{name}.svg"]
    write_bytes(written[0], fig._presslens_png)
    write_bytes(written[1], svg.getvalue())
    return written
