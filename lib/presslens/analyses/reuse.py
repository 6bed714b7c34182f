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
    out = tokens[~tokens["is_punct"]].sort_values(["doc_id", "start_char"], kind="stable")
    # Folding each distinct text once: a large corpus repeats the same few thousand words a million times.
    # Each row is then repeated once per part and takes its part from one flat array of all the distinct
    # texts' parts, where exploding a column of lists cost a second on 1,000 articles.
    codes, distinct = pd.factorize(out["text"])
    parts = [[part for part in fold(text).split("-") if part] for text in distinct]
    sizes = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    flat = np.array([part for text_parts in parts for part in text_parts], dtype=object)
    counts = sizes[codes]
    rows = np.repeat(np.arange(len(out)), counts)
    nth = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)   # the part's rank in its token
    out = out.iloc[rows].reset_index(drop=True)
    out["norm"] = flat[(np.cumsum(sizes) - sizes)[codes][rows] + nth]
    out["w"] = out.groupby("doc_id").cumcount()
    return out


#: Articles a shingle may occur in and still seed alignments (passim's default).
MAX_DF = 100


def align(words: pd.DataFrame, n: int = 5, min_words: int = 8, max_gap: int = 2, max_df: int = MAX_DF) -> pd.DataFrame:
    """Pairwise aligned passages between articles, and inside one article.

    ``words`` comes from :func:`words`. Returns one row per alignment: ``doc_a``, ``w_start_a``, ``w_end_a``,
    ``doc_b``, ``w_start_b``, ``w_end_b`` (word positions, end exclusive) and ``words`` (its length), sorted
    by article pair and position. Inside one article, the two spans of an alignment never overlap (a
    periodic run of words is not a repeat of a passage). Shingles found in more than ``max_df`` articles seed
    nothing.
    """
    runs = _diagonal_runs(words, n, max_gap, max_df)
    return runs[runs["words"] >= min_words].reset_index(drop=True)


