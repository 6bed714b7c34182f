"""Who speaks: direct, partial, indirect and « selon » quotes with their speakers, from one article's tables.

Runs at annotation time on an article's ``tokens`` (with the dependency parse) and resolved ``entities``;
needs no spaCy objects. Reporting verbs, light-verb expressions (« faire part de »), attribution markers
and pronouns come from ``rules/quotes.yml``. The rules:

1. **Direct and partial quotes** are maximal runs of tokens inside quotation marks within one segment. A
   run with a finite verb that opens its clause (sentence start, or after a comma or colon) is *direct*;
   a fragment embedded in the writer's syntax is *partial*.
2. **Attribution of a quote**: the reporting verb of its sentence that governs it, else the nearest one,
   unless a « selon X » earlier in the sentence names the source. The speaker is the verb's subject, an
   inverted subject when the verb follows the quote (« …, a déclaré Poutine », « a-t-il relevé »), or
   the subject of the clause the verb depends on (« s'engageant à … », a present participle). With no
   verb and no « selon », the subject of the sentence speaks when it is a known person or institution
   (« Kim a fait part de son « soutien » »); failing that the quote *floats* and belongs to the previous
   speaker of the passage; an unattributed quote that repeats words quoted elsewhere in the article
   (a headline's scare quotes) takes the speaker of those words.
3. **Indirect speech**: a reporting verb's clausal complement (« a indiqué que … », « a dit espérer … »,
   « accusant les Nord-Coréens de livrer … », « son intention d'approfondir … », « critiqué … pour ne pas
   avoir respecté … »), and the clause before a postposed attribution (« Les États-Unis … imposeront des
   sanctions, a averti M. Miller »). A complement that lies wholly inside quotation marks is only a quote.
4. **Selon**: « selon X » / « d'après X » attributes the clause it modifies (without coordinated
   clauses), or the whole sentence when it relays a reported quote.
5. **Speaker resolution**: a name that opens the subject phrase, the entity holding its head, or one in
   apposition to it (« le porte-parole …, John Kirby »); a pronoun resolves to the nearest preceding
   subject that is a known person or institution, else the previous speaker; « la même source » and a
   repeated role noun (« l'agence ») to the previous speaker; a role description listed in the gazetteer
   (« le chef de l'État russe »); otherwise the phrase itself names a group (« des initiés de
   Washington »). The camp comes from the gazetteer (through ``stands_for`` for capitals), else from a
   demonym in the phrase or a place it names; else unknown.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..clean.quotemarks import QUOTE_MARKS
from ..corpus.gazetteer import Gazetteer, normalise_name
from .schema import Schema
from .speakers import Resolver, Speaker
from .speech import COMPLEMENT_MARKS, RELATIVE, Article, is_incise, lexicon, subject_of, trim

QUOTE_COLUMNS = ["sent_id", "seg_id", "segment_kind", "start_char", "end_char", "text", "kind", "speaker_text",
                 "speaker", "speaker_id", "camp", "verb", "verb_type", "method"]
#: A floating quote inherits a speaker only from a quote at most this many segments back.
FLOATING_REACH = 2

#: The type of every column of QUOTE_COLUMNS (see :mod:`presslens.annotate.schema`): declare one for each column
#: you add.
QUOTE_TYPES = {"sent_id": "int", "seg_id": "int", "segment_kind": "str", "start_char": "int", "end_char": "int",
               "text": "str", "kind": "str", "speaker_text": "str", "speaker": "str", "speaker_id": "str",
               "camp": "str", "verb": "str", "verb_type": "str", "method": "str"}
QUOTE_SCHEMA = Schema.of("quotes", QUOTE_COLUMNS, QUOTE_TYPES)


def _quote_runs(article: Article) -> list[list[int]]:
    """Maximal runs of consecutive in-quote tokens within one segment."""
    runs, current = [], []
    for i in article.order:
        t = article.tok[i]
        if t["in_quote"] and current and t["seg_id"] == article.tok[current[-1]]["seg_id"] and i == current[-1] + 1:
            current.append(i)
        elif t["in_quote"]:
            if current:
                runs.append(current)
            current = [i]
        elif current and t["text"] not in QUOTE_MARKS:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [trim(article, r) or r for r in runs]


def _is_direct(article: Article, run: list[int]) -> bool:
    """Direct: a finite verb, and the quote opens its clause (rule 1)."""
    finite = any("VerbForm=Fin" in article.tok[k]["morph"] for k in run)
    sentence = article.sent_tokens[article.tok[run[0]]["sent_id"]]
    before = [k for k in sentence if k < run[0] and article.tok[k]["text"] not in QUOTE_MARKS]
    return finite and (not before or article.tok[before[-1]]["text"] in (",", ":", "(", "—", "–"))


def _is_clause(article: Article, k: int) -> bool:
    """A verb heading a clause: finite, infinitive, a participle with an auxiliary (« qu'il était
    préoccupé »), or introduced by « que »; not a bare participle (« … concernant un accord »)."""
    t = article.tok[k]
    if t["pos"] not in ("VERB", "AUX", "ADJ"):
        return False
    if "VerbForm=Fin" in t["morph"] or "VerbForm=Inf" in t["morph"]:
        return True
    return any(article.tok[c]["dep"].startswith(("aux", "cop")) or article.text(c) in ("que", "qu'")
               for c in article.kids(k))


def _clause_tokens(article: Article, head: int) -> list[int]:
    """A reported clause's tokens: the subtree of its head without a trailing participial gloss (« …, la
    Russie étant engagée … ») or a coordinated speech act (« …, et craignent que … »)."""
    drop: set[int] = set()
    for c in article.kids(head, "advcl", "conj"):
        morph = article.tok[c]["morph"]
        participle = "VerbForm=Part" in morph and "Tense=Pres" in morph
        if (article.tok[c]["dep"] == "advcl" and participle) or article.reporting(c) is not None:
            drop.update(article.subtree(c))
    return [k for k in article.subtree(head) if k not in drop]


def _complements(article: Article, verb: int) -> list[int]:
    """Heads of the clauses a reporting verb reports (rule 3)."""
    heads = [c for c in article.kids(verb, "ccomp", "xcomp") if _is_clause(article, c)]
    heads += [c for c in article.kids(verb, "advcl") if _is_clause(article, c)
              and any(article.text(m) in ("de", "d'", "pour") for m in article.kids(c, "mark"))]
    for noun in article.kids(verb, "obj", "obl:arg", "iobj"):
        heads += [c for c in article.kids(noun, "acl") if _is_clause(article, c)
                  and any(article.text(m) in COMPLEMENT_MARKS for m in article.kids(c, "mark"))]
    return sorted(set(heads))


def _postposed_clause(article: Article, verb: int) -> list[int]:
    """The clause a postposed attribution reports (« Les États-Unis … imposeront des sanctions, a averti
    M. Miller »), or nothing. The verb is an incise with its own subject after it (or a clitic), and the
    clause before it is either the clause the verb hangs on or a clausal child of the verb."""
    if not is_incise(article, verb):
        return []
    subject, method = subject_of(article, verb, inverted_ok=True)
    if subject is None or method == "inherited" or (subject < verb and not article.text(subject).startswith("-")):
        return []
    own = set(article.subtree(verb))
    head = article.tok[verb]["head"]
    if head != verb and head < verb:
        candidates = [head]
    else:
        candidates = [c for c in article.kids(verb) if c < verb and article.tok[c]["pos"] in ("VERB", "AUX", "ADJ")
                      and article.tok[c]["dep"] not in ("nsubj", "aux", "aux:tense", "aux:pass")]
    for c in candidates:
        pool = set(article.subtree(c)) if c != head else set(article.subtree(c)) - own
        clause = trim(article, sorted(k for k in pool if k < verb))
        if clause:
            return clause
    return []


def _marker(article: Article, sent_id: int) -> tuple[list[int], list[int]] | None:
    """A « selon X » / « d'après X » outside quotes: ``(marker tokens, source phrase)``.

    The source runs from the marker to the next comma or colon; after a relative « selon lesquelles »
    it is the noun phrase just before the marker (« les accusations américaines selon lesquelles … »)."""
    tokens = article.sent_tokens[sent_id]
    for k in tokens:
        word = article.text(k)
        nxt = article.tok.get(k + 1)
        if article.tok[k]["in_quote"]:
            continue
        marker = [k] if word in lexicon()["markers"] else [k, k + 1] if word == "d'" and nxt \
            and nxt["text"].lower() == "après" else None
        if marker is None:
            continue
        after = [j for j in tokens if j > marker[-1]]
        if after and article.text(after[0]) in RELATIVE:
            noun = next((j for j in reversed([j for j in tokens if j < marker[0]])
                         if article.tok[j]["pos"] in ("NOUN", "PROPN")), None)
            if noun is None:
                continue
            phrase = [noun] + [c for c in article.kids(noun, "amod", "nmod") if c < marker[0]]
            return marker, sorted(set(phrase) | {after[0]})
        phrase = []
        for j in after:
            if article.tok[j]["text"] in (",", ":", ";") or article.tok[j]["in_quote"]:
                break
            phrase.append(j)
        if any(article.tok[j]["pos"] in ("NOUN", "PROPN", "PRON") for j in phrase):
            return marker, phrase
    return None


def _selon_parts(article: Article, sent_id: int, marker: list[int], phrase: list[int]
                 ) -> tuple[list[int], int, list[int]]:
    """The clause a « selon » attributes (rule 4), the head of its source phrase, and that phrase."""
    relative = [j for j in phrase if article.text(j) in RELATIVE]
    source = [j for j in phrase if j not in relative]
    head = next((j for j in source if article.tok[j]["pos"] in ("NOUN", "PROPN", "PRON")), source[0])
    sentence = article.sent_tokens[sent_id]
    if relative:
        return trim(article, [k for k in sentence if k > relative[0]]), head, source
    excluded = set(phrase) | set(marker)
    verb = article.tok[marker[-1]]["head"]
    verb = article.tok[verb]["head"] if verb in phrase else verb
    if article.tok[verb]["pos"] in ("VERB", "AUX") and article.reporting(verb) is None:
        later = {k for c in article.kids(verb, "conj") if c > marker[-1] for k in article.subtree(c)}
        clause = [k for k in article.subtree(verb) if k not in excluded and k not in later
                  and not (article.tok[k]["dep"] == "cc" and article.tok[k]["head"] in later)]
    else:  # a relayed quote (« …, a dit M. Poutine, selon des agences »): the quote and its attribution
        start = sentence[0]
        position = article.sent_order.index(sent_id)
        for s in reversed(article.sent_order[:position]):
            words = [k for k in article.sent_tokens[s] if not article.tok[k]["is_punct"]]
            same_segment = article.tok[article.sent_tokens[s][0]]["seg_id"] == article.tok[start]["seg_id"]
            if not same_segment or not words or not all(article.tok[k]["in_quote"] for k in words):
                break
            start = article.sent_tokens[s][0]
        clause = [k for k in article.order if start <= k <= sentence[-1] and k not in excluded]
    return trim(article, clause), head, source


def extract(tokens: pd.DataFrame, entities: pd.DataFrame, raw: str, gazetteer: Gazetteer) -> pd.DataFrame:
    """The quotes of one article (columns :data:`QUOTE_COLUMNS`, without ``doc_id``), in text order."""
    if tokens.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    a = Article(tokens, entities, raw)
    resolver = Resolver(a, gazetteer)
    found: list[dict] = []

    def add(ids: list[int], kind: str, speaker: Speaker, verb: str, verb_type: str) -> None:
        start, end, text = a.span(ids)
        first = a.tok[ids[0]]
        found.append(dict(sent_id=first["sent_id"], seg_id=first["seg_id"], segment_kind=first["kind"],
                          start_char=start, end_char=end, text=text, kind=kind, speaker_text=speaker.text,
                          speaker=speaker.speaker, speaker_id=speaker.speaker_id, camp=speaker.camp, verb=verb,
                          verb_type=verb_type, method=speaker.method))
        resolver.remember(speaker, first["seg_id"], ids[-1])

    def wholly_quoted(ids: list[int]) -> bool:
        words = [k for k in ids if not a.tok[k]["is_punct"]]
        return bool(words) and all(a.tok[k]["in_quote"] for k in words)

    # Events in text order, so that "the previous speaker" is well defined.
    def mostly_quoted(ids: list[int]) -> bool:
        words = [k for k in ids if not a.tok[k]["is_punct"]]
        return sum(a.tok[k]["in_quote"] for k in words) >= 0.5 * len(words)

    events = [(run[0], 1, "quote", run) for run in _quote_runs(a)]
    reported: set[int] = set()  # tokens already inside a reported clause: a verb there is not a new speech act
    for i in a.order:
        if a.reporting(i) is None or i in reported:
            continue
        for c in _complements(a, i):
            ids = trim(a, [k for k in _clause_tokens(a, c) if k > i])
            if ids and not wholly_quoted(ids):
                events.append((ids[0], 0, "indirect", (i, ids, False)))
                reported.update(ids)
        clause = _postposed_clause(a, i)
        # « À l'issue d'une rencontre, « Kim a invité … », a rapporté KCNA » is a direct quote, not
        # reported speech: a postposed clause counts when its own words are mostly the writer's.
        if clause and not mostly_quoted(clause):
            events.append((clause[0], 0, "indirect", (i, clause, True)))
    for sent_id in a.sent_order:
        selon = _marker(a, sent_id)
        if selon is not None:
            events.append((a.sent_tokens[sent_id][0], 0, "selon", (sent_id, selon)))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    for _, _, kind, payload in events:
        if kind == "indirect":
            verb, ids, postposed = payload
            head, method = subject_of(a, verb, inverted_ok=postposed)
            lemma = a.reporting(verb)
            add(ids, "indirect", resolver.resolve(head, method), lemma, a.verb_type(lemma))
        elif kind == "selon":
            sent_id, (marker, phrase) = payload
            ids, head, source = _selon_parts(a, sent_id, marker, phrase)
            if ids:
                word = "d'après" if a.text(marker[0]).startswith("d") else "selon"
                add(ids, "selon", resolver.resolve(head, "selon", source), word, "attribution")
        else:
            add(payload, "direct" if _is_direct(a, payload) else "partial", *_attribute(a, resolver, payload))
    _echo(found)
    out = pd.DataFrame(found, columns=QUOTE_COLUMNS)
    return out.sort_values(["start_char", "end_char"], kind="stable").reset_index(drop=True)


def _attribute(a: Article, resolver: Resolver, run: list[int]) -> tuple[Speaker, str, str]:
    """Speaker, verb and verb type of a quote run (rule 2)."""
    sent_id = a.tok[run[-1]]["sent_id"]
    sents = {a.tok[run[0]]["sent_id"], sent_id}
    verbs = [k for s in sorted(sents) for k in a.sent_tokens[s] if a.reporting(k) is not None]
    governing = [v for v in verbs if set(run) & set(a.subtree(v))]
    selon = _marker(a, sent_id)
    if verbs and not (selon is not None and selon[0][0] < run[0] and not governing):
        verb = min(governing or verbs, key=lambda v: min(abs(v - run[0]), abs(v - run[-1])))
        head, method = subject_of(a, verb, inverted_ok=verb > run[-1])
        lemma = a.reporting(verb)
        return resolver.resolve(head, method), lemma, a.verb_type(lemma)
    if selon is not None:
        _, head, source = _selon_parts(a, sent_id, *selon)
        return resolver.resolve(head, "selon", source), "selon", "attribution"
    if a.tok[run[0]]["kind"] in ("headline", "subheading"):
        return Speaker(), "", "none"  # scare quotes in titles: left to the echo rule
    # The nearest subject before the quote that is a known person or institution (« Kim a fait part de
    # son « soutien » », « …, il veut … des « progrès significatifs » »).
    subjects = [k for k in a.sent_tokens[sent_id] if k < run[0] and a.tok[k]["dep"].startswith("nsubj")
                and not a.tok[k]["in_quote"]]
    for head in reversed(subjects):
        speaker = resolver.resolve(head, "sentence subject")
        if speaker.speaker_id:
            return speaker, "", "none"
    previous = resolver.previous
    if previous is not None and a.tok[run[0]]["seg_id"] - resolver.previous_seg <= FLOATING_REACH:
        return replace(previous, method="floating"), "", "none"
    return Speaker(), "", "none"


def _echo(found: list[dict]) -> None:
    """Give an unattributed quote the speaker of an attributed quote that contains its words (rule 2)."""
    for row in found:
        if row["speaker"] != "unknown" or row["kind"] not in ("direct", "partial"):
            continue
        key = normalise_name(row["text"])
        source = next((r for r in found if r is not row and r["speaker"] != "unknown"
                       and r["kind"] in ("direct", "partial") and key and key in normalise_name(r["text"])), None)
        if source is not None:
            row.update(speaker=source["speaker"], speaker_id=source["speaker_id"], camp=source["camp"],
                       method="echo")
