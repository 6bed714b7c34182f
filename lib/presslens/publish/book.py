"""``presslens site``: the executed notebooks as a book (MyST-NB and the Sphinx book theme) that reads offline.

The notebooks are used as committed, never re-executed. They are staged in a scratch directory with every
code cell tagged ``hide-input`` (the stack's convention: the code is folded under its output) and every
figure given its alt text; beside them go the home page, the figure gallery and the corpus datasheet. Sphinx
builds the book into a scratch directory, every warning stops the build, and so does any page that would
load something from the network; only then does the new book replace the old one.
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import CorpusError, Problem
from . import book_pages
from .captions import figure_captions
from .offline import external_resources
from .report import notebook_paths

MARKER = ".presslens-book"  # marks a directory this command built, so that a rebuild may replace it
# The manifest the hand-made site renderer (before the book) left in what it wrote: a checkout that ran it
# replaces that site with the book.
FORMER_MARKER = ".presslens-site"
HIDDEN_CODE = "hide-input"
# The book's icon (browsers ask for one): the initials on the accent colour of the old site's bar.
FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" '
           'fill="#1f4e79"/><text x="16" y="22" font-family="sans-serif" font-size="16" font-weight="bold" '
           'fill="#fff" text-anchor="middle">pl</text></svg>\n')
# Tags under which the stack already decides what to show of a cell: those cells are left as they are.
SHOWN_AS_TAGGED = {"hide-cell", "hide-input", "hide-output", "remove-cell", "remove-input", "remove-output"}

SPHINX_CONFIG = {
    "project": "presslens",
    "language": "en",
    "extensions": ["myst_nb"],
    "html_theme": "sphinx_book_theme",
    "html_title": "presslens",
    "html_theme_options": {
        "home_page_in_toc": True,
        "show_navbar_depth": 1,
        "show_toc_level": 2,
        "use_download_button": False,
        "use_fullscreen_button": False,
        "use_repository_button": False,
    },
    # A first visit (nothing stored yet) would otherwise start with an empty mode, which the theme logs as an
    # error before falling back; the reader can still switch to dark.
    "html_context": {"default_mode": "light"},
    "html_favicon": "favicon.svg",
    "nb_execution_mode": "off",         # the committed outputs are the result: never re-execute
    "html_copy_source": False,          # no _sources/ copies of the notebooks: the book links none
    "html_show_sourcelink": False,
    "html_permalinks_icon": "#",
    "exclude_patterns": ["_build"],
    # No math syntax is enabled (MyST's dollarmath stays off): Sphinx would fetch MathJax from a CDN for a
    # page with math, and the offline check would then stop the build, naming the page.
}


def stage_notebook(nb, captions: dict) -> object:
    """``nb`` (a notebook node, changed in place and returned) ready for the book: each code cell folded
    (``hide-input``) unless already tagged for display, and each cell that saves a figure gives its image
    that figure's alt text. Outputs are not touched."""
    alts = {caption.cell: caption.alt for caption in captions.values() if caption.cell is not None}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.setdefault("tags", [])
        if not SHOWN_AS_TAGGED & set(tags):
            tags.append(HIDDEN_CODE)
        if index in alts:
            cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alts[index]
    return nb


def stage(notebooks_dir: Path, figures_dir: Path, corpus_dir: Path, source: Path) -> list[str]:
    """Write the book's sources into ``source``: the staged notebooks, their figures and the book's pages.
    Returns the page names (document names, without suffix), home page first."""
    import nbformat

    notebooks = {path.stem: nbformat.read(path, as_version=4) for path in notebook_paths(notebooks_dir)}
    figures = sorted(figures_dir.glob("*.png"))
    captions = figure_captions(figures, notebooks)
    chapters = [book_pages.Chapter(stem, *book_pages.notebook_summary(nb)) for stem, nb in notebooks.items()]
    chapters = [c if c.title else book_pages.Chapter(c.stem, c.stem, c.question) for c in chapters]
    for stem, nb in notebooks.items():
        own = {name: c for name, c in captions.items() if c.notebook == stem}
        nbformat.write(stage_notebook(nb, own), source / f"{stem}.ipynb")
    (source / "figures").mkdir()
    for figure in figures:
        shutil.copyfile(figure, source / "figures" / figure.name)
    pages = {book_pages.HOME: book_pages.home_page(chapters, captions),
             book_pages.GALLERY: book_pages.gallery_page(chapters, captions),
             book_pages.DATASHEET: book_pages.datasheet_page(corpus_dir / "README.md")}
    for name, text in pages.items():
        (source / f"{name}.md").write_text(text, encoding="utf-8")
    (source / SPHINX_CONFIG["html_favicon"]).write_text(FAVICON, encoding="utf-8")
    return [book_pages.HOME, *notebooks, book_pages.GALLERY, book_pages.DATASHEET]