def _diagonal_runs(words: pd.DataFrame, n: int, max_gap: int, max_df: int = MAX_DF) -> pd.DataFrame:
    """Every alignment :func:`align` would return with ``min_words`` = ``n``, sorted as it sorts them. Neither
    the seeds nor the runs depend on ``min_words``: a sensitivity analysis finds them once for every threshold.

    Shingles are numbered by factorising the word codes ``n`` at a time; the occurrences of a shingle, in
    article then position order, pair up (each earlier occurrence with each later one);
    the pairs of one diagonal, sorted by position, make a run while consecutive starts are at most
    ``n + max_gap`` apart (the next seed begins at most ``max_gap`` words after the run's end)."""
    columns = ["doc_a", "w_start_a", "w_end_a", "doc_b", "w_start_b", "w_end_b", "words"]
    doc_codes, doc_names = pd.factorize(words["doc_id"], sort=True)
    order = np.argsort(doc_codes, kind="stable")          # groupby("doc_id", sort=True) keeps rows in order
    doc = doc_codes[order].astype(np.int64)
    norm = pd.factorize(words["norm"].to_numpy()[order])[0].astype(np.int64)
    first = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]]) if len(doc) else np.array([], dtype=np.int64)
    pos = np.arange(len(doc)) - np.repeat(first, np.diff(np.r_[first, len(doc)]))
    # Shingle k starts at row k when its n words are in the same article.
    starts = np.flatnonzero(np.r_[doc[n - 1:] == doc[:len(doc) - n + 1], np.zeros(n - 1, dtype=bool)][:len(doc)]) \
        if len(doc) >= n else np.array([], dtype=np.int64)
    shingle = norm[starts]
    for j in range(1, n):
        shingle = pd.factorize(shingle * (norm.max() + 1) + norm[starts + j])[0].astype(np.int64)
    empty = pd.DataFrame({c: pd.Series(dtype=object if c in ("doc_a", "doc_b") else np.int64) for c in columns})
    if not len(starts):
        return empty
    # Shingles found in more than max_df articles seed nothing.
    width = int(doc.max()) + 1
    n_docs = np.bincount(pd.unique(shingle * width + doc[starts]) // width, minlength=shingle.max() + 1)
    keep = n_docs[shingle] <= max_df
    rows, shingle = starts[keep], shingle[keep]
    by = np.argsort(shingle, kind="stable")               # each shingle's occurrences, in row order
    rows, shingle = rows[by], shingle[by]
    bounds = np.flatnonzero(np.r_[True, shingle[1:] != shingle[:-1], True])
    group_start, sizes = bounds[:-1], np.diff(bounds)
    a_parts, b_parts = [], []
    for m in np.unique(sizes[sizes >= 2]):
        upper = np.triu_indices(m, 1)
        base = group_start[sizes == m][:, None]
        a_parts.append((base + upper[0]).ravel())
        b_parts.append((base + upper[1]).ravel())
    if not a_parts:
        return empty
    ra, rb = rows[np.concatenate(a_parts)], rows[np.concatenate(b_parts)]
    da, db, pa = doc[ra], doc[rb], pos[ra]
    offset = pos[rb] - pa
    by = np.lexsort((pa, offset, db, da))
    da, db, pa, offset = da[by], db[by], pa[by], offset[by]
    same = np.r_[False, (da[1:] == da[:-1]) & (db[1:] == db[:-1]) & (offset[1:] == offset[:-1])]
    new = ~(same & np.r_[False, pa[1:] - pa[:-1] <= n + max_gap])
    run_first = np.flatnonzero(new)
    run_last = np.r_[run_first[1:], len(pa)] - 1
    s, e = pa[run_first], pa[run_last] + n
    da, db, offset = da[run_first], db[run_first], offset[run_first]
    keep = ~((da == db) & (s + offset < e))
    da, db, s, e, offset = da[keep], db[keep], s[keep], e[keep], offset[keep]
    # Sorted by every column (codes follow the articles' sorted order; equal rows are the same row).
    by = np.lexsort((e - s, e + offset, s + offset, db, e, s, da))
    da, db, s, e, offset = da[by], db[by], s[by], e[by], offset[by]
    names = np.asarray(doc_names, dtype=object)
    return pd.DataFrame({"doc_a": names[da], "w_start_a": s, "w_end_a": e, "doc_b": names[db],
                         "w_start_b": s + offset, "w_end_b": e + offset, "words": e - s})


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
    """:func:`passages` from the words' :func:`_word_offsets`, which a sensitivity analysis computes once.

    Computed on arrays: spans are graph nodes sorted by article and position, linked by an alignment or by an
    overlap with an earlier span of the same article; a passage is a connected component, numbered in the order
    of its first node; its spans in one article are merged where they overlap (touching spans stay apart)."""
    columns = ["passage_id", "doc_id", "w_start", "w_end", "words", "start_char", "end_char", "n_docs", "n_spans"]
    if not len(alignments):
        return pd.DataFrame(columns=columns)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # Both ends of every alignment as one integer key (article code by sorted name, start, end): the distinct
    # keys, sorted, are the nodes in article then position order, and each end's node is its key's rank.
    # Sorting and indexing (name, start, end) triples of strings cost a tenth of a second per call.
    doc, names = pd.factorize(np.r_[alignments["doc_a"].to_numpy(object), alignments["doc_b"].to_numpy(object)],
                              sort=True)
    start = np.r_[alignments["w_start_a"].to_numpy(np.int64), alignments["w_start_b"].to_numpy(np.int64)]
    end = np.r_[alignments["w_end_a"].to_numpy(np.int64), alignments["w_end_b"].to_numpy(np.int64)]
    width = int(end.max()) + 1
    keys, node = np.unique((doc * width + start) * width + end, return_inverse=True)
    link_a, link_b = node[:len(alignments)], node[len(alignments):]
    dc = keys // (width * width)   # article codes, in the nodes' (sorted) order
    node_s, node_e = keys // width % width, keys % width
    doc_names = np.asarray(names, dtype=object)[dc]
    # An overlap chains a node to the previous one: it starts before the furthest end so far in its article.
    big = int(node_e.max()) + 1
    reach = np.maximum.accumulate(dc * big + node_e)
    chained = np.flatnonzero((dc[1:] == dc[:-1]) & (dc[1:] * big + node_s[1:] < reach[:-1])) + 1
    a = np.r_[link_a, chained - 1]
    b = np.r_[link_b, chained]
    size = len(node_s)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(size, size))
    label = connected_components(graph, directed=False)[1]
    root = np.full(label.max() + 1, size)
    np.minimum.at(root, label, np.arange(size))
    number = np.argsort(np.argsort(root, kind="stable"), kind="stable")[label] + 1   # by first node
    # Each passage's spans, article by article, merged where they overlap.
    by = np.lexsort((node_e, node_s, dc, number))
    num, d, ss, ee = number[by], dc[by], node_s[by], node_e[by]
    group = np.r_[0, np.cumsum((num[1:] != num[:-1]) | (d[1:] != d[:-1]))]
    gbig = group * big
    reach = np.maximum.accumulate(gbig + ee)
    new = np.r_[True, (group[1:] != group[:-1]) | (gbig[1:] + ss[1:] >= reach[:-1])]
    first = np.flatnonzero(new)
    last = np.r_[first[1:], len(ss)] - 1
    span_num, span_doc, span_s, span_e = num[first], doc_names[by][first], ss[first], reach[last] - gbig[last]
    span_dc = d[first]
    n_spans = np.bincount(span_num)[span_num]
    n_docs = np.bincount(num[np.r_[True, (num[1:] != num[:-1]) | (d[1:] != d[:-1])]])[span_num]
    base, starts, stops = offsets
    row0 = np.array([base[doc] for doc in doc_names[np.r_[True, dc[1:] != dc[:-1]]]], dtype=np.int64)[span_dc]
    return pd.DataFrame({"passage_id": [f"P{k:02d}" for k in span_num.tolist()], "doc_id": span_doc,
                         "w_start": span_s, "w_end": span_e, "words": span_e - span_s,
                         "start_char": starts[row0 + span_s].astype(np.int64),
                         "end_char": stops[row0 + span_e - 1].astype(np.int64),
                         "n_docs": n_docs, "n_spans": n_spans}, columns=columns)


