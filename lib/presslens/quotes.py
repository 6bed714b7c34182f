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

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .fileio import parse_yaml
from .gazetteer import Gazetteer, normalise_name, surface_form
from .quotemarks import QUOTE_MARKS
from .rows import records

RULES = Path(__file__).with_name("rules") / "quotes.yml"
QUOTE_COLUMNS = ["sent_id", "seg_id", "segment_kind", "start_char", "end_char", "text", "kind", "speaker_text",
                 "speaker", "speaker_id", "camp", "verb", "verb_type", "method"]
#: A floating quote inherits a speaker only from a quote at most this many segments back.
FLOATING_REACH = 2
#: How many sentences back a pronoun looks for its antecedent.
PRONOUN_REACH = 2
_RELATIVE = {"lequel", "laquelle", "lesquels", "lesquelles"}
_COMPLEMENT_MARKS = {"que", "qu'", "qu’", "de", "d'", "d’", "à", "pour", "si"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The rules file as lookups: ``verbs`` (lemma → neutral | evaluative), ``phrasal``, ``markers``,
    ``same_source``, ``pronouns``."""
    data = parse_yaml(RULES.read_text(encoding="utf-8"))
    return {"verbs": {lemma: kind for kind, lemmas in data["verbs"].items() for lemma in lemmas},
            "phrasal": {verb: set(nouns) for verb, nouns in (data.get("phrasal") or {}).items()},
            "markers": set(data["attribution_markers"]), "same_source": set(data["same_source"]),
            "pronouns": set(data["pronouns"]), "time_words": set(data.get("time_words") or ())}


@dataclass(frozen=True)
class _Speaker:
    text: str = ""
    speaker: str = "unknown"
    speaker_id: str = ""
    camp: str = "unknown"
    method: str = "none"

    @property
    def known(self) -> bool:
        return self.speaker != "unknown"


class _Article:
    """Index over one article's tokens and entities, with the parse-walking helpers the rules need."""

    def __init__(self, tokens: pd.DataFrame, entities: pd.DataFrame, raw: str):
        self.raw = raw
        self.tok = {row["i"]: row for row in records(tokens)}
        self.order = sorted(self.tok)
        self.children: dict[int, list[int]] = {}
        for i, t in self.tok.items():
            if t["head"] != i:
                self.children.setdefault(t["head"], []).append(i)
        self.sent_tokens: dict[int, list[int]] = {}
        for i in self.order:
            self.sent_tokens.setdefault(self.tok[i]["sent_id"], []).append(i)
        self.sent_order = sorted(self.sent_tokens)
        self.entities = records(entities.sort_values("start_char"))
        self.roles = self._roles()

    def _roles(self) -> dict[str, list[tuple[int, dict]]]:
        """Role nouns in apposition to a named person (« l'ambassadeur de Russie, Gueorgui Zinoviev »,
        « Park Ji-hoon, universitaire »): role lemma → [(token, person entity)] in text order."""
        roles: dict[str, list[tuple[int, dict]]] = {}
        for k in self.order:
            t = self.tok[k]
            if t["dep"] != "appos":
                continue
            pairs = [(t["head"], k), (k, t["head"])]  # role noun, person token — in either order
            for role, person in pairs:
                entity = self.entity_at(person)
                if self.tok[role]["pos"] == "NOUN" and entity is not None and entity["label"] == "PER":
                    roles.setdefault(self.tok[role]["lemma"].lower(), []).append((k, entity))
        return roles

    def text(self, i: int) -> str:
        return self.tok[i]["text"].lower().replace("’", "'")

    def kids(self, i: int, *deps: str) -> list[int]:
        return [k for k in self.children.get(i, []) if not deps or self.tok[k]["dep"] in deps]

    def subtree(self, i: int) -> list[int]:
        out, stack = [], [i]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(self.children.get(k, []))
        return sorted(out)

    def span(self, ids: list[int]) -> tuple[int, int, str]:
        start, end = self.tok[ids[0]]["start_char"], self.tok[ids[-1]]["end_char"]
        return start, end, self.raw[start:end]

    def entity_at(self, k: int) -> dict | None:
        s = self.tok[k]["start_char"]
        return next((e for e in self.entities if e["start_char"] <= s < e["end_char"]), None)

    def verb_lemma(self, i: int) -> str:
        """The infinitive of a verb token, repairing the lemmatiser's uninflected forms (« estime »)."""
        lemma = self.tok[i]["lemma"].lower()
        verbs = lexicon()["verbs"]
        if lemma not in verbs and self.tok[i]["pos"] == "VERB" and not lemma.endswith(("er", "ir", "re")):
            for candidate in (lemma + "r", lemma + "er"):
                if candidate in verbs:
                    return candidate
        return lemma

    def reporting(self, i: int) -> str | None:
        """The reporting lemma of token ``i`` (« faire part » counts), or None."""
        t = self.tok[i]
        if t["pos"] != "VERB" or t["in_quote"]:
            return None
        lemma = self.verb_lemma(i)
        if lemma in lexicon()["verbs"]:
            return lemma
        nouns = lexicon()["phrasal"].get(lemma, set())
        if any(self.tok[k]["lemma"].lower() in nouns for k in self.kids(i)):
            return f"{lemma} {next(self.tok[k]['lemma'].lower() for k in self.kids(i) if self.tok[k]['lemma'].lower() in nouns)}"
        return None

    def verb_type(self, lemma: str) -> str:
        return lexicon()["verbs"].get(lemma, "neutral")


def _trim(article: _Article, ids: list[int]) -> list[int]:
    """Drop punctuation and linking words at the edges of a token span (closing quote marks stay)."""
    while ids and (article.tok[ids[0]]["is_punct"] or article.text(ids[0]) in _COMPLEMENT_MARKS):
        ids = ids[1:]
    while ids and article.tok[ids[-1]]["is_punct"] and article.tok[ids[-1]]["text"] not in ")»”\"":
        ids = ids[:-1]
    return ids


def _subject(article: _Article, verb: int | None, inverted_ok: bool = False) -> tuple[int | None, str]:
    """The head token of ``verb``'s speaker, and how it was found.

    An object or oblique right after the verb is an inverted subject only when ``inverted_ok`` (the verb
    follows what it attributes: « …, a déclaré Poutine »); elsewhere it is the addressee (« appelant
    Moscou à … »)."""
    seen, method = set(), "subject"
    while verb is not None and verb not in seen:
        seen.add(verb)
        # « -t » in « a-t-il » is euphonic; « Il a indiqué » is sometimes parsed as an impersonal il.
        subj = [k for k in article.kids(verb) if (article.tok[k]["dep"].startswith("nsubj")
                or (article.tok[k]["dep"] == "expl:subj" and article.reporting(verb) is not None))
                and not article.tok[k]["in_quote"] and article.text(k) != "-t"]
        if subj:
            before = [k for k in subj if k < verb]
            return (before[-1] if before else subj[0]), method
        clitic = _clitic(article, verb)
        if clitic is not None:
            return clitic, method
        inverted = [k for k in article.kids(verb, "obj", "obl:arg", "obl:mod", "nsubj") if k > verb
                    and article.tok[k]["pos"] in ("PROPN", "NOUN") and not article.tok[k]["in_quote"]
                    and article.tok[k]["lemma"].lower() not in lexicon()["time_words"]]
        # A name beats a common noun (« a déclaré à la presse le ministre … »).
        inverted.sort(key=lambda k: (article.entity_at(k) is None and article.tok[k]["pos"] != "PROPN", k))
        if inverted and inverted_ok:
            return inverted[0], "inverted"
        morph, head = article.tok[verb]["morph"], article.tok[verb]["head"]
        if article.tok[verb]["dep"] in ("advcl", "xcomp", "conj", "parataxis") and head != verb:
            verb, method = head, "inherited"
        elif "VerbForm=Part" in morph and "Tense=Pres" in morph:
            # A present-participle clause (« …, appelant Moscou à … ») takes the main clause's subject.
            root = next(k for k in article.sent_tokens[article.tok[verb]["sent_id"]] if article.tok[k]["dep"] == "ROOT")
            verb, method = (root, "inherited") if root != verb else (None, method)
        else:
            break
    return None, "none"


def _verb_group(article: _Article, verb: int) -> list[int]:
    """The verb with its auxiliaries (« a déclaré », « a-t-il relevé »)."""
    return sorted([verb, *article.kids(verb, "aux", "aux:tense", "aux:pass")])


def _clitic(article: _Article, verb: int) -> int | None:
    """An inverted clitic subject of ``verb``: inside its auxiliary group (« a-t-il relevé ») or right
    after it (« dit-il »)."""
    group = _verb_group(article, verb)
    for k in [*range(group[0] + 1, verb), verb + 1]:
        if k in article.tok and article.text(k) in ("-il", "-elle", "-ils", "-elles", "-on"):
            return k
    return None


def _is_incise(article: _Article, verb: int) -> bool:
    """A postposed attribution: a conjugated verb group right after a comma or closing quote mark."""
    group = _verb_group(article, verb)
    before = article.tok.get(group[0] - 1)
    conjugated = len(group) > 1 or "VerbForm=Fin" in article.tok[verb]["morph"]
    return conjugated and before is not None and before["text"] in (",", "»", "”", '"')


def _phrase(article: _Article, head: int) -> list[int]:
    """The noun phrase headed by ``head``: its subtree without clauses, trimmed."""
    cut = {"acl:relcl", "acl", "advcl", "parataxis", "punct", "ccomp", "xcomp"}
    ids, stack = [], [head]
    while stack:
        k = stack.pop()
        ids.append(k)
        stack.extend(c for c in article.children.get(k, []) if article.tok[c]["dep"] not in cut)
    return _trim(article, sorted(ids)) or [head]


def _entity_speaker(gazetteer: Gazetteer, entity: dict, text: str, method: str, words: list[str]) -> _Speaker:
    eid = entity.get("entity_id") or ""
    camp = _camp_of(gazetteer, eid) if eid else gazetteer.camp_of_words(words)
    return _Speaker(text, entity["canonical"], eid, camp, method)


def _camp_of(gazetteer: Gazetteer, entity_id: str) -> str:
    """The camp of a gazetteer entity, through ``stands_for`` for capitals and seats of power."""
    entity = gazetteer.entities.get(entity_id)
    if entity is None:
        return "unknown"
    if entity.stands_for and entity.stands_for in gazetteer.entities:
        return gazetteer.entities[entity.stands_for].camp
    return entity.camp


class _Resolver:
    """Turns speaker phrases into canonical speakers (rule 5), remembering the previous speaker."""

    def __init__(self, article: _Article, gazetteer: Gazetteer):
        self.a, self.g = article, gazetteer
        self.previous: _Speaker | None = None
        self.previous_seg: int | None = None
        self.previous_at = -1

    def remember(self, speaker: _Speaker, seg_id: int, at: int) -> None:
        """Note the speaker of the quote ending at token ``at`` in segment ``seg_id``."""
        if speaker.known:
            self.previous, self.previous_seg, self.previous_at = speaker, seg_id, at

    def resolve(self, head: int | None, method: str, phrase: list[int] | None = None, depth: int = 0) -> _Speaker:
        a, lex = self.a, lexicon()
        if head is None:
            return _Speaker()
        ids = phrase or _phrase(a, head)
        _, _, text = a.span(ids)
        words = [a.tok[k]["text"] for k in ids]
        if a.text(head) in lex["pronouns"]:
            antecedent = self.antecedent(head) if depth == 0 else None
            found = antecedent or self.previous
            if found is not None and found.known:
                return replace(found, text=text, method="pronoun")
            return _Speaker(text, method="pronoun")
        if a.tok[head]["lemma"].lower() in lex["same_source"] and self.previous is not None:
            return replace(self.previous, text=text, method="same_source")
        if a.text(head) in _RELATIVE | {"qui"} and depth < 2:
            # « l'universitaire, qui a déclaré … »: the relative pronoun speaks for the noun it follows.
            verb = a.tok[head]["head"]
            if a.tok[verb]["dep"].startswith("acl") and a.tok[verb]["head"] != verb:
                return self.resolve(a.tok[verb]["head"], method, depth=depth + 1)
        named = self.named(head, ids)
        if named is not None:
            return _entity_speaker(self.g, named, text, method, words)
        # « l'agence » after « l'agence officielle nord-coréenne KCNA » spoke: the same source.
        if self.previous is not None and a.tok[head]["pos"] == "NOUN" \
                and a.tok[head]["lemma"].lower() in normalise_name(self.previous.text).split():
            return replace(self.previous, text=text, method="same_source")
        described = self.g.describe(text)
        if described is not None:
            return _Speaker(text, described.canonical, described.id, _camp_of(self.g, described.id), "description")
        # « l'ambassadeur » after « l'ambassadeur de Russie, Gueorgui Zinoviev »: the person the article
        # introduced with that role.
        earlier = [e for k, e in a.roles.get(a.tok[head]["lemma"].lower(), []) if k < head]
        if a.tok[head]["pos"] == "NOUN" and earlier:
            return _entity_speaker(self.g, earlier[-1], text, "role", words)
        camp = self.g.camp_of_words(words)
        if camp == "unknown":
            places = [e.get("entity_id") for k in ids if (e := a.entity_at(k)) is not None and e.get("entity_id")]
            camp = next((c for c in (_camp_of(self.g, p) for p in places) if c != "unknown"), "unknown")
        return _Speaker(text, surface_form(text), "", camp, "group" if method != "selon" else method)

    def named(self, head: int, ids: list[int]) -> dict | None:
        """The entity a phrase names: one that opens it (« Jenny Town, chercheur … »), holds its head, or
        stands in apposition to it — not one merely mentioned inside it (« des initiés de Washington »)."""
        a = self.a
        first = next((k for k in ids if a.tok[k]["pos"] not in ("DET", "ADP")), ids[0])
        opening = a.entity_at(first)
        if opening is not None and opening["label"] == "PER":
            return opening
        holding = a.entity_at(head)
        if holding is not None:
            return holding
        for k in a.kids(head, "appos", "flat:name"):
            entity = a.entity_at(k)
            if entity is not None:
                return entity
        # « le représentant de la Russie auprès de l'ONU, Vassili Nebenzia »: a person named after a comma.
        for k in ids[1:]:
            entity = a.entity_at(k)
            if entity is not None and entity["label"] == "PER" and a.tok.get(k - 1, {}).get("text") == "," \
                    and entity["start_char"] == a.tok[k]["start_char"]:
                return entity
        return None

    def antecedent(self, pronoun: int) -> _Speaker | None:
        """The nearest subject before ``pronoun`` (same sentence, then up to PRONOUN_REACH back) that
        resolves to a known person or institution."""
        a = self.a
        sent = a.tok[pronoun]["sent_id"]
        position = a.sent_order.index(sent)
        for s in reversed(a.sent_order[max(0, position - PRONOUN_REACH):position + 1]):
            subjects = [k for k in a.sent_tokens[s] if k < pronoun and a.tok[k]["dep"].startswith("nsubj")
                        and a.text(k) not in lexicon()["pronouns"] | _RELATIVE | {"qui"} and not a.tok[k]["in_quote"]
                        and _agrees(a, pronoun, k)]
            for k in reversed(subjects):
                if self.previous is not None and self.previous_at > k:
                    return self.previous  # the last speaker was named after that subject: closer
                speaker = self.resolve(k, "pronoun", depth=1)
                entity = self.g.entities.get(speaker.speaker_id)
                if entity is not None and (entity.type in ("PER", "ORG") or entity.stands_for):
                    return speaker
        return None


def _agrees(article: _Article, pronoun: int, candidate: int) -> bool:
    """False when the parse gives the pronoun and the candidate antecedent different genders
    (« elle » cannot stand for « l'article 4 »); names without a gender agree with anything."""
    def gender(k: int) -> str | None:
        return next((f.split("=")[1] for f in article.tok[k]["morph"].split("|") if f.startswith("Gender=")), None)

    g1, g2 = gender(pronoun), gender(candidate)
    return g1 is None or g2 is None or g1 == g2


def _quote_runs(article: _Article) -> list[list[int]]:
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
    return [_trim(article, r) or r for r in runs]


def _is_direct(article: _Article, run: list[int]) -> bool:
    """Direct: a finite verb, and the quote opens its clause (rule 1)."""
    finite = any("VerbForm=Fin" in article.tok[k]["morph"] for k in run)
    sentence = article.sent_tokens[article.tok[run[0]]["sent_id"]]
    before = [k for k in sentence if k < run[0] and article.tok[k]["text"] not in QUOTE_MARKS]
    return finite and (not before or article.tok[before[-1]]["text"] in (",", ":", "(", "—", "–"))


def _is_clause(article: _Article, k: int) -> bool:
    """A verb heading a clause: finite, infinitive, a participle with an auxiliary (« qu'il était
    préoccupé »), or introduced by « que »; not a bare participle (« … concernant un accord »)."""
    t = article.tok[k]
    if t["pos"] not in ("VERB", "AUX", "ADJ"):
        return False
    if "VerbForm=Fin" in t["morph"] or "VerbForm=Inf" in t["morph"]:
        return True
    return any(article.tok[c]["dep"].startswith(("aux", "cop")) or article.text(c) in ("que", "qu'")
               for c in article.kids(k))


def _clause_tokens(article: _Article, head: int) -> list[int]:
    """A reported clause's tokens: the subtree of its head without a trailing participial gloss (« …, la
    Russie étant engagée … ») or a coordinated speech act (« …, et craignent que … »)."""
    drop: set[int] = set()
    for c in article.kids(head, "advcl", "conj"):
        morph = article.tok[c]["morph"]
        participle = "VerbForm=Part" in morph and "Tense=Pres" in morph
        if (article.tok[c]["dep"] == "advcl" and participle) or article.reporting(c) is not None:
            drop.update(article.subtree(c))
    return [k for k in article.subtree(head) if k not in drop]


def _complements(article: _Article, verb: int) -> list[int]:
    """Heads of the clauses a reporting verb reports (rule 3)."""
    heads = [c for c in article.kids(verb, "ccomp", "xcomp") if _is_clause(article, c)]
    heads += [c for c in article.kids(verb, "advcl") if _is_clause(article, c)
              and any(article.text(m) in ("de", "d'", "pour") for m in article.kids(c, "mark"))]
    for noun in article.kids(verb, "obj", "obl:arg", "iobj"):
        heads += [c for c in article.kids(noun, "acl") if _is_clause(article, c)
                  and any(article.text(m) in _COMPLEMENT_MARKS for m in article.kids(c, "mark"))]
    return sorted(set(heads))


def _postposed_clause(article: _Article, verb: int) -> list[int]:
    """The clause a postposed attribution reports (« Les États-Unis … imposeront des sanctions, a averti
    M. Miller »), or nothing. The verb is an incise with its own subject after it (or a clitic), and the
    clause before it is either the clause the verb hangs on or a clausal child of the verb."""
    if not _is_incise(article, verb):
        return []
    subject, method = _subject(article, verb, inverted_ok=True)
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
        clause = _trim(article, sorted(k for k in pool if k < verb))
        if clause:
            return clause
    return []


def _marker(article: _Article, sent_id: int) -> tuple[list[int], list[int]] | None:
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
        if after and article.text(after[0]) in _RELATIVE:
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


def _selon_parts(article: _Article, sent_id: int, marker: list[int], phrase: list[int]
                 ) -> tuple[list[int], int, list[int]]:
    """The clause a « selon » attributes (rule 4), the head of its source phrase, and that phrase."""
    relative = [j for j in phrase if article.text(j) in _RELATIVE]
    source = [j for j in phrase if j not in relative]
    head = next((j for j in source if article.tok[j]["pos"] in ("NOUN", "PROPN", "PRON")), source[0])
    sentence = article.sent_tokens[sent_id]
    if relative:
        return _trim(article, [k for k in sentence if k > relative[0]]), head, source
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
    return _trim(article, clause), head, source


def extract(tokens: pd.DataFrame, entities: pd.DataFrame, raw: str, gazetteer: Gazetteer) -> pd.DataFrame:
    """The quotes of one article (columns :data:`QUOTE_COLUMNS`, without ``doc_id``), in text order."""
    if tokens.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    a = _Article(tokens, entities, raw)
    resolver = _Resolver(a, gazetteer)
    found: list[dict] = []

    def add(ids: list[int], kind: str, speaker: _Speaker, verb: str, verb_type: str) -> None:
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
            ids = _trim(a, [k for k in _clause_tokens(a, c) if k > i])
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
            head, method = _subject(a, verb, inverted_ok=postposed)
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


def _attribute(a: _Article, resolver: _Resolver, run: list[int]) -> tuple[_Speaker, str, str]:
    """Speaker, verb and verb type of a quote run (rule 2)."""
    sent_id = a.tok[run[-1]]["sent_id"]
    sents = {a.tok[run[0]]["sent_id"], sent_id}
    verbs = [k for s in sorted(sents) for k in a.sent_tokens[s] if a.reporting(k) is not None]
    governing = [v for v in verbs if set(run) & set(a.subtree(v))]
    selon = _marker(a, sent_id)
    if verbs and not (selon is not None and selon[0][0] < run[0] and not governing):
        verb = min(governing or verbs, key=lambda v: min(abs(v - run[0]), abs(v - run[-1])))
        head, method = _subject(a, verb, inverted_ok=verb > run[-1])
        lemma = a.reporting(verb)
        return resolver.resolve(head, method), lemma, a.verb_type(lemma)
    if selon is not None:
        _, head, source = _selon_parts(a, sent_id, *selon)
        return resolver.resolve(head, "selon", source), "selon", "attribution"
    if a.tok[run[0]]["kind"] in ("headline", "subheading"):
        return _Speaker(), "", "none"  # scare quotes in titles: left to the echo rule
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
    return _Speaker(), "", "none"


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
