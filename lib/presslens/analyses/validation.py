"""Score the automatic tables against hand-coded gold data: quote spans and speakers, sentence frames.

Quote spans are matched one to one within each article by character overlap (Jaccard of the two
``[start_char, end_char)`` ranges, best pairs first); a pair counts at ``min_overlap`` (lenient) and, in
the exact scores, only when both ends agree up to surrounding punctuation and spaces. Speakers are compared
statement by statement at the entity level (:func:`attribution_scores`), overall, per kind and per
attribution pattern of the gold. Only articles that carry hand coding are scored (:func:`coded_articles`).
Frames are scored per frame on the sentences of the gold file, with Cohen's κ between dictionary and hand
coding. Intervals are Wilson 95 % intervals, because the counts here are small.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from . import framing
from ..corpus.gazetteer import normalise_name

from .stats import cohen_kappa, wilson

_EDGE = " \t\n,.;:!?«»“”\"'’()"


def _jaccard(g_start: np.ndarray, g_end: np.ndarray, p_start: np.ndarray, p_end: np.ndarray) -> np.ndarray:
    """Jaccard overlap of every gold span (rows) with every predicted span (columns), from their
    ``start_char`` and ``end_char`` arrays; 0 for empty unions."""
    gs, ge, ps, pe = g_start[:, None], g_end[:, None], p_start[None, :], p_end[None, :]
    inter = np.maximum(0, np.minimum(pe, ge) - np.maximum(ps, gs))
    union = np.maximum(pe, ge) - np.minimum(ps, gs)
    return np.divide(inter, union, out=np.zeros(inter.shape), where=union != 0)


def match_spans(pred: pd.DataFrame, gold: pd.DataFrame, min_overlap: float = 0.5) -> pd.DataFrame:
    """One-to-one matches between predicted and gold spans of the same article.

    Returns one row per matched pair: ``pred_index``, ``gold_index`` (index labels of the inputs) and
    ``overlap`` (Jaccard), pairs taken greedily from the largest overlap down."""
    # Row positions per article and plain arrays: a pandas selection per article cost more than the matching.
    p_rows = pred.groupby("doc_id", sort=False).indices if len(pred) else {}
    p_start, p_end = pred["start_char"].to_numpy(), pred["end_char"].to_numpy()
    g_start, g_end = gold["start_char"].to_numpy(), gold["end_char"].to_numpy()
    p_labels, g_labels = pred.index.tolist(), gold.index.tolist()
    no_rows = np.empty(0, dtype=np.intp)
    pairs = []
    for doc_id, g_pos in (gold.groupby("doc_id", sort=False).indices.items() if len(gold) else ()):
        p_pos = p_rows.get(doc_id, no_rows)
        overlap = _jaccard(g_start[g_pos], g_end[g_pos], p_start[p_pos], p_end[p_pos])
        for r, c in zip(*np.nonzero(overlap >= min_overlap)):
            pairs.append((float(overlap[r, c]), p_labels[p_pos[c]], g_labels[g_pos[r]]))
    pairs.sort(key=lambda t: (-t[0], str(t[1]), str(t[2])))
    used_p, used_g, out = set(), set(), []
    for j, pi, gi in pairs:
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            out.append((pi, gi, j))
    return pd.DataFrame(out, columns=["pred_index", "gold_index", "overlap"])


def _same_span(raw_a: str, raw_b: str) -> bool:
    return raw_a.strip(_EDGE) == raw_b.strip(_EDGE)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else float("nan")
    r = tp / n_gold if n_gold else float("nan")
    f = 2 * p * r / (p + r) if n_pred and n_gold and (p + r) else float("nan")
    (p_lo, p_hi), (r_lo, r_hi) = wilson(tp, n_pred), wilson(tp, n_gold)
    return dict(gold=n_gold, predicted=n_pred, matched=tp, precision=p, precision_low=p_lo, precision_high=p_hi,
                recall=r, recall_low=r_lo, recall_high=r_hi, f1=f)


def frame_matrix(frames: pd.DataFrame, sentences: pd.DataFrame, frame_ids: list[str]) -> pd.DataFrame:
    """The dictionary's 0/1 frame matrix keyed for scoring: ``doc_id``, ``start_char``, ``end_char`` and one
    column per frame (see :func:`presslens.analyses.framing.sentence_frames`)."""
    coded = framing.sentence_frames(frames, sentences, frame_ids)
    return coded[["doc_id", "start_char", "end_char", *frame_ids]]


def _sentence_spans(sentences: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per article, the ``start_char`` and ``end_char`` of its sentences as arrays, in start order (plain
    arrays: a pandas mask per gold row is what made aligning slow)."""
    spans = {}
    for doc_id, s in sentences.groupby("doc_id"):
        s = s.sort_values("start_char")
        spans[doc_id] = s["start_char"].to_numpy(), s["end_char"].to_numpy()
    return spans


