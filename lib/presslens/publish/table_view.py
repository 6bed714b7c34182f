"""Tables as a reader sees them, in JupyterLab and in the book: ``show_table(df)``.

A long or wide table becomes interactive (itables: sortable, searchable, paged, scrolling sideways), with the
DataTables library embedded in the notebook by the first such table, so it works offline; a short one is
styled (text left-aligned, whole numbers without decimals, no index when the index is only row numbers), and
so is every DataFrame a notebook shows once ``presslens`` is imported (:func:`style_tables_inline`).
Both render the same on every run: no random ids, so a rerun changes no byte of the notebook.
"""
from __future__ import annotations

import hashlib

import pandas as pd

MAX_ROWS = 20       # a table with more rows is paged and searchable
MAX_COLUMNS = 12    # a table with more columns (index included) scrolls sideways
PAGE_LENGTH = 10
MAX_DECIMALS = 4    # floats keep the decimals they were rounded to, up to this many

_library_loaded = False  # the DataTables library is embedded once per kernel, by the first interactive table


def stable_id(df: pd.DataFrame, caption: str | None, prefix: str) -> str:
    """An HTML id made from the table's content, so it is the same on every run (itables and pandas' Styler
    would draw a random one)."""
    digest = hashlib.sha256(f"{caption}\n{df.to_csv()}".encode("utf-8")).hexdigest()[:12]
    return f"{prefix}{digest}"


def meaningful_index(df: pd.DataFrame) -> bool:
    """Whether the index says something (a name, or labels other than the row numbers 0…n-1)."""
    return df.index.name is not None or any(df.index.names) or not isinstance(df.index, pd.RangeIndex) \
        or not df.index.equals(pd.RangeIndex(len(df)))


def decimals(values: pd.Series) -> int | None:
    """How many decimals show a float column as it is (0 for whole numbers, at most MAX_DECIMALS); None
    when the column is not made of floats."""
    if not pd.api.types.is_float_dtype(values):
        return None
    present = values.dropna()
    return next((d for d in range(MAX_DECIMALS) if (present.round(d) == present).all()), MAX_DECIMALS)


class StyledTable:
    """A short table, as HTML (``_repr_html_``) and as text (``__repr__``)."""

    def __init__(self, df: pd.DataFrame, caption: str | None = None):
        self.df, self.caption = df, caption

    def _repr_html_(self) -> str:
        df = self.df
        styler = df.style.set_uuid(stable_id(df, self.caption, "pl"))
        # By position: a table may repeat a column name (then its numbers keep pandas' own format).
        formats = {column: (lambda v, d=d: "" if pd.isna(v) else f"{v:.{d}f}")
                   for position, column in enumerate(df.columns)
                   if df.columns.is_unique and (d := decimals(df.iloc[:, position])) is not None}
        styler = styler.format(formats, na_rep="")
        styles = [{"selector": "td, th", "props": "padding: .2em .6em; white-space: nowrap; vertical-align: top"},
                  {"selector": "th.col_heading", "props": "text-align: right"}]
        for position in range(len(df.columns)):
            values = df.iloc[:, position]
            if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
                continue
            long_text = values.astype(str).str.len().max() > 40
            styles.append({"selector": f".col{position}, th.col_heading.col{position}",
                           "props": "text-align: left" + ("; white-space: normal; min-width: 20em" if long_text
                                                         else "")})
        styler = styler.set_table_styles(styles)
        if self.caption:
            styler = styler.set_caption(self.caption)
        if not meaningful_index(df):
            styler = styler.hide(axis="index")
        # As many rows and columns as pandas itself would show (a huge frame is cut in the middle, as pandas does),
        # in a box that scrolls sideways when the table is wider than the page.
        table = styler.to_html(doctype_html=False, max_rows=pd.get_option("display.max_rows"),
                               max_columns=pd.get_option("display.max_columns"))
        return f'<div style="overflow-x: auto">\n{table}</div>'

    def __repr__(self) -> str:
        return (f"{self.caption}\n" if self.caption else "") + self.df.to_string(index=meaningful_index(self.df))


class InteractiveTable:
    """A long or wide table as an itables DataTable (``_repr_html_``), and as pandas' text (``__repr__``)."""

    def __init__(self, df: pd.DataFrame, caption: str | None = None):
        self.df, self.caption = df, caption

    def _repr_html_(self) -> str:
        from itables import to_html_datatable

        return to_html_datatable(
            self.df, caption=self.caption, table_id=stable_id(self.df, self.caption, "itables_"),
            connected=False, maxBytes=0, pageLength=PAGE_LENGTH, lengthMenu=[10, 25, 100, -1],
            scrollX=True, classes="display compact", showIndex=meaningful_index(self.df),
            # A click anywhere on a column's header sorts by it (itables would sort on its small arrows only).
            text_in_header_can_be_selected=False, display_logo_when_loading=False)

    def __repr__(self) -> str:
        return (f"{self.caption}\n" if self.caption else "") + repr(self.df)


def load_library() -> None:
    """Embed the DataTables library in the notebook (once per kernel), as a display of the current cell: the
    interactive tables of this notebook load it from there, offline, in JupyterLab and in the book."""
    global _library_loaded
    if not _library_loaded:
        from itables import init_notebook_mode

        init_notebook_mode(all_interactive=False, connected=False)
        _library_loaded = True


def style_tables_inline() -> None:
    """Inside IPython, show every DataFrame a cell returns as a :class:`StyledTable`, so that the short tables
    a notebook shows without :func:`show_table` are styled too; elsewhere, do nothing."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame,
                                                                 lambda df: StyledTable(df)._repr_html_())


def show_table(df: pd.DataFrame | pd.Series, caption: str | None = None,
               interactive: bool | None = None) -> StyledTable | InteractiveTable:
    """``df`` as a reader should see it: interactive when longer than MAX_ROWS rows or wider than MAX_COLUMNS
    columns (or when ``interactive`` is True: a concordance to search), styled otherwise. Make it a cell's
    last expression (or ``display`` it)."""
    frame = df.to_frame() if isinstance(df, pd.Series) else df
    width = len(frame.columns) + (frame.index.nlevels if meaningful_index(frame) else 0)
    if interactive is None:
        interactive = len(frame) > MAX_ROWS or width > MAX_COLUMNS
    if interactive:
        load_library()
        return InteractiveTable(frame, caption)
    return StyledTable(frame, caption)
