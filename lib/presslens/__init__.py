"""presslens: how the press covered a story, as tidy tables and reproducible notebooks.

Typical use in a notebook::

    import presslens as pl
    t = pl.load("../corpus")          # articles, segments, sentences, tokens, entities
    fig, ax = pl.figure()
    ...
    pl.save_figure(fig, "00_corpus-words", "../figures")
"""
from .corpus.directory import Corpus
from .errors import CorpusError, Problem, StaleCacheError
from .publish.figures import figure, save_figure
from .clean.segment import DEFAULT_KINDS, KEPT_KINDS, SET_ASIDE_KINDS
from .tables import Tables, load

__all__ = ["Corpus", "CorpusError", "Problem", "StaleCacheError", "Tables", "load", "figure", "save_figure",
           "DEFAULT_KINDS", "KEPT_KINDS", "SET_ASIDE_KINDS"]
__version__ = "0.1.0"
