"""Figures that regenerate byte-identical: fixed size, dpi and fonts, no timestamps or software tags.

``figure()`` makes a Figure that pyplot does not manage, so a notebook displays it exactly once (as the
cell's last expression) and no figure state leaks between cells; ``save_figure()`` writes PNG and SVG.
"""
from __future__ import annotations

import io
from pathlib import Path

from .fileio import write_bytes

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


def _show_figures_inline() -> None:
    """Inside IPython, register the PNG formatter for Figures. It is normally set up by importing pyplot
    with the inline backend, which these figures bypass; without it a notebook shows « <Figure size …> »."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")


def figure(nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (9, 5), **kwargs):
    """Return ``(fig, axes)`` for a new figure in the house style (axes as ``plt.subplots`` returns them)."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(STYLE)
    _show_figures_inline()
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def save_figure(fig, name: str, directory: str | Path) -> list[Path]:
    """Write ``<directory>/<name>.png`` and ``.svg`` atomically, without metadata; return the paths.

    ``name`` is ``NN_notebook-what`` so a figure says which notebook made it.
    """
    directory = Path(directory)
    written = []
    for fmt, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=meta)
        path = directory / f"{name}.{fmt}"
        write_bytes(path, buffer.getvalue())
        written.append(path)
    return written