def align_gold(gold: pd.DataFrame, sentences: pd.DataFrame, frame_ids: list[str]) -> pd.DataFrame:
    """Hand-coded sentence rows re-keyed on the current ``sentences`` table: each gold row goes to the
    sentence holding its first character, and a sentence carries a frame when any of its gold rows does.

    Gold files are coded once, while sentence boundaries depend on the pipeline; aligning by offsets keeps
    the hand coding valid when segmentation changes. ``voice`` is ``quoted`` when any framed gold row of
    the sentence is quoted (``narrator`` for a gold file without voices, such as ``stance.csv``, whose 0/1
    columns are passed as ``frame_ids``). Returns ``doc_id``, ``start_char``, ``end_char``, ``voice`` and the
    frames."""
    rows = []
    spans = _sentence_spans(sentences)
    for g in gold.itertuples(index=False):
        starts, ends = spans.get(g.doc_id, (np.empty(0), np.empty(0)))
        holder = np.flatnonzero((starts <= g.start_char) & (g.start_char < ends))
        if not len(holder):
            continue
        framed = any(getattr(g, f) == 1 for f in frame_ids)
        rows.append({"doc_id": g.doc_id, "start_char": int(starts[holder[0]]), "end_char": int(ends[holder[0]]),
                     "quoted": framed and getattr(g, "voice", "narrator") == "quoted",
                     **{f: int(getattr(g, f)) for f in frame_ids}})
    out = pd.DataFrame(rows).groupby(["doc_id", "start_char", "end_char"], as_index=False).max()
    out["voice"] = np.where(out.pop("quoted"), "quoted", "narrator")
    return out


def frame_scores(predicted: pd.DataFrame, gold: pd.DataFrame, frame_ids: list[str], min_kappa: float = 0.4,
                 min_support: int = 5) -> pd.DataFrame:
    """Per frame: support, precision, recall, F1 (with Wilson intervals), Cohen's κ, and ``reliable``
    (κ ≥ ``min_kappa`` and at least ``min_support`` gold sentences). ``gold`` is keyed like ``predicted``
    (see :func:`align_gold`); gold sentences with no prediction row count as all-zero."""
    joined = gold[["doc_id", "start_char", "end_char", *frame_ids]].merge(
        predicted, on=["doc_id", "start_char", "end_char"], how="left", suffixes=("_gold", "_pred")).fillna(0)
    rows = []
    for fid in frame_ids:
        g, p = joined[f"{fid}_gold"].astype(int), joined[f"{fid}_pred"].astype(int)
        tp = int(((g == 1) & (p == 1)).sum())
        kappa = cohen_kappa(g, p) if g.nunique() > 1 or p.nunique() > 1 else float("nan")
        row = dict(frame=fid, sentences=len(joined), **_prf(tp, int(p.sum()), int(g.sum())), kappa=float(kappa))
        row["reliable"] = bool(row["gold"] >= min_support and kappa >= min_kappa)
        rows.append(row)
    return pd.DataFrame(rows)




