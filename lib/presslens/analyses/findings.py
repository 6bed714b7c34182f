"""Analyses for the findings notebook (05): the headline results of 00–04 brought together, each with its
number of articles and an interval that resamples articles; share of voice with attribution error carried
into its intervals; and which results rest on translated articles.

Intervals come from :mod:`presslens.analyses.stats` (articles as units, Wilson for proportions of small n);
a group of fewer than :data:`presslens.analyses.framing.MIN_ARTICLES` articles gets none here either."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .framing import MIN_ARTICLES, VOICE_KINDS
from .stats import hit_shares, unit_counts
from .validation import NO_SPEAKER, match_spans, statements
from ..corpus.gazetteer import normalise_name

#: The true camp of a predicted quote whose matched gold statement voices nobody (a quoted term).
NO_VOICE = "(no voice)"


def article_share(rows: pd.DataFrame, hit: pd.Series, by: list[str] | None = None, n_boot: int = 2000,
                  seed: int = 0, min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Share of ``rows`` for which the boolean Series ``hit`` is True, per group of ``by`` (``rows`` columns;
    none: the whole table), with a 95 % percentile bootstrap interval that resamples articles (``doc_id``)
    through :func:`~presslens.analyses.stats.unit_counts` and :func:`~presslens.analyses.stats.hit_shares`.
    A group of fewer than ``min_articles`` articles gets no interval (NaN). Columns: ``by`` …, ``articles``,
    ``n`` (rows), ``hits``, ``share``, ``low``, ``high``."""
    by = list(by or [])
    data = rows.assign(_all="all") if not by else rows
    keys = by or ["_all"]
    per_article = unit_counts(data, {"_hit": hit.reindex(data.index).fillna(False).astype(bool)}, keys, ("doc_id",))
    n_articles = per_article.groupby(keys).size()
    out = []
    shares = hit_shares(per_article, keys, n_boot=n_boot, seed=seed)
    for *key, n, hits, share, low, high in shares:
        articles = int(n_articles.loc[tuple(key) if len(key) > 1 else key[0]])
        few = articles < min_articles
        out.append((*key, articles, n, hits, share, np.nan if few else low, np.nan if few else high))
    table = pd.DataFrame(out, columns=keys + ["articles", "n", "hits", "share", "low", "high"])
    return table.drop(columns="_all") if not by else table


def translation_basis(articles: pd.DataFrame, doc_ids) -> dict:
    """What a result over the articles ``doc_ids`` rests on: ``articles`` (how many), ``translated`` (how many
    of them are translations, ``articles.translated`` true), ``unknown`` (how many have no recorded
    translation status), ``languages`` (sorted original languages of the translated ones) and ``docs`` (the
    translated articles' ids, sorted)."""
    arts = articles[articles["doc_id"].isin(set(doc_ids))]
    status = arts["translated"].astype(str).str.lower()
    translated = arts[status.isin(["true", "1", "yes"])]
    return {"articles": len(arts), "translated": len(translated),
            "unknown": int((~status.isin(["true", "1", "yes", "false", "0", "no"])).sum()),
            "languages": sorted(set(translated["original_language"].astype(str)) - {"", "nan", "unknown"}),
            "docs": sorted(translated["doc_id"].astype(str))}


def translation_note(basis: dict) -> str:
    """:func:`translation_basis` as a phrase for a finding: « rests on no translated article », « rests on 1
    translated article of 1 (003, from en): the translator's wording as much as the outlet's », …"""
    n, k = basis["articles"], basis["translated"]
    unknown = f"; {basis['unknown']} of unknown status" if basis["unknown"] else ""
    if k == 0:
        return f"rests on no translated article ({n} article{'s' if n != 1 else ''}{unknown})"
    source = f"from {', '.join(basis['languages'])}" if basis["languages"] else "original language unknown"
    share = "wholly" if k == n else "partly"
    return (f"rests {share} on translated text ({k} of {n} article{'s' if n != 1 else ''}: "
            f"{', '.join(basis['docs'])}, {source}{unknown}): the translator's wording as much as the outlet's")


