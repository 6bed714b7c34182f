"""Is a text already in the corpus? Exact duplicates on normalised text, near duplicates on shared word runs.

Exact: two files hold the same article when their texts are equal once a byte-order mark, line ends
(CRLF, CR), the Unicode normal form (NFC) and runs of white space (spaces, tabs, non-breaking spaces, blank
lines) are set aside: the same article re-saved by another editor or operating system. Intake refuses it.

Near: the same wire copy re-published with small edits (a headline changed, a paragraph cut, a correction).
Texts are compared as sets of word 5-grams ("shingles", lower-cased); two texts whose shingle sets have a
Jaccard similarity of :data:`NEAR` (0.8) or more are reported, not refused: two outlets printing the same
agency copy is something the study wants to see (``analyses.reuse``). Why 5 words and 0.8: one edited word
changes at most five shingles, so an article of 300 words stays above 0.8 after a dozen scattered edits or a
cut paragraph, while two different articles on the same event share stock phrases but few 5-grams: no two
articles of the shipped corpora (seed, held-out, unseen: 21 articles) share more than 2 % of them.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

#: Words per shingle, and the Jaccard similarity from which two texts are reported as near duplicates.
SHINGLE_WORDS = 5
NEAR = 0.8
_WORD = re.compile(r"\w+")


def normalise(data: bytes) -> str | None:
    """In: a file's bytes. Out: its text without byte-order mark, in NFC, with every run of white space (line
    ends included) one space, stripped; ``None`` when the bytes are not UTF-8 (reported elsewhere)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return " ".join(unicodedata.normalize("NFC", text).split())


def shingles(text: str) -> set[str]:
    """The lower-cased word 5-grams of a normalised text (empty for a text of fewer than five words)."""
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


@dataclass
class Match:
    """A text the new one repeats: its ``doc_id``, where it is (``raw/…`` or a row of the file being
    imported) and the Jaccard similarity of their shingles (1.0 for an exact duplicate)."""

    doc_id: str
    where: str
    similarity: float


@dataclass
class DuplicateIndex:
    """The texts of a corpus (and of articles being added with them), for :meth:`exact` and :meth:`near`."""

    _exact: dict[str, Match] = field(default_factory=dict)
    _postings: dict[str, list[str]] = field(default_factory=dict)
    _sizes: dict[str, int] = field(default_factory=dict)
    _where: dict[str, str] = field(default_factory=dict)

    def add(self, doc_id: str, where: str, text: str) -> None:
        """Index the normalised ``text`` of ``doc_id``, found at ``where``."""
        self._exact.setdefault(hashlib.sha256(text.encode()).hexdigest(), Match(doc_id, where, 1.0))
        grams = shingles(text)
        self._sizes[doc_id], self._where[doc_id] = len(grams), where
        for gram in grams:
            self._postings.setdefault(gram, []).append(doc_id)

    def exact(self, text: str) -> Match | None:
        """The indexed text equal to the normalised ``text``, if any."""
        return self._exact.get(hashlib.sha256(text.encode()).hexdigest())

    def near(self, text: str) -> list[Match]:
        """Indexed texts whose shingles overlap ``text``'s with a Jaccard similarity of :data:`NEAR` or more,
        most similar first."""
        grams = shingles(text)
        shared = Counter(doc for gram in grams for doc in self._postings.get(gram, ()))
        found = [Match(doc, self._where[doc], n / (len(grams) + self._sizes[doc] - n)) for doc, n in shared.items()]
        return sorted((m for m in found if m.similarity >= NEAR), key=lambda m: (-m.similarity, m.doc_id))
