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
from .speakers import Resolver, Speaker
from .speech import (COMPLEMENT_MARKS, RELATIVE, Article, clitic_of, is_incise, lexicon, subject_of, trim,
                     verb_group)

QUOTE_COLUMNS = ["sent_id", "seg_id", "segment_kind", "start_char", "end_char", "text", "kind", "speaker_text",
                 "speaker", "speaker_id", "camp", "verb", "verb_type", "method", "speaker_type", "attribution"]
#: How a quote's speaker was found (``attribution``): a reporting verb before or around it, an incise after or
#: inside it, a colon introduction, « selon / d'après », the next sentence, the speaker carried over from
#: the previous quote, words echoing an attributed quote, or nothing (a quoted term, or not found).
ATTRIBUTIONS = ("verb", "incise", "colon", "selon", "next_sentence", "carryover", "echo", "none")
#: A floating quote inherits a speaker only from a quote at most this many segments back.
FLOATING_REACH = 2


def _inner_incises(article: Article) -> set[int]:
    """Tokens of attributions set inside a quotation (« Ce déploiement, a-t-il déclaré devant la presse,
    montre … »): a reporting verb with an inverted clitic subject right after a comma, up to the next comma.
    They split the quotation in two and attribute both halves."""
    inside: set[int] = set()
    for v in article.order:
        t = article.tok[v]
        if not t["in_quote"] or t["pos"] != "VERB" or article.verb_lemma(v) not in lexicon()["verbs"]:
            continue
        group = verb_group(article, v)
        clitic = clitic_of(article, v)
        if clitic is None or article.tok.get(group[0] - 1, {}).get("text") != ",":
            continue
        sentence = article.sent_tokens[t["sent_id"]]
        end = next((k for k in sentence if k > clitic and article.tok[k]["text"] in (",", "»", "”")), None)
        if end is not None and article.tok[end]["text"] == ",":
            inside.update(range(group[0] - 1, end + 1))
    return inside


def _continues(article: Article, run: list[int], nxt: list[int]) -> bool:
    """Whether quotation ``nxt`` continues ``run`` in the next paragraph: French typography leaves the
    quotation open at the end of a paragraph and opens the next one with a guillemet."""
    a, b = article.tok[run[-1]], article.tok[nxt[0]]
    if b["seg_id"] != a["seg_id"] + 1:
        return False
    rest = [k for k in article.order if article.tok[k]["seg_id"] == a["seg_id"] and k > run[-1]]
    opened = [k for k in article.order if article.tok[k]["seg_id"] == b["seg_id"] and k < nxt[0]]
    closed = any(article.tok[k]["text"] in ("»", "”") for k in rest)
    return not closed and all(article.tok[k]["is_punct"] for k in rest) and \
        [article.tok[k]["text"] for k in opened] in (["«"], ["“"])


def _label(a: Article, tokens: list[int]) -> list[int] | None:
    """The speaker label that opens an interview answer (« Hélène Marchetti : », « H. M. : »): the tokens
    before a colon among a paragraph's first six, when they are a person's name or initials."""
    colon = next((k for k in tokens[:6] if a.tok[k]["text"] == ":"), None)
    if colon is None or colon == tokens[0]:
        return None
    label = [k for k in tokens if k < colon]
    words = [a.tok[k]["text"] for k in label]
    initials = all(len(w.rstrip(".")) == 1 and w[:1].isupper() for w in words if w != ".")
    person = (e := a.entity_at(label[0])) is not None and e["label"] == "PER" and e["end_char"] >= a.tok[label[-1]]["end_char"]
    return label if initials or person else None


def _answers(a: Article) -> list[tuple[list[int], list[int]]]:
    """Interview answers: a body paragraph opening with a speaker label, up to the next question (a
    paragraph ending with « ? ») or label. Returns ``(answer tokens, label tokens)`` pairs; the answer,
    quoted without quotation marks, is the labelled person's."""
    paragraphs: dict[int, list[int]] = {}
    for k in a.order:
        if a.tok[k]["kind"] == "body":
            paragraphs.setdefault(a.tok[k]["seg_id"], []).append(k)
    out, current = [], None
    for seg in sorted(paragraphs):
        tokens = paragraphs[seg]
        label = _label(a, tokens)
        question = a.tok[tokens[-1]]["text"] == "?"
        if label is not None:
            current = (trim(a, [k for k in tokens if k > label[-1] + 1]), label)
            out.append(current)
        elif current is not None and not question and seg == a.tok[current[0][-1]]["seg_id"] + 1:
            current[0].extend(tokens)   # the answer goes on in the next paragraph
        else:
            current = None
    return [(ids, label) for ids, label in out if ids]