def covered(frame: pd.DataFrame, spans: pd.DataFrame) -> pd.Series:
    """Boolean Series on ``frame``'s index: True for rows (with ``doc_id``, ``start_char``) that start inside one
    of ``spans`` (rows with ``doc_id``, ``start_char``, ``end_char``, raw offsets) of the same article."""
    return pd.Series(_covered(_places(frame), spans), index=frame.index)


def _places(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Where ``frame``'s rows start: each row's article code, the articles (``pd.factorize`` of ``doc_id``) and
    its ``start_char``. A caller testing several sets of spans against the same rows computes it once."""
    codes, docs = pd.factorize(frame["doc_id"])
    return codes, docs, frame["start_char"].to_numpy(np.int64)


def _covered(places: tuple[np.ndarray, pd.Index, np.ndarray], spans: pd.DataFrame) -> np.ndarray:
    """:func:`covered` of the rows whose :func:`_places` are ``places``, as a boolean array."""
    codes, uniques, row_start = places
    if not len(spans):
        return np.zeros(len(codes), dtype=bool)
    # One sorted axis for all articles: article k's offsets are shifted by k * width, so a search finds the
    # span of the row's own article in a single call instead of one boolean mask per article.
    docs = pd.Index(pd.unique(spans["doc_id"]))
    width = int(max(row_start.max(initial=0), spans["end_char"].max())) + 1
    shift = docs.get_indexer(spans["doc_id"]).astype(np.int64) * width
    # The spans' union, as sorted disjoint intervals: a span starting before the furthest end so far joins it.
    s, e = shift + spans["start_char"].to_numpy(np.int64), shift + spans["end_char"].to_numpy(np.int64)
    order = np.lexsort((e, s))
    s, reach = s[order], np.maximum.accumulate(e[order])
    new = np.flatnonzero(np.r_[True, s[1:] >= reach[:-1]])
    starts, stops = s[new], reach[np.r_[new[1:] - 1, len(s) - 1]]
    # Each distinct article looked up once (a lookup per row of a large frame took a tenth of a second).
    row_doc = np.where(codes >= 0, docs.get_indexer(uniques).astype(np.int64)[codes], -1)
    pos = row_doc * width + row_start
    k = np.searchsorted(starts, pos, side="right") - 1
    return (row_doc >= 0) & (k >= 0) & (pos < stops[np.clip(k, 0, None)])


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


def sensitivity(tokens: pd.DataFrame, thresholds, n: int = 5, max_gap: int = 2, max_df: int = MAX_DF,
                found: pd.DataFrame | None = None) -> pd.DataFrame:
    """How much text counts as reused for each minimum passage length in ``thresholds``: one row per
    threshold with ``alignments``, ``passages``, ``articles`` (taking part in a shared passage),
    ``shared_words`` and ``repeated_words`` (words in passages repeated inside one article).

    ``found`` is :func:`words` of ``tokens`` when the caller has it already (building it costs seconds on a
    large corpus); without it, it is built here."""
    if found is None:
        found = words(tokens)
    runs = _diagonal_runs(found, n, max_gap, max_df)
    offsets = _word_offsets(found)
    places = _places(tokens)   # the tokens' articles and offsets, looked up once for every threshold
    is_word = ~tokens["is_punct"].to_numpy(bool)
    rows = []
    for min_words in thresholds:
        alignments = runs[runs["words"] >= min_words].reset_index(drop=True)
        spans = _passages(offsets, alignments)
        shared = _covered(places, shared_spans(spans))
        repeated = _covered(places, repeated_spans(spans))
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
