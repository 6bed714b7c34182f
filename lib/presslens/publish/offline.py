"""Whether an HTML page reads offline: the remote addresses a browser would fetch to show it."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags whose attributes make a browser fetch something (a plain <a href> does not).
FETCHING_ATTRS = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "embed": ("src",),
                  "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
                  "object": ("data",), "link": ("href",), "input": ("src",)}
REMOTE = r"""["']?((?:https?:)?//[^"')\s]+)"""
# A remote address a script imports (ES module or dynamic import), or a style loads (url(), @import).
REMOTE_IN_CODE = {"script": re.compile(r"(?:\bfrom\s*|\bimport\s*\(?\s*)" + REMOTE),
                  "style": re.compile(r"(?:\burl\(\s*|@import\s+(?:url\(\s*)?)" + REMOTE)}


class _FetchFinder(HTMLParser):
    """Collects the remote addresses an HTML document would fetch (scripts, styles, images, frames...)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []
        self._code: str | None = None  # "script" or "style" while inside one

    def handle_starttag(self, tag, attrs):
        self._code = tag if tag in REMOTE_IN_CODE else None
        for name, value in attrs:
            if name in FETCHING_ATTRS.get(tag, ()) and value:
                self.remote += [u for u in re.split(r"[\s,]+", value) if re.match(r"(?:https?:)?//", u)]
            elif name == "style" and value:
                self.remote += REMOTE_IN_CODE["style"].findall(value)

    def handle_endtag(self, tag):
        self._code = None

    def handle_data(self, data):
        if self._code:
            self.remote += REMOTE_IN_CODE[self._code].findall(data)


def external_resources(document: str) -> list[str]:
    """Remote (http, https or protocol-relative) addresses that ``document`` would load; [] when offline-safe."""
    finder = _FetchFinder()
    finder.feed(document)
    finder.close()
    return finder.remote
