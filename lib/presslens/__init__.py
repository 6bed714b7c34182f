"""presslens: how the press covered a story, as tidy tables and reproducible notebooks.

Typical use in a notebook::

    import presslens as pl
    t = pl.load("../corpus")          # articles, segments, sentences, tokens, entities
    fig, ax = pl.figure()
    ...
    pl.save_figure(fig, "00_corpus-words", "../figures")
    pl.show_table(t.articles)         # styled, or interactive when long or wide
    pl.show_findings(["- …"])         # findings the code writes, as a Markdown list
"""
from .corpus.directory import Corpus
from .errors import CorpusError, Problem, StaleCacheError
from .publish.figures import figure, save_figure
from .publish.prose import show_findings
from .publish.table_view import show_table, style_tables_inline
from .clean.segment import DEFAULT_KINDS, KEPT_KINDS, SET_ASIDE_KINDS
from .tables import Tables, load

__all__ = ["Corpus", "CorpusError", "Problem", "StaleCacheError", "Tables", "load", "figure", "save_figure",
           "show_table", "show_findings", "DEFAULT_KINDS", "KEPT_KINDS", "SET_ASIDE_KINDS"]
__version__ = "0.1.0"

# In a notebook, the DataFrames a cell shows are styled tables (a no-op outside IPython), as figures show inline.
style_tables_inline()
