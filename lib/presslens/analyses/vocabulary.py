"""Vocabulary: which tokens count as content words, their frequencies, the terms a word cloud draws, and
the check that no unread text (captions, credits, markup) leaks into them. Keyness, diversity, n-grams and
the concordance have modules of their own beside this one.

Everything starts from :func:`term_tokens`: the analysed tokens in reading order, each with its ``term``
(lemma, or a multi-word name's canonical form when ``merge_names=True``) and flags saying whether it is a
word and a content word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .text import WORD

#: Parts of speech that carry content.
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")
#: Elided function words as the French tokenizer leaves them ("l'", "qu'"): never content.
ELIDED = frozenset({"l'", "d'", "qu'", "n'", "s'", "c'", "j'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'",
                    "quoiqu'", "presqu'"})
#: Entity labels merged into one term by ``merge_names``: names of people, places and organisations. MISC
#: spans (« accord de partenariat stratégique global ») are descriptive phrases whose words are vocabulary.
NAME_LABELS = ("PER", "LOC", "ORG")
#: Entity sources merged by ``merge_names``: the curated gazetteer only; the model's own entities are noisier
#: (a capitalised participle read as a person, « ministre de la Défense » as one organisation).
NAME_SOURCES = ("gazetteer",)

_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_MARKUP = re.compile(r"[<>&=/\\]")


# --- tokens and terms --------------------------------------------------------------------------------------

def term_tokens(tables, include_captions: bool = False, merge_names: bool = False,
                name_labels: Sequence[str] = NAME_LABELS, name_sources: Sequence[str] | None = NAME_SOURCES
                ) -> pd.DataFrame:
    """Every analysed token (punctuation included) in reading order, with what vocabulary analyses need.

    Adds to the ``tokens`` columns: ``term`` (the lemma, lower-cased except for proper nouns), ``is_word``
    (not punctuation or space), ``is_content`` (see :func:`content_tokens`), ``position`` (0 at the start of
    the article's analysed text, just under 1 at its end), and ``outlet``, ``event``, ``phase``, ``year`` from
    ``articles``. With ``merge_names=True`` each entity of ``name_labels`` from ``name_sources`` (None: any
    source) becomes one token: its ``term`` is the entity's ``canonical`` (« Corée du Nord », and « Poutine »
    becomes « Vladimir Poutine »), its ``text`` the surface form, its span the entity's span, its ``pos``
    PROPN; the other tokens of the span are dropped (see :func:`merged_names`, which does this to a table
    built without it).
    """
    toks = tables.select("tokens", include_captions=include_captions)
    toks = toks.sort_values(["doc_id", "i"], kind="stable").reset_index(drop=True)
    lemma = toks["lemma"].str.replace("’", "'", regex=False)
    # The per-string work runs once per distinct lemma: a large corpus repeats the same few thousand.
    codes, distinct = pd.factorize(lemma, use_na_sentinel=False)
    distinct = pd.Series(distinct)
    wordlike = (~distinct.str.lower().isin(ELIDED) & (distinct.str.count(r"[^\W\d_]") >= 2)).to_numpy()[codes]
    toks["is_word"] = ~toks["is_punct"] & (toks["pos"] != "SPACE")
    toks["is_content"] = (toks["pos"].isin(CONTENT_POS) & ~toks["is_stop"] & ~toks["is_punct"] & ~toks["like_num"]
                          & wordlike)
    # Each row takes its lemma's own form (proper nouns) or its lower-cased form from the distinct lemmas,
    # where choosing row by row between two million-row string columns cost half a second.
    forms = pd.concat([distinct, distinct.str.lower()], ignore_index=True)
    toks["term"] = forms.take(codes + len(distinct) * (toks["pos"] != "PROPN").to_numpy()).to_numpy()
    toks["position"] = _position(toks)
    # Each article's metadata is looked up once and spread to its rows by code, as a left join on ``doc_id``
    # would (missing articles give NaN): joining a million rows on the string column cost a third of a second.
    codes, docs = pd.factorize(toks["doc_id"])
    meta = tables.articles.set_index("doc_id")
    meta = meta[["outlet", "event", "phase"]].assign(year=meta["published"].dt.year).reindex(docs)
    toks = pd.concat([toks, meta.iloc[codes].reset_index(drop=True)], axis=1)
    return merged_names(tables, toks, include_captions, name_labels, name_sources) if merge_names else toks


def merged_names(tables, terms: pd.DataFrame, include_captions: bool = False,
                 name_labels: Sequence[str] = NAME_LABELS, name_sources: Sequence[str] | None = NAME_SOURCES
                 ) -> pd.DataFrame:
    """In: ``terms``, a :func:`term_tokens` table built without ``merge_names`` from ``tables`` with the same
    ``include_captions``. Out: the table ``term_tokens(tables, include_captions, merge_names=True,
    name_labels, name_sources)`` returns, each name one token and ``position`` counted again. A caller that
    needs both tables builds the plain one once and merges from it."""
    entities = tables.select("entities", include_captions=include_captions)
    keep = entities["label"].isin(name_labels)
    if name_sources is not None:
        keep &= entities["source"].isin(name_sources)
    toks = _merge_spans(terms, entities[keep])
    toks["position"] = _position(toks)
    return toks


def _position(toks: pd.DataFrame) -> pd.Series:
    """Each token's place in its article's analysed text: its rank among the article's rows over their count."""
    by_doc = toks.groupby("doc_id", sort=False)
    return by_doc.cumcount() / by_doc["i"].transform("size")


