"""Load the corpus as tidy tables (``articles``, ``segments``, ``sentences``, ``tokens``, ``entities``),
annotating only what the cache lacks. With a warm cache, spaCy is never imported."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import pandas as pd

from .annotate import DEFAULT_MODEL, ENTITY_COLUMNS, SEGMENT_COLUMNS, SENTENCE_COLUMNS, TOKEN_COLUMNS
from .frames import FRAME_COLUMNS, frames_table, load_codebook
from .quotes import QUOTE_COLUMNS
from .cache import DOC_TABLES, AnnotationCache, Settings
from .corpus import ARTICLE_COLUMNS, OPTIONAL_COLUMNS, TRUTH, Corpus, read_events, sha256
from .errors import StaleCacheError
from .gazetteer import load_gazetteer
from .rules import load_rules
from .segment import DEFAULT_KINDS
from .validate import validate

TABLE_NAMES = ("articles", "segments", "sentences", "tokens", "entities", "quotes", "frames")
COLUMNS = {"segments": SEGMENT_COLUMNS, "sentences": SENTENCE_COLUMNS, "tokens": TOKEN_COLUMNS,
           "entities": ENTITY_COLUMNS, "quotes": QUOTE_COLUMNS, "frames": FRAME_COLUMNS}


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


def _settings(corpus: Corpus, model: str):
    gazetteer = load_gazetteer(corpus.gazetteer_yml)
    rules = load_rules(corpus.root)
    return gazetteer, rules, Settings.current(model, gazetteer.digest, rules.digest)


def load(corpus: str | os.PathLike | Corpus | None = None, *, model: str | None = None, annotate: bool = True,
         progress: bool | None = None, batch_size: int = 64) -> Tables:
    """Validate the corpus and return its tables.

    ``model`` defaults to ``$PRESSLENS_MODEL`` or ``fr_core_news_md``. Articles without a fresh cache
    entry are annotated unless ``annotate=False``, which raises :class:`StaleCacheError` naming them
    instead. ``progress`` shows a bar on stderr; by default only when stderr is a terminal, so that a
    notebook's saved outputs do not depend on the state of the cache.
    """
    corpus = corpus if isinstance(corpus, Corpus) else Corpus.find(corpus)
    model = model or os.environ.get("PRESSLENS_MODEL", DEFAULT_MODEL)
    rows = validate(corpus)
    gazetteer, rules, settings = _settings(corpus, model)
    cache = AnnotationCache(corpus.cache_dir)
    keys = {}
    for row in rows:
        keys[row["doc_id"]] = settings.key(sha256((corpus.raw_dir / row["source_file"]).read_bytes()))
    missing = [r for r in rows if not cache.has(keys[r["doc_id"]])]
    if missing and not annotate:
        raise StaleCacheError(f"{len(missing)} article(s) have no fresh annotation: "
                              f"{', '.join(r['doc_id'] for r in missing)}; run `presslens annotate`")
    if missing:
        progress = sys.stderr.isatty() if progress is None else progress
        _annotate(corpus, missing, keys, cache, model, gazetteer, rules, progress, batch_size)
    parts = {name: [] for name in DOC_TABLES}
    for row in rows:
        for name, df in cache.read(keys[row["doc_id"]]).items():
            df.insert(0, "doc_id", row["doc_id"])
            parts[name].append(df)
    tables = {name: pd.concat(dfs, ignore_index=True) if dfs else pd.DataFrame(columns=["doc_id"] + COLUMNS[name])
              for name, dfs in parts.items()}
    codebook = load_codebook(corpus.codebook_yml) if corpus.codebook_yml.is_file() else None
    frames = frames_table(codebook, keys, tables["tokens"], tables["quotes"], corpus.cache_dir)
    return Tables(articles_table(corpus, rows), **tables, frames=frames, events=read_events(corpus))


def _annotate(corpus, rows, keys, cache, model, gazetteer, rules, progress, batch_size) -> None:
    from tqdm.auto import tqdm

    from .annotate import annotate_texts, build_nlp

    nlp = build_nlp(model, gazetteer)
    items = ((keys[r["doc_id"]], (corpus.raw_dir / r["source_file"]).read_bytes().decode("utf-8")) for r in rows)
    with tqdm(total=len(rows), desc="Annotating", unit="article", disable=not progress, file=sys.stderr) as bar:
        for key, tables in annotate_texts(nlp, items, rules, gazetteer, batch_size=batch_size):
            cache.write(key, tables)
            bar.update(1)
