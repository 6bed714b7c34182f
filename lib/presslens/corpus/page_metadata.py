"""What a saved web page says about itself: title, publication date, outlet, authors, URL and summary.

Read from the page's metadata only (Open Graph and ``article:`` properties, JSON-LD, ``<meta>`` tags,
``<link rel="canonical">``, ``<title>``), never guessed from the visible text: a date or a name printed
in the page is the cleaning's business (bylines), and a value the page does not declare is ``None``, so that
``presslens add`` can ask for it by flag instead of inventing it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: JSON-LD types that describe the article itself (their fields win over other objects of the page).
ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "OpinionNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting", "BlogPosting",
                           "ReviewNewsArticle", "Report", "ScholarlyArticle"})
#: Where each field is looked for, first found wins: ``meta:NAME`` is a <meta name|property|itemprop>,
#: ``ld:KEY`` the article's JSON-LD, ``link:canonical`` and ``title`` the tags of those names.
SOURCES = {
    "title": ("meta:og:title", "meta:twitter:title", "ld:headline", "ld:name", "title"),
    "published": ("meta:article:published_time", "ld:datePublished", "meta:datePublished", "meta:date",
                  "meta:pubdate", "meta:publishdate", "meta:dc.date.issued", "meta:dcterms.created",
                  "meta:og:published_time"),
    "outlet": ("meta:og:site_name", "ld:publisher", "meta:application-name"),
    "authors": ("ld:author", "meta:article:author", "meta:author", "meta:dc.creator", "meta:byl"),
    "url": ("meta:og:url", "link:canonical", "ld:url", "ld:mainEntityOfPage"),
    "description": ("meta:og:description", "meta:description", "meta:twitter:description", "ld:description"),
}
_DATE = re.compile(r"^\s*(\d{4})[-/](\d{2})[-/](\d{2})")


@dataclass(frozen=True)
class PageMetadata:
    """The page's own metadata; a field is ``None`` (``authors`` empty) when the page does not declare it.
    ``sources`` names where each found value came from (for the ``*_evidence`` columns)."""

    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    description: str | None = None
    language: str | None = None
    sources: dict = field(default_factory=dict)


class _HeadReader(HTMLParser):
    """Collects <meta> contents, canonical links, the <title>, JSON-LD blocks and <html lang>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title = ""
        self.json_ld: list[str] = []
        self.language = None
        self._in: str | None = None  # "title" or "ld" while inside one

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.language = a["lang"].split("-")[0].lower()
        elif tag == "meta" and a.get("content", "").strip():
            for key in ("property", "name", "itemprop"):
                if a.get(key):
                    self.meta.setdefault(a[key].strip().lower(), " ".join(a["content"].split()))
        elif tag == "link" and a.get("href"):
            for rel in a.get("rel", "").lower().split():
                self.links.setdefault(rel, a["href"].strip())
        elif tag == "title" and not self.title:
            self._in = "title"
        elif tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "ld":
            self.json_ld[-1] += data


def _ld_objects(blocks: list[str]) -> list[dict]:
    """Every JSON object of the page's JSON-LD blocks, ``@graph`` members included (unparsable blocks are
    skipped: a page's broken script is no reason to refuse the page)."""
    out: list[dict] = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            out.append(node)
            walk(node.get("@graph", []))

    for block in blocks:
        try:
            walk(json.loads(block))
        except ValueError:
            continue
    return out


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    return set(kind if isinstance(kind, list) else [kind])


def _names(value, by_id: dict) -> list[str]:
    """Names in a JSON-LD value: a string, a {name} object, an {@id} reference, or a list of those."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v, by_id)]
    if isinstance(value, dict):
        if "name" not in value and value.get("@id") in by_id:
            value = by_id[value["@id"]]
        name = value.get("name")
        return _names(name, by_id) if name else []
    if isinstance(value, str) and value.strip() and not value.strip().startswith(("http://", "https://")):
        return [" ".join(value.split())]
    return []


def _ld_value(objects: list[dict], key: str):
    """``key`` of the article object (JSON-LD), else of the first object that has it."""
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    ranked = [o for o in objects if _types(o) & ARTICLE_TYPES] + [o for o in objects if not _types(o) & ARTICLE_TYPES]
    for obj in ranked:
        if key not in obj:
            continue
        value = obj[key]
        if key in ("author", "publisher"):
            names = _names(value, by_id)
            if names:
                return names
        elif key in ("url", "mainEntityOfPage"):
            url = value.get("@id") or value.get("url") if isinstance(value, dict) else value
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                return url
        elif isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _author_names(value: str) -> list[str]:
    """Author names from a <meta> value: « By A and B » → [A, B]; profile URLs are not names."""
    if value.startswith(("http://", "https://")):
        return []
    value = re.sub(r"(?i)^(?:by|par)\s+", "", value)
    return [n.strip() for n in re.split(r"\s*(?:,|;|&|\bet\b|\band\b)\s*", value) if n.strip()]


def page_metadata(html: str) -> PageMetadata:
    """In: the text of a saved web page. Out: its :class:`PageMetadata` (``published`` as YYYY-MM-DD)."""
    reader = _HeadReader()
    reader.feed(html)
    reader.close()
    objects = _ld_objects(reader.json_ld)
    found: dict = {}
    sources: dict = {}
    for name, places in SOURCES.items():
        for place in places:
            kind, _, key = place.partition(":")
            if kind == "meta":
                value = reader.meta.get(key.lower())
            elif kind == "ld":
                value = _ld_value(objects, key)
            elif kind == "link":
                value = reader.links.get(key)
            else:
                value = " ".join(reader.title.split()) or None
            if name == "published" and value:
                m = _DATE.match(value)
                value = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
            if name == "authors" and isinstance(value, str):
                value = _author_names(value)
            if name == "outlet" and isinstance(value, list):
                value = value[0]
            if value:
                found[name], sources[name] = value, place.replace("meta:", "<meta> ").replace("ld:", "JSON-LD ")
                break
    return PageMetadata(title=found.get("title"), published=found.get("published"), outlet=found.get("outlet"),
                        authors=tuple(dict.fromkeys(found.get("authors", ()))), url=found.get("url"),
                        description=found.get("description"), language=reader.language, sources=sources)
