"""Figure titles and alt texts: the title a figure carries, the paragraph that introduces it."""
from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from presslens.publish.book_pages import notebook_summary
from presslens.publish.captions import Caption, figure_captions, plain_text, png_title
from presslens.publish.figures import figure, figure_title, save_figure


def test_a_saved_figure_carries_its_title(tmp_path):
    fig, axes = figure(1, 2, size=(4, 3))
    axes[0].set_title("Témoin – gauche")
    axes[1].set_title("droite")
    png, svg = save_figure(fig, "99_test-pair", tmp_path)
    assert png_title(png) == "Témoin – gauche; droite"
    assert "<title>Témoin – gauche; droite</title>" in svg.read_text(encoding="utf-8")
    fig.suptitle("Both panels")
    assert figure_title(fig) == "Both panels"


def test_png_title_of_a_file_that_is_no_png(tmp_path):
    (tmp_path / "a.png").write_bytes(b"GIF89a")
    assert png_title(tmp_path / "a.png") == ""


def test_captions_come_from_the_cell_that_saves_the_figure(tmp_path):
    nb = new_notebook(cells=[
        new_markdown_cell("## 2. Bars\n\nFirst paragraph.\n\nRead **the tallest** bar, with `MAX_N` in mind."),
        new_code_cell("counts = 1"),
        new_code_cell('fig, ax = pl.figure()\npl.save_figure(fig, "00_x-bars", FIGURES_DIR)\nfig'),
    ])
    fig, ax = figure(size=(2, 2))
    ax.set_title("Bars")
    save_figure(fig, "00_x-bars", tmp_path)
    captions = figure_captions(sorted(tmp_path.glob("*.png")), {"00_x": nb})
    assert captions == {"00_x-bars": Caption("00_x-bars", "Bars", "Read **the tallest** bar, with `MAX_N` in mind.",
                                             "00_x", 2)}
    assert captions["00_x-bars"].alt == "Bars. Read the tallest bar, with MAX_N in mind."


def test_plain_text_drops_markdown_marks():
    assert plain_text("## A [link](x.md) and *emphasis*,\n`code`") == "A link and emphasis, code"


def test_notebook_summary_falls_back_to_the_first_paragraph():
    nb = new_notebook(cells=[new_markdown_cell("# 03 · Gamma\n\n## Why\n\nWhat changed?")])
    assert notebook_summary(nb) == ("03 · Gamma", "What changed?")
    assert notebook_summary(new_notebook(cells=[new_code_cell("1")])) == ("", "")
