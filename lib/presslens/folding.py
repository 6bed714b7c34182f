"""Folding for accent-, case- and apostrophe-insensitive comparison, one character for one character so that
offsets in the folded text are offsets in the original. Shared by entity resolution and the analyses."""
from __future__ import annotations

import unicodedata


#: Characters folded to one canonical form before comparison (one character each, so lengths are kept).
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " ", "‐": "-", "‑": "-"})


class _FoldTable(dict):
    """A ``str.translate`` table that folds each character the first time it is met and remembers it: a
    corpus has a few hundred distinct characters, so texts are then folded at C speed."""

    def __missing__(self, code: int) -> str:
        """In: a code point. Out: its folded character (apostrophe variants, then lower case, then the
        first character of the NFKD decomposition, which drops accents)."""
        ch = chr(code).translate(_FOLD)
        folded = unicodedata.normalize("NFKD", ch.lower() or ch)[:1] or ch
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` lower-cased with accents and apostrophe variants folded, one character for one character
    (``"Corée du Nord’s"`` → ``"coree du nord's"``), so offsets in the folded text are offsets in ``text``."""
    return text.translate(_FOLD_TABLE)
