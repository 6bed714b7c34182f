"""Spans of text inside quotation marks: « … », “ … ” and straight "…" (nesting allowed)."""
from __future__ import annotations

_PAIRS = {"«": "»", "“": "”", "„": "“"}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each outermost quotation, marks included, in text order.

    Guillemets and curly quotes nest; a straight double quote opens when no straight quote is open
    and closes the open one otherwise. A quotation left open runs to the end of ``text`` (French
    quotations spanning paragraphs often leave the closing mark to a later paragraph).
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if stack and (ch == _PAIRS.get(stack[-1][0]) or (ch == '"' and stack[-1][0] == '"')):
            opener, start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
        elif ch in _PAIRS or ch == '"':
            stack.append((ch, i))
    if stack:
        spans.append((stack[0][1], len(text)))
    return spans


QUOTE_MARKS = frozenset("«»“”„\"")


def inside_quotes(spans: list[tuple[int, int]], start: int, end: int, text: str) -> bool:
    """True when the token ``text`` at ``[start, end)`` is quoted: inside a span and not itself a mark."""
    return text not in QUOTE_MARKS and any(s < start and end <= e for s, e in spans)