#: The attribution patterns a gold file may tag (``patterns`` column, ``;``-separated): how a reader finds the
#: speaker (structure) and how the speaker is named (form). See ``corpus/unseen/README.md``.
PATTERNS = ("verb", "incise", "colon", "selon", "next_sentence", "carryover", "multi_sentence", "multi_paragraph",
            "no_marks", "headline", "name", "pronoun", "role", "anonymous", "joint", "term")
#: Speakers that stand for nobody: a quote given one of these has no speaker.
NO_SPEAKER = frozenset({"", "unknown", "none"})


def reliable_frames(frame_ids: list[str], *scores: pd.DataFrame) -> list[str]:
    """The frames of ``frame_ids`` (in that order) that every one of ``scores`` (tables of :func:`frame_scores`,
    computed now or read from a recorded run) calls reliable: a frame must hold on each validation set, not on
    their pooled counts. No table: no frame is reliable."""
    if not scores:
        return []
    held = set.intersection(*(set(t.loc[t["reliable"].astype(bool), "frame"]) for t in scores))
    return [f for f in frame_ids if f in held]


def statements(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quote rows collapsed to one row per span: a statement made jointly (« Washington et Séoul ont
    dénoncé … ») is coded as one row per speaker (or one row « A ; B »), and it is right only when every
    speaker is found.

    In: a ``quotes`` table or gold file (``doc_id``, ``start_char``, ``end_char``, ``text``, ``kind``,
    ``speaker``; ``patterns`` optional). Out: one row per ``(doc_id, start_char, end_char)`` in text order
    with ``text``, ``kind`` (the first row's), ``speakers`` (frozenset of normalised names, without
    :data:`NO_SPEAKER`), ``speaker`` (them joined by `` ; ``) and ``patterns`` (frozenset of tags)."""
    keys = ["doc_id", "start_char", "end_char"]
    columns = keys + ["text", "kind", "speakers", "speaker", "patterns"]
    ordered = quotes.sort_values(keys, kind="stable")
    if ordered.empty:
        return pd.DataFrame(columns=columns)
    # Rows of a span are consecutive once sorted: one pass over plain lists, not a pandas group per span, and
    # each distinct speaker string normalised once (validation sets score the same few hundred speakers).
    doc, start, end = (ordered[c].to_numpy() for c in keys)
    first = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (start[1:] != start[:-1]) | (end[1:] != end[:-1])])
    # Older gold files code a joint statement as one row naming every speaker (« A ; B »).
    names_of = {s: frozenset(n for n in map(normalise_name, s.split(" ; ")) if n not in NO_SPEAKER)
                for s in set(map(str, ordered["speaker"]))}
    speakers = [names_of[str(s)] for s in ordered["speaker"]]
    patterns = [frozenset(t.strip() for t in str(p).split(";") if t.strip()) for p in ordered["patterns"]] \
        if "patterns" in ordered else [frozenset()] * len(ordered)
    text, kind = ordered["text"].tolist(), ordered["kind"].tolist()
    rows = []
    for a, b in zip(first.tolist(), [*first[1:].tolist(), len(ordered)]):
        names, tags = frozenset().union(*speakers[a:b]), frozenset().union(*patterns[a:b])
        rows.append((doc[a], int(start[a]), int(end[a]), text[a], kind[a], names, " ; ".join(sorted(names)), tags))
    return pd.DataFrame(rows, columns=columns)


def _expected_speakers(gold: pd.DataFrame) -> dict:
    """The speakers each gold statement (:func:`statements`, by index label) should be given: its own, and
    none for a quoted ``term``. A prediction is right when its speakers equal them."""
    return {gi: frozenset() if kind == "term" else speakers
            for gi, kind, speakers in zip(gold.index, gold["kind"], gold["speakers"])}


def attribution_scores(pred: pd.DataFrame, gold: pd.DataFrame, min_overlap: float = 0.5) -> pd.DataFrame:
    """Spans and speakers scored statement by statement (:func:`statements`), overall, per gold kind and per
    attribution pattern of the gold file.

    Returns one row per ``group`` (``all``, ``kind:<kind>``, ``pattern:<tag>``) with ``gold``, ``predicted``
    (kind rows and ``all`` only: a pattern describes gold statements), ``matched`` (one-to-one, Jaccard ≥
    ``min_overlap``), ``precision``, ``recall``, ``f1``, ``exact_f1`` (both ends agree up to punctuation),
    ``speaker_correct`` (matched statements whose speakers equal the gold's, at the entity level; a ``term``
    is correct with no speaker), ``speaker_accuracy`` (over matched statements) and ``end_to_end`` (speaker
    correct over gold statements: a missed quote counts as wrong). Kind rows match within the kind, ``all``
    and pattern rows whatever the kind."""
    g_all, p_all = statements(gold), statements(pred)
    # Speakers and texts by index label, read once: a .loc per matched pair cost more than the matching.
    expected, g_text = _expected_speakers(g_all), dict(zip(g_all.index, g_all["text"]))
    p_speakers, p_text = dict(zip(p_all.index, p_all["speakers"])), dict(zip(p_all.index, p_all["text"]))

    def judged(pairs: pd.DataFrame) -> tuple[dict, dict]:
        """For each matched gold statement: is its speaker right, and is its span exact."""
        right = {gi: p_speakers[pi] == expected[gi] for pi, gi in zip(pairs["pred_index"], pairs["gold_index"])}
        exact = {gi: _same_span(p_text[pi], g_text[gi]) for pi, gi in zip(pairs["pred_index"], pairs["gold_index"])}
        return right, exact

    pairs = match_spans(p_all, g_all, min_overlap)
    right_of, exact_all = judged(pairs)
    right = pd.Series([right_of.get(gi, False) for gi in g_all.index], index=g_all.index, dtype=bool)
    matched = pd.Series(g_all.index.isin(pairs["gold_index"]), index=g_all.index)
    rows = []

    def row(group: str, g_mask: pd.Series, n_pred: int | None, tp: int, exact: int, correct: int) -> None:
        n_gold = int(g_mask.sum())
        if n_pred is None:   # a pattern describes gold statements only: recall, but no precision
            out = dict(gold=n_gold, predicted=np.nan, matched=tp, precision=np.nan,
                       recall=tp / n_gold if n_gold else np.nan, f1=np.nan, exact_f1=np.nan)
        else:
            out = _prf(tp, n_pred, n_gold)
            out["exact_f1"] = _prf(exact, n_pred, n_gold)["f1"]
        rows.append(dict(group=group, **out, speaker_correct=correct,
                         speaker_accuracy=correct / tp if tp else np.nan,
                         end_to_end=correct / n_gold if n_gold else np.nan))

    row("all", pd.Series(True, index=g_all.index), len(p_all), len(pairs), sum(exact_all.values()), int(right.sum()))
    for kind in ("direct", "partial", "indirect", "selon", "term"):
        g_mask, p = g_all["kind"] == kind, p_all[p_all["kind"] == kind]
        kind_pairs = match_spans(p, g_all[g_mask], min_overlap)
        kind_right, kind_exact = judged(kind_pairs)
        row(f"kind:{kind}", g_mask, len(p), len(kind_pairs), sum(kind_exact.values()), sum(kind_right.values()))
    for tag in PATTERNS:
        g_mask = g_all["patterns"].map(lambda tags: tag in tags)
        if g_mask.any():
            row(f"pattern:{tag}", g_mask, None, int((matched & g_mask).sum()), 0, int((right & g_mask).sum()))
    return pd.DataFrame(rows)


def attribution_errors(pred: pd.DataFrame, gold: pd.DataFrame, min_overlap: float = 0.5) -> pd.DataFrame:
    """Every gold statement that is missed or given the wrong speakers, and every spurious prediction, for
    reading by pattern: ``error``, ``doc_id``, ``start_char``, ``gold_kind``, ``patterns``, ``gold_speaker``,
    ``predicted_kind``, ``predicted_speaker``, ``text`` (the gold's, or the prediction's when spurious)."""
    g, p = statements(gold), statements(pred)
    pairs = match_spans(p, g, min_overlap)
    expected = _expected_speakers(g)
    g_rows, p_rows = dict(zip(g.index, g.to_dict("records"))), dict(zip(p.index, p.to_dict("records")))
    rows = [("wrong speaker", g_rows[gi], p_rows[pi]) for pi, gi in zip(pairs["pred_index"], pairs["gold_index"])
            if p_rows[pi]["speakers"] != expected[gi]]
    rows += [("missed", g_rows[gi], None) for gi in g.index.difference(pairs["gold_index"])]
    rows += [("spurious", None, p_rows[pi]) for pi in p.index.difference(pairs["pred_index"])]
    out = pd.DataFrame([{
        "error": error, "doc_id": (gr if gr is not None else pr)["doc_id"],
        "start_char": int((gr if gr is not None else pr)["start_char"]),
        "gold_kind": gr["kind"] if gr is not None else "", "patterns": " ".join(sorted(gr["patterns"])) if gr is not None else "",
        "gold_speaker": gr["speaker"] if gr is not None else "",
        "predicted_kind": pr["kind"] if pr is not None else "", "predicted_speaker": pr["speaker"] if pr is not None else "",
        "text": (gr if gr is not None else pr)["text"]} for error, gr, pr in rows],
        columns=["error", "doc_id", "start_char", "gold_kind", "patterns", "gold_speaker", "predicted_kind",
                 "predicted_speaker", "text"])
    return out.sort_values(["doc_id", "start_char", "error"], kind="stable").reset_index(drop=True)


def coded_articles(gold: dict[str, pd.DataFrame]) -> set[str]:
    """The articles a gold folder codes (in: :func:`presslens.corpus.instruments.load_gold`'s tables): every
    ``doc_id`` of its hand-coded files, the article list ``splits`` included, so that an article added to
    the corpus later is not scored as if its quotes were all spurious."""
    return {str(d) for table in gold.values() if "doc_id" in table
            for d in table["doc_id"]}


def scored_sets(sets: dict[str, tuple[pd.DataFrame, pd.DataFrame, set[str]]]) -> pd.DataFrame:
    """:func:`attribution_scores` of several sets at once. In: ``{name: (quotes, gold quotes, doc_ids)}``,
    only the articles of ``doc_ids`` scored in both tables. Out: the scores stacked with a ``set`` column."""
    parts = [attribution_scores(quotes[quotes["doc_id"].isin(docs)], gold[gold["doc_id"].isin(docs)]).assign(set=name)
             for name, (quotes, gold, docs) in sets.items()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["group", "set"])


def side_by_side(scores: pd.DataFrame, sets: list[str], value: str = "speaker_accuracy",
                 counts: bool = False) -> pd.DataFrame:
    """Stacked scores (a ``set`` column, as :func:`scored_sets` or a blind-score file gives them) laid out
    for reading: one row per ``group`` in the order they come, one column per set in ``sets``; speaker
    accuracy reads « 0.86 (63/73) » (correct / matched), other values to two decimals, F1 with ``counts``
    « 0.62 (17/30, 25 found) » (matched / gold, predicted); "–" where a set has no such group or nothing to
    score."""
    cells = {}
    for name in sets:
        part = scores[scores["set"] == name].set_index("group")
        if value == "speaker_accuracy":
            cells[name] = {g: "–" if not r["matched"] else f"{r['speaker_accuracy']:.2f} ({int(r['speaker_correct'])}/"
                           f"{int(r['matched'])})" for g, r in part.iterrows()}
        elif counts:
            cells[name] = {g: ("–" if pd.isna(r[value]) else f"{r[value]:.2f}") + f" ({int(r['matched'])}/"
                           f"{int(r['gold'])}, {int(r['predicted'])} found)" for g, r in part.iterrows()}
        else:
            cells[name] = {g: "–" if pd.isna(r[value]) else f"{r[value]:.2f}" for g, r in part.iterrows()}
    groups = list(dict.fromkeys(scores["group"]))
    table = pd.DataFrame(cells).reindex(index=groups).fillna("–")
    table.index.name = "group"
    return table