def _quote_runs(article: Article) -> list[list[int]]:
    """Quotations as token runs: maximal runs of consecutive in-quote tokens within one segment, split at an
    attribution set inside them, and joined across paragraphs when the quotation continues."""
    incises = _inner_incises(article)
    runs, current = [], []
    for i in article.order:
        t = article.tok[i]
        quoted = t["in_quote"] and i not in incises
        if quoted and current and t["seg_id"] == article.tok[current[-1]]["seg_id"] and i == current[-1] + 1:
            current.append(i)
        elif quoted:
            if current:
                runs.append(current)
            current = [i]
        elif current and (t["text"] not in QUOTE_MARKS or i in incises):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    runs = [trim(article, r) or r for r in runs]
    joined: list[list[int]] = []
    for run in runs:
        if joined and _continues(article, joined[-1], run):
            joined[-1] = joined[-1] + run
        else:
            joined.append(run)
    return joined


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
    if article.kids(k, "cop") and any(article.text(m) in ("que", "qu'") for m in article.kids(k, "mark")):
        return True   # « a répondu que c'était précisément pour cela »: a copular clause
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
    """Heads of the clauses a reporting verb reports (rule 3); none for « se dire heureux de … », which
    describes the speaker rather than reporting what was said."""
    if any(article.text(c) in ("se", "s'") for c in article.kids(verb, "expl:comp", "obj", "expl:pv")) and \
            any(article.tok[c]["pos"] == "ADJ" for c in article.kids(verb, "xcomp")):
        return []
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
        if word == "pour" and k == tokens[0] and a_noun_follows(article, k):
            marker = [k]   # « Pour Washington, ce déplacement constitue … »: checked as a source below
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
        # « Pour le chef de la diplomatie européenne, Josep Borrell, … »: the name in apposition belongs to it.
        rest = [j for j in after if j > (phrase[-1] if phrase else marker[-1]) + 1]
        name = [j for j in rest[:6] if (e := article.entity_at(j)) is not None and e["label"] == "PER"]
        if phrase and name and name[0] == rest[0] and article.tok.get(name[-1] + 1, {}).get("text") == ",":
            phrase += list(range(phrase[-1] + 1, name[-1] + 1))
        if any(article.tok[j]["pos"] in ("NOUN", "PROPN", "PRON") for j in phrase) and _source(article, phrase):
            return marker, phrase
    return None


def a_noun_follows(article: Article, k: int) -> bool:
    """Whether a noun phrase follows token ``k`` (« Pour Washington », « pour le chef de … »), not a verb or
    an adverb (« Pour lire tous nos articles », « pour autant »)."""
    nxt = article.tok.get(k + 1)
    return nxt is not None and nxt["pos"] in ("PROPN", "NOUN", "DET", "PRON")


def _source(article: Article, phrase: list[int]) -> bool:
    """Whether a « selon / d'après / pour » phrase can be a source: it names an entity or a pronoun, or its
    nouns are people, institutions, media or documents (not « selon les conditions météorologiques »,
    « selon le degré d'implication », « pour la première fois »)."""
    lex = lexicon()
    nouns = lex["person_nouns"] | lex["institution_nouns"] | lex["media_nouns"] | lex["document_nouns"] | \
        lex["channel_nouns"]
    first = next((j for j in phrase if article.tok[j]["pos"] in ("NOUN", "PROPN", "PRON")), None)
    if first is None:
        return False
    # « selon les Occidentaux », « selon M. Poutine », « selon des initiés de Washington »
    named = any(article.entity_at(j) is not None for j in phrase) or article.tok[first]["text"][:1].isupper()
    return named or article.tok[first]["pos"] == "PRON" or article.tok[first]["lemma"].lower() in nouns


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
    words = [k for k in sentence if not article.tok[k]["is_punct"]]
    if article.tok.get(marker[0] - 1, {}).get("text") == "," and words and phrase[-1] >= words[-1]:
        # « …, d'après KCNA. » closing the sentence attributes all that comes before it.
        return trim(article, [k for k in sentence if k < marker[0]]), head, source
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
    """The quotes of one article (columns :data:`QUOTE_COLUMNS`, without ``doc_id``), in text order; a
    statement made jointly by several speakers has one row per speaker."""
    if tokens.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    a = Article(tokens, entities, raw)
    a.incises = _inner_incises(a)
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
        resolver.remember(speakers[0], a.tok[ids[-1]]["seg_id"], ids[-1])

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
        if a.reporting(i) is None or i in reported or i in a.incises:
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
    events += [(ids[0], -1, "answer", (ids, label)) for ids, label in _answers(a)]
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
            ids, head, source = _selon_parts(a, sent_id, marker, phrase)
            if ids:
                word = "d'après" if a.text(marker[0]).startswith("d") else "selon"
                add(ids, "selon", [resolver.resolve(head, "selon", source)], word, "attribution", "selon")
        elif kind == "answer":
            ids, label = payload
            add(ids, "direct", [_interviewee(a, resolver, label)], "", "none", "colon")
        else:
            speakers, verb, verb_type, how = _attribute(a, resolver, payload)
            quote_kind = "direct" if _is_direct(a, payload) else "partial" if how != "none" else "term"
            add(payload, quote_kind, speakers, verb, verb_type, how)
    _echo(found)
    out = pd.DataFrame(found, columns=QUOTE_COLUMNS)
    return out.sort_values(["start_char", "end_char"], kind="stable").reset_index(drop=True)


