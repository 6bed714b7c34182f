"""Who speaks: direct, partial, indirect and « selon » quotes, and quoted terms, with their speakers, from one
article's tables.

Runs at annotation time on an article's ``tokens`` (with the dependency parse) and resolved ``entities``;
needs no spaCy objects. Reporting verbs, light-verb expressions (« faire part de »), attribution markers,
pronouns and the nouns that type a speaker come from ``rules/quotes.yml``. The rules, each in its module:

1. **Quotations** (:mod:`~presslens.annotate.quotations`): runs of words between quotation marks within a
   paragraph, split at an attribution set inside them (« …, estime-t-elle, … ») and joined with the next
   paragraph when the quotation goes on there; interview answers after a speaker label (« H. M. : »,
   « Invité : ») or, on an interview page without labels, after each question.
   A quotation with a finite verb that opens its clause is *direct*, a fragment in the writer's syntax
   *partial*.
2. **Attribution** (:mod:`~presslens.annotate.attribution`): the reporting verb of the sentence that governs
   the quotation, else the nearest whose subject can speak; a « selon » right after it; a colon
   introduction in the sentence before; the sentence after when it only attributes (« C'est ce qu'a affirmé
   X », « Ces mots sont ceux de X »); for a full statement, the previous speaker of the passage. A fragment
   nobody is said to utter is a *term*, with no speaker, unless it echoes an attributed quote (a headline's
   words taken from the body).
3. **Indirect speech** (:mod:`~presslens.annotate.clauses`): a reporting verb's clausal complement (« a
   indiqué que … », « accusant … de livrer … »), and the clause before a postposed attribution (« …, a
   averti M. Miller »); kept only when someone can be said to speak it.
4. **Selon** (:mod:`~presslens.annotate.selon`): « selon X », « d'après X », « Pour X, » when X can be a source
   (not « selon les conditions météorologiques »), over the clause it modifies or the whole sentence.
5. **Speakers** (:mod:`~presslens.annotate.speakers`, with :mod:`~presslens.annotate.roles` and
   :mod:`~presslens.annotate.genders`): names, pronouns agreeing in gender with the person
   the article names, roles the gazetteer or the article gives (« le porte-parole du Kremlin »), documents
   (« l'article 4 »), unnamed sources (*anonymous*, by their description), joint speakers (one row each);
   a capital that speaks is its state. Each row says how its speaker was found (``attribution``) and what
   it is (``speaker_type``), so that errors can be audited by pattern.
"""
from __future__ import annotations

import pandas as pd

from ..corpus.gazetteer import Gazetteer
from .attribution import attribute, echo, interviewee
from .clauses import complements, postposed_clause, reported_tokens
from .quotations import answers, inner_incises, is_direct, quote_runs
from .selon import find_selon, selon_parts
from .schema import Schema
from .speakers import Resolver, Speaker
from .speech import Article, is_incise, subject_of, trim

QUOTE_COLUMNS = ["sent_id", "seg_id", "segment_kind", "start_char", "end_char", "text", "kind", "speaker_text",
                 "speaker", "speaker_id", "camp", "verb", "verb_type", "method", "speaker_type", "attribution"]
#: How a quote's speaker was found (``attribution``): a reporting verb before or around it, an incise after or
#: inside it, a colon introduction, « selon / d'après », the next sentence, the speaker carried over from
#: the previous quote, words echoing an attributed quote, or nothing (a quoted term, or not found).
ATTRIBUTIONS = ("verb", "incise", "colon", "selon", "next_sentence", "carryover", "echo", "none")

#: The type of every column of QUOTE_COLUMNS (see :mod:`presslens.annotate.schema`): declare one for each column
#: you add.
QUOTE_TYPES = {"sent_id": "int", "seg_id": "int", "segment_kind": "str", "start_char": "int", "end_char": "int",
               "text": "str", "kind": "str", "speaker_text": "str", "speaker": "str", "speaker_id": "str",
               "camp": "str", "verb": "str", "verb_type": "str", "method": "str", "speaker_type": "str",
               "attribution": "str"}
QUOTE_SCHEMA = Schema.of("quotes", QUOTE_COLUMNS, QUOTE_TYPES)


