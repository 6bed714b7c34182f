"""Text reuse: passages two or more articles share, found by word-shingle matching (after passim and TextPAIR).

The words are the non-punctuation tokens of the analysed segments (spaCy's tokens of the kept segments'
``clean_text``), normalised by :func:`fold` (lower case, accents and apostrophes folded). Every run of ``n``
consecutive words is a shingle; two occurrences of the same shingle seed an alignment. Seeds on the same
diagonal (same pair of articles, same offset between positions) are merged into maximal aligned passages,
tolerating ``max_gap`` substituted words between two exact runs; an inserted or deleted word shifts the
diagonal and ends the passage. Alignments shorter than ``min_words`` are dropped (stock phrases such as
« le président russe Vladimir Poutine » are five words long). Pairwise alignments are then grouped into
passages: the spans of a group are linked by an alignment or overlap in the same article, so a passage
shared by three articles is one passage with three members, and a passage repeated inside one article is a
passage with two spans in that article. Tokens carry raw offsets, so every span has ``start_char`` and
``end_char`` into the raw file.

As in passim (its ``UPPER`` setting, 100 by default), a shingle found in more than ``max_df`` articles seeds
nothing: occurrences pair up quadratically, and text printed in hundreds of articles (boilerplate, a wire story
every outlet reprinted) would swamp a large corpus. Such text is then not counted as reuse.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from .stats import share_interval
from ..folding import fold
from .text import join_tokens


def words(tokens: pd.DataFrame) -> pd.DataFrame:
    """The words shingles are made of: the non-punctuation rows of ``tokens`` in article order, with ``norm``
    (:func:`fold` of the text) and ``w``, the word's position in its article (0, 1, 2, …).

    A hyphenated token is split into its parts (each keeping the token's offsets), because the tokenizer
    splits names inconsistently (« Kim Jong-un » is three tokens, « Kim Jong Un » four).
    """
    out = tokens[~tokens["is_punct"]].sort_values(["doc_id", "start_char"], kind="stable").copy()
    # Folding each distinct text once: a large corpus repeats the same few thousand words a million times.
    parts = {text: [part for part in fold(text).split("-") if part] for text in out["text"].unique()}
    out["norm"] = out["text"].map(parts)
    out = out.explode("norm").dropna(subset=["norm"])
    out["w"] = out.groupby("doc_id").cumcount()
    return out.reset_index(drop=True)


#: Articles a shingle may occur in and still seed alignments (passim's default).
MAX_DF = 100


def _seeds(words: pd.DataFrame, n: int, max_df: int = MAX_DF) -> dict[tuple[str, str, int], list[int]]:
    """Shingle matches as ``{(doc_a, doc_b, offset): [start positions in doc_a]}``, with ``(doc_a, pos_a)``
    before ``(doc_b, pos_b)`` so each pair of occurrences is seen once (an article against itself too).
    Shingles occurring in more than ``max_df`` articles are left out (see the module docstring)."""
    where = defaultdict(list)
    for doc, group in words.groupby("doc_id", sort=True):
        norms = group["norm"].tolist()
        for p in range(len(norms) - n + 1):
            where[tuple(norms[p:p + n])].append((doc, p))
    seeds = defaultdict(list)
    for places in where.values():
        if len({doc for doc, _ in places}) > max_df:
            continue
        for k, (doc_a, pa) in enumerate(places):
            for doc_b, pb in places[k + 1:]:
                seeds[(doc_a, doc_b, pb - pa)].append(pa)
    return seeds


def _runs(starts: list[int], n: int, max_gap: int) -> list[tuple[int, int]]:
    """Merge the shingle starts of one diagonal into word spans ``[start, end)``: consecutive starts make an
    exact run, and a run continues over at most ``max_gap`` unmatched words (a substituted word)."""
    spans: list[list[int]] = []
    for p in sorted(starts):
        # Words spans[-1][1] .. p-1 are the unmatched ones between the current run and this seed.
        if spans and p - spans[-1][1] <= max_gap:
            spans[-1][1] = max(spans[-1][1], p + n)
        else:
            spans.append([p, p + n])
    return [(s, e) for s, e in spans]


def align(words: pd.DataFrame, n: int = 5, min_words: int = 8, max_gap: int = 2, max_df: int = MAX_DF) -> pd.DataFrame:
    """Pairwise aligned passages between articles, and inside one article.

    ``words`` comes from :func:`words`. Returns one row per alignment: ``doc_a``, ``w_start_a``, ``w_end_a``,
    ``doc_b``, ``w_start_b``, ``w_end_b`` (word positions, end exclusive) and ``words`` (its length), sorted
    by article pair and position. Inside one article, the two spans of an alignment never overlap (a
    periodic run of words is not a repeat of a passage). Shingles found in more than ``max_df`` articles seed
    nothing.
    """
    runs = _all_runs(_seeds(words, n, max_df), n, max_gap)
    return runs[runs["words"] >= min_words].reset_index(drop=True)


def _all_runs(seeds: dict[tuple[str, str, int], list[int]], n: int, max_gap: int) -> pd.DataFrame:
    """Every alignment :func:`align` would return with ``min_words`` = ``n``, sorted as it sorts them. Neither
    the seeds nor the runs depend on ``min_words``: a sensitivity analysis finds them once for every threshold."""
    rows = []
    for (doc_a, doc_b, offset), starts in seeds.items():
        for s, e in _runs(starts, n, max_gap):
            if doc_a == doc_b and s + offset < e:
                continue
            rows.append((doc_a, s, e, doc_b, s + offset, e + offset, e - s))
    columns = ["doc_a", "w_start_a", "w_end_a", "doc_b", "w_start_b", "w_end_b", "words"]
    return (pd.DataFrame(rows, columns=columns)
            .sort_values(columns, kind="stable").reset_index(drop=True))


class _UnionFind:
    """Disjoint sets over the integers ``0..size-1``."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        self.parent[max(self.find(x), self.find(y))] = min(self.find(x), self.find(y))


def _merge_intervals(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of half-open intervals, as sorted disjoint intervals."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def passages(words: pd.DataFrame, alignments: pd.DataFrame) -> pd.DataFrame:
    """Group pairwise ``alignments`` into passages; one row per span of a passage in an article.

    Spans are linked when an alignment joins them or when they overlap in the same article. Columns:
    ``passage_id`` (``P01``, ``P02``, … in order of first appearance), ``doc_id``, ``w_start``, ``w_end``,
    ``words``, ``start_char``, ``end_char`` (raw offsets), ``n_docs`` (articles the passage occurs in) and
    ``n_spans`` (its occurrences, repeats inside an article included).
    """
    return _passages(_word_offsets(words), alignments)


def _word_offsets(words: pd.DataFrame) -> tuple[dict, np.ndarray, np.ndarray]:
    """Where :func:`words`' words are in the raw files: ``(base, starts, stops)``, word ``w`` of article ``d``
    starting at ``starts[base[d] + w]`` and ending at ``stops[base[d] + w]``."""
    ordered = words.sort_values(["doc_id", "w"], kind="stable")
    docs, starts, stops = (ordered[c].to_numpy() for c in ("doc_id", "start_char", "end_char"))
    # Each article's words are one block numbered from w = 0, so a word's row is its block's first row + w.
    first = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    return dict(zip(docs[first], first)), starts, stops


def _passages(offsets: tuple[dict, np.ndarray, np.ndarray], alignments: pd.DataFrame) -> pd.DataFrame:
    """:func:`passages` from the words' :func:`_word_offsets`, which a sensitivity analysis computes once."""
    columns = ["passage_id", "doc_id", "w_start", "w_end", "words", "start_char", "end_char", "n_docs", "n_spans"]
    ends = [["doc_a", "w_start_a", "w_end_a"], ["doc_b", "w_start_b", "w_end_b"]]
    both = pd.concat([alignments[c].set_axis(["doc", "s", "e"], axis=1) for c in ends]).drop_duplicates()
    both = both.sort_values(["doc", "s", "e"], kind="stable")
    nodes = list(zip(both["doc"].tolist(), both["s"].tolist(), both["e"].tolist()))
    if not nodes:
        return pd.DataFrame(columns=columns)
    index = {node: k for k, node in enumerate(nodes)}
    sets = _UnionFind(len(nodes))
    for a, b in zip(zip(*(alignments[c].tolist() for c in ends[0])), zip(*(alignments[c].tolist() for c in ends[1]))):
        sets.union(index[a], index[b])
    reach = -1
    for k, (doc, s, e) in enumerate(nodes):   # sorted by article then start: an overlap chains to the previous
        if k and nodes[k - 1][0] == doc and s < reach:
            sets.union(k - 1, k)
        reach = max(reach, e) if k and nodes[k - 1][0] == doc else e
    groups: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for k, (doc, s, e) in enumerate(nodes):
        groups[sets.find(k)][doc].append((s, e))
    base, starts, stops = offsets
    rows = []
    # Union-find roots are the smallest node, so sorting roots orders passages by first appearance.
    for number, root in enumerate(sorted(groups), start=1):
        group = groups[root]
        spans = [(doc, s, e) for doc in sorted(group) for s, e in _merge_intervals(group[doc])]
        for doc, s, e in spans:
            rows.append((f"P{number:02d}", doc, s, e, e - s, int(starts[base[doc] + s]),
                         int(stops[base[doc] + e - 1]), len(group), len(spans)))
    return pd.DataFrame(rows, columns=columns)


def covered(frame: pd.DataFrame, spans: pd.DataFrame) -> pd.Series:
    """Boolean Series on ``frame``'s index: True for rows (with ``doc_id``, ``start_char``) that start inside one
    of ``spans`` (rows with ``doc_id``, ``start_char``, ``end_char``, raw offsets) of the same article."""
    if not len(spans):
        return pd.Series(False, index=frame.index)
    # One sorted axis for all articles: article k's offsets are shifted by k * width, so a search finds the
    # span of the row's own article in a single call instead of one boolean mask per article.
    docs = pd.Index(pd.unique(spans["doc_id"]))
    width = int(max(frame["start_char"].max(), spans["end_char"].max())) + 1
    shift = docs.get_indexer(spans["doc_id"]).astype(np.int64) * width
    merged = _merge_intervals(list(zip(shift + spans["start_char"].to_numpy(np.int64),
                                       shift + spans["end_char"].to_numpy(np.int64))))
    starts, stops = np.array([s for s, _ in merged]), np.array([e for _, e in merged])
    row_doc = docs.get_indexer(frame["doc_id"]).astype(np.int64)
    pos = row_doc * width + frame["start_char"].to_numpy(np.int64)
    k = np.searchsorted(starts, pos, side="right") - 1
    return pd.Series((row_doc >= 0) & (k >= 0) & (pos < stops[np.clip(k, 0, None)]), index=frame.index)


def shared_spans(passage_spans: pd.DataFrame) -> pd.DataFrame:
    """The spans of passages that occur in at least two articles (repeats inside one article left out)."""
    return passage_spans[passage_spans["n_docs"] >= 2].reset_index(drop=True)


def in_shared_passage(frame: pd.DataFrame, passage_spans: pd.DataFrame) -> pd.Series:
    """Per-row boolean ``in_shared_passage`` for a tokens-like ``frame`` (``doc_id``, ``start_char``): True
    where the row lies in a passage shared with another article (see :func:`passages`). Use it to compute any
    statistic with and without shared text: ``frame[~in_shared_passage(frame, spans)]``."""
    return covered(frame, shared_spans(passage_spans)).rename("in_shared_passage")


def span_texts(spans: pd.DataFrame, tokens: pd.DataFrame) -> list[str]:
    """The analysed text (punctuation included) of each span (``doc_id``, ``start_char``, ``end_char``)."""
    by_doc = {doc: g.sort_values("start_char", kind="stable") for doc, g in tokens.groupby("doc_id", sort=True)}
    texts = []
    for doc, start, end in zip(spans["doc_id"], spans["start_char"], spans["end_char"]):
        toks = by_doc[doc]
        texts.append(join_tokens(toks[(toks["start_char"] >= start) & (toks["end_char"] <= end)]))
    return texts


def side_by_side(alignments: pd.DataFrame, passage_spans: pd.DataFrame, words: pd.DataFrame,
                 tokens: pd.DataFrame) -> pd.DataFrame:
    """Each pairwise alignment with its passage id, raw offsets and both texts, for reading side by side.

    Columns: ``passage_id``, ``words``, ``doc_a``, ``start_a``, ``end_a``, ``text_a``, ``doc_b``, ``start_b``,
    ``end_b``, ``text_b``; sorted by passage then article pair.
    """
    pos = words.set_index(["doc_id", "w"])
    out = pd.DataFrame({"words": alignments["words"]})
    for side in ("a", "b"):
        doc, ws, we = alignments[f"doc_{side}"], alignments[f"w_start_{side}"], alignments[f"w_end_{side}"]
        out[f"doc_{side}"] = doc
        out[f"start_{side}"] = pos.loc[list(zip(doc, ws)), "start_char"].to_numpy()
        out[f"end_{side}"] = pos.loc[list(zip(doc, we - 1)), "end_char"].to_numpy()
        span = pd.DataFrame({"doc_id": doc, "start_char": out[f"start_{side}"], "end_char": out[f"end_{side}"]})
        out[f"text_{side}"] = span_texts(span, tokens)
    owner = passage_spans[["doc_id", "start_char", "end_char", "passage_id"]]
    out["passage_id"] = [_passage_of(owner, d, s) for d, s in zip(out["doc_a"], out["start_a"])]
    columns = ["passage_id", "words", "doc_a", "start_a", "end_a", "text_a", "doc_b", "start_b", "end_b", "text_b"]
    return out[columns].sort_values(["passage_id", "doc_a", "start_a", "doc_b", "start_b"], kind="stable") \
        .reset_index(drop=True)


def _passage_of(spans: pd.DataFrame, doc: str, start: int) -> str:
    """The id of the passage span of article ``doc`` that contains raw offset ``start``."""
    hit = spans[(spans["doc_id"] == doc) & (spans["start_char"] <= start) & (start < spans["end_char"])]
    return hit["passage_id"].iloc[0]


def sensitivity(tokens: pd.DataFrame, thresholds, n: int = 5, max_gap: int = 2, max_df: int = MAX_DF) -> pd.DataFrame:
    """How much text counts as reused for each minimum passage length in ``thresholds``: one row per
    threshold with ``alignments``, ``passages``, ``articles`` (taking part in a shared passage),
    ``shared_words`` and ``repeated_words`` (words in passages repeated inside one article)."""
    found = words(tokens)
    runs = _all_runs(_seeds(found, n, max_df), n, max_gap)
    offsets = _word_offsets(found)
    is_word = ~tokens["is_punct"]
    rows = []
    for min_words in thresholds:
        alignments = runs[runs["words"] >= min_words].reset_index(drop=True)
        spans = _passages(offsets, alignments)
        shared = in_shared_passage(tokens, spans)
        repeated = covered(tokens, repeated_spans(spans))
        rows.append((min_words, len(alignments), spans["passage_id"].nunique(),
                     shared_spans(spans)["doc_id"].nunique(), int((shared & is_word).sum()),
                     int((repeated & is_word).sum())))
    return pd.DataFrame(rows, columns=["min_words", "alignments", "passages", "articles", "shared_words",
                                       "repeated_words"])


def repeated_spans(passage_spans: pd.DataFrame) -> pd.DataFrame:
    """The spans of passages that occur more than once in the same article."""
    per_doc = passage_spans.groupby(["passage_id", "doc_id"])["w_start"].transform("size")
    return passage_spans[per_doc >= 2].reset_index(drop=True)


def originality(tokens: pd.DataFrame, shared: pd.Series, repeated: pd.Series, articles: pd.DataFrame,
                n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Each article's words split into shared, agency copy and own, with its own share and interval.

    ``tokens`` are the analysed tokens; ``shared`` and ``repeated`` are booleans on their index (a word in a
    passage shared with another article; a word in a passage repeated inside its article). A word is
    *shared* if in a shared passage, else *agency copy* if the article credits an agency (``articles.wire``,
    which covers the whole article), else *own*. Repeats inside an article stay *own* and are counted apart.
    One row per article (index ``doc_id``): ``words``, ``shared``, ``agency_copy``, ``own``, ``repeated``,
    ``own_share``, ``own_low``, ``own_high`` (bootstrap over sentences).
    """
    words = tokens.assign(_shared=shared, _repeated=repeated)[~tokens["is_punct"]]
    wire = words["doc_id"].map(articles.set_index("doc_id")["wire"].fillna("")).ne("")
    words = words.assign(_wire=wire & ~words["_shared"], _own=~wire & ~words["_shared"])
    out = words.groupby("doc_id", sort=True).agg(words=("_own", "size"), shared=("_shared", "sum"),
                                                 agency_copy=("_wire", "sum"), own=("_own", "sum"),
                                                 repeated=("_repeated", "sum")).astype(int)
    shares = share_interval(words, "_own", ["doc_id"], n_boot=n_boot, seed=seed).set_index("doc_id")
    out[["own_share", "own_low", "own_high"]] = shares[["share", "low", "high"]]
    return out.reindex(articles["doc_id"])
