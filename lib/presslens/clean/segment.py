"""Cleaning as segmentation: every non-blank span of a raw article gets a kind, and a reason when set aside.

Nothing is deleted. A raw article is cut into lines; a line may be cut further (a metadata prefix and the
headline after it, a photo credit and the caption it opens, a caption and its trailing credit). Each part
becomes a :class:`Segment` whose ``start``/``end`` are character offsets into the raw text (decoded as
UTF-8), and whose ``view`` is the normalised analysis text with its map back to raw offsets.

The parts together cover every non-white-space character of the raw text (a byte-order mark aside).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import identify
from .rules import CleaningRules
from .textmap import MappedText

#: Kinds that are the article's own text (kept); the others are set aside with a reason.
KEPT_KINDS = ("headline", "standfirst", "subheading", "body", "caption")
SET_ASIDE_KINDS = ("byline", "credit", "boilerplate", "foreign", "metadata")
#: What analyses read by default: the article's own text, without captions.
DEFAULT_KINDS = ("headline", "standfirst", "subheading", "body")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BLANK = " \t\u00a0\u202f\ufeff\u200b"
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_TERMINAL = ".!?…:;,"
_CLOSERS = "»\"”’)] \u00a0"
_UPPER_RUN_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9.,/&'’()\-]+$")


@dataclass
class Segment:
    """One classified span of a raw article."""

    seg_id: int
    kind: str
    kept: bool
    reason: str
    start: int
    end: int
    line: int
    view: MappedText = field(repr=False)

    @property
    def clean_text(self) -> str:
        return self.view.text


@dataclass
class _Part:
    a: int          # derived-text offsets within the line's view
    b: int
    kind: str | None = None   # None: article text, placed by layout rules in the second pass
    reason: str = ""
    caption: bool = False


def count_words(text: str) -> int:
    """Words of ``text`` (letters, with inner apostrophes and hyphens)."""
    return len(_WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence punctuation, ignoring closing quotes and brackets."""
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINAL


def _first_match(rules, text: str):
    for rule in rules:
        if rule.pattern.search(text):
            return rule.reason
    return None


def _split_caption_credit(text: str, rules: CleaningRules) -> list[_Part] | None:
    """Split a caption from its photo credit; ``None`` when the line carries no photo credit."""
    if rules.caption_credit_prefix.match(text):
        tokens = list(re.finditer(r"\S+", text))
        cut = len(tokens)
        for i, tok in enumerate(tokens[1:], start=1):
            if not _UPPER_RUN_TOKEN.match(tok.group()):
                cut = i
                break
        if cut < len(tokens):
            k = tokens[cut].start()
            return [_Part(0, k, "credit", "photo credit"), _Part(k, len(text), caption=True)]
        return [_Part(0, len(text), "credit", "photo credit")]
    for pattern in rules.caption_credit_suffix:
        m = pattern.search(text)
        if not m or m.start() == 0:
            continue
        credit = m.group("credit")
        if credit.startswith("(") or "/" in credit or " via " in credit or rules.agency_names.search(credit):
            k = m.start()  # the separator (" - ") goes with the credit, not the caption
            return [_Part(0, k, caption=True), _Part(k, len(text), "credit", "photo credit")]
    return None


def _classify_line(text: str, rules: CleaningRules) -> list[_Part]:
    """First pass: parts of one line with the kinds the line's own content decides."""
    parts: list[_Part] = []
    offset = 0
    for rule in rules.metadata_prefix:
        m = rule.pattern.match(text)
        if m:
            parts.append(_Part(0, m.end(), "metadata", rule.reason))
            offset = m.end()
            break
    rest = text[offset:]
    stripped = rest.strip()
    lead = offset + len(rest) - len(rest.lstrip())
    if not stripped:
        return parts
    n_words = count_words(stripped)
    whole = (lead, offset + len(rest.rstrip()))
    reason = _first_match(rules.metadata_line, stripped)
    if reason:
        return parts + [_Part(*whole, "metadata", reason)]
    reason = _first_match(rules.boilerplate, stripped)
    if reason:
        return parts + [_Part(*whole, "boilerplate", reason)]
    if n_words <= rules.credit_max_words and _first_match(rules.byline, stripped):
        return parts + [_Part(*whole, "byline", "byline")]
    glued = rules.byline_suffix.search(stripped)
    if glued and glued.start() > 0:
        k = lead + glued.start("byline")
        return parts + [_Part(lead, k), _Part(k, whole[1], "byline", "byline glued to the end of a paragraph")]
    if n_words <= rules.credit_max_words:
        if rules.agency_line.match(stripped):
            return parts + [_Part(*whole, "credit", "agency credit")]
        reason = _first_match(rules.credit, stripped)
        if reason:
            return parts + [_Part(*whole, "credit", reason)]
    split = _split_caption_credit(stripped, rules)
    if split:
        return parts + [_Part(p.a + lead, p.b + lead, p.kind, p.reason, p.caption) for p in split]
    return parts + [_Part(*whole)]


