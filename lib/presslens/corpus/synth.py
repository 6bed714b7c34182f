"""``presslens synth``: a large synthetic corpus for measurement, resampled from a real one's sentences.

Each synthetic article has a headline drawn from the source's headlines and 6–20 paragraphs of 1–4 sentences
drawn from the source's analysed sentences, an outlet from a fixed set of clearly synthetic names, and a date
in or near one of the source's events. Texts are meaningless as journalism and must never be analysed as
such: they exist to measure speed, memory and scaling on realistic French news sentences.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import numpy as np

from .directory import Corpus, render_checksums, sha256
from ..errors import CorpusError, Problem
from ..fileio import atomic_directory, write_bytes, write_text

OUTLETS = [f"Synthetic outlet {c}" for c in "ABCDEFGHIJKLMNOP"]


def synthesize(source: Corpus, out: Path, articles: int, seed: int = 0) -> Corpus:
    """Write a corpus of ``articles`` (one or more) synthetic articles to ``out``, which must not exist, and
    return it. The corpus is built in a temporary directory beside ``out`` and renamed when complete, so that
    a failed or interrupted run leaves nothing that would block the next."""
    from ..tables import load

    out = Path(out)
    problems = [Problem(str(out), "already exists: synth writes a new corpus directory")] if out.exists() else []
    if articles < 1:
        problems.append(Problem("--articles", f"must be 1 or more, not {articles}"))
    if problems:
        raise CorpusError(problems, heading="Cannot build a synthetic corpus")
    tables = load(source, annotate=True)
    with atomic_directory(out) as work:
        _write(tables, source, work, articles, seed)
    return Corpus(out.resolve())


def _write(tables, source: Corpus, out: Path, articles: int, seed: int) -> None:
    """Write the synthetic corpus's files into the empty directory ``out``."""
    sentences = tables.select("sentences")
    body = sentences.loc[sentences["kind"].isin(["body", "standfirst"]), "text"].tolist()
    headlines = sentences.loc[sentences["kind"] == "headline", "text"].tolist() or body
    events = list(tables.events.values())
    rng = np.random.default_rng(seed)
    (out / "raw").mkdir()
    # The study's instruments come along, so that every notebook section runs on the synthetic corpus.
    for name in ("events.yml", "gazetteer.yml", "codebook.yml", "cleaning.yml", "facts.yml", "naming.yml",
                 "evaluative.yml"):
        if (source.root / name).is_file():
            shutil.copy(source.root / name, out / name)
    rows, sums = [], {}
    for n in range(articles):
        paragraphs = [" ".join(body[i] for i in rng.integers(0, len(body), size=rng.integers(1, 5)))
                      for _ in range(rng.integers(6, 21))]
        text = headlines[rng.integers(0, len(headlines))] + "\n\n" + "\n\n".join(paragraphs) + "\n"
        data = text.encode("utf-8")
        name = f"{n:06d}_synth.txt"
        write_bytes(out / "raw" / name, data)
        sums[f"raw/{name}"] = sha256(data)
        event = events[rng.integers(0, len(events))]
        published = event.start + dt.timedelta(days=int(rng.integers(-3, 4)))
        rows.append({"doc_id": f"s{n:06d}", "source_file": name, "outlet": OUTLETS[rng.integers(0, len(OUTLETS))],
                     "attribution": "confirmed", "outlet_evidence": "synthetic corpus (presslens synth)",
                     "original_language": "fr", "translated": "false", "wire": "", "event": event.id,
                     "phase": event.phase(published), "published": published.isoformat(), "title": ""})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text(out / "articles.csv", buffer.getvalue())
    write_text(out / "SHA256SUMS", render_checksums(sums))
