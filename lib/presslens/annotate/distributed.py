"""A Dask client for annotation on a cluster (``presslens annotate --scheduler ADDRESS | --dask-workers N``).

Workers run :func:`presslens.annotate.batches.run` on whole batches and write them to the shared cache; the tables are
the same as an in-process run's, because each article's tables depend only on its text and the settings in
its key. Workers must see the corpus and its cache at the same paths (one machine, or a shared file system).
"""
from __future__ import annotations

from contextlib import contextmanager


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
