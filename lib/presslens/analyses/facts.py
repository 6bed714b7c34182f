"""Fact coverage: which articles report each checkable fact of the study's ``facts.yml``, matched on
lemmatised sentences."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..corpus.instruments import Fact
from .overview import with_outlet
from ..folding import fold
from .text import sentence_texts


def lemmatised_sentences(tokens: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of ``tokens``: ``doc_id``, ``sent_id``, raw ``start_char``/``end_char``, its
    analysed ``text`` and ``lemmas`` (words' lemmas folded by :func:`presslens.analyses.text.fold`, space-joined).
    Passing tokens with some rows removed (shared passages) matches facts on what is left."""
    rows = []
    for doc, sent, text, toks in sentence_texts(tokens, columns=("lemma", "is_punct")):
        lemmas = fold(" ".join(toks["lemma"][~toks["is_punct"]]))
        rows.append((doc, sent, int(toks["start_char"][0]), int(toks["end_char"][-1]), text, lemmas))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start_char", "end_char", "text", "lemmas"])


def _has_item(lemmas: str, item: str) -> bool:
    """True when one of the ``|``-separated alternatives of ``item`` occurs as whole words in ``lemmas``."""
    padded = f" {lemmas} "
    return any(f" {fold(alt.strip())} " in padded for alt in item.split("|"))


def pattern_matches(pattern: dict, lemmas: str) -> bool:
    """Whether a lemmatised sentence satisfies every condition of one fact pattern."""
    return (all(_has_item(lemmas, item) for item in pattern.get("all", ()))
            and not any(_has_item(lemmas, item) for item in pattern.get("none", ()))
            and (not pattern.get("regex") or re.search(pattern["regex"], lemmas) is not None))


def match_facts(sentences: pd.DataFrame, facts: list[Fact]) -> pd.DataFrame:
    """Sentences (from :func:`lemmatised_sentences`) that report each fact: one row per sentence and fact,
    with ``fact_id``, ``fact`` (label), ``pattern`` (its number in the fact's list, from 1), the sentence's
    ``doc_id``, ``sent_id``, raw offsets, ``text`` and ``lemmas``.

    The same test as :func:`pattern_matches` sentence by sentence, column-wise: each distinct item alternative
    is searched once in every sentence (facts share many), a regex only in the sentences the items leave."""
    padded = [f" {lemmas} " for lemmas in sentences["lemmas"]]
    found: dict[str, np.ndarray] = {}

    def has(item: str) -> np.ndarray:
        out = np.zeros(len(padded), dtype=bool)
        for alt in item.split("|"):
            needle = f" {fold(alt.strip())} "
            if needle not in found:
                found[needle] = np.fromiter((needle in s for s in padded), dtype=bool, count=len(padded))
            out |= found[needle]
        return out

    def matches(pattern: dict) -> np.ndarray:
        ok = np.ones(len(padded), dtype=bool)
        for item in pattern.get("all", ()):
            ok &= has(item)
        for item in pattern.get("none", ()):
            ok &= ~has(item)
        if pattern.get("regex"):
            regex = re.compile(pattern["regex"])
            for k in np.flatnonzero(ok):
                ok[k] = regex.search(padded[k][1:-1]) is not None
        return ok

    columns = ["fact_id", "fact", "pattern", "doc_id", "sent_id", "start_char", "end_char", "text", "lemmas"]
    values = [sentences[c].tolist() for c in columns[3:]]
    rows = []
    for fact in facts:
        hit = np.zeros(len(padded), dtype=int)
        for k, pattern in enumerate(fact.patterns, start=1):
            hit[(hit == 0) & matches(pattern)] = k
        for k in np.flatnonzero(hit):
            rows.append((fact.id, fact.label, int(hit[k]), *(v[k] for v in values)))
    return pd.DataFrame(rows, columns=columns)


def fact_matrix(matches: pd.DataFrame, articles: pd.DataFrame, facts: list[Fact]) -> pd.DataFrame:
    """Sentences reporting each fact (columns, by id, in the file's order) per article (rows, ``doc_id``);
    NaN where the fact belongs to another event than the article's (not applicable)."""
    counts = pd.crosstab(matches["doc_id"], matches["fact_id"]) if len(matches) else pd.DataFrame()
    table = counts.reindex(index=articles["doc_id"], columns=[f.id for f in facts], fill_value=0).astype(float)
    events = articles.set_index("doc_id")["event"]
    for fact in facts:
        if fact.events:
            table.loc[~events.reindex(table.index).isin(fact.events), fact.id] = np.nan
    table.index.name, table.columns.name = "doc_id", None
    return table


def fact_evidence(matches: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per filled cell of the fact matrix: the fact, the article and its outlet, how many sentences
    report it, and the first of them (``text``, raw ``start_char``/``end_char``), in fact-file then article
    order."""
    ordered = matches.sort_values(["doc_id", "start_char"], kind="stable")
    cells = ordered.groupby(["fact_id", "doc_id"], sort=False)
    out = cells.first().join(cells.size().rename("sentences")).reset_index()
    # match_facts lists facts in the file's order: keep it, then articles by id.
    rank = {fact: k for k, fact in enumerate(dict.fromkeys(matches["fact_id"]))}
    out = with_outlet(out, articles).assign(_rank=out["fact_id"].map(rank))
    out = out.sort_values(["_rank", "doc_id"], kind="stable")
    return out[["fact", "doc_id", "outlet", "sentences", "start_char", "end_char", "text"]].reset_index(drop=True)


def facts_by(matrix: pd.DataFrame, articles: pd.DataFrame, facts: list[Fact], by: str = "event") -> pd.DataFrame:
    """For each fact (rows, by label) and group of ``by`` (columns): ``k/n``, the number of articles of the
    group that report it over those it applies to (``–`` when it applies to none)."""
    group = articles.set_index("doc_id")[by].reindex(matrix.index)
    out = {}
    for value in sorted(group.unique()):
        part = matrix[group == value]
        applies, reports = part.notna().sum(), (part > 0).sum()
        out[value] = [f"{reports[f.id]}/{applies[f.id]}" if applies[f.id] else "–" for f in facts]
    return pd.DataFrame(out, index=pd.Index([f.label for f in facts], name="fact"))