def camp_pairs(pred: pd.DataFrame, gold: pd.DataFrame, min_overlap: float = 0.5) -> pd.DataFrame:
    """The attribution error of a validation set, at the level of camps: one row per predicted voice row
    (kinds of :data:`~presslens.analyses.framing.VOICE_KINDS`) of every statement that matches a hand-coded
    one (:func:`~presslens.analyses.validation.match_spans` on
    :func:`~presslens.analyses.validation.statements`, as the speaker scores match them).

    Columns ``doc_id``, ``start_char``, ``predicted`` (the row's camp), ``true`` (the camp it should have) and
    ``speaker_right``. A row whose speaker is one of the gold statement's speakers is right and keeps its camp:
    which camp a rightly found speaker belongs to is the gazetteer's coding, not an attribution error (a
    validation set's own gazetteer does not know its invented experts, which the corpus's gazetteer would
    list). A row with a wrong speaker takes the gold's camp: its own if the gold has it (a ministry for its
    minister), else the first gold camp (alphabetically) that no other row took, else the gold's first camp;
    a gold quoted term (nobody speaks) makes every row :data:`NO_VOICE`, a gold statement whose speaker the coder
    could not tell makes a wrong row ``unknown``. Missed and spurious quotes are span
    errors, not attribution errors, and are left out."""
    keys = ["doc_id", "start_char", "end_char"]
    columns = ["doc_id", "start_char", "predicted", "true", "speaker_right"]
    g, p = statements(gold), statements(pred)
    pairs = match_spans(p, g, min_overlap)
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    # Per gold statement, each of its speakers (normalised, as the scores compare them) with that row's camp,
    # and per predicted statement its voice rows' speakers and camps, in row order: plain lists, not a pandas
    # group per statement.
    gold_camps, pred_rows = {}, {}
    for key, speaker, camp in zip(zip(*(gold[c].tolist() for c in keys)), gold["speaker"].fillna("").astype(str),
                                  gold["camp"].fillna("").astype(str)):
        gold_camps.setdefault(key, []).extend((normalise_name(name), camp) for name in speaker.split(" ; "))
    voiced = pred[pred["kind"].isin(VOICE_KINDS)]
    for key, speaker, camp in zip(zip(*(voiced[c].tolist() for c in keys)), voiced["speaker"].fillna("").astype(str),
                                  voiced["camp"].fillna("").astype(str)):
        pred_rows.setdefault(key, []).append((speaker, camp))
    # Spans and kinds by index label, read once: a .loc per matched pair cost more than the matching.
    p_key = dict(zip(p.index, zip(*(p[c].tolist() for c in keys))))
    g_key = dict(zip(g.index, zip(*(g[c].tolist() for c in keys))))
    g_term = dict(zip(g.index, (g["kind"] == "term").tolist()))
    rows = []
    for pi, gi in zip(pairs["pred_index"], pairs["gold_index"]):
        pk, gk = p_key[pi], g_key[gi]
        if pk not in pred_rows:
            continue
        term = g_term[gi]
        coded = [] if term else [(name, camp) for name, camp in gold_camps[gk] if name not in NO_SPEAKER and camp]
        speakers = {name for name, _ in coded}
        found = [(speaker, camp, normalise_name(speaker) in speakers) for speaker, camp in sorted(pred_rows[pk])]
        left = sorted(camp for name, camp in coded
                      if name not in {normalise_name(s) for s, _, right in found if right})
        for speaker, camp, right in found:
            if right:
                true = camp
            elif not coded:   # nobody speaks (a term), or the coder could not tell who did
                true = NO_VOICE if term else "unknown"
            elif camp in left:
                true = camp
                left.remove(camp)
            else:
                true = left.pop(0) if left else sorted(c for _, c in coded)[0]
            rows.append((pk[0], int(pk[1]), camp, true, right))
    return pd.DataFrame(rows, columns=columns)


