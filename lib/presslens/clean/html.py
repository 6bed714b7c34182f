"""Saved web pages: visible text blocks with offsets into the raw HTML, the page's main text, and segments.

A page is never modified. :func:`visible_blocks` walks it with the standard library's ``html.parser`` and
cuts its visible text into blocks at block-level tags and ``<br>``: each block is a :class:`MappedText`
view of the raw span from its first to its last visible character (inline tags dropped, entities decoded,
white space folded), so ``raw[start:end]`` is a block's source. ``<head>``, scripts, styles, ``<noscript>``,
``<template>``, SVG and the like are not visible text: they never become segments, and neither do tag
attributes (an image's ``alt`` text is markup, not text of the page).

:func:`segment_page` marks which blocks are the page's main text by matching them against trafilatura's
extraction, adds what trafilatura leaves out but the markup names as the article's own (the ``<h1>`` that
carries the page's title, the standfirst, the figure captions inside the article), and hands every block
to the classifier that text files use (:mod:`presslens.clean.segment`). A block outside the main text
keeps what the classifier finds in it (a byline, a credit, a widget); any other text in it is set aside
as boilerplate, with the reason :data:`OUTSIDE_MAIN_TEXT`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..corpus.page_metadata import page_metadata
from .rules import CleaningRules
from .segment import Line, Segment, classify_lines, count_words, ends_sentence
from .textmap import MappedText

#: Reason given to text outside the page's main text.
OUTSIDE_MAIN_TEXT = "outside the page's main text (trafilatura)"
#: Elements whose content is not visible text.
HIDDEN = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
                    "canvas", "video", "audio", "select"})
#: Elements that start and end a block of text (and ``br``, which ends one).
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd",
                    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
                    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "menu", "nav", "ol",
                    "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
                    "tr", "ul", "html", "label", "legend"})
#: Elements without content (never on the stack of open elements).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
#: Opening one of these closes an open ``<p>`` (HTML's implied end tag).
_CLOSES_P = BLOCKS - {"br", "button", "label", "option"}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Block:
    """A run of visible text between block boundaries.

    ``tag`` is the innermost block-level element holding it, ``path`` the ids of its open elements from the
    root (for finding the article's container), ``classes`` the class and id attributes of the holding
    element and its parent, ``line`` the raw line the block starts on, ``bold`` whether all its text is in
    ``<b>`` or ``<strong>``."""

    view: MappedText
    tag: str
    path: tuple[int, ...]
    classes: str
    line: int
    bold: bool = False

    @property
    def start(self) -> int:
        return self.view.pieces[0][1]

    @property
    def end(self) -> int:
        return self.view.raw_end


class _Walker(HTMLParser):
    """Records the raw offsets of visible text runs and the blocks they belong to."""

    def __init__(self, raw: str):
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.stack: list[tuple[str, int, str]] = []  # (tag, element id, class and id attributes)
        self.hidden = 0
        self.next_id = 0
        self.blocks: list[Block] = []
        self._open: tuple[int, tuple, str, str] | None = None  # start offset, path, tag, classes
        self._bold = True                                      # all the open block's text is bold so far
        self._text_from: int | None = None                   # start of the pending text run
        self._end = 0                                          # end of the open block's text so far

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _settle(self) -> None:
        """Close the pending text run at the current position (every event starts where text stops)."""
        if self._text_from is not None:
            self._end = self._offset()
            self._text_from = None

    def _close_block(self) -> None:
        self._settle()
        if self._open is None:
            return
        start, path, tag, classes = self._open
        self._open = None
        view = MappedText.from_raw(self.raw, start, self._end).strip()
        if view.text:
            line = bisect.bisect_right(self.line_starts, view.pieces[0][1])
            self.blocks.append(Block(view, tag, path, classes, line, self._bold))

    def _text(self, raw_text: str) -> None:
        if self.hidden:
            return
        if self._open is None:
            if not raw_text.strip():
                return
            block = [(t, c) for t, _, c in self.stack if t in BLOCKS]
            tag, classes = (block[-1] if block else ("", ""))
            parent = block[-2][1] if len(block) > 1 else ""
            self._open = (self._offset(), tuple(i for _, i, _ in self.stack), tag, f"{classes} {parent}".strip())
            self._bold = True
        if raw_text.strip():
            self._bold = self._bold and any(t in ("b", "strong") for t, _, _ in self.stack)
        self._text_from = self._offset()

    def handle_data(self, data):
        self._text(data)

    def handle_entityref(self, name):
        self._text("&")

    def handle_charref(self, name):
        self._text("&")

    def handle_starttag(self, tag, attrs):
        self._settle()
        if tag in BLOCKS or tag in HIDDEN:
            self._close_block()
        if tag in _CLOSES_P and self.stack and self.stack[-1][0] == "p":
            self.stack.pop()
        if tag == "li":
            self._pop_to("li", within=("ul", "ol", "menu"))
        if tag in VOID:
            return
        a = dict(attrs)
        self.stack.append((tag, self.next_id, f"{a.get('class') or ''} {a.get('id') or ''}".strip()))
        self.next_id += 1
        if tag in HIDDEN:
            self.hidden += 1

    def handle_startendtag(self, tag, attrs):
        self._settle()
        if tag in BLOCKS:
            self._close_block()

    def handle_endtag(self, tag):
        self._settle()
        if tag in BLOCKS or tag in HIDDEN:
            self._close_block()
        if any(t == tag for t, _, _ in self.stack):
            self._pop_to(tag)

    def _pop_to(self, tag: str, within: tuple[str, ...] = ()) -> None:
        """Pop open elements down to and including the innermost ``tag`` (not past a ``within`` element)."""
        for n in range(len(self.stack) - 1, -1, -1):
            name = self.stack[n][0]
            if name in within:
                return
            if name == tag:
                for t, _, _ in self.stack[n:]:
                    self.hidden -= t in HIDDEN
                del self.stack[n:]
                return

    def handle_comment(self, data):
        self._settle()

    def handle_decl(self, decl):
        self._settle()

    def handle_pi(self, data):
        self._settle()

    def close(self):
        super().close()
        if self._text_from is not None:
            self._end = len(self.raw)
            self._text_from = None
        self._close_block()


def visible_blocks(raw: str) -> list[Block]:
    """In: the text of a web page. Out: its blocks of visible text, in page order."""
    walker = _Walker(raw)
    walker.feed(raw)
    walker.close()
    return walker.blocks


def _key(text: str) -> str:
    """Text compared without white space and with plain apostrophes (extractors join and space text their
    own way)."""
    return "".join(text.replace("’", "'").split())


def main_text(raw: str) -> list[str]:
    """Trafilatura's main text of the page, one paragraph per item."""
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=True, deduplicate=False) or ""
    return [line for line in text.splitlines() if line.strip()]