def extract(tokens: pd.DataFrame, entities: pd.DataFrame, raw: str, gazetteer: Gazetteer) -> pd.DataFrame:
    """The quotes of one article (columns :data:`QUOTE_COLUMNS`, without ``doc_id``), in text order; a
    statement made jointly by several speakers has one row per speaker."""
    if tokens.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    a = Article(tokens, entities, raw)
    a.incises = inner_incises(a)
    resolver = Resolver(a, gazetteer)
    found: list[dict] = []

    def add(ids: list[int], kind: str, speakers: list[Speaker], verb: str, verb_type: str, how: str) -> None:
        start, end, text = a.span(ids)
        first = a.tok[ids[0]]
        for speaker in speakers:
            found.append(dict(sent_id=first["sent_id"], seg_id=first["seg_id"], segment_kind=first["kind"],
                              start_char=start, end_char=end, text=text, kind=kind, speaker_text=speaker.text,
                              speaker=speaker.speaker, speaker_id=speaker.speaker_id, camp=speaker.camp, verb=verb,
                              verb_type=verb_type, method=speaker.method, speaker_type=speaker.speaker_type,
                              attribution=how if speaker.known or kind == "term" else "none"))
        resolver.remember(speakers, a.tok[ids[-1]]["seg_id"], ids[-1])

    def wholly_quoted(ids: list[int]) -> bool:
        words = [k for k in ids if not a.tok[k]["is_punct"]]
        return bool(words) and all(a.tok[k]["in_quote"] for k in words)

    # Events in text order, so that "the previous speaker" is well defined.
    def mostly_quoted(ids: list[int]) -> bool:
        words = [k for k in ids if not a.tok[k]["is_punct"]]
        return sum(a.tok[k]["in_quote"] for k in words) >= 0.5 * len(words)

    events = [(run[0], 1, "quote", run) for run in quote_runs(a)]
    reported: set[int] = set()  # tokens already inside a reported clause: a verb there is not a new speech act
    for i in a.order:
        if a.reporting(i) is None or i in reported or i in a.incises:
            continue
        # « Les rapports du groupe, a-t-il affirmé, se réduisent à … »: an incise set inside its clause reports
        # the words on both sides.
        inside, own = is_incise(a, i), set()
        for c in complements(a, i):
            ids = trim(a, [k for k in reported_tokens(a, i, c) if k > i or inside])
            if ids and not wholly_quoted(ids):
                events.append((ids[0], 0, "indirect", (i, ids, False)))
                own.update(ids)
        reported |= own
        clause = postposed_clause(a, i)
        # « À l'issue d'une rencontre, « Kim a invité … », a rapporté KCNA » is a direct quote, not
        # reported speech: a postposed clause counts when its own words are mostly the writer's.
        if clause and not mostly_quoted(clause) and not own & set(clause):
            events.append((clause[0], 0, "indirect", (i, clause, True)))
    for sent_id in a.sent_order:
        selon = find_selon(a, sent_id)
        if selon is not None:
            events.append((a.sent_tokens[sent_id][0], 0, "selon", (sent_id, selon)))
    events += [(ids[0], -1, "answer", (ids, label)) for ids, label in answers(a)]
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    for _, _, kind, payload in events:
        if kind == "indirect":
            verb, ids, postposed = payload
            head, method = subject_of(a, verb, inverted_ok=postposed)
            lemma = a.reporting(verb)
            speakers = resolver.resolve_all(head, method)
            # Reported speech with nobody to report it (« Il faut dire que … », « la visite montre que … »)
            # is the writer's own statement.
            if speakers[0].known:
                add(ids, "indirect", speakers, lemma, a.verb_type(lemma), "incise" if postposed else "verb")
        elif kind == "selon":
            sent_id, (marker, phrase) = payload
            ids, head, source = selon_parts(a, sent_id, marker, phrase)
            if ids:
                word = "d'après" if a.text(marker[0]).startswith("d") else "selon"
                add(ids, "selon", [resolver.resolve(head, "selon", source)], word, "attribution", "selon")
        elif kind == "answer":
            ids, label = payload
            speaker = interviewee(a, resolver, label)
            resolver.voices.append((ids[0], ids[-1], speaker))
            add(ids, "direct", [speaker], "", "none", "colon")
        else:
            speakers, verb, verb_type, how = attribute(a, resolver, payload)
            quote_kind = "direct" if is_direct(a, payload) else "partial" if how != "none" else "term"
            add(payload, quote_kind, speakers, verb, verb_type, how)
    echo(found)
    out = pd.DataFrame(found, columns=QUOTE_COLUMNS)
    return out.sort_values(["start_char", "end_char"], kind="stable").reset_index(drop=True)


