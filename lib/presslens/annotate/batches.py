"""Annotation in batches: the unit of work of every executor (this process, worker processes, a Dask cluster).

A :class:`Job` names a batch of articles by cache key and raw file. :func:`run` parses them, commits their
tables to the annotation store as one batch, then codes their frames and commits those: a worker does the
whole annotation of its articles, so with N processes everything runs N-wide, not only spaCy. A process
keeps its spaCy pipeline between jobs (one per model and gazetteer) and loads the model once; worker
processes are forked after the parent loaded it, so they share its memory instead of holding copies.

Why not spaCy's own ``n_process``: it parallelises the parse only, and leaves segmentation, entity
resolution, quote attribution and frame coding serial in the parent (bench/RESULTS.md measured the
speed-up of that design at 1.41 on two cores).
"""
from __future__ import annotations

import math
import multiprocessing
import signal
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .cache import annotation_store
from ..corpus.directory import Corpus
from .frames import FramesStage
from ..corpus.gazetteer import load_gazetteer
from ..clean.rules import load_rules

_PIPELINES: dict[tuple[str, str], object] = {}


@dataclass(frozen=True)
class Job:
    """One batch: the corpus, the settings its keys were computed with, and ``(key, raw file)`` pairs."""

    corpus_root: str
    model: str
    gazetteer_digest: str
    rules_digest: str
    items: tuple[tuple[str, str], ...]
    batch_size: int = 64


def jobs_for(plan, rows: list[dict[str, str]], batch_articles: int, batch_size: int, workers: int) -> list[Job]:
    """Split ``rows`` (metadata rows of a :class:`~presslens.annotate.plan.Plan`) into jobs.

    A job holds at most ``batch_articles`` articles (its tables are in memory at once); with several
    ``workers`` it holds fewer when the corpus is small, so that each worker gets about four jobs and none
    waits long for the last."""
    size = batch_articles if workers <= 1 else max(1, min(batch_articles, math.ceil(len(rows) / (4 * workers))))
    items = [(plan.keys[r["doc_id"]], str(plan.corpus.raw_dir / r["source_file"])) for r in rows]
    return [Job(str(plan.corpus.root), plan.model, plan.gazetteer.digest, plan.rules.digest,
                tuple(items[start:start + size]), batch_size) for start in range(0, len(items), size)]


def pipeline(model: str, gazetteer):
    """This process's spaCy pipeline for ``model`` and ``gazetteer`` (built on first use)."""
    from .pipeline import build_nlp

    key = (model, gazetteer.digest)
    if key not in _PIPELINES:
        _PIPELINES[key] = build_nlp(model, gazetteer)
    return _PIPELINES[key]


def run(job: Job) -> int:
    """Annotate the job's articles, commit their tables and frames; return how many articles it held.

    Raises RuntimeError when the gazetteer or the cleaning rules changed since the keys were computed
    (the tables would be stored under keys that no longer describe them)."""
    from .pipeline import annotate_texts

    corpus = Corpus(Path(job.corpus_root))
    gazetteer, rules = load_gazetteer(corpus.gazetteer_yml), load_rules(corpus.root)
    if (gazetteer.digest, rules.digest) != (job.gazetteer_digest, job.rules_digest):
        raise RuntimeError(f"{corpus.rel(corpus.gazetteer_yml)} or the cleaning rules changed while annotating; "
                           f"run `presslens annotate` again")
    items = ((key, Path(path).read_bytes().decode("utf-8"), path) for key, path in job.items)
    tables = dict(annotate_texts(pipeline(job.model, gazetteer), items, rules, gazetteer, job.batch_size))
    annotation_store(corpus.cache_dir).write_batch(tables)
    FramesStage.of(corpus).write(tables)
    return len(job.items)


def execute(jobs: list[Job], processes: int = 1, client=None, progress: bool = False) -> None:
    """Run ``jobs``: on the Dask ``client``'s workers when given, else in ``processes`` worker processes,
    else here. Each finished job is committed, so an interrupted run loses at most the jobs in flight."""
    from tqdm.auto import tqdm

    total = sum(len(j.items) for j in jobs)
    desc = "Annotating" + (" (dask)" if client is not None else f" ({processes} processes)" if processes > 1 else "")
    with tqdm(total=total, desc=desc, unit="article", disable=not progress, file=sys.stderr) as bar:
        try:
            if client is not None:
                from dask.distributed import as_completed as dask_completed

                for future in dask_completed([client.submit(run, job, pure=False) for job in jobs]):
                    bar.update(future.result())
            elif processes > 1:
                _run_in_processes(jobs, processes, bar)
            else:
                for job in jobs:
                    bar.update(run(job))
        finally:
            _PIPELINES.clear()  # a notebook kernel that annotated does not keep the model in memory


def _run_in_processes(jobs: list[Job], processes: int, bar) -> None:
    """Run ``jobs`` in a pool of ``processes`` worker processes, advancing ``bar`` as each one commits."""
    # Fork where the platform has it (as spaCy's n_process does), after loading the model here: the
    # workers then share its pages with the parent instead of holding a copy each.
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        pipeline(jobs[0].model, load_gazetteer(Corpus(Path(jobs[0].corpus_root)).gazetteer_yml))
    # Ctrl-C reaches every process of the terminal's group: the workers ignore it and finish the batch in hand
    # (committed, so kept), while this process stops handing out batches and says how many were kept.
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork" if fork else None),
                             initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        try:
            for future in as_completed(futures):
                bar.update(future.result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
