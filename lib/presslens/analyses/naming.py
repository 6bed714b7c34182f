"""Naming choices: which of a referent's competing labels (« régime de Pyongyang », « Corée du Nord »…)
each outlet uses, with shares and intervals."""
from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np
import pandas as pd

from ..corpus.instruments import Referent
from .stats import group_shares, unit_counts
from ..folding import fold
from .text import sentence_arrays


def _resolve_overlaps(found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Keep non-overlapping matches ``(start, end, …)``: leftmost first, then longest."""
    kept, reach = [], -1
    for match in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
        if match[0] >= reach:
            kept.append(match)
            reach = match[1]
    return kept


def required_text(pattern: re.Pattern) -> str:
    """The longest run of plain characters every match of ``pattern`` contains (its top level read as a
    sequence: characters outside groups, repeats, alternatives and classes), or ``""`` when there is none or
    the pattern ignores case. A sentence without it cannot match, so the regex need not run there."""
    if pattern.flags & re.IGNORECASE:
        return ""
    try:
        from re import _parser as parser   # the regex parser of the standard library (sre_parse)

        items = parser.parse(pattern.pattern, pattern.flags)
    except Exception:   # noqa: BLE001 - an unreadable pattern is simply not filtered
        return ""
    best, run = "", []
    for op, arg in items:
        if op is parser.LITERAL:
            run.append(chr(arg))
            continue
        best, run = max(best, "".join(run), key=len), []
    return max(best, "".join(run), key=len)


def _containing(haystack: str, bounds, needle: str) -> list[int]:
    """In: the sentences' texts joined by one separator character, each sentence's start in it (``bounds``,
    an ascending sequence, then the end of the last plus one), and a plain text. Out: the positions, in
    order, of the sentences that contain ``needle`` (every sentence when it is empty). One ``str.find`` per hit
    instead of a test per sentence."""
    if not needle:
        return list(range(len(bounds) - 1))
    found, at = [], haystack.find(needle)
    while at >= 0:
        k = bisect_right(bounds, at) - 1
        found.append(k)
        at = haystack.find(needle, int(bounds[k + 1]))   # the next sentence on: one hit per sentence is enough
    return found


def naming_matches(tokens: pd.DataFrame, referents: list[Referent], context: int = 45) -> pd.DataFrame:
    """Every label of every referent found in the sentences of ``tokens``, as concordance lines.

    Columns: ``doc_id``, ``sent_id``, ``referent``, ``label``, ``match`` (as written), raw ``start_char`` and
    ``end_char``, ``quoted`` (the match's first word is inside quotation marks), ``left`` and ``right``
    (``context`` characters of the sentence on each side).
    """
    texts, first, arrays = sentence_arrays(tokens, columns=("in_quote",))
    # All sentences folded at once (folding keeps lengths), joined by a NUL: each pattern runs only on the
    # sentences that contain the text all its matches contain (most sentences name few referents), found by
    # searching the joined text; the regex itself still runs on the sentence alone, so it matches as before.
    folded = fold("\0".join(texts))
    bounds = np.cumsum([0] + [len(t) + 1 for t in texts]).tolist()
    found: dict[tuple[int, int], list] = {}   # (sentence, referent) → matches, in label then pattern order
    for r, ref in enumerate(referents):
        for label, patterns in ref.labels.items():
            for pattern in patterns:
                for k in _containing(folded, bounds, required_text(pattern)):
                    sentence = folded[bounds[k]:bounds[k + 1] - 1]
                    found.setdefault((k, r), []).extend((m.start(), m.end(), label, ref.id)
                                                        for m in pattern.finditer(sentence))
    docs, sents, starts, ends, quoted = (arrays[c] for c in ("doc_id", "sent_id", "start_char", "end_char", "in_quote"))
    rows = []
    for k, r in sorted(found):   # sentence then referent: the order the rows always had
        a, text = first[k], texts[k]
        # The tokens where a match starts and ends, by bisecting a list: a numpy call per match cost more.
        pos = arrays["text_pos"][a:first[k + 1]].tolist()
        for s, e, label, ref_id in _resolve_overlaps(found[k, r]):
            i, j = a + bisect_right(pos, s) - 1, a + bisect_right(pos, e - 1) - 1
            rows.append((docs[a], sents[a], ref_id, label, text[s:e], int(starts[i]), int(ends[j]),
                         bool(quoted[i] or quoted[min(i + 1, j)]),
                         text[max(0, s - context):s], text[e:e + context]))
    columns = ["doc_id", "sent_id", "referent", "label", "match", "start_char", "end_char", "quoted", "left", "right"]
    return pd.DataFrame(rows, columns=columns).sort_values(["referent", "doc_id", "start_char"], kind="stable") \
        .reset_index(drop=True)


def naming_shares(matches: pd.DataFrame, referents: list[Referent], by: str = "outlet", n_boot: int = 1000,
                  seed: int = 0) -> pd.DataFrame:
    """Share of each label among a referent's matches, per ``by`` group (a column of ``matches``, e.g.
    ``outlet`` after :func:`with_outlet`), with a bootstrap interval over the matching sentences. Every
    label of the file appears (share 0 when unused). Columns: ``referent``, ``label``, ``by``, ``n`` (the
    referent's matches in the group), ``count``, ``share``, ``low``, ``high``."""
    out = []
    for ref in referents:
        rows = matches[matches["referent"] == ref.id]
        hits = {f"_hit{k}": rows["label"] == label for k, label in enumerate(ref.labels)}
        per_unit = unit_counts(rows, hits, [by], ("doc_id", "sent_id"))
        by_label = group_shares(per_unit, list(hits), [by], n_boot=n_boot, seed=seed)
        for name, label in zip(hits, ref.labels):
            out += [(ref.id, label, group, n, count, share, low, high) for group, n, count, share, low, high
                    in by_label[name]]
    return pd.DataFrame(out, columns=["referent", "label", by, "n", "count", "share", "low", "high"])


def dominant_labels(shares: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Per referent and group, the most used label(s) (ties joined by `` = ``), how often (``count``) out of
    the referent's mentions (``n``); groups that never name the referent are left out."""
    used = shares[shares["n"] > 0]
    top = used[used["count"] == used.groupby(["referent", by])["count"].transform("max")]
    # Referents keep the file's order (shares lists them so), groups and labels theirs.
    out = top.groupby(["referent", by], sort=False).agg(label=("label", " = ".join), count=("count", "first"),
                                                        n=("n", "first"))
    return out.reset_index()


def separated_shares(shares: pd.DataFrame, by: str = "outlet", min_n: int = 5) -> pd.DataFrame:
    """Pairs of groups whose intervals for the same label do not overlap (the differences the data carry):
    ``referent``, ``label``, ``higher``, ``lower`` and both shares. Only groups with at least ``min_n``
    mentions of the referent take part: a bootstrap over one or two sentences gives a zero-width interval
    that separates from anything. A label never used in ``n`` mentions also has a zero-width interval at 0."""
    used = shares[shares["n"] >= min_n]
    rows = []
    for (ref, label), part in used.groupby(["referent", "label"], sort=False):
        for hi in part.itertuples(index=False):
            for lo in part.itertuples(index=False):
                if lo.high < hi.low:
                    rows.append((ref, label, getattr(hi, by), hi.share, getattr(lo, by), lo.share))
    return pd.DataFrame(rows, columns=["referent", "label", "higher", "higher_share", "lower", "lower_share"])


def share_table(shares: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Naming shares laid out for reading: rows ``(referent, label)``, one column per group, each cell
    ``"share % [low–high] (count/n)"``; empty where the group never names the referent."""
    cells = shares.assign(cell=[f"{100 * s:.0f} % [{100 * lo:.0f}–{100 * hi:.0f}] ({c}/{n})"
                                for s, lo, hi, c, n in zip(shares["share"], shares["low"], shares["high"],
                                                           shares["count"], shares["n"])])
    table = cells.pivot(index=["referent", "label"], columns=by, values="cell")
    order = list(dict.fromkeys(zip(shares["referent"], shares["label"])))
    table = table.reindex(pd.MultiIndex.from_tuples(order, names=["referent", "label"])).fillna("")
    table.columns.name = None
    return table