def share_of_voice_with_error(quotes: pd.DataFrame, articles: pd.DataFrame, pairs: pd.DataFrame,
                              by: str = "outlet", n_boot: int = 2000, seed: int = 0,
                              min_articles: int = MIN_ARTICLES, camps: list[str] | None = None) -> pd.DataFrame:
    """Share of voice per group and camp with intervals widened by attribution error.

    In: the ``quotes`` table, ``articles`` (with the ``by`` column), and ``pairs``, the validation's
    predicted and true camps (:func:`camp_pairs` of the read validation sets, stacked; a ``set`` column, if
    any, keeps articles of different sets apart). In each of ``n_boot`` draws (one generator seeded by
    ``seed``):

    1. the validation articles are resampled with replacement, and each predicted camp's row of the
       confusion, P(true camp | predicted camp), is read from the rows of the resampled articles (a camp the
       draw has no row for keeps its label with the draw's pooled camp accuracy, else becomes ``unknown``);
    2. each group's articles are resampled with replacement, if it has at least ``min_articles``; a smaller
       group keeps its articles, so its interval carries attribution error only and describes those texts;
    3. each voice quote of the drawn articles gets a true camp drawn from its predicted camp's row; quotes
       drawn as :data:`NO_VOICE` leave the count.

    Returns one row per group and camp (every camp for every group, in the order of ``camps``, else camps by
    decreasing number of quotes with ``unknown`` last), with ``articles``, ``quotes`` (the group's voice quotes),
    ``count`` (the camp's quotes as the table attributes them), ``share`` (``count / quotes``), ``expected``
    (the mean share over draws), ``low``, ``high`` (95 % percentile interval over draws) and ``resampled``:
    ``"articles and attribution"`` or ``"attribution only"`` (fewer than ``min_articles`` articles)."""
    q = quotes[quotes["kind"].isin(VOICE_KINDS)].merge(articles[["doc_id", by]], on="doc_id")
    q = q.assign(camp=q["camp"].fillna("").replace("", "unknown").astype(str))
    pairs = pairs.assign(_unit=(pairs["set"].astype(str) + "/" if "set" in pairs else "") + pairs["doc_id"].astype(str))
    if camps is None:
        totals = q["camp"].value_counts()
        order = sorted(totals.index, key=lambda c: (c == "unknown", -totals[c], c))
        extra = sorted(set(pairs["true"]) - set(order) - {NO_VOICE, "unknown"})
        camps = [c for c in order if c != "unknown"] + extra
    camps = [c for c in camps if c != "unknown"] + ["unknown"]   # where a camp without evidence goes: always last
    index = {camp: k for k, camp in enumerate(camps)}
    no_voice = len(camps)

    def code(camp: str) -> int:
        return index.get(camp, index["unknown"])

    units = sorted(pairs["_unit"].unique())
    unit_rows = {u: pairs.loc[pairs["_unit"] == u] for u in units}
    unit_pred = {u: np.array([code(c) for c in r["predicted"]]) for u, r in unit_rows.items()}
    unit_true = {u: np.array([no_voice if c == NO_VOICE else code(c) for c in r["true"]]) for u, r in unit_rows.items()}

    groups = sorted(q[by].unique())
    group_docs = {g: sorted(q.loc[q[by] == g, "doc_id"].unique()) for g in groups}
    doc_codes = {d: np.array([code(c) for c in part["camp"]]) for d, part in q.groupby("doc_id")}
    # A draw's shares depend only on how many quotes of each predicted camp the drawn articles hold, not on
    # where they sit: each group keeps an article × camp matrix of counts, and a draw sums its rows.
    group_counts = {g: np.array([np.bincount(doc_codes[d], minlength=len(camps)) for d in group_docs[g]])
                    for g in groups}
    unknown = index["unknown"]
    rng = np.random.default_rng(seed)
    draws = {g: np.full((n_boot, len(camps)), np.nan) for g in groups}
    for b in range(n_boot):
        chosen = rng.integers(0, len(units), size=len(units)) if units else np.array([], dtype=int)
        pred_b = np.concatenate([unit_pred[units[i]] for i in chosen]) if len(chosen) else np.array([], dtype=int)
        true_b = np.concatenate([unit_true[units[i]] for i in chosen]) if len(chosen) else np.array([], dtype=int)
        accuracy = float(np.mean(pred_b == true_b)) if len(pred_b) else 1.0
        # Each camp's row of true camps, laid end to end: camp c's rows are pool[start[c]:start[c] + size[c]].
        order = np.argsort(pred_b, kind="stable")
        pool = true_b[order]
        size = np.bincount(pred_b, minlength=len(camps))[:len(camps)]
        start = np.concatenate([[0], np.cumsum(size)[:-1]])
        for g in groups:
            counts = group_counts[g]
            if len(counts) >= min_articles:
                counts = counts[rng.integers(0, len(counts), size=len(counts))]
            tally = _true_camps(rng, counts.sum(axis=0), pool, start, size, accuracy, unknown)
            voiced = tally[:len(camps)].sum()
            if voiced:
                draws[g][b] = tally[:len(camps)] / voiced
    out = []
    for g in groups:
        counts = q.loc[q[by] == g, "camp"].value_counts()
        total = int(counts.sum())
        resampled = "articles and attribution" if len(group_docs[g]) >= min_articles else "attribution only"
        for k, camp in enumerate(camps):
            column = draws[g][:, k]
            column = column[np.isfinite(column)]
            count = int(counts.get(camp, 0))
            out.append((g, camp, len(group_docs[g]), total, count, count / total if total else np.nan,
                        float(column.mean()) if len(column) else np.nan,
                        float(np.quantile(column, 0.025)) if len(column) else np.nan,
                        float(np.quantile(column, 0.975)) if len(column) else np.nan, resampled))
    return pd.DataFrame(out, columns=["group", "camp", "articles", "quotes", "count", "share", "expected", "low",
                                      "high", "resampled"])


