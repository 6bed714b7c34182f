"""Scoring cleaning against hand-written expectations (``*.expected.yml``): a test helper and a script.

For one article: how many expected ``kept`` texts are found in a kept segment of the expected kind; how many
``set_aside`` texts are absent from the analysed (kept) text, and how many of those sit in a set-aside segment
of the expected kind; for web pages, how many metadata fields equal the expected ones and how many expected
authors the page's authors list. Texts are matched on words, ignoring white space and apostrophe style.

    python tests/clean/scoring.py WHEN pages [01 02 ... | sealed] [-v]  # a CSV row per page (default: dev pages)
    python tests/clean/scoring.py WHEN txt [-v]                # a CSV row per tests/data/*.txt article

``WHEN`` (blind, final, ...) is copied into the rows; ``-v`` prints the misses on stderr.

The recorded runs are in ``tests/data/pages/blind_scores.csv``: ``blind`` (all ten pages and the .txt fixtures,
with the page ingest working and no cleaning rule tuned for pages), then ``final`` (development pages after
tuning; sealed pages 07-10 scored once, as they came out).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
PAGES = DATA / "pages"
METADATA_FIELDS = ("title", "published", "outlet", "author", "url")
#: Pages 01-06 are the development set (read and tuned on), 07-10 the sealed set (scored once, at the end).
DEV_PAGES = ("01", "02", "03", "04", "05", "06")
COLUMNS = ["commit", "when", "set", "article", "kept_found", "kept_total", "set_aside_ok", "set_aside_total",
           "set_aside_kind_ok", "metadata_right", "metadata_total", "authors_listed", "authors_total"]


def _pattern(text: str) -> re.Pattern:
    """Words of ``text`` with any white space between them, not inside a longer word. ``text`` is normalised as
    the analysis text is (tags dropped, entities decoded, a glued full stop spaced: « 2023.La » → « 2023. La »)."""
    from presslens.clean.textmap import MappedText

    words = MappedText.from_raw(str(text)).text.replace("’", "'").split()
    return re.compile(r"(?<!\w)" + r"\s*".join(map(re.escape, words)) + r"(?!\w)")


def _norm(text: str) -> str:
    return text.replace("’", "'")


def find_text(text: str, haystack: str) -> bool:
    return bool(_pattern(text).search(_norm(haystack)))


def score_segments(segments, spec: dict) -> tuple[dict, list[str]]:
    """Counts for one article's ``segments`` against its expectations, and the misses (for reading)."""
    kept_text = "\n".join(s.clean_text for s in segments if s.kept)
    misses = []
    kept_found = 0
    for item in spec.get("kept") or []:
        if any(s.kept and s.kind == item["kind"] and find_text(item["text"], s.clean_text) for s in segments):
            kept_found += 1
        else:
            where = [(s.kind, s.kept) for s in segments if find_text(item["text"], s.clean_text)]
            misses.append(f"kept {item['kind']}: {item['text'][:70]!r} -> {where or 'not in one segment'}")
    set_aside_ok = set_aside_kind_ok = 0
    for item in spec.get("set_aside") or []:
        if find_text(item["text"], kept_text):
            misses.append(f"set_aside {item['kind']} leaks into kept text: {item['text'][:70]!r}")
            continue
        set_aside_ok += 1
        if any(not s.kept and s.kind == item["kind"] and find_text(item["text"], s.clean_text) for s in segments):
            set_aside_kind_ok += 1
        else:
            kinds = sorted({s.kind for s in segments if not s.kept and find_text(item["text"], s.clean_text)})
            misses.append(f"set_aside {item['kind']} set aside as {kinds or 'several segments'}: {item['text'][:60]!r}")
    counts = dict(kept_found=kept_found, kept_total=len(spec.get("kept") or []), set_aside_ok=set_aside_ok,
                  set_aside_total=len(spec.get("set_aside") or []), set_aside_kind_ok=set_aside_kind_ok)
    return counts, misses


def score_metadata(found: dict, spec: dict) -> tuple[dict, list[str]]:
    """Metadata fields equal to the expected ones (``None`` when the page has none), and authors listed."""
    expected = spec.get("metadata") or {}
    right, misses = 0, []
    for name in METADATA_FIELDS:
        want = expected.get(name)
        want = None if want is None else " ".join(str(want).split())
        got = found.get(name)
        if want == got:
            right += 1
        else:
            misses.append(f"metadata {name}: expected {want!r}, got {got!r}")
    listed = [a for a in spec.get("authors") or [] if a in found.get("authors", ())]
    misses += [f"author not listed: {a}" for a in spec.get("authors") or [] if a not in listed]
    return dict(metadata_right=right, metadata_total=len(METADATA_FIELDS), authors_listed=len(listed),
                authors_total=len(spec.get("authors") or [])), misses


def score_page(html_path: Path, rules) -> tuple[dict, list[str]]:
    """Score one saved page with the library's page segmenter, metadata reader and authors."""
    from presslens.clean.html import segment_page
    from presslens.corpus.page_metadata import page_metadata

    spec = yaml.safe_load(html_path.with_name(html_path.stem + ".expected.yml").read_text(encoding="utf-8"))
    raw = html_path.read_bytes().decode("utf-8")
    segments = segment_page(raw, rules)
    meta = page_metadata(raw)
    try:
        from presslens.clean.page import page_authors
        authors = page_authors(meta, segments, rules)
    except ImportError:  # before bylines were read: the page's metadata only
        authors = meta.authors
    found = dict(title=meta.title, published=meta.published, outlet=meta.outlet,
                 author="; ".join(meta.authors) or None, url=meta.url, authors=authors)
    counts, misses = score_segments(segments, spec)
    meta_counts, meta_misses = score_metadata(found, spec)
    return {**counts, **meta_counts}, misses + meta_misses


def score_text(txt_path: Path, rules) -> tuple[dict, list[str]]:
    """Score one text article (no metadata)."""
    from presslens.clean.segment import segment

    spec = yaml.safe_load(txt_path.with_suffix(".expected.yml").read_text(encoding="utf-8"))
    counts, misses = score_segments(segment(txt_path.read_bytes().decode("utf-8"), rules), spec)
    return {**counts, "metadata_right": "", "metadata_total": "", "authors_listed": "", "authors_total": ""}, misses


def main(argv: list[str]) -> None:
    from presslens.clean.rules import load_rules

    rules = load_rules()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=DATA).stdout.strip()
    when, which, prefixes, verbose = argv[0], argv[1], [a for a in argv[2:] if a != "-v"], "-v" in argv
    if which == "txt":
        items = [("txt", p.stem, score_text(p, rules)) for p in sorted(DATA.glob("*.txt"))]
    else:
        # The sealed pages are scored only when named: `sealed` (all four) or their numbers.
        wanted = prefixes or list(DEV_PAGES)
        if "sealed" in wanted:
            wanted = [p.name[:2] for p in PAGES.glob("*.html") if p.name[:2] not in DEV_PAGES]
        paths = [p for p in sorted(PAGES.glob("*.html")) if p.name[:2] in wanted]
        items = [("dev" if p.name[:2] in DEV_PAGES else "sealed", p.stem, score_page(p, rules)) for p in paths]
    for group, name, (counts, misses) in items:
        print(",".join(str(v) for v in [commit, when, group, name, *counts.values()]))
        if verbose:
            for miss in misses:
                print("   ", miss, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