def main_blocks(blocks: list[Block], paragraphs: list[str], min_words: int = 4) -> set[int]:
    """Indices of the blocks that are the page's main text.

    Blocks and the extractor's paragraphs are aligned in page order: a block is main text when, at or after
    the paragraph the previous main block matched, a paragraph contains it, equals it (blocks of fewer than
    ``min_words`` words must equal a whole paragraph: a short « Partager » inside a sentence is no match), or
    is contained in it (a block holding a paragraph and more)."""
    keys = [_key(p) for p in paragraphs]
    found, cursor = set(), 0
    for n, block in enumerate(blocks):
        key = _key(block.view.text)
        short = len(_WORD.findall(block.view.text)) < min_words
        for j in range(cursor, len(keys)):
            if key == keys[j] or (not short and key in keys[j]) or (len(keys[j]) >= 30 and keys[j] in key):
                found.add(n)
                cursor = j
                break
    return found


def _common_path(paths: list[tuple[int, ...]]) -> tuple[int, ...]:
    """The ids of the elements every path goes through (the deepest common container)."""
    if not paths:
        return ()
    first = paths[0]
    depth = 0
    while depth < len(first) and all(len(p) > depth and p[depth] == first[depth] for p in paths):
        depth += 1
    return first[:depth]


def _headline(blocks: list[Block], title: str | None) -> int | None:
    """The ``<h1>`` that carries the page's title (either contains the other), else the first ``<h1>``."""
    h1 = [n for n, b in enumerate(blocks) if b.tag == "h1"]
    if title:
        t = _key(title)
        for n in h1:
            k = _key(blocks[n].view.text)
            if k and (k in t or t in k):
                return n
    return h1[0] if h1 else None


