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
