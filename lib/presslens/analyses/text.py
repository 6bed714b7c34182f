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


def sentence_texts(tokens: pd.DataFrame, columns: tuple[str, ...] | None = None):
    """Yield ``(doc_id, sent_id, text, rows)`` per sentence of ``tokens``, in ``(doc_id, sent_id)`` order.

    ``text`` is the sentence as :func:`join_tokens` writes it; ``rows`` maps ``doc_id``, ``sent_id``, ``text``,
    ``start_char``, ``end_char`` and the ``columns`` asked for (every column of ``tokens`` when None) to the
    sentence's values (numpy arrays, tokens in text order), plus ``text_pos``, the character position of each
    token in ``text``. Arrays rather than a DataFrame per sentence: building hundreds of small frames cost more
    than the matching done on them. Name the columns you read: turning every Arrow string column of a large
    token table into arrays costs about a second on 1,000 articles."""
    texts, first, arrays = sentence_arrays(tokens, columns)
    for k, text in enumerate(texts):
        a, b = first[k], first[k + 1]
        yield arrays["doc_id"][a], arrays["sent_id"][a], text, {c: values[a:b] for c, values in arrays.items()}


def sentence_arrays(tokens: pd.DataFrame, columns: tuple[str, ...] | None = None
                    ) -> tuple[list[str], list[int], dict[str, np.ndarray]]:
    """:func:`sentence_texts` for all sentences at once: ``(texts, first, arrays)``, where ``arrays`` maps each
    column of a sentence's ``rows`` (``text_pos`` last) to its values for every token, sentence after sentence,
    and sentence ``k``'s ``text`` is ``texts[k]`` and its tokens are rows ``first[k]`` to ``first[k + 1]``
    (``first`` has one entry more than ``texts``). For a caller that reads few of the sentences' rows:
    slicing every column for every sentence cost a third of a second on 1,000 articles."""
    needed = ["doc_id", "sent_id", "text", "start_char", "end_char"]
    if columns is not None:
        tokens = tokens[needed + [c for c in columns if c not in needed]]
    ordered = tokens.sort_values(["doc_id", "sent_id", "start_char"], kind="stable")
    arrays = {c: ordered[c].to_numpy() for c in ordered.columns}
    doc, sent = arrays["doc_id"], arrays["sent_id"]
    if not len(doc):
        return [], [0], arrays
    new = np.r_[True, (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])]
    first = np.flatnonzero(new)
    # A space before a token wherever the raw text had a gap since the previous token of its sentence.
    gap = np.r_[False, arrays["start_char"][1:] > arrays["end_char"][:-1]] & ~new
    texts = arrays["text"].tolist()
    pieces = [" " + t if g else t for t, g in zip(texts, gap.tolist())]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    # Position of each token in its sentence: the lengths and spaces of the tokens before it.
    step = np.r_[0, lengths[:-1]] + gap
    step[first] = 0
    reach = np.cumsum(step)
    arrays["text_pos"] = reach - np.repeat(reach[first], np.diff(np.r_[first, len(doc)]))
    bounds = [*first.tolist(), len(doc)]
    return ["".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:])], bounds, arrays


WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
