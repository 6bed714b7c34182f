"""What each figure shows, for its alt text and its caption in the book.

A figure's title is the one it carries (``save_figure`` writes the figure's title into the PNG); what to read
in it is the paragraph of its notebook that introduces it (the house skeleton introduces every figure by what
to look for), found as the last paragraph of the markdown cell before the code cell that saves it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# save_figure(fig, "NN_topic-what", ...): the figure's name is the second argument, a string literal.
SAVED_NAME = re.compile(r"""save_figure\(\s*[^,()]+,\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class Caption:
    """One figure: its ``name`` (``NN_topic-what``), the ``title`` it carries, ``reading`` (what to read in it,
    markdown) and the ``notebook`` (stem) and code ``cell`` (index) that save it; "" or None when unknown."""

    name: str
    title: str = ""
    reading: str = ""
    notebook: str | None = None
    cell: int | None = None

    @property
    def alt(self) -> str:
        """One line of plain text: the title, then what to read in the figure."""
        parts = [plain_text(self.title).rstrip("."), plain_text(self.reading)]
        text = ". ".join(p for p in parts if p)
        return text or f"Figure {self.name} (it records no title and no notebook introduces it)"


def plain_text(markdown: str) -> str:
    """``markdown`` as one line of plain text: emphasis (``*``), code marks, heading marks and link targets
    dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"[*`]+", "", text)  # not « _ »: parameter names such as MAX_ARTICLES keep theirs
    return " ".join(text.split())


def png_title(path: Path) -> str:
    """The ``Title`` a PNG file carries ("" when it has none or is not a PNG Pillow can read)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return str(getattr(image, "text", {}).get("Title", ""))
    except (UnidentifiedImageError, OSError):
        return ""


def introduction(cells: list, index: int) -> str:
    """The last paragraph of the nearest markdown cell before ``cells[index]`` (markdown; "" if none)."""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cell.source) if p.strip()]
            prose = [p for p in paragraphs if not p.startswith("#")]
            return prose[-1] if prose else ""
    return ""


def saved_figures(notebook_stem: str, nb) -> dict[str, Caption]:
    """The figures a notebook node saves, by name, each with the paragraph introducing it (no title yet)."""
    found = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for name in SAVED_NAME.findall(cell.source):
            found.setdefault(name, Caption(name, reading=introduction(nb.cells, index), notebook=notebook_stem,
                                           cell=index))
    return found


def figure_captions(figures: list[Path], notebooks: dict[str, object]) -> dict[str, Caption]:
    """A :class:`Caption` for each PNG of ``figures``, by name, from ``notebooks`` (stem → notebook node)."""
    known: dict[str, Caption] = {}
    for stem, nb in notebooks.items():
        known |= {name: caption for name, caption in saved_figures(stem, nb).items() if name not in known}
    captions = {}
    for path in figures:
        base = known.get(path.stem, Caption(path.stem))
        captions[path.stem] = Caption(path.stem, png_title(path), base.reading, base.notebook, base.cell)
    return captions
