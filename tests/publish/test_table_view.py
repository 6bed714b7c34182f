"""show_table: short tables styled, long or wide ones interactive (itables, offline), the same on every run."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from presslens.publish import table_view
from presslens.publish.table_view import InteractiveTable, StyledTable, show_table

SHORT = pd.DataFrame({"doc_id": ["000", "001"], "published": ["2024-06-17", "2024-06-18"],
                      "words": [812.0, 97.0], "share": [0.125, float("nan")], "sentences": [31, 4]})


@pytest.fixture
def loads(monkeypatch) -> list[dict]:
    """Calls to itables' init_notebook_mode, recorded instead of displayed (a fresh kernel each test)."""
    calls = []
    monkeypatch.setattr(table_view, "_library_loaded", False)
    monkeypatch.setattr("itables.init_notebook_mode", lambda **kwargs: calls.append(kwargs))
    return calls


def cells(html: str, column: int) -> list[str]:
    """The texts of the body cells of ``column`` in a Styler's HTML."""
    return re.findall(rf'class="data row\d+ col{column}" >([^<]*)</td>', html)


def test_a_short_table_is_styled_without_row_numbers(loads):
    shown = show_table(SHORT)
    assert isinstance(shown, StyledTable) and loads == []
    html = shown._repr_html_()
    assert "row_heading" not in html  # the index 0, 1 says nothing: hidden
    assert cells(html, 2) == ["812", "97"]  # whole numbers stored as floats, shown as integers
    assert cells(html, 3) == ["0.125", ""]  # decimals as rounded, no NaN
    assert cells(html, 4) == ["31", "4"]
    assert re.search(r"\.col0 \{\s*text-align: left;", html) and not re.search(r"\.col2 \{\s*text-align: left", html)
    assert html == show_table(SHORT.copy())._repr_html_()  # no random id
    assert repr(shown).splitlines()[0].split() == ["doc_id", "published", "words", "share", "sentences"]


def test_a_meaningful_index_is_kept():
    html = show_table(SHORT.set_index("doc_id"), caption="Per article")._repr_html_()
    assert "row_heading" in html and ">000<" in html and "Per article" in html
    assert "row_heading" in show_table(SHORT.iloc[[1, 0]])._repr_html_()  # rows reordered: the labels matter


@pytest.mark.parametrize("frame", [pd.DataFrame({"n": range(table_view.MAX_ROWS + 1)}),
                                   pd.DataFrame([range(table_view.MAX_COLUMNS + 1)])])
def test_a_long_or_wide_table_is_interactive_and_offline(loads, frame):
    shown = show_table(frame)
    assert isinstance(shown, InteractiveTable)
    assert loads == [{"all_interactive": False, "connected": False}]
    html = shown._repr_html_()
    assert html == show_table(frame.copy())._repr_html_()  # the same id on every run
    assert re.search(r'<table id="itables_[0-9a-f]{12}"', html)
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert loads == [{"all_interactive": False, "connected": False}]  # the library is embedded once


def test_every_row_goes_into_the_interactive_table(loads):
    long_text = pd.DataFrame({"text": ["une phrase assez longue pour peser " * 20] * 400})
    html = show_table(long_text)._repr_html_()
    assert "downsampled" not in html.lower() and html.count("une phrase assez longue") >= 400


def test_a_concordance_can_be_interactive_however_short(loads):
    assert isinstance(show_table(SHORT, interactive=True), InteractiveTable)
    assert isinstance(show_table(pd.DataFrame({"n": range(30)}), interactive=False), StyledTable)


def test_a_series_is_shown_as_a_table(loads):
    counts = pd.Series([3, 1], index=pd.Index(["quote", "selon"], name="kind"), name="quotes")
    html = show_table(counts)._repr_html_()
    assert ">quote<" in html and ">quotes<" in html


def test_in_a_notebook_every_dataframe_shows_styled():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        table_view.style_tables_inline()
        shown, _ = shell.display_formatter.format(SHORT)
        assert shown["text/html"] == StyledTable(SHORT)._repr_html_()
    finally:
        InteractiveShell.clear_instance()


def test_the_committed_notebooks_read_their_tables_offline():
    """In JupyterLab as in the book: each notebook with an interactive table embeds the library once, before
    its first table, and no output loads anything from the network."""
    import nbformat

    from conftest import REPO
    from presslens.publish.offline import external_resources

    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        outputs = [o.get("data", {}).get("text/html", "") for cell in nbformat.read(path, as_version=4).cells
                   if cell.cell_type == "code" for o in cell.outputs]
        assert [u for html in outputs for u in external_resources(html)] == [], path.name
        library = [n for n, html in enumerate(outputs) if "injectModule(" in html]
        tables = [n for n, html in enumerate(outputs) if '<table id="itables_' in html]
        assert len(library) == (1 if tables else 0), path.name
        assert not tables or library[0] < tables[0], path.name