def _attribute(a: Article, resolver: Resolver, run: list[int]) -> tuple[list[Speaker], str, str, str]:
    """Speakers, verb, verb type and how they were found (:data:`ATTRIBUTIONS`) for a quotation (rule 2).

    In order: a reporting verb of the quote's sentence (before, around or inside it), a « selon », a
    sentence ending with a colon and a reporting verb just before the quote, the next sentence when it
    only attributes (« Ce sont les mots de Kim Jong-un », « C'est ce qu'a affirmé X »), then, for a full
    statement, the previous speaker of the passage. A fragment nobody is said to utter is a quoted term:
    no speaker (« … », how = ``none``), unless it echoes an attributed quote (:func:`_echo`)."""
    sent_id = a.tok[run[-1]]["sent_id"]
    sents = {a.tok[run[0]]["sent_id"], sent_id}
    verbs = [k for s in sorted(sents) for k in a.sent_tokens[s] if a.reporting(k) is not None]
    governing = [v for v in verbs if set(run) & set(a.subtree(v))]
    selon = _marker(a, sent_id)
    # « … une « escalade dangereuse » selon le secrétaire général » : a « selon » right after the quote is its
    # source, whatever verb the sentence has.
    right_after = selon is not None and 0 < selon[0][0] - run[-1] <= 2
    if verbs and not right_after and not (selon is not None and selon[0][0] < run[0] and not governing):
        # Nearest governing verb first; a verb whose subject cannot speak (« tout déploiement relèverait
        # d'« une affaire … » ») gives way to the next one (« …, a affirmé que … »).
        near = sorted(verbs, key=lambda v: (v not in governing, min(abs(v - run[0]), abs(v - run[-1]))))
        for verb in near:
            after = verb > run[-1] or verb in a.incises
            head, method = subject_of(a, verb, inverted_ok=after)
            speakers = resolver.resolve_all(head, method)
            if speakers[0].known or verb == near[-1]:
                lemma = a.reporting(verb)
                return speakers, lemma, a.verb_type(lemma), "incise" if after else "verb"
    if selon is not None:
        _, head, source = _selon_parts(a, sent_id, *selon)
        return [resolver.resolve(head, "selon", source)], "selon", "attribution", "selon"
    direct = _is_direct(a, run)
    for how, verb in (("colon", _colon_verb(a, run)), ("next_sentence", _next_verb(a, run) if direct else None)):
        if verb is not None:
            head, method = subject_of(a, verb, inverted_ok=True)
            lemma = a.reporting(verb)
            speakers = resolver.resolve_all(head, method)
            if speakers[0].known:
                return speakers, lemma, a.verb_type(lemma), how
    if direct:
        named = _naming_sentence(a, resolver, run)
        if named is not None:
            return [named], "", "none", "next_sentence"
        previous = resolver.previous
        if previous is not None and a.tok[run[0]]["seg_id"] - resolver.previous_seg <= FLOATING_REACH:
            return [replace(previous, method="floating")], "", "none", "carryover"
    return [Speaker()], "", "none", "none"


def _interviewee(a: Article, resolver: Resolver, label: list[int]) -> Speaker:
    """Who an answer's label names: the person itself, or for initials (« H. M. ») the person of the article
    whose name has those initials."""
    words = [a.tok[k]["text"] for k in label if a.tok[k]["text"] != "."]
    if not all(len(w.rstrip(".")) == 1 for w in words):
        return resolver.resolve(label[0], "subject", label)
    initials = "".join(w[0] for w in words).upper()
    for e in a.entities:
        words = e["canonical"].replace("-", " ").split()
        if e["label"] == "PER" and "".join(w[0] for w in words).upper() == initials:
            first = next(k for k in a.order if a.tok[k]["start_char"] >= e["start_char"])
            return resolver.resolve(first, "subject")
    return Speaker()


