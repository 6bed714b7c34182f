"""Which segmenter reads a raw file: web pages (``.html``, ``.htm``) by their markup, anything else as text."""
from __future__ import annotations

from ..corpus.directory import is_page
from .rules import CleaningRules
from .segment import Segment, segment


def segment_source(raw: str, rules: CleaningRules, name: str) -> list[Segment]:
    """In: the decoded text of the raw file called ``name``. Out: its segments, offsets into ``raw``."""
    if is_page(name):
        from .html import segment_page  # trafilatura and lxml are imported only for pages

        return segment_page(raw, rules)
    return segment(raw, rules)