def _merge_spans(toks: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """In: ``toks`` sorted by article and position, and entity ``spans`` (``doc_id``, ``start_char``,
    ``end_char``, ``text``, ``canonical``). Out: ``toks`` with each span collapsed into its first token (the
    canonical form as ``term``, the span's ``text`` and ``end_char``, PROPN, a content word), the span's other
    tokens dropped, index reset."""
    if not len(spans):
        return toks.reset_index(drop=True)
    codes, docs = pd.factorize(toks["doc_id"])
    tok_start, tok_end = toks["start_char"].to_numpy(np.int64), toks["end_char"].to_numpy(np.int64)
    ent_doc = docs.get_indexer(spans["doc_id"]).astype(np.int64)
    ent_start, ent_end = spans["start_char"].to_numpy(np.int64), spans["end_char"].to_numpy(np.int64)
    # The latest entity starting at or before each token (of equal starts, the last entity row), searched on
    # one sorted axis where article k's offsets are shifted by k * width; the token is inside it if it also
    # ends within it. Entities of articles without tokens sort first (code -1) and are never found.
    width = int(max(tok_end.max(initial=0), ent_end.max(initial=0))) + 1
    ent_key = ent_doc * width + ent_start
    order = np.argsort(ent_key, kind="stable")
    at = np.searchsorted(ent_key[order], codes * width + tok_start, side="right") - 1
    ent = np.where(at >= 0, order[np.clip(at, 0, None)], -1)
    inside = (ent >= 0) & (ent_doc[ent] == codes) & (tok_end <= ent_end[ent])
    # A span's first token is the first row that finds its entity.
    first = np.zeros(len(toks), dtype=bool)
    first[np.flatnonzero(inside)[np.unique(ent[inside], return_index=True)[1]]] = True
    kept = ~inside | first
    rows = ent[first]
    # Rows are dropped before the first tokens are rewritten: filtering is one pass over every column.
    toks = toks[kept].reset_index(drop=True)
    first = first[kept]
    toks.loc[first, "term"] = spans["canonical"].to_numpy()[rows]
    toks.loc[first, "text"] = spans["text"].to_numpy()[rows]
    toks.loc[first, "end_char"] = ent_end[rows]
    toks.loc[first, "pos"] = "PROPN"
    toks.loc[first, ["is_word", "is_content"]] = True
    toks.loc[first, ["is_stop", "like_num"]] = False
    return toks


def content_tokens(tables, include_captions: bool = False, merge_names: bool = False,
                   name_labels: Sequence[str] = NAME_LABELS, name_sources: Sequence[str] | None = NAME_SOURCES
                   ) -> pd.DataFrame:
    """Tokens that are content words of the analysed kinds, with a ``term`` column.

    A content word has a part of speech in :data:`CONTENT_POS`, is not a stop word, punctuation, a number or
    an elided form, and has at least two letters. ``term`` is the lemma, lower-cased except for proper nouns
    (``Corée`` stays ``Corée``; ``Missiles`` becomes ``missile``). Columns of ``tokens`` are kept, plus
    ``position``, ``outlet``, ``event``, ``phase`` and ``year``. ``merge_names`` and its options make each
    name one term (see :func:`term_tokens`).
    """
    toks = term_tokens(tables, include_captions, merge_names, name_labels, name_sources)
    return toks[toks["is_content"]].drop(columns=["is_word", "is_content"]).reset_index(drop=True)


# --- frequencies -------------------------------------------------------------------------------------------

def frequencies(words: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Content-term frequencies, raw and per 1,000 words, overall or per value of column ``by``.

    ``words`` is a :func:`term_tokens` table. Returns one row per (group,) term: ``freq``, ``per_1000``
    (per 1,000 words of the group: tokens that are not punctuation, a merged name counting as one), ``docs``
    (articles using the term), and the group's ``words`` and ``articles``; sorted by group, then by
    decreasing frequency, ties alphabetically.
    """
    keys = [by] if by else []
    grouped = words[words["is_word"]].groupby(keys) if keys else None
    sizes = (grouped.agg(words=("i", "size"), articles=("doc_id", "nunique")).reset_index() if keys
             else pd.DataFrame({"words": [int(words["is_word"].sum())], "articles": [words["doc_id"].nunique()]}))
    content = words[words["is_content"]]
    freq = (content.groupby(keys + ["term"]).agg(freq=("i", "size"), docs=("doc_id", "nunique")).reset_index())
    freq = freq.merge(sizes, on=by, how="left") if keys else freq.assign(**sizes.iloc[0].to_dict())
    freq["per_1000"] = 1000 * freq["freq"] / freq["words"]
    freq = freq.sort_values(keys + ["freq", "term"], ascending=[True] * len(keys) + [False, True], kind="stable")
    return freq[keys + ["term", "freq", "per_1000", "docs", "words", "articles"]].reset_index(drop=True)


def name_fragments(freq: pd.DataFrame) -> pd.DataFrame:
    """Capitalised one-word terms of a :func:`frequencies` table that are also a word of a multi-word term
    (« Kim » beside « Kim Jong-un »): names counted apart from their merged form, usually because the
    gazetteer lists only the full form. Columns ``term``, ``freq``, ``part_of`` (the multi-word terms)."""
    multi = [t for t in freq["term"].unique() if " " in t]
    rows = []
    for term, count in zip(freq["term"], freq["freq"]):
        if " " in term or not term[:1].isupper():
            continue
        parents = sorted(m for m in multi if term in m.split(" "))
        if parents:
            rows.append((term, int(count), ", ".join(parents)))
    return pd.DataFrame(rows, columns=["term", "freq", "part_of"])


def top_terms(freq: pd.DataFrame, by: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group of a :func:`frequencies` table, one column per group
    (headed with its number of articles), cells reading ``term (freq)``; rows are ranks 1..n."""
    columns = {}
    for group, rows in freq.groupby(by, sort=True):
        top = rows.head(n)
        heading = f"{group} ({int(top['articles'].iloc[0])} art.)"
        columns[heading] = pd.Series([f"{t} ({f})" for t, f in zip(top["term"], top["freq"])],
                                     index=range(1, len(top) + 1))
    table = pd.DataFrame(columns).fillna("")
    table.index.name = "rank"
    return table


# --- word clouds -------------------------------------------------------------------------------------------


def term_classes(terms: pd.DataFrame) -> pd.Series:
    """Each term's part of speech (its most frequent one in ``terms``, ties in :data:`CONTENT_POS` order),
    indexed by term: computed once on the whole corpus, it colours every cloud the same way."""
    counts = terms.groupby(["term", "pos"]).size().rename("n").reset_index()
    counts["order"] = counts["pos"].map({p: k for k, p in enumerate(CONTENT_POS)}).fillna(len(CONTENT_POS))
    counts = counts.sort_values(["term", "n", "order"], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("term").set_index("term")["pos"]


def excluded_words(tables, include_captions: bool = False) -> set[str]:
    """Lower-cased words found only in text that analyses do not read (set-aside segments, and captions
    unless ``include_captions``), plus the names of HTML tags in the raw segments. Words are read from the
    segments' text with a regular expression; what the analysed text may legitimately yield besides its
    surface words (lemmas: « agence » for « agences »; canonical names) is not excluded."""
    seg = tables.segments
    read = seg["kept"] & seg["kind"].isin(tables.kinds(include_captions))
    analysed = {w.lower() for text in seg.loc[read, "clean_text"] for w in WORD.findall(text)}
    # Distinct strings only: a large corpus repeats the same lemmas and names thousands of times.
    derived = (set(tables.select("tokens", include_captions)["lemma"].unique())
               | set(tables.select("entities", include_captions)["canonical"].unique()))
    analysed |= {w.lower() for text in derived for w in WORD.findall(text.replace("’", "'"))}
    unread = {w.lower() for text in seg.loc[~read, "clean_text"] for w in WORD.findall(text)}
    tags = {m.lower() for text in seg["text"] for m in _TAG.findall(text)}
    return (unread - analysed) | tags


def leaks(terms: Iterable[str], tables, include_captions: bool = False) -> pd.DataFrame:
    """Terms (e.g. those of a word cloud) that carry text analyses must not read: a word of
    :func:`excluded_words` (Spanish captions, photo credits, widgets, tag names) or a markup character.
    Returns ``term``, ``reason``; empty when the terms are clean."""
    excluded = excluded_words(tables, include_captions)
    rows = []
    for term in sorted(set(terms)):
        found = sorted(w.lower() for w in WORD.findall(term) if w.lower() in excluded)
        if found:
            rows.append((term, "only in unread text: " + ", ".join(found)))
        elif _MARKUP.search(term):
            rows.append((term, "markup character"))
    return pd.DataFrame(rows, columns=["term", "reason"])
