"""What to annotate and how: a :class:`Plan` validates a corpus and keys each article for the cache;
:func:`annotate_corpus` fills the cache in bounded batches (resumable, optionally parallel, see
:mod:`presslens.annotate.batches`), then codes the frames still missing."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from ..corpus.directory import Corpus, file_sha256
from ..corpus.gazetteer import load_gazetteer
from ..corpus.validate import validate
from ..clean.rules import load_rules
from .cache import Settings, annotation_store
from .frames import FramesStage
from .pipeline import DEFAULT_MODEL


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
        keys = {r["doc_id"]: settings.key(file_sha256(corpus.raw_dir / r["source_file"])) for r in rows}
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
    :mod:`presslens.annotate.batches`); ``batch_size`` is spaCy's. Then code the frames that are still missing (after
    a codebook change).

    Returns counts: ``articles``, ``annotated`` (this run), ``cached``."""
    corpus = corpus if isinstance(corpus, Corpus) else Corpus.find(corpus)
    return annotate_plan(Plan.of(corpus, model), batch_articles=batch_articles, batch_size=batch_size,
                     processes=processes, progress=progress, client=client)


def annotate_plan(plan: Plan, *, batch_articles: int = 100, batch_size: int = 64, processes: int = 1,
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