def byline_names(text: str, rules: CleaningRules) -> list[str]:
    """The people a byline names (« Par A et B, publié le … » → [A, B]); news agencies are not people."""
    found = [m for rule in rules.byline if (m := rule.pattern.match(text))] or \
        [m for m in [rules.byline_suffix.search(text)] if m]
    if not found:
        return []
    names = re.split(r"\s*(?:,|\bet\b|\band\b|&)\s*", found[0].group("names"))
    return [" ".join(n.split()) for n in names if n.strip() and not rules.agency_names.fullmatch(n.strip())]


def _common_words(text: str) -> str:
    """``text`` without capitalised words after the first: names are shared across languages and drag
    language identification of captions ("Kim Jong Un and Vladimir Putin shake hands") toward chance."""
    words = _WORD.findall(text)
    return " ".join(w for n, w in enumerate(words) if n == 0 or not w[:1].isupper())


def _mark_foreign(part: _Part, text: str, has_markup: bool, rules: CleaningRules) -> None:
    if part.kind is not None or count_words(text) < rules.foreign_min_words:
        return
    common = _common_words(text)
    lang, prob = identify(common if count_words(common) >= rules.foreign_min_words else text, rules.candidates)
    if lang != rules.language and prob >= rules.foreign_min_probability:
        name = rules.language_names.get(lang, lang)
        detail = ", photo caption" if part.caption else ""
        detail += ", in HTML markup" if has_markup else ""
        part.kind, part.reason = "foreign", f"{name} ({lang}) text{detail}"


def _text_of(view: MappedText, part: _Part) -> str:
    """The analysis text of one part of a line."""
    return view.text[part.a:part.b].strip()


def _norm_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Line:
    """One unit of a raw file for the classifier: a line of a text file, or a visible block of a web page.

    ``role`` is what the page's markup already says the block is ("headline", "standfirst", "subheading",
    "caption"), or "" when the layout rules decide; ``aside`` is the reason for setting the whole block aside
    when the classifier finds no page furniture in it (a page's text outside its main text)."""

    number: int
    view: MappedText
    markup: bool = False
    role: str = ""
    aside: str = ""


def text_lines(raw: str) -> list[Line]:
    """The non-blank lines of a text file, each with its normalised view and raw offsets."""
    lines = []
    for number, m in enumerate(_LINE.finditer(raw), start=1):
        content = m.group().rstrip("\r\n")
        if content.strip(_BLANK + "\n\r"):
            start = m.start() + len(content) - len(content.lstrip(_BLANK))
            end = m.start() + len(content.rstrip(_BLANK))
            view = MappedText.from_raw(raw, start, end)
            lines.append(Line(number, view, "<" in raw[start:end] and view.text != raw[start:end].replace("’", "'")))
        if m.end() >= len(raw):
            break
    return lines


def segment(raw: str, rules: CleaningRules) -> list[Segment]:
    """Classify every non-blank span of the text file ``raw``; return the segments in text order.

    Layout kinds are decided in a second pass over the article text: the first text line is the
    headline when short and unpunctuated, the next one the standfirst when it is unpunctuated or sits
    next to a credit line, short unpunctuated lines inside the article are subheadings, and numbered
    lists whose items repeat later lines are tables of contents.
    """
    return classify_lines(raw, text_lines(raw), rules)


def _role_parts(line: Line, rules: CleaningRules) -> list[_Part]:
    """Parts of one line: the classifier's, then the markup's role or the line's set-aside reason for the
    parts the classifier left as article text."""
    if line.role in ("headline", "byline"):  # the whole block, as the markup or the page's metadata says
        return [_Part(0, len(line.view.text), line.role, "" if line.role == "headline" else line.aside)]
    parts = _classify_line(line.view.text, rules)
    for part in parts:
        if part.kind is None and line.aside:
            part.kind, part.reason, part.caption = "boilerplate", line.aside, False
        elif part.kind is None and line.role == "caption":
            part.caption = True
        elif part.kind is None and line.role in ("standfirst", "subheading"):
            part.kind = line.role
    return parts