def _standfirst(blocks: list[Block], after: int, inside, description: str | None, rules: CleaningRules) -> int | None:
    """The first block after the headline, inside the article, that is the page's own summary (its
    description metadata) or whose markup names it a standfirst (``rules.html_standfirst_class``)."""
    summary = _key(description or "")
    for n in range(after + 1, len(blocks)):
        block = blocks[n]
        if not inside(block):
            continue
        key = _key(block.view.text)
        if (summary and len(summary) >= 30 and (key == summary or key.startswith(summary.rstrip(".…")))) \
                or rules.html_standfirst_class.search(block.classes):
            return n
    return None


def _starts_with_author(text: str, authors: tuple[str, ...]) -> bool:
    """True when ``text`` is one of the page's metadata ``authors``, alone or before a separator or date."""
    return any(re.match(re.escape(a) + r"(?!\w)", text) for a in authors)


def _role(n: int, blocks: list[Block], main: set[int], inside, rules: CleaningRules) -> str:
    """What the markup says block ``n`` is (headline and standfirst aside), or "" to leave it to the
    classifier: figure captions and blocks whose class names a caption, inside the article; headings of the
    main text, including one the extractor dropped right before main text (a live post's title); short
    bold-only paragraphs of the main text (« intertitres »), a question only when very short (a longer one is
    an interview's question, so body)."""
    block = blocks[n]
    text = block.view.text
    if inside(block) and (block.tag == "figcaption" or rules.html_caption_class.search(block.classes)):
        return "caption"
    if block.tag in ("h2", "h3", "h4", "h5", "h6") and inside(block) and (n in main or n + 1 in main):
        return "subheading"
    words = count_words(text)
    if n in main and block.bold and words <= rules.subheading_max_words:
        question = text.rstrip(" \u00a0\u202f»\"").endswith("?")
        if not ends_sentence(text) or (question and words <= rules.question_subheading_max_words):
            return "subheading"
    return ""


def page_lines(raw: str, rules: CleaningRules) -> list[Line]:
    """The classifier's lines for a web page: every visible block with its role and, outside the page's
    main text, the reason to set it aside."""
    blocks = visible_blocks(raw)
    meta = page_metadata(raw)
    main = main_blocks(blocks, main_text(raw))
    head = _headline(blocks, meta.title)
    anchors = [blocks[n].path for n in sorted(main)]
    if head is not None:
        anchors.append(blocks[head].path)
    article = _common_path(anchors)

    def inside(block: Block) -> bool:
        return block.path[:len(article)] == article

    lead = _standfirst(blocks, head if head is not None else -1, inside, meta.description, rules)
    lines = []
    for n, block in enumerate(blocks):
        if n == head:
            line = Line(block.line, block.view, role="headline")
        elif n == lead:
            line = Line(block.line, block.view, role="standfirst")
        elif n not in main and _starts_with_author(block.view.text, meta.authors):
            line = Line(block.line, block.view, role="byline", aside="author named in the page's metadata")
        else:
            role = _role(n, blocks, main, inside, rules)
            line = Line(block.line, block.view, role=role, aside="" if role or n in main else OUTSIDE_MAIN_TEXT)
        lines.append(line)
    return lines


def segment_page(raw: str, rules: CleaningRules) -> list[Segment]:
    """Classify every visible block of the web page ``raw``; offsets point into the raw HTML."""
    return classify_lines(raw, page_lines(raw, rules), rules)