def _neighbour(a: Article, run: list[int], step: int) -> list[int]:
    """The tokens of the sentence before (``step=-1``) or after (``+1``) a quotation, in the same or the
    adjacent paragraph; empty at the article's edge."""
    first = a.tok[run[0] if step < 0 else run[-1]]["sent_id"]
    position = a.sent_order.index(first) + step
    if not 0 <= position < len(a.sent_order):
        return []
    tokens = a.sent_tokens[a.sent_order[position]]
    return tokens if abs(a.tok[tokens[0]]["seg_id"] - a.tok[run[0]]["seg_id"]) <= 1 else []


def _colon_verb(a: Article, run: list[int]) -> int | None:
    """A reporting verb in the sentence before a quotation that ends with a colon and reports nothing else
    (« Le ministre a déclaré : » then the quotation)."""
    before = _neighbour(a, run, -1)
    words = [k for k in before if not a.tok[k]["is_punct"]]
    if not before or a.tok[before[-1]]["text"] != ":" or any(a.tok[k]["in_quote"] for k in words):
        return None
    return next((k for k in reversed(before) if a.reporting(k) is not None and not _complements(a, k)), None)


def _next_verb(a: Article, run: list[int]) -> int | None:
    """A reporting verb in the sentence after a quotation that attributes it: the sentence quotes nothing
    itself and the verb reports no clause of its own (« C'est ce qu'a affirmé le porte-parole. »)."""
    after = _neighbour(a, run, 1)
    quoted = [k for k in after if a.tok[k]["in_quote"]]
    # The verb reports nothing of its own: no clause, and no object but a pronoun standing for the quote
    # (« C'est ce qu'a affirmé X », « l'a répété X »), not « Le Kremlin a salué « une coopération » ».
    def only_the_quote(k: int) -> bool:
        objects = a.kids(k, "obj")
        # « ce qu'a affirmé un responsable » (the inverted subject often parsed as an object)
        relative = any(a.tok[o]["pos"] == "PRON" and o < k for o in objects)
        return relative or all(a.tok[o]["pos"] == "PRON" for o in objects)

    return next((k for k in after if a.reporting(k) is not None and not _complements(a, k) and only_the_quote(k)
                 and (not quoted or k < quoted[0])), None)


def _naming_sentence(a: Article, resolver: Resolver, run: list[int]) -> Speaker | None:
    """The speaker named by the sentence after a quotation when it says whose words they were (« Ces mots
    sont ceux de Kim Jong-un », « La formule est du président ukrainien ») and quotes nothing itself."""
    after = _neighbour(a, run, 1)
    if not after or any(a.tok[k]["in_quote"] for k in after):
        return None
    nouns = [k for k in after if a.tok[k]["lemma"].lower() in lexicon()["speech_nouns"]]
    if not nouns:
        return None
    # A person named after the noun first (« les mots du ministre de la Défense, Kang Min-ho »), else the
    # first noun phrase (« celui d'un diplomate sud-coréen »).
    people = [k for k in after if k > nouns[0] and (e := a.entity_at(k)) is not None and e["label"] == "PER"
              and e["start_char"] == a.tok[k]["start_char"]]
    for k in people + after:
        if k > nouns[0] and a.tok[k]["pos"] in ("PROPN", "NOUN") and a.tok[k]["dep"] not in ("det", "amod"):
            speaker = resolver.resolve(k, "subject")
            if speaker.known and speaker.speaker_type in ("person", "organisation", "state", "media", "anonymous"):
                return speaker
    return None


def _echo(found: list[dict]) -> None:
    """Give an unattributed quote the speaker of an attributed quote that contains its words (rule 2): a
    headline's quoted words are usually those of a speaker the body names."""
    for row in found:
        if row["speaker"] != "unknown" or row["kind"] not in ("direct", "partial", "term"):
            continue
        key = normalise_name(row["text"])
        # A quote elsewhere in the article, not the statement that contains this one (an interview answer).
        source = next((r for r in found if r is not row and r["speaker"] != "unknown"
                       and r["kind"] in ("direct", "partial") and key and key in normalise_name(r["text"])
                       and not r["start_char"] <= row["start_char"] < r["end_char"]), None)
        if source is not None:
            row.update(kind="partial" if row["kind"] == "term" else row["kind"], speaker=source["speaker"],
                       speaker_id=source["speaker_id"], camp=source["camp"], method="echo",
                       speaker_type=source["speaker_type"], attribution="echo")
