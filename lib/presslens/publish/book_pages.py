"""The book's own pages, as MyST markdown: the home page, the figure gallery and the corpus datasheet.

The notebooks are the book's chapters; these pages are written beside them when the book is staged.
Figures are referred to as ``figures/<name>.png`` (the staging copies them there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .captions import Caption

HOME, GALLERY, DATASHEET = "index", "gallery", "corpus"


@dataclass(frozen=True)
class Chapter:
    """One notebook of the book: its ``stem`` (``NN_topic``), title and research question (markdown)."""

    stem: str
    title: str
    question: str


def notebook_summary(nb) -> tuple[str, str]:
    """``(title, research question)`` from a notebook's first markdown cell (markdown text, may be empty).

    The title is the first ``#`` heading; the question is the paragraph that starts with « Research
    question », else the first paragraph after the title that is not a heading.
    """
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", first) if p.strip()]
    title = next((p.splitlines()[0].lstrip("#").strip() for p in paragraphs if p.startswith("# ")), "")
    for p in paragraphs:
        label = re.match(r"\**\s*Research question\s*[.:]?\s*\**[.:]?\s*", p, flags=re.IGNORECASE)
        if label:
            return title, p[label.end():].strip()
    prose = [p for p in paragraphs if not p.startswith("#")]
    return title, prose[0] if prose else ""


def figure_block(caption: Caption, text: str, width: str | None = None) -> str:
    """A MyST ``figure`` directive for ``figures/<name>.png`` with its alt text and ``text`` as caption."""
    options = f":alt: {caption.alt}\n" + (f":width: {width}\n" if width else "")
    return f"````{{figure}} figures/{caption.name}.png\n{options}\n{text}\n````\n"


def toctrees(chapters: list[Chapter]) -> str:
    """The hidden tables of contents that order the book: the notebooks, then the gallery and the datasheet."""
    notebooks = "\n".join(chapter.stem for chapter in chapters)
    return (f"```{{toctree}}\n:hidden:\n:caption: Notebooks\n\n{notebooks}\n```\n\n"
            f"```{{toctree}}\n:hidden:\n:caption: Around the notebooks\n\n{GALLERY}\n{DATASHEET}\n```\n")


def home_page(chapters: list[Chapter], captions: dict[str, Caption]) -> str:
    """The home page: each notebook with its research question and its first figure, then the contents."""
    sections = []
    for chapter in chapters:
        first = next((c for c in captions.values() if c.notebook == chapter.stem), None)
        question = chapter.question or "*No research question stated.*"
        shown = figure_block(first, f"{first.title or first.name}", width="480px") if first else ""
        sections.append(f"## [{chapter.title}]({chapter.stem}.ipynb)\n\n{question}\n\n{shown}")
    listing = "\n".join(sections) if sections else "*No notebooks yet.*\n"
    return ("# presslens\n\nEach notebook as `make report` last executed it: open one (the contents are on the "
            "left) to read its method, figures, findings and limits; the code of each cell is folded under "
            f"its output. Every figure is in the [gallery]({GALLERY}.md); where the articles come from is in "
            f"the [corpus datasheet]({DATASHEET}.md).\n\n{listing}\n{toctrees(chapters)}")


def gallery_page(chapters: list[Chapter], captions: dict[str, Caption]) -> str:
    """The gallery: every figure under the notebook that made it, captioned with its title, what to read in
    it and its file name."""
    titles = {chapter.stem: chapter.title for chapter in chapters}
    groups: dict[str | None, list[Caption]] = {}
    for caption in sorted(captions.values(), key=lambda c: c.name):
        groups.setdefault(caption.notebook if caption.notebook in titles else None, []).append(caption)
    sections = []
    for stem, members in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or "")):
        heading = (f"## {titles[stem]}\n\nFrom [{stem}]({stem}.ipynb)." if stem
                   else "## Other figures\n\nNo notebook of this book saves these.")
        blocks = [figure_block(c, f"**{c.title or c.name}.** {c.reading} (`{c.name}.png`)".replace(" . ", " "))
                  for c in members]
        sections.append(heading + "\n\n" + "\n".join(blocks))
    body = "\n".join(sections) if sections else "*No figures yet.*\n"
    return (f"# Figures\n\n{len(captions)} figure(s) written by the notebooks; a figure's name starts with the "
            f"name of the notebook that made it.\n\n{body}")


def datasheet_page(readme: Path) -> str:
    """The corpus datasheet (the corpus's ``README.md``) as it is; says so when the corpus has none."""
    if readme.is_file():
        return readme.read_text(encoding="utf-8")
    return "# Corpus datasheet\n\nThis corpus has no `README.md` datasheet.\n"
