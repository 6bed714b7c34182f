"""The annotation cache: tables stored in batch partitions, each article under a key that changes whenever
anything that shaped its annotation changes (text, model and its version, spaCy's version, the code of the
annotating modules, the gazetteer, the cleaning rules). A stale entry is never served: its key no longer
matches.

Layout, under ``<cache>/<store>/``: ``<table>/<batch>.parquet`` holds the rows of every article of one batch
(with a ``key`` column), and ``_index/<batch>.json`` lists the batch's keys. The index is written last, after
every partition is in place (each written to a temporary file and renamed): a batch without an index is an
interrupted write, never read, and removed by :meth:`PartitionStore.prune`. So a run can be interrupted at any
point and resumed without redoing finished batches, and peak memory is one batch, not the corpus.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..fileio import atomic_path, write_text
from .pipeline import ENTITY_SCHEMA, SEGMENT_SCHEMA, SENTENCE_SCHEMA, TOKEN_SCHEMA
from .quotes import QUOTE_SCHEMA
from .schema import Schema

#: Bump for changes that alter annotation outside the modules below (the digest catches those).
ANNOTATION_VERSION = "2"
#: Modules whose code shapes the tables: their digest is part of every key, so editing them
#: invalidates the cache without anyone having to remember to bump a version.
ANNOTATING_MODULES = ("annotate/pipeline.py", "clean/segment.py", "clean/sources.py", "clean/html.py",
                      "corpus/page_metadata.py", "clean/textmap.py", "clean/quotemarks.py",
                      "clean/language.py", "clean/rules.py", "corpus/gazetteer.py", "annotate/entities.py",
                      "annotate/quotes.py", "annotate/quotations.py", "annotate/clauses.py", "annotate/selon.py",
                      "annotate/attribution.py", "annotate/speech.py", "annotate/speakers.py", "annotate/genders.py",
                      "annotate/roles.py", "annotate/schema.py", "rows.py", "folding.py",
                      "annotate/rules/quotes.yml")
#: Tables stored per article (``articles`` comes from the metadata, not from annotation).
DOC_SCHEMAS = {s.name: s for s in (SEGMENT_SCHEMA, SENTENCE_SCHEMA, TOKEN_SCHEMA, ENTITY_SCHEMA, QUOTE_SCHEMA)}
DOC_TABLES = tuple(DOC_SCHEMAS)


def code_digest(modules=ANNOTATING_MODULES) -> str:
    """SHA-256 over the source of ``modules`` (paths relative to this package)."""
    here = Path(__file__).parents[1]
    return hashlib.sha256(b"\0".join((here / m).read_bytes() for m in modules)).hexdigest()[:16]


def package_version(name: str) -> str:
    """Installed version of distribution ``name`` (read from metadata: spaCy is not imported)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        raise RuntimeError(f"the spaCy model or package '{name}' is not installed; run `make venv` "
                           f"(or `pip install {name.replace('_', '-')}`)") from None


@dataclass(frozen=True)
class Settings:
    """Everything besides the text that shapes an article's tables."""

    model: str
    model_version: str
    spacy_version: str
    annotation_version: str
    gazetteer_digest: str
    rules_digest: str

    @classmethod
    def current(cls, model: str, gazetteer_digest: str, rules_digest: str) -> "Settings":
        # trafilatura decides what a web page's main text is: its version shapes the segments of pages.
        return cls(model, package_version(model), package_version("spacy"),
                   f"{ANNOTATION_VERSION}+{code_digest()}+trafilatura-{package_version('trafilatura')}",
                   gazetteer_digest, rules_digest)

    def key(self, text_sha: str) -> str:
        """Cache key of the article whose raw bytes hash to ``text_sha``."""
        payload = json.dumps({"text": text_sha, **self.__dict__}, sort_keys=True).encode()
        return hashlib.sha256(payload).hexdigest()[:40]


class PartitionStore:
    """Batch partitions of per-article tables under ``<root>/<store>/`` (see the module docstring).

    ``schemas`` gives each table's :class:`~presslens.annotate.schema.Schema`: every partition is written
    with it, plus a ``key`` column, whether the batch holds rows of that table or none, and read with it."""

    def __init__(self, root: Path, store: str, schemas: dict[str, Schema]):
        self.root = Path(root) / store
        self.schemas = {table: schema.with_columns(key="str") for table, schema in schemas.items()}
        self.tables = tuple(schemas)

    @property
    def index_dir(self) -> Path:
        return self.root / "_index"

    def batches(self) -> dict[str, list[str]]:
        """Committed batches: ``{batch id: [keys]}``."""
        if not self.index_dir.is_dir():
            return {}
        return {p.stem: json.loads(p.read_text(encoding="utf-8"))["keys"] for p in sorted(self.index_dir.glob("*.json"))}

    def keys(self) -> set[str]:
        """Every key held by a committed batch."""
        return {k for keys in self.batches().values() for k in keys}

    def write_batch(self, tables_by_key: dict[str, dict[str, pd.DataFrame]]) -> str:
        """Store the tables of several articles (``{key: {table: DataFrame}}``) as one committed batch;
        return its id. Partitions first, index last, each atomically."""
        keys = sorted(tables_by_key)
        batch = hashlib.sha256("\0".join(keys).encode()).hexdigest()[:24]
        for table, schema in self.schemas.items():
            frames = [df.assign(key=key) for key, parts in tables_by_key.items() if len(df := parts[table])]
            data = pd.concat(frames, ignore_index=True) if frames else schema.empty()
            with atomic_path(self.root / table / f"{batch}.parquet") as tmp:
                pq.write_table(schema.to_arrow(data), tmp)
        write_text(self.index_dir / f"{batch}.json", json.dumps({"keys": keys}, indent=0) + "\n")
        return batch

    def read(self, table: str, keys: set[str], columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of ``table`` for ``keys``, from the committed batches that hold them (``key`` column kept)."""
        paths = [self.root / table / f"{b}.parquet" for b, ks in self.batches().items() if keys & set(ks)]
        schema = self.schemas[table]
        if not paths:
            empty = schema.empty()
            return empty if columns is None else empty[list(dict.fromkeys(columns + ["key"]))]
        # The declared schema, not the first file's, so that every partition is read with the same types.
        dataset = ds.dataset([str(p) for p in paths], format="parquet", schema=schema.arrow())
        wanted = None if columns is None else list(dict.fromkeys(columns + ["key"]))
        result = dataset.to_table(columns=wanted, filter=ds.field("key").isin(sorted(keys)))
        return result.to_pandas()

    def glob(self, table: str) -> str:
        """A glob of the table's partition files (for DuckDB; pair it with the index for the live keys)."""
        return str(self.root / table / "*.parquet")

    def prune(self, live: set[str] | None = None) -> int:
        """Remove partitions of uncommitted batches and, when ``live`` is given, batches holding none of the
        ``live`` keys; return how many committed batches were removed."""
        batches = self.batches()
        dead = [] if live is None else [b for b, ks in batches.items() if not live & set(ks)]
        for b in dead:
            (self.index_dir / f"{b}.json").unlink(missing_ok=True)
        committed = set(batches) - set(dead)
        for table in self.tables:
            for path in (self.root / table).glob("*.parquet") if (self.root / table).is_dir() else []:
                if path.stem not in committed:
                    path.unlink(missing_ok=True)
        return len(dead)


def annotation_store(cache_dir: Path) -> PartitionStore:
    """The store of the annotation tables under a corpus cache directory."""
    return PartitionStore(cache_dir, "annotations", DOC_SCHEMAS)