def classify_lines(raw: str, lines: list[Line], rules: CleaningRules) -> list[Segment]:
    """Segments of ``raw`` cut along ``lines`` (whose views point into ``raw``), in text order.

    The headline and standfirst are guessed from the layout only when no line's markup names a headline."""
    classified = []
    for line in lines:
        parts = _role_parts(line, rules)
        for part in parts:
            _mark_foreign(part, line.view.text[part.a:part.b].strip(), line.markup, rules)
        classified.append((line.number, line.view, parts, line.markup))

    _layout(classified, rules, guess_head=not any(line.role == "headline" for line in lines))

    segments: list[Segment] = []
    for number, view, parts, _ in classified:
        for i, part in enumerate(parts):
            start = view.pieces[0][1] if i == 0 else view.raw_start(part.a)
            end = view.raw_end if i == len(parts) - 1 else view.raw_start(parts[i + 1].a)
            sub = view.sub(part.a, part.b).strip()
            while end > start and raw[end - 1] in _BLANK + "\n\r":
                end -= 1
            while start < end and raw[start] in _BLANK + "\n\r":
                start += 1
            kept = part.kind in KEPT_KINDS
            segments.append(Segment(len(segments), part.kind, kept, "" if kept else part.reason,
                                    start, end, number, sub))
    return segments


def _layout(lines, rules: CleaningRules, guess_head: bool = True) -> None:
    """Second pass: headline and standfirst (when ``guess_head``), subheading, body and tables of contents
    (in place)."""
    # Tables of contents: numbered items whose text comes back later as a line of its own.
    later_keys = {}
    for idx, (_, view, parts, _) in enumerate(lines):
        for part in parts:
            later_keys.setdefault(_norm_key(_text_of(view, part)), []).append(idx)
    for idx, (_, view, parts, _) in enumerate(lines):
        for part in parts:
            if part.kind is not None:
                continue
            m = rules.toc_item.match(_text_of(view, part))
            if m and any(j > idx for j in later_keys.get(_norm_key(m.group("item")), [])):
                part.kind, part.reason = "boilerplate", "table of contents repeating the article's subheadings"

    _related_lists(lines, rules)
    flat = [(idx, part) for idx, (_, _, parts, _) in enumerate(lines) for part in parts]
    credit_lines = {idx for idx, part in flat if part.kind == "credit"}
    text_parts = [(idx, part) for idx, part in flat if part.kind is None and not part.caption]
    for idx, part in flat:
        if part.kind is None and part.caption:
            part.kind = "caption"
    if not text_parts or not guess_head:
        _subheadings_and_body(lines, text_parts, rules)
        return
    first_idx, first = text_parts[0]
    rest = text_parts[1:]
    head_text = _text_of(lines[first_idx][1], first)
    if rest and count_words(head_text) <= rules.headline_max_words and not ends_sentence(head_text) \
            and not head_text.rstrip(_CLOSERS).endswith(","):
        first.kind = "headline"
        idx, part = rest[0]
        text = _text_of(lines[idx][1], part)
        near_credit = (idx + 1) in credit_lines or (idx - 1) in credit_lines
        if count_words(text) <= rules.standfirst_max_words and (near_credit or not ends_sentence(text)) \
                and len(rest) > 1:
            part.kind = "standfirst"
    _subheadings_and_body(lines, text_parts, rules)


def _related_lists(lines, rules: CleaningRules) -> None:
    """Set aside lists of links to other articles (in place): a line that is only a heading such as « Sur le
    même sujet », and the headline-like lines after it (short, no closing full stop), up to the next text."""
    listing = False
    for _, view, parts, _ in lines:
        for part in parts:
            text = _text_of(view, part).strip()
            if rules.related_header.match(text):
                if part.kind is None:
                    part.kind, part.reason = "boilerplate", "related-article list"
                listing = True
            elif listing and part.kind is None and not part.caption and text \
                    and count_words(text) <= rules.headline_max_words and not text.rstrip(_CLOSERS).endswith("."):
                part.kind, part.reason = "boilerplate", "related-article list"
            elif part.kind is None:
                listing = False


def _subheadings_and_body(lines, text_parts, rules: CleaningRules) -> None:
    """Short unpunctuated lines inside the article are subheadings, the other article text is body."""
    remaining = [(i, p) for i, p in text_parts if p.kind is None]
    for n, (idx, part) in enumerate(remaining):
        text = _text_of(lines[idx][1], part)
        is_last = n == len(remaining) - 1
        starts_well = text[:1].isupper() or text[:1] in "«\"“" or text[:1].isdigit()
        if not is_last and starts_well and count_words(text) <= rules.subheading_max_words and not ends_sentence(text):
            part.kind = "subheading"
        else:
            part.kind = "body"
