"""Duplicates: equal once re-saving artefacts are set aside; near when most 5-word runs are shared."""
from __future__ import annotations

import itertools
import unicodedata

import pytest

from conftest import CORPUS
from presslens.corpus.duplicates import NEAR, DuplicateIndex, normalise, shingles


def test_normalise_sets_aside_bom_line_ends_unicode_form_and_spacing():
    text = "Kim Jong-un à Vostotchny\n\nLe dirigeant   est arrivé.\n"
    resaved = ("\ufeff" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").replace(" est", "\u00a0est"))
    assert resaved.encode() != text.encode()
    assert normalise(resaved.encode("utf-8")) == normalise(text.encode("utf-8")) == \
        "Kim Jong-un à Vostotchny Le dirigeant est arrivé."
    assert normalise("Un été".encode("latin-1")) is None


def test_exact_and_near_matches():
    words = [f"mot{i}" for i in range(200)]
    index = DuplicateIndex()
    index.add("007", "raw/007_x.txt", " ".join(words))
    assert index.exact(" ".join(words)).doc_id == "007"
    edited = list(words)
    for i in (20, 90, 160):  # three edited words: at most 15 of 196 shingles change
        edited[i] = "autre"
    near = index.near(" ".join(edited))
    assert index.exact(" ".join(edited)) is None
    assert [m.doc_id for m in near] == ["007"] and NEAR <= near[0].similarity < 1
    assert index.near(" ".join(words[:100])) == []  # half the text: Jaccard about 0.5
    assert index.near("trop court") == []


@pytest.mark.parametrize("corpus", ["", "heldout", "unseen"])
def test_no_two_shipped_articles_are_near_duplicates(corpus):
    """The threshold must not flag different articles on the same event (the docstring's claim)."""
    texts = [shingles(normalise(p.read_bytes())) for p in sorted((CORPUS / corpus / "raw").glob("*.txt"))]
    assert len(texts) >= 4
    assert max(len(a & b) / len(a | b) for a, b in itertools.combinations(texts, 2)) < 0.02
