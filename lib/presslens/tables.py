"""Load the corpus as tidy tables (``articles``, ``segments``, ``sentences``, ``tokens``, ``entities``,
``quotes``, ``frames``), annotating only what the cache lacks. With a warm cache, spaCy is never imported.

:func:`annotate_corpus` fills the cache in bounded batches (resumable, optionally parallel); :func:`load`
reads the tables of the current keys into pandas, for corpora that fit in memory. Larger corpora are
analysed in place with DuckDB (:mod:`presslens.warehouse`).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import pandas as pd

from .annotate import DEFAULT_MODEL, ENTITY_COLUMNS, SEGMENT_COLUMNS, SENTENCE_COLUMNS, TOKEN_COLUMNS
from .cache import DOC_TABLES, Settings, annotation_store
from .corpus import ARTICLE_COLUMNS, OPTIONAL_COLUMNS, TRUTH, Corpus, read_events, sha256
from .errors import StaleCacheError
from .frames import FRAME_COLUMNS, FramesStage
from .gazetteer import load_gazetteer
from .quotes import QUOTE_COLUMNS
from .rules import load_rules
from .segment import DEFAULT_KINDS
from .validate import validate

TABLE_NAMES = ("articles", "segments", "sentences", "tokens", "entities", "quotes", "frames")
COLUMNS = {"segments": SEGMENT_COLUMNS, "sentences": SENTENCE_COLUMNS, "tokens": TOKEN_COLUMNS,
           "entities": ENTITY_COLUMNS, "quotes": QUOTE_COLUMNS, "frames": FRAME_COLUMNS}
#: Row order inside an article, restored after reading partitions.
ORDER = {"segments": ["seg_id"], "sentences": ["sent_id"], "tokens": ["i"], "entities": ["start_char", "end_char"],
         "quotes": ["start_char", "end_char"], "frames": ["start_char", "frame", "end_char"]}


@dataclass
class Tables:
    """The corpus as tables; every table but ``articles`` starts with ``doc_id``. ``events`` maps event
    ids to :class:`~presslens.corpus.Event` (from ``events.yml``)."""

    articles: pd.DataFrame
    segments: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    frames: pd.DataFrame
    events: dict = field(default_factory=dict)

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


@dataclass
class Plan:
    """What annotation needs to know about a corpus: its rows, rules, gazetteer and each article's key."""

    corpus: Corpus
    rows: list[dict[str, str]]
    model: str
    gazetteer: object
    rules: object
    settings: Settings
    keys: dict[str, str]  # doc_id -> key

    @classmethod
    def of(cls, corpus: Corpus, model: str | None = None) -> "Plan":
        """Validate ``corpus`` and compute every article's cache key."""
        model = model or os.environ.get("PRESSLENS_MODEL", DEFAULT_MODEL)
        rows = validate(corpus)
        gazetteer = load_gazetteer(corpus.gazetteer_yml)
        rules = load_rules(corpus.root)
        settings = Settings.current(model, gazetteer.digest, rules.digest)
        keys = {r["doc_id"]: settings.key(sha256((corpus.raw_dir / r["source_file"]).read_bytes())) for r in rows}
        return cls(corpus, rows, model, gazetteer, rules, settings, keys)

    def missing(self) -> list[dict[str, str]]:
        """Rows whose key no committed batch holds (one row per distinct text)."""
        done = annotation_store(self.corpus.cache_dir).keys()
        seen, out = set(done), []
        for row in self.rows:
            key = self.keys[row["doc_id"]]
            if key not in seen:
                seen.add(key)
                out.append(row)
        return out


def annotate_corpus(corpus: str | os.PathLike | Corpus | None = None, *, model: str | None = None,
                    batch_articles: int = 100, batch_size: int = 64, processes: int = 1, progress: bool | None = None,
                    client=None) -> dict[str, int]:
    """Annotate every article the cache lacks, at most ``batch_articles`` at a time, each batch committed as
    it finishes (an interrupted run resumes where it stopped). ``processes`` worker processes, or the
    workers of ``client`` (a ``dask.distributed.Client``), each annotate whole batches (see
    :mod:`presslens.batches`); ``batch_size`` is spaCy's. Then code the frames that are still missing (after
    a codebook change).

    Returns counts: ``articles``, ``annotated`` (this run), ``cached``."""
    corpus = corpus if isinstance(corpus, Corpus) else Corpus.find(corpus)
    return _annotate(Plan.of(corpus, model), batch_articles=batch_articles, batch_size=batch_size,
                     processes=processes, progress=progress, client=client)


def _annotate(plan: Plan, *, batch_articles: int = 100, batch_size: int = 64, processes: int = 1,
              progress: bool | None = None, client=None) -> dict[str, int]:
    """:func:`annotate_corpus` for a corpus already validated and keyed (``plan``)."""
    from .batches import execute, jobs_for

    corpus = plan.corpus
    todo = plan.missing()
    progress = sys.stderr.isatty() if progress is None else progress
    store = annotation_store(corpus.cache_dir)
    store.prune()  # partitions of an interrupted batch are never read: remove them
    if todo:
        workers = len(client.scheduler_info()["workers"]) if client is not None else processes
        execute(jobs_for(plan, todo, batch_articles, batch_size, workers), processes, client, progress)
    FramesStage.of(corpus).ensure(set(plan.keys.values()), store)
    return {"articles": len(plan.rows), "annotated": len(todo), "cached": len(set(plan.keys.values())) - len(todo)}


def _read(store, table: str, keys: dict[str, str], doc_order: dict[str, int]) -> pd.DataFrame:
    """Rows of ``table`` for the articles in ``keys`` (doc_id → key), with ``doc_id`` first, in order."""
    data = store.read(table, set(keys.values()))
    link = pd.DataFrame({"doc_id": list(keys), "key": list(keys.values())})
    data = link.merge(data, on="key", how="inner").drop(columns="key")
    data["_doc"] = data["doc_id"].map(doc_order)
    data = data.sort_values(["_doc", *ORDER[table]], kind="stable").drop(columns="_doc").reset_index(drop=True)
    return data[["doc_id"] + [c for c in data.columns if c != "doc_id"]]


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
        _annotate(plan, batch_size=batch_size, progress=progress)
    else:
        stage.ensure(set(plan.keys.values()), store)  # a changed codebook re-codes frames: no parsing
    doc_order = {r["doc_id"]: n for n, r in enumerate(plan.rows)}
    tables = {name: _read(store, name, plan.keys, doc_order) for name in DOC_TABLES}
    frames_keys = {doc_id: stage.key(key) for doc_id, key in plan.keys.items()}
    frames = _read(stage.store, "frames", frames_keys, doc_order) if stage.codebook else \
        pd.DataFrame(columns=["doc_id"] + FRAME_COLUMNS)
    return Tables(articles_table(corpus, plan.rows), **tables, frames=frames, events=read_events(corpus))

