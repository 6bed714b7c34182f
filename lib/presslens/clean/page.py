"""``presslens add PAGE.html``: a web page saved from a browser, with its metadata read from the page.

The page is copied byte for byte into ``raw/`` (by :func:`presslens.corpus.add.add_article`). Its title, date,
outlet, URL and authors come from its metadata (:mod:`presslens.corpus.page_metadata`), the authors also from
its bylines (``byline`` segments); any flag the researcher gives wins over the page. A page that does not
declare a field ``articles.csv`` requires, and no flag for it, is refused with one message naming the file,
every missing field and the flag that supplies each.
"""
from __future__ import annotations

from pathlib import Path

from ..corpus.add import add_article
from ..corpus.directory import Corpus
from ..corpus.page_metadata import PageMetadata, page_metadata
from ..corpus.validate import check_text
from ..errors import CorpusError, Problem
from ..folding import fold
from .html import segment_page
from .rules import CleaningRules, load_rules
from .segment import Segment, byline_names

#: Fields ``articles.csv`` needs, what the page's metadata would hold them in, and the flag that supplies them.
REQUIRED = {
    "published": ("publication date (article:published_time, JSON-LD datePublished or <meta name=\"date\">)",
                  "--published YYYY-MM-DD"),
    "outlet": ("site name (og:site_name or JSON-LD publisher)", "--outlet NAME"),
}


def page_authors(meta: PageMetadata, segments: list[Segment], rules: CleaningRules) -> tuple[str, ...]:
    """The page's journalists: its metadata authors, then the names of its bylines, once each (news agencies,
    such as an « AFP » author, are the ``wire`` column's business, not people)."""
    names = list(meta.authors)
    for seg in segments:
        if seg.kind == "byline":
            names += byline_names(seg.clean_text, rules)
    seen, out = set(), []
    for name in names:
        if fold(name) not in seen and not rules.agency_names.fullmatch(name):
            seen.add(fold(name))
            out.append(name)
    return tuple(out)


def add_page(corpus: Corpus, file: Path, *, event: str, outlet: str | None = None, published: str | None = None,
             title: str | None = None, authors: str | None = None, url: str | None = None, **options):
    """Add the saved page ``file`` to ``corpus``; flags (``outlet``, ``published``, ``title``, ``authors`` as
    « A; B », ``url``) override the page's metadata. Other ``options`` go to :func:`add_article`.
    Out: what :func:`add_article` wrote (the new row, and any notice). Raises :class:`CorpusError` listing every
    problem; writes nothing then."""
    file = Path(file)
    if not file.is_file():
        raise CorpusError([Problem(str(file), "file does not exist")], heading="Cannot add the page")
    data = file.read_bytes()
    unreadable = check_text(str(file), data)
    if unreadable:
        # Its metadata cannot be read either: the encoding is the one problem to fix first.
        raise CorpusError(unreadable, heading="Cannot add the page")
    raw = data.decode("utf-8")
    rules = load_rules(corpus.root)
    meta = page_metadata(raw)
    flags = {"outlet": outlet, "published": published}
    missing = [name for name in REQUIRED if not (flags[name] or getattr(meta, name))]
    if missing:
        raise CorpusError([Problem(str(file), f"the page's metadata has no {REQUIRED[name][0]}: "
                                              f"give it with {REQUIRED[name][1]}", field=name)
                           for name in missing], heading="Cannot add the page")
    names = "; ".join(page_authors(meta, segment_page(raw, rules), rules))

    def evidence(name: str, flag) -> str:
        return "supplied with `presslens add`" if flag else f"the page's {meta.sources.get(name, 'metadata')}"

    extra = {"authors": authors if authors is not None else names, "date_evidence": evidence("published", published)}
    options["evidence"] = options.get("evidence") or evidence("outlet", outlet)
    return add_article(corpus, file, outlet=outlet or meta.outlet or "", published=published or meta.published or "",
                       event=event, title=title or meta.title or "", url=url or meta.url or "", extra=extra,
                       **options)
