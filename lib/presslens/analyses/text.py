"""Text helpers shared by the analyses: the word pattern, and sentences rebuilt from tokens with their
original spacing (accent folding is :func:`presslens.folding.fold`)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd


def join_tokens(tokens: pd.DataFrame) -> str:
    """The text of consecutive ``tokens`` (one article, in order), a space wherever the raw text had a gap.
    Only the ``text``, ``start_char`` and ``end_char`` columns are read, so a mapping of arrays will do."""
    parts = []
    previous_end = None
    for text, start, end in zip(tokens["text"], tokens["start_char"], tokens["end_char"]):
        if previous_end is not None and start > previous_end:
            parts.append(" ")
        parts.append(text)
        previous_end = end
    return "".join(parts)


def sentence_texts(tokens: pd.DataFrame):
    """Yield ``(doc_id, sent_id, text, rows)`` per sentence of ``tokens``, in ``(doc_id, sent_id)`` order.

    ``text`` is the sentence as :func:`join_tokens` writes it; ``rows`` maps every column of
    ``tokens`` to the sentence's values (numpy arrays, tokens in text order) plus ``text_pos``, the character
    position of each token in ``text``. Arrays rather than a DataFrame per sentence: building hundreds of
    small frames cost more than the matching done on them."""
    ordered = tokens.sort_values(["doc_id", "sent_id", "start_char"], kind="stable")
    columns = {c: ordered[c].to_numpy() for c in ordered.columns}
    doc, sent = columns["doc_id"], columns["sent_id"]
    first = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])]) if len(doc) else []
    for a, b in zip(first, [*first[1:], len(doc)]):
        rows = {c: values[a:b] for c, values in columns.items()}
        gaps = (rows["start_char"][1:] > rows["end_char"][:-1]).astype(int)
        lengths = np.fromiter(map(len, rows["text"]), dtype=int, count=b - a)
        rows["text_pos"] = np.concatenate([[0], np.cumsum(lengths[:-1] + gaps)])
        yield doc[a], sent[a], join_tokens(rows), rows


WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
