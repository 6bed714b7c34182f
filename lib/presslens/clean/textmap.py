"""Analysis text derived from raw text, with a map from every derived character back to raw offsets.

Cleaning never edits the raw text: it builds a :class:`MappedText` (HTML tags dropped, entities decoded,
apostrophes and non-breaking spaces normalised, a missing space after a full stop restored, runs of
spaces folded) and keeps, for each piece of the derived text, the raw span it came from. Offsets found
by spaCy in the derived text are turned back into raw offsets with :meth:`MappedText.raw_span`.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

# Order matters: the first alternative that matches at a position wins.
_NORMALISE = re.compile(
    r"(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<apostrophe>[\u2019\u2018\u02bc\u2032])"
    r"|(?P<invisible>[\u00ad\u200b\u200c\u200d\u2060\ufeff])"
    # Line ends count as spaces: a text file's lines hold none, but a web page's paragraph may span lines.
    r"|(?P<space>[ \t\r\n\u00a0\u202f\u2007\u2009\u200a\u3000]{2,}|[\t\r\n\u00a0\u202f\u2007\u2009\u200a\u3000])"
    # A sentence end glued to the next sentence ("en 2024.Le président"): a lower-case word, a year or a
    # closing quote, a full stop, then a capitalised word. Abbreviations such as "U.S." have no
    # lower-case letters before the dot and are left alone.
    r"|(?P<gluedstop>(?<=[a-zà-ÿ0-9]{2}[.!?])(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ])|(?<=[»\"”][.!?])(?=[A-ZÀ-ÖØ-Þ«]))",
    re.S,
)


def _replacement(kind: str, matched: str) -> str:
    """What the derived text holds for one matched piece of raw text."""
    if kind == "tag":
        # Block-level tags separate words ("</p><p>"); inline tags (<strong>) do not.
        name = re.match(r"</?([A-Za-z0-9]+)", matched)
        block = name and name.group(1).lower() in {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4",
                                                   "figcaption", "figure", "blockquote", "tr", "td"}
        return " " if block else ""
    if kind == "entity":
        decoded = html.unescape(matched)
        return " " if decoded in ("\u00a0", "\u202f") else decoded.replace("\u2019", "'")
    if kind == "apostrophe":
        return "'"
    if kind == "invisible":
        return ""
    if kind in ("space", "gluedstop"):
        return " "
    raise ValueError(kind)


@dataclass(frozen=True)
class MappedText:
    """Derived text plus its pieces: ``pieces[i] = (derived_start, raw_start, raw_end, identity)``."""

    text: str
    pieces: tuple[tuple[int, int, int, bool], ...]
    raw_end: int
    starts: tuple[int, ...] = ()

    @classmethod
    def from_raw(cls, raw: str, start: int = 0, end: int | None = None) -> "MappedText":
        """Normalise ``raw[start:end]`` for analysis, keeping the map to raw offsets."""
        end = len(raw) if end is None else end
        out: list[str] = []
        pieces: list[tuple[int, int, int, bool]] = []
        pos = start
        length = 0

        def emit(text: str, rs: int, re_: int, identity: bool) -> None:
            nonlocal length
            if text or rs != re_:
                pieces.append((length, rs, re_, identity))
                out.append(text)
                length += len(text)

        for m in _NORMALISE.finditer(raw, start, end):
            if m.start() > pos:
                emit(raw[pos:m.start()], pos, m.start(), True)
            emit(_replacement(m.lastgroup, m.group()), m.start(), m.end(), False)
            pos = m.end()
        if pos < end:
            emit(raw[pos:end], pos, end, True)
        return cls("".join(out), tuple(pieces), end, tuple(p[0] for p in pieces))

    def _piece(self, k: int) -> tuple[int, int, int, bool]:
        i = bisect.bisect_right(self.starts, k) - 1
        # Several pieces may start at k (a deleted tag has no derived text): take the last, which is
        # the one that actually holds the character at k.
        return self.pieces[max(i, 0)]

    def raw_start(self, k: int) -> int:
        """Raw offset where derived character ``k`` begins."""
        if k >= len(self.text):
            return self.raw_end
        ds, rs, re_, identity = self._piece(k)
        return rs + (k - ds) if identity else rs

    def raw_stop(self, k: int) -> int:
        """Raw offset just past derived character ``k``."""
        ds, rs, re_, identity = self._piece(k)
        return rs + (k - ds) + 1 if identity else re_

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering derived characters ``start .. end-1``."""
        if end <= start:
            r = self.raw_start(start)
            return r, r
        return self.raw_start(start), self.raw_stop(end - 1)

    def sub(self, start: int, end: int) -> "MappedText":
        """The derived characters ``start .. end-1`` as a MappedText of their own (same raw offsets)."""
        bounds = self.starts[1:] + (len(self.text),)
        pieces = []
        for (ds, rs, re_, identity), de in zip(self.pieces, bounds):
            lo, hi = max(ds, start), min(de, end)
            if lo >= hi:
                continue
            if identity:
                pieces.append((lo - start, rs + (lo - ds), rs + (hi - ds), True))
            else:
                pieces.append((lo - start, rs, re_, False))
        raw_end = self.raw_stop(end - 1) if end > start else self.raw_start(start)
        return MappedText(self.text[start:end], tuple(pieces), raw_end, tuple(p[0] for p in pieces))

    def strip(self) -> "MappedText":
        """Drop leading and trailing white space from the derived text."""
        start = len(self.text) - len(self.text.lstrip())
        return self.sub(start, max(start, len(self.text.rstrip())))