def _true_camps(rng: np.random.Generator, n: np.ndarray, pool: np.ndarray, start: np.ndarray, size: np.ndarray,
                accuracy: float, unknown: int) -> np.ndarray:
    """One draw of true camps for a group's voice quotes, for :func:`share_of_voice_with_error`.

    In: ``n[c]``, the quotes predicted as camp code ``c``; camp ``c``'s confusion row, the true camp codes
    ``pool[start[c]:start[c] + size[c]]``, drawn from uniformly (a camp with no row keeps its code with
    probability ``accuracy``, else becomes ``unknown``). Out: counts of true camp codes, of length
    ``len(n) + 1`` (the last is :data:`NO_VOICE`).

    The generator is called camp by camp in increasing code order with ``n[c]`` numbers each, integers below
    ``size[c]`` or uniform floats, as a loop over camps would; a run of camps drawn the same way is one call
    (with one bound per number for integers), which yields the same numbers and leaves the generator in the
    same state (unit test against the loop), so outputs keep their bytes."""
    tally = np.zeros(len(n) + 1, dtype=np.int64)
    present = np.flatnonzero(n)
    has_rows = size[present] > 0
    # Runs of consecutive present camps with the same way of drawing.
    cuts = np.flatnonzero(np.diff(has_rows.astype(np.int8))) + 1
    for run in np.split(present, cuts):
        if not len(run):
            continue
        k = n[run]
        if size[run[0]] > 0:
            picks = rng.integers(0, np.repeat(size[run], k))
            tally += np.bincount(pool[np.repeat(start[run], k) + picks], minlength=len(tally))
        else:
            kept = rng.random(int(k.sum())) < accuracy
            tally += np.bincount(np.where(kept, np.repeat(run, k), unknown), minlength=len(tally))
    return tally
