"""Annotation on a Dask cluster: batches of articles go to workers, which write them to the shared cache.

Each worker loads the spaCy pipeline once (per model and gazetteer) and annotates whole batches; the
tables it writes are the same as an in-process run's, because each article's tables depend only on its
text and the settings in its key. Workers must see the corpus and its cache at the same paths (one machine,
or a shared file system).
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

_PIPELINES: dict = {}


@contextmanager
def client_for(scheduler: str | None, workers: int):
    """A Dask client: connected to ``scheduler`` when given, else to a local cluster of ``workers``
    single-threaded worker processes (closed on exit)."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _annotate_batch(corpus_root: str, model: str, doc_ids: list[str], batch_size: int) -> int:
    """Worker task: annotate the articles ``doc_ids`` of the corpus and commit them as one batch."""
    from .annotate import annotate_texts, build_nlp
    from .cache import annotation_store
    from .corpus import Corpus
    from .tables import Plan

    plan = Plan.of(Corpus(Path(corpus_root)), model)
    cache_key = (model, plan.gazetteer.digest)
    if cache_key not in _PIPELINES:
        _PIPELINES[cache_key] = build_nlp(model, plan.gazetteer)
    rows = [r for r in plan.rows if r["doc_id"] in set(doc_ids)]
    items = ((plan.keys[r["doc_id"]], plan.raw(r)) for r in rows)
    tables = dict(annotate_texts(_PIPELINES[cache_key], items, plan.rules, plan.gazetteer, batch_size))
    annotation_store(plan.corpus.cache_dir).write_batch(tables)
    return len(rows)


def annotate_on_cluster(client, plan, todo: list[dict], batch_articles: int, batch_size: int, progress: bool) -> None:
    """Submit ``todo`` (metadata rows) in batches of ``batch_articles`` and wait for every batch."""
    from dask.distributed import as_completed
    from tqdm.auto import tqdm

    batches = [[r["doc_id"] for r in todo[i:i + batch_articles]] for i in range(0, len(todo), batch_articles)]
    futures = [client.submit(_annotate_batch, str(plan.corpus.root), plan.model, ids, batch_size, pure=False)
               for ids in batches]
    with tqdm(total=len(todo), desc="Annotating (dask)", unit="article", disable=not progress, file=sys.stderr) as bar:
        for future in as_completed(futures):
            bar.update(future.result())
