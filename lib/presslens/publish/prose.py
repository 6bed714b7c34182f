"""Findings as prose: the sentences a notebook's code writes from its numbers, shown as a Markdown list (in
JupyterLab and on the book's pages) instead of printed monospace text."""
from __future__ import annotations


def show_findings(lines: list[str]) -> None:
    """Show ``lines`` (one finding each, written by the code from the numbers; a leading « - » is optional) as
    one bulleted Markdown list in a notebook; outside IPython, print them as the same list."""
    text = "\n".join(line if line.startswith("- ") else f"- {line}" for line in lines)
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:   # presslens runs without IPython too (scripts, the command line)
        print(text)
        return
    if get_ipython() is None:
        print(text)
    else:
        display(Markdown(text))


def share_text(share: float, low: float, high: float, articles: int, rows: int | None = None,
               what: str = "") -> str:
    """A share as a finding states it, in per cent, with its n and its interval: « 42 % of 1,234 words (95 %
    interval 30–55 %, resampling 5 articles) », or, when ``low`` is NaN (too few articles for an interval),
    « 42 % of 1,234 words (2 articles: too few for an interval, it describes these texts) ». ``what`` names
    the rows counted (« words »)."""
    articles = int(articles)
    of = f" of {int(rows):,} {what}".rstrip() if rows is not None else ""
    plural = "s" if articles != 1 else ""
    if low != low:   # NaN: no interval
        return (f"{100 * share:.0f} %{of} ({articles} article{plural}: too few for an interval, it describes "
                "these texts)")
    return (f"{100 * share:.0f} %{of} (95 % interval {100 * low:.0f}–{100 * high:.0f} %, resampling {articles} "
            f"article{plural})")


def share_cell(share: float, low: float, high: float, articles: int) -> str:
    """A share for a table cell: « 42 % [30–55] (5 art.) », or « 42 % (2 art.) » without an interval."""
    if share != share:
        return "–"
    interval = "" if low != low else f" [{100 * low:.0f}–{100 * high:.0f}]"
    return f"{100 * share:.0f} %{interval} ({int(articles)} art.)"