def run_sphinx(source: Path, out: Path, doctrees: Path) -> list[str]:
    """Build the HTML book of ``source`` into ``out``; return Sphinx's warnings (one string each)."""
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()  # the warnings are read as text, not shown on a terminal
    warnings = io.StringIO()
    with patch_docutils(source), docutils_namespace():
        app = Sphinx(str(source), None, str(out), str(doctrees), "html", confoverrides=SPHINX_CONFIG,
                     status=None, warning=warnings, freshenv=True, parallel=0)
        app.build(force_all=True)
    # Named as the reader knows them (00_corpus.ipynb), not by the scratch directory they were built in.
    return [line.replace(f"{source}{os.sep}", "") for line in warnings.getvalue().splitlines() if line.strip()]


def remote_loads(out: Path) -> list[Problem]:
    """A problem for each page of the built book that would load a file from the network."""
    return [Problem(page.relative_to(out).as_posix(), f"would load {url} from the network")
            for page in sorted(out.rglob("*.html"))
            for url in external_resources(page.read_text(encoding="utf-8"))]


def replace_directory(built: Path, out: Path) -> None:
    """Put ``built`` at ``out``; an ``out`` that exists must be a book this command built (or empty)."""
    if out.exists():
        if any(out.iterdir()) and not any((out / name).is_file() for name in (MARKER, FORMER_MARKER)):
            raise CorpusError([Problem(str(out), "exists and is not a book presslens built; give another --out "
                                                 "or remove it")], heading="Cannot write the book")
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.rename(out, old / out.name)
        os.rename(built, out)
        shutil.rmtree(old)
    else:
        os.rename(built, out)


def build_book(notebooks_dir: Path, figures_dir: Path, corpus_dir: Path, out: Path) -> list[Path]:
    """Build the book into ``out``; return its HTML pages, home page first, in reading order.

    Raises :class:`CorpusError` when ``notebooks_dir`` is missing, listing every Sphinx warning, or naming
    each page that would load something from the network; then ``out`` is left as it was.
    """
    notebooks_dir, figures_dir, corpus_dir, out = (Path(p).resolve() for p in (notebooks_dir, figures_dir,
                                                                                corpus_dir, out))
    if not notebooks_dir.is_dir():
        raise CorpusError([Problem(str(notebooks_dir), "is not a directory")], heading="No notebooks to render")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Everything is built in a scratch directory beside ``out`` (MyST-NB writes beside Sphinx's output, and
    # the finished book is renamed into place, which needs the same file system).
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.build.", dir=out.parent))
    try:
        source, built = scratch / "source", scratch / "html"
        source.mkdir()
        pages = stage(notebooks_dir, figures_dir, corpus_dir, source)
        warnings = run_sphinx(source, built, scratch / "doctrees")
        if warnings:
            raise CorpusError([Problem("sphinx", w) for w in warnings], heading="The book did not build cleanly")
        problems = remote_loads(built)
        if problems:
            raise CorpusError(problems, heading="The book must read offline, but some pages load remote files")
        (built / MARKER).write_text("Built by `presslens site`; the next build replaces this directory.\n",
                                    encoding="utf-8")
        replace_directory(built, out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [out / f"{page}.html" for page in pages]
