"""Canonical entities at annotation time: who and what an article names, resolved against the gazetteer.

Each span proposed by spaCy (entity ruler or statistical NER) is trimmed, checked by general rules, linked to
the gazetteer, and, for a short mention of a person (« Kim », « M. Miller »), resolved to the full name used in
the same article (:func:`resolve`). Nothing is dropped: rules set ``keep`` to False and say why in ``reason``.
This module's code is part of the annotation cache key, so it holds resolution only: the analyses of the
entity table are in :mod:`presslens.analyses.entities`, its scoring against a gold file in
:mod:`presslens.analyses.entity_validation`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

import pandas as pd

from ..folding import fold
from ..corpus.gazetteer import Entity, Gazetteer, is_civility, normalise_name, surface_form
from ..rows import tuples
from .speech import human_noun

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
#: Why a span made only of common nouns is set aside; an acronym defined after it (« … (DFAE) ») takes it back.
NO_PROPER_NOUN = "no proper noun"
#: A Roman numeral closing a two-word span (« Kim III »: a fragment when the article names a longer Kim).
_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X{1,3})$")


# --------------------------------------------------------------------------------------------------------------
# Resolution (annotation time)
# --------------------------------------------------------------------------------------------------------------

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
    """Drop leading civilities and function words and trailing function words from a span, and an unclosed
    bracket with what follows it.

    A word tagged as a proper noun elsewhere in the article (``proper``) is never a function word here
    (« Poutine » tagged PRON). A trailing token glued to the word before it is a suffix, not a function word
    (the tokenizer reads the "-il" of « Kim Jong-il » as the pronoun of « a-t-il »): it stays. ``skip`` may
    name "glued suffix" to leave that rule out.
    In: the span's analysed ``text``, its tokens. Out: ``(text, start_char, end_char)`` of what is left, or
    ``None`` when nothing is (« M. Miller » → « Miller »; « Kim de » → « Kim »).
    """
    function = [r.pos in _EDGE_POS and fold(r.text) not in proper for r in rows]
    lo, hi = 0, len(rows)
    # « Chemins de fer russes (RJD »: a bracket the span does not close opens the acronym, not the name.
    hi = next((n for n in range(1, hi) if rows[n].text == "(" and all(r.text != ")" for r in rows[n:])), hi)
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


def _after_title(toks: list[_Tok]) -> list[_Tok]:
    """The name after a title the NER took into a span (« Premier ministre Phạm Minh Chính », « général Oleg
    Ivanov »): the tokens after the span's last lower-case person noun (:func:`~presslens.annotate.speech.human_noun`),
    when they are two or more capitalised words; else an empty list."""
    nouns = [n for n, t in enumerate(toks) if t.pos == "NOUN" and t.text[:1].islower() and human_noun(t.text.lower())]
    if not nouns:
        return []
    name = toks[nouns[-1] + 1:]
    return name if len(name) >= 2 and all(t.text[:1].isupper() for t in name) else []


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


def _opening_participle(toks: list[_Tok], article: _TokenIndex) -> bool:
    """A one-word span that opens its sentence with a present participle and goes on with a comma or a lower-case
    word (« Signalant, … », « Affirmant que … »): the model reads the capital as a name."""
    if len(toks) != 1 or not toks[0].text[:1].isupper() or not toks[0].text.lower().endswith(("ant", "ants")):
        return False
    nxt = article.neighbour(toks[0], 1, "sent_id")
    return article.neighbour(toks[0], -1, "sent_id") is None and nxt is not None and \
        (nxt.text == "," or nxt.text[:1].islower())


def _is_dateline(toks: list[_Tok], article: _TokenIndex) -> bool:
    """A place that opens its segment as a dateline: « (Moscou) … », or in capitals before a comma or a bracket
    (« SÉOUL, 19 juin (AFP) - … »). A dateline says where the text was written, it is no mention."""
    if not toks:
        return False
    prev = article.neighbour(toks[0], -1, "seg_id")
    nxt = article.neighbour(toks[-1], 1, "seg_id")
    if prev is not None and prev.text == "(" and article.neighbour(prev, -1, "seg_id") is None:
        return nxt is not None and nxt.text == ")"
    upper = all(t.text.isupper() or not t.text.isalpha() for t in toks)
    return prev is None and upper and nxt is not None and nxt.text in (",", "(", "-", "–", "—")


def _full_name(toks: list[_Tok], article: _TokenIndex) -> bool:
    """Two or three words, each capitalised and in lower case after its first letter (« Olga Dementieva »), not
    opening a sentence (where every word is capitalised): a person's given name and surname, whatever the
    tagger calls them."""
    words = [t.text for t in toks]
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].replace("-", "").isalpha() and w[1:] == w[1:].lower()
                                        for w in words) and article.neighbour(toks[0], -1, "sent_id") is not None


def _not_a_name(text: str, toks: list[_Tok], gazetteer: Gazetteer, proper: set[str],
                article: _TokenIndex) -> str:
    """Why a span the gazetteer does not know is no name, or "" when it may be one.

    General rules: editorial markers listed in the gazetteer's ``not_entities`` (alone or inside the span); a
    participle opening a sentence (« Signalant, … »); spans without a proper noun,
    i.e. demonyms (« Américains », a capitalised plural), participles (« Signalant ») and common-noun phrases
    (« ministre de la Défense », « XXIe siècle », « État »). A span whose capitalised words the tagger reads
    as proper nouns elsewhere in the article (``proper``, folded words) is a name it mistagged here
    (« Poutine » tagged PRON).
    """
    if normalise_name(text) in gazetteer.not_entities or any(normalise_name(t.text) in gazetteer.not_entities
                                                               for t in toks):
        return "editorial marker"
    if _opening_participle(toks, article):
        return "present participle opening a sentence"
    if not toks or any(t.pos == "PROPN" for t in toks):
        return ""
    capitalised = {fold(t.text) for t in toks if t.text[:1].isupper()}
    if capitalised and capitalised <= proper:
        return ""
    inside = {t.i for t in toks}
    head = next(t for t in toks if t.head not in inside or t.head == t.i)
    if head.text[:1].isupper() and "Number=Plur" in head.morph:
        return "demonym (capitalised plural, no proper noun)"
    return f"{NO_PROPER_NOUN} (head {head.pos} « {head.text} »)"


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
            words |= {fold(parts[0]), fold(parts[-1])}
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
            word = fold(row["text"])
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


#: Titles that come before a bare surname (« le président Yoon », « la ministre Choe »).
_TITLES = {"président", "présidente", "ministre", "chancelier", "chancelière", "général", "maréchal", "secrétaire",
           "sénateur", "sénatrice", "ambassadeur", "ambassadrice", "porte-parole", "dirigeant"}


def _resolve_titled_surnames(rows: list[dict], gazetteer: Gazetteer, article: _TokenIndex) -> None:
    """Resolve a one-word name the gazetteer leaves out as a bare alias (a common surname) when a title before
    it says whom it is (« le président Yoon »), in place: the one gazetteer person a word of whose name it is
    and whose role has that title."""
    titles = {fold(t) for t in _TITLES}
    for row in rows:
        toks = row["toks"]
        if not row["keep"] or row["entity_id"] or len(row["text"].split()) != 1 or not toks:
            continue
        before = article.neighbour(toks[0], -1, "sent_id")
        if before is None or fold(before.text) not in titles:
            continue
        word = fold(row["text"])
        found = {e.id: e for e in gazetteer.entities.values() if e.type == "PER"
                 and any(word in fold(alias).split() for alias in e.aliases)
                 and fold(before.text) in fold(e.role).replace("'", " ").split()}
        if len(found) == 1:
            entity = next(iter(found.values()))
            row.update(label="PER", canonical=entity.canonical, entity_id=entity.id, source="rule", entity=entity)


def _one_label_per_name(rows: list[dict]) -> None:
    """Give a full name the model labelled otherwise the person label it has elsewhere in the article, in place
    (« Min-ji Park » read as a place in « — Min-ji Park (08:55) » after « D'après Min-ji Park, … »): one name,
    one referent within an article. Only names of two words or more that the gazetteer does not know."""
    people = {fold(r["text"]) for r in rows if r["keep"] and r["label"] == "PER" and not r["entity_id"]
              and len(r["text"].split()) >= 2}
    for row in rows:
        if row["keep"] and not row["entity_id"] and row["label"] != "PER" and fold(row["text"]) in people:
            row.update(label="PER", source="rule")


def _set_aside_datelines(rows: list[dict], article: _TokenIndex) -> None:
    """Set aside the place of a dateline (:func:`_is_dateline`): not a mention, nor a first mention."""
    for row in rows:
        if row["keep"] and (row["entity"] is None or row["entity"].type == "LOC") and _is_dateline(row["toks"], article):
            row.update(keep=False, reason="dateline")


def _resolve_in_context(rows: list[dict], gazetteer: Gazetteer) -> None:
    """Resolve short forms and set aside name fragments, in place, by what the rest of the article names.

    A gazetteer ``short_forms`` entry (« le Nord », « Corée ») is its entity when the article names that entity
    otherwise; a two-word span ending in a Roman numeral (« Kim III ») that the gazetteer does not know is a
    fragment when the article names a longer person with the same first word (« Kim Jong-un »)."""
    named = {r["entity_id"] for r in rows if r["keep"] and r["entity_id"]}
    first_words = {r["text"].split()[0] for r in rows if r["keep"] and r["label"] == "PER" and len(r["text"].split()) >= 2
                   and not _ROMAN.match(r["text"].split()[-1])}
    for row in rows:
        if not row["keep"] or row["entity_id"]:
            continue
        entity = gazetteer.short_form(row["text"])
        words = row["text"].split()
        if entity is not None and entity.id in named:
            row.update(label=entity.type, canonical=entity.canonical, entity_id=entity.id, source="context",
                       entity=entity)
        elif row.get("short_form_reason"):
            row.update(keep=False, reason=row["short_form_reason"])
        elif len(words) == 2 and _ROMAN.match(words[1]) and words[0] in first_words:
            row.update(keep=False, reason="name fragment (a first name and a Roman numeral)")


_ACRONYM = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ0-9&-]{1,7}$")


def _resolve_acronyms(rows: list[dict], article: _TokenIndex) -> None:
    """Resolve acronyms an article defines (« le Département fédéral des affaires étrangères (DFAE) »), in
    place: an acronym the gazetteer does not know, in brackets right after a mention, is that mention's
    entity, and so is every later mention of the same acronym in the article. A defining mention set aside
    for want of a proper noun is kept: the acronym shows it is a name."""
    defined: dict[str, dict] = {}
    previous = None
    for row in rows:
        toks = row["toks"]
        if not row["keep"]:
            previous = row if row["reason"].startswith(NO_PROPER_NOUN) else None
            continue
        if not row["entity_id"] and _ACRONYM.match(row["text"]):
            before = article.neighbour(toks[0], -1, "sent_id") if toks else None
            after = article.neighbour(toks[-1], 1, "sent_id") if toks else None
            opened = before is not None and before.text == "(" and after is not None and after.text == ")"
            if opened and previous is not None and 0 <= before.start_char - previous["end_char"] <= 1:
                defined[row["text"]] = previous
                previous.update(keep=True, reason="")
            source = defined.get(row["text"])
            if source is not None:
                row.update(label=source["label"], canonical=source["canonical"], entity_id=source["entity_id"],
                           source="rule", entity=source["entity"])
        previous = row


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
    ``context``: a gazetteer short form (« le Nord ») resolved because the article names its entity otherwise;
    ``model``: unknown, under a normalised surface form), ``stands_for`` (the government a capital or seat of
    power stands for in this mention, or ""), ``keep`` and ``reason`` (why a span was set aside), and the
    span as spaCy proposed it (``spacy_text``, ``spacy_label``, ``spacy_start``, ``spacy_end``).
    ``skip`` names rules of :data:`TUNING_RULES` to leave out (to measure what tuning changed).
    """
    tokens = tokens if tokens is not None else pd.DataFrame(columns=list(_Tok._fields))
    article = _TokenIndex(tokens)
    rows = []
    # Words the tagger reads as proper nouns somewhere in the article (the "named elsewhere" rule).
    proper = set() if "named elsewhere" in skip else {fold(w) for w in tokens.loc[tokens["pos"] == "PROPN", "text"]}
    for m in mentions.sort_values("start_char", kind="stable").to_dict("records"):
        toks = article.span(m["start_char"], m["end_char"])
        row = {**m, "spacy_text": m["text"], "spacy_label": m["label"], "spacy_start": m["start_char"],
               "spacy_end": m["end_char"], "keep": True, "reason": "", "stands_for": ""}
        entity = gazetteer.entities.get(m["ruler_id"]) if m["ruler_id"] else None
        if entity is not None and toks and all(t.pos == "ADJ" and t.text[:1].islower() for t in toks):
            # The ruler ignores case: « une diplomate suisse » is an adjective, not the country.
            row.update(keep=False, reason="adjective spelled like a name")
        if entity is None and toks:
            trimmed = _trim(m["text"], toks, proper, skip)
            if trimmed is None:
                row.update(keep=False, reason="only function words")
            else:
                text, start, end = trimmed
                toks = [t for t in toks if start <= t.start_char and t.end_char <= end]
                if "name continuation" not in skip:
                    text, toks = _continue_name(text, toks, article)
                named = _after_title(toks)
                if named:
                    # « Premier ministre Phạm Minh Chính » tagged MISC as one span: the person is the name.
                    text = text[named[0].start_char - toks[0].start_char:]
                    toks, start = named, named[0].start_char
                    row["label"] = "PER"
                row.update(text=text, start_char=start, end_char=toks[-1].end_char)
        entity = entity or gazetteer.lookup(row["text"])
        if entity is None and row["keep"]:
            reason = _not_a_name(row["text"], toks, gazetteer, proper, article)
            if reason and row["label"] == "PER" and _full_name(toks, article):
                reason = ""   # « Olga Dementieva » tagged as two common nouns: a foreign name the tagger does not know
            if reason and gazetteer.short_form(row["text"]) is not None:
                row["short_form_reason"] = reason  # « le Nord » tagged NOUN: the article decides (_resolve_in_context)
            else:
                row.update(keep=not reason, reason=reason)
        row.update(label=entity.type if entity else row["label"],
                   canonical=entity.canonical if entity else surface_form(row["text"]),
                   entity_id=entity.id if entity else "",
                   source="gazetteer" if m["ruler_id"] else ("alias" if entity else "model"),
                   entity=entity, toks=toks)
        rows.append(row)
    _set_aside_datelines(rows, article)
    _resolve_in_context(rows, gazetteer)
    _resolve_short_mentions(rows)
    _resolve_titled_surnames(rows, gazetteer, article)
    _one_label_per_name(rows)
    _resolve_acronyms(rows, article)
    _mark_appositions(rows)
    spans = [(r["start_char"], r["end_char"]) for r in rows if r["keep"]]
    for row in rows:
        if row["entity"] is not None and row["keep"]:
            row["stands_for"] = _stands_for(row["entity"], gazetteer, row["toks"], article, spans)
    columns = [c for c in mentions.columns if c != "ruler_id"] + RESOLVED_COLUMNS
    return pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)
