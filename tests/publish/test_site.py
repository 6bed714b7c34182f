"""The static site (``presslens site``), built from small notebooks, figures and a datasheet made here."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from presslens.cli import main
from presslens.errors import CorpusError
from presslens.publish.site import build_site, external_resources, notebook_summary, png_size

NOTEBOOKS = {
    "00_alpha": "# 00 · Alpha\n\n**Research question.** Who speaks first?\n\n**What you will see.** A table.",
    "01_beta": "# 01 · Beta\n\nWhich words recur?\n\nSee [alpha](00_alpha.ipynb#Top), [the datasheet]"
               "(../corpus/README.md), [a figure](../figures/01_beta-words.png) and [code](../lib/x.py).",
}
FIGURES = ["00_alpha-bars.png", "00_alpha-lines.png", "01_beta-words.png", "99_orphan-plot.png"]


def tiny_png(width: int = 2, height: int = 1) -> bytes:
    """A valid grey PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def write_notebook(path: Path, markdown: str) -> None:
    """A notebook whose first cell is ``markdown``, then one code cell (not executed: nothing to run here)."""
    nbformat.write(new_notebook(cells=[new_markdown_cell(markdown), new_code_cell("1 + 1")]), path)


@pytest.fixture
def project(tmp_path) -> dict[str, Path]:
    """notebooks/, figures/ and corpus/ (with a datasheet) under ``tmp_path``, and where the site goes."""
    dirs = {name: tmp_path / name for name in ("notebooks", "figures", "corpus")}
    for directory in dirs.values():
        directory.mkdir()
    for stem, markdown in NOTEBOOKS.items():
        write_notebook(dirs["notebooks"] / f"{stem}.ipynb", markdown)
    for n, name in enumerate(FIGURES):
        (dirs["figures"] / name).write_bytes(tiny_png(width=n + 1))
    (dirs["corpus"] / "README.md").write_text("# Corpus datasheet\n\n| field | meaning |\n| --- | --- |\n"
                                              "| `doc_id` | id |\n\nSee [the raw files](raw/).\n", encoding="utf-8")
    return dirs | {"out": tmp_path / "site"}


def build(project: dict[str, Path]) -> list[Path]:
    """Build the site of ``project``."""
    return build_site(project["notebooks"], project["figures"], project["corpus"], project["out"])


def read(project: dict[str, Path], name: str) -> str:
    """One page of the built site."""
    return (project["out"] / name).read_text(encoding="utf-8")


def test_index_lists_every_notebook_with_question_and_key_figure(project):
    build(project)
    index = read(project, "index.html")
    assert index.index('href="00_alpha.html">00 · Alpha') < index.index('href="01_beta.html">01 · Beta')
    assert "Who speaks first?" in index and "Which words recur?" in index
    assert 'src="figures/00_alpha-bars.png"' in index and "00_alpha-lines.png" not in index
    assert 'width="1" height="1"' in index  # the PNG's own size, so the layout does not jump


def test_gallery_lists_every_figure_with_its_notebook(project):
    build(project)
    gallery = read(project, "gallery.html")
    for name in FIGURES:
        assert f'<img src="figures/{name}"' in gallery
        assert (project["out"] / "figures" / name).read_bytes() == (project["figures"] / name).read_bytes()
    assert "<code>01_beta-words.png</code> · from <a href=\"01_beta.html\">01 · Beta</a>" in gallery
    assert "<code>99_orphan-plot.png</code> · from no notebook" in gallery


def test_every_page_has_navigation_and_no_external_url(project):
    written = build(project)
    pages = sorted(p.name for p in written if p.suffix == ".html")
    assert pages == ["00_alpha.html", "01_beta.html", "corpus.html", "gallery.html", "index.html"]
    for name in pages:
        text = read(project, name)
        assert '<nav class="pl-nav"' in text and 'href="gallery.html"' in text, name
        assert external_resources(text) == [], name
        assert "cdnjs" not in text and "mathjax" not in text.lower(), name


def test_notebook_links_point_into_the_site(project):
    build(project)
    beta = read(project, "01_beta.html")
    assert 'href="00_alpha.html#Top"' in beta and 'href="corpus.html"' in beta
    assert 'href="figures/01_beta-words.png"' in beta
    assert ">code</a>" in beta and "x.py" not in beta  # outside the site: the text stays, the link goes


def test_datasheet_is_rendered_with_tables(project):
    build(project)
    datasheet = read(project, "corpus.html")
    assert "<table>" in datasheet and "<code>doc_id</code>" in datasheet
    assert "the raw files" in datasheet and 'href="raw/"' not in datasheet


def test_rebuild_is_byte_identical_and_drops_vanished_pages(project):
    first = {p: p.read_bytes() for p in build(project)}
    assert {p: p.read_bytes() for p in build(project)} == first
    (project["notebooks"] / "01_beta.ipynb").unlink()
    build(project)
    assert not (project["out"] / "01_beta.html").exists()
    assert (project["out"] / "00_alpha.html").exists()


def test_a_remote_image_stops_the_build_and_writes_nothing(project):
    write_notebook(project["notebooks"] / "02_gamma.ipynb", '# 02 · Gamma\n\n<img src="https://example.org/a.png">')
    with pytest.raises(CorpusError, match=r"02_gamma.html: would load https://example.org/a.png"):
        build(project)
    assert not project["out"].exists()


@pytest.mark.parametrize("document, remote", [
    ('<script src="https://cdn.example/require.js"></script>', ["https://cdn.example/require.js"]),
    ('<img src="//cdn.example/a.png">', ["//cdn.example/a.png"]),
    ('<link rel="stylesheet" href="http://cdn.example/a.css">', ["http://cdn.example/a.css"]),
    ('<script type="module">const m = await import("https://cdn.example/m.mjs");</script>',
     ["https://cdn.example/m.mjs"]),
    ("<style>@import url('https://fonts.example/f.css');</style>", ["https://fonts.example/f.css"]),
    ('<a href="https://example.org">a link is not fetched</a><img src="data:image/png;base64,AA==">', []),
    ('<div style="background: url(https://cdn.example/bg.png)"></div>', ["https://cdn.example/bg.png"]),
    ("<style>/* colours from https://example.org */</style>", []),
])
def test_external_resources_finds_what_a_browser_would_fetch(document, remote):
    assert external_resources(document) == remote


def test_notebook_summary_falls_back_to_the_first_paragraph():
    nb = new_notebook(cells=[new_markdown_cell("# 03 · Gamma\n\n## Why\n\nWhat changed?")])
    assert notebook_summary(nb) == ("03 · Gamma", "What changed?")
    assert notebook_summary(new_notebook(cells=[new_code_cell("1")])) == ("", "")


def test_png_size_reads_the_header():
    assert png_size(tiny_png(width=7, height=3)) == (7, 3)
    assert png_size(b"GIF89a") is None


def test_site_command(project, capsys):
    code = main(["site", "--corpus", str(project["corpus"]), "--notebooks", str(project["notebooks"]),
                 "--figures", str(project["figures"]), "--out", str(project["out"])])
    assert code == 0 and (project["out"] / "index.html").is_file()
    assert "index.html" in capsys.readouterr().out
    assert main(["site", "--corpus", str(project["corpus"]), "--notebooks", str(project["out"] / "none")]) == 1
