"""The book (``presslens site``), built from small notebooks, figures and a datasheet made here."""
from __future__ import annotations

import io
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from presslens.cli import main
from presslens.errors import CorpusError
from presslens.publish.book import MARKER, build_book

NOTEBOOKS = {
    "00_alpha": "# 00 · Alpha\n\n**Research question.** Who speaks first?\n\n**What you will see.** A table.",
    "01_beta": "# 01 · Beta\n\nWhich words recur?",
}
# name → (title the PNG carries, notebook that saves it); 99_orphan is saved by no notebook.
FIGURES = {"00_alpha-bars": ("Bars per article", "00_alpha"), "01_beta-words": ("Words – per outlet", "01_beta"),
           "99_orphan-plot": ("", None)}
PYTHON = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
          "language_info": {"name": "python"}}
INTRODUCTION = "The **tallest** bar is the `longest` article."


def png(title: str, width: int = 3) -> bytes:
    """A small grey PNG carrying ``title`` as its Title, as ``save_figure`` writes it."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    if title:
        info.add_text("Title", title)
    buffer = io.BytesIO()
    Image.new("L", (width, 2), 128).save(buffer, format="png", pnginfo=info)
    return buffer.getvalue()


def figure_cell(name: str, data: bytes):
    """An executed code cell that saves figure ``name`` and shows it (its committed output is the PNG)."""
    import base64

    cell = new_code_cell(f'pl.save_figure(fig, "{name}", FIGURES_DIR)\nfig', execution_count=2)
    cell.outputs = [new_output("execute_result", {"image/png": base64.b64encode(data).decode()}, execution_count=2)]
    return cell


def write_notebook(path: Path, markdown: str, figures: dict[str, bytes]) -> None:
    """A notebook: ``markdown``, a code cell whose committed output differs from what running it would give
    (so a re-execution would show), then each figure introduced by :data:`INTRODUCTION`."""
    stored = new_code_cell("40 + 2", execution_count=1)
    stored.outputs = [new_output("execute_result", {"text/plain": "stored output 41"}, execution_count=1)]
    cells = [new_markdown_cell(markdown), stored]
    for name, data in figures.items():
        cells += [new_markdown_cell(f"## {name}\n\n{INTRODUCTION}"), figure_cell(name, data)]
    nbformat.write(new_notebook(cells=cells, metadata=PYTHON), path)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> dict[str, Path]:
    """notebooks/, figures/ and corpus/ (with a datasheet) in a temporary directory, and where the book goes."""
    root = tmp_path_factory.mktemp("project")
    dirs = {name: root / name for name in ("notebooks", "figures", "corpus")}
    for directory in dirs.values():
        directory.mkdir()
    pngs = {name: png(title, width=n + 2) for n, (name, (title, _)) in enumerate(FIGURES.items())}
    for stem, markdown in NOTEBOOKS.items():
        own = {name: pngs[name] for name, (_, owner) in FIGURES.items() if owner == stem}
        write_notebook(dirs["notebooks"] / f"{stem}.ipynb", markdown, own)
    for name, data in pngs.items():
        (dirs["figures"] / f"{name}.png").write_bytes(data)
    (dirs["corpus"] / "README.md").write_text("# Corpus datasheet\n\n| field | meaning |\n| --- | --- |\n"
                                              "| `doc_id` | id |\n", encoding="utf-8")
    return dirs | {"out": root / "build" / "site"}


@pytest.fixture(scope="module")
def book(project) -> list[Path]:
    """The pages of the book of ``project``, built once for the module."""
    return build_book(project["notebooks"], project["figures"], project["corpus"], project["out"])


def read(project: dict[str, Path], name: str) -> str:
    """One page of the built book."""
    return (project["out"] / name).read_text(encoding="utf-8")


def test_pages_in_reading_order_with_previous_and_next(project, book):
    assert [p.name for p in book] == ["index.html", "00_alpha.html", "01_beta.html", "gallery.html", "corpus.html"]
    assert all(p.is_file() for p in book)
    assert (project["out"] / "search.html").is_file() and (project["out"] / "searchindex.js").is_file()
    alpha = read(project, "00_alpha.html")
    assert re.search(r'class="left-prev"\s+href="index.html"', alpha)
    assert re.search(r'class="right-next"\s+href="01_beta.html"', alpha)
    assert 'href="gallery.html"' in alpha and 'href="corpus.html"' in alpha  # the contents, on every page


def test_home_page_gives_each_question_and_first_figure(project, book):
    index = read(project, "index.html")
    assert index.index('href="00_alpha.html"') < index.index('href="01_beta.html"')
    assert "Who speaks first?" in index and "Which words recur?" in index
    assert 'alt="Bars per article. The tallest bar is the longest article."' in index


def test_notebooks_are_shown_as_committed_with_code_folded(project, book):
    alpha = read(project, "00_alpha.html")
    assert "stored output 41" in alpha and ">42<" not in alpha  # not re-executed
    assert alpha.count('<details class="admonition hide above-input">') == 2  # both code cells folded
    assert "40" in alpha and "+" in alpha  # the folded code is still there to open
    assert not list(project["notebooks"].glob("*.ipynb.*")), "the committed notebooks are not rewritten"


def test_every_figure_has_its_title_and_reading_as_alt_text(project, book):
    gallery = read(project, "gallery.html")
    gallery = gallery[gallery.index("<article"):]  # the page itself, not the contents beside it
    assert 'alt="Bars per article. The tallest bar is the longest article."' in gallery
    assert 'alt="Words – per outlet. The tallest bar is the longest article."' in gallery
    assert 'alt="Figure 99_orphan-plot (it records no title and no notebook introduces it)"' in gallery
    assert gallery.index("00 · Alpha") < gallery.index("01 · Beta") < gallery.index("Other figures")
    assert len(re.findall(r"<img ", gallery)) == len(FIGURES)
    # the figure in the notebook page carries the same alt text
    assert 'alt="Words – per outlet. The tallest bar is the longest article."' in read(project, "01_beta.html")


def test_datasheet_is_a_page_with_its_table(project, book):
    datasheet = read(project, "corpus.html")
    assert "<table" in datasheet and "doc_id" in datasheet


def test_no_page_loads_anything_remote(project, book):
    from presslens.publish.offline import external_resources

    pages = sorted(project["out"].rglob("*.html"))
    assert len(pages) >= len(book)
    for page in pages:
        assert external_resources(page.read_text(encoding="utf-8")) == [], page.name
        assert "mathjax" not in page.read_text(encoding="utf-8").lower(), page.name


@pytest.fixture
def copy_of(project, tmp_path):
    """A writable copy of the project (notebooks, figures, corpus), with its book not yet built."""
    import shutil

    dirs = {}
    for name in ("notebooks", "figures", "corpus"):
        dirs[name] = tmp_path / name
        shutil.copytree(project[name], dirs[name])
    return dirs | {"out": tmp_path / "site"}


def build(dirs: dict[str, Path]) -> list[Path]:
    return build_book(dirs["notebooks"], dirs["figures"], dirs["corpus"], dirs["out"])


def test_a_remote_image_stops_the_build_and_keeps_the_old_book(copy_of):
    build(copy_of)
    before = (copy_of["out"] / "index.html").read_bytes()
    nbformat.write(new_notebook(cells=[new_markdown_cell('# 02 · Gamma\n\n<img src="https://example.org/a.png">')]),
                   copy_of["notebooks"] / "02_gamma.ipynb")
    with pytest.raises(CorpusError, match=r"02_gamma.html: would load https://example.org/a.png"):
        build(copy_of)
    assert (copy_of["out"] / "index.html").read_bytes() == before
    assert not (copy_of["out"] / "02_gamma.html").exists()
    assert sorted(p.name for p in copy_of["out"].parent.iterdir()) == ["corpus", "figures", "notebooks", "site"]


def test_math_would_need_mathjax_from_the_network_so_it_stops_the_build(copy_of):
    nbformat.write(new_notebook(cells=[new_markdown_cell("# 02 · Gamma\n\n```{math}\nG^2\n```")]),
                   copy_of["notebooks"] / "02_gamma.ipynb")
    with pytest.raises(CorpusError, match=r"02_gamma.html: would load https://\S+mathjax"):
        build(copy_of)


def test_a_broken_link_stops_the_build_with_sphinx_s_warning(copy_of):
    nbformat.write(new_notebook(cells=[new_markdown_cell("# 02 · Gamma\n\nSee [nowhere](missing.ipynb).")]),
                   copy_of["notebooks"] / "02_gamma.ipynb")
    with pytest.raises(CorpusError, match=r"02_gamma.*missing"):
        build(copy_of)
    assert not copy_of["out"].exists()


def test_a_rebuild_replaces_the_book_but_not_another_directory(copy_of):
    build(copy_of)
    assert (copy_of["out"] / MARKER).is_file()
    (copy_of["notebooks"] / "01_beta.ipynb").unlink()
    build(copy_of)
    assert not (copy_of["out"] / "01_beta.html").exists() and (copy_of["out"] / "00_alpha.html").exists()
    foreign = copy_of["out"].parent / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(CorpusError, match="not a book presslens built"):
        build_book(copy_of["notebooks"], copy_of["figures"], copy_of["corpus"], foreign)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_the_book_replaces_the_site_the_former_renderer_wrote(copy_of):
    copy_of["out"].mkdir()
    (copy_of["out"] / ".presslens-site").write_text("index.html\nsite.css\n", encoding="utf-8")
    (copy_of["out"] / "site.css").write_text("body {}", encoding="utf-8")
    build(copy_of)
    assert (copy_of["out"] / MARKER).is_file() and not (copy_of["out"] / "site.css").exists()


def test_site_command(copy_of, capsys):
    args = ["site", "--corpus", str(copy_of["corpus"]), "--notebooks", str(copy_of["notebooks"]),
            "--figures", str(copy_of["figures"]), "--out", str(copy_of["out"])]
    assert main(args) == 0 and (copy_of["out"] / "index.html").is_file()
    assert "index.html" in capsys.readouterr().out
    assert main(["site", "--corpus", str(copy_of["corpus"]), "--notebooks", str(copy_of["out"] / "none")]) == 1
