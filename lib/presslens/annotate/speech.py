"""Reading reported speech from one article's parse: the article as token lookups (:class:`Article`), the
speech lexicon of ``rules/quotes.yml`` (reporting verbs, markers, pronouns), and the syntactic helpers
the quote rules share (subjects, inverted subjects, incises, the phrase a head spans). Needs no spaCy
objects: it reads the ``tokens`` table."""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..fileio import parse_yaml
from ..rows import records


RULES = Path(__file__).with_name("rules") / "quotes.yml"


#: Inverted subject clitics (« dit-il », « a-t-elle »), one token each after the verb or the euphonic « -t ».
CLITICS = frozenset({"-il", "-elle", "-ils", "-elles", "-on"})

#: Negative pronouns: a subject that says nobody speaks (« Rien ne dit que … », « Personne n'a confirmé »).
NOBODY = frozenset({"rien", "personne", "nul", "aucun", "aucune"})


def grave(stem: str) -> str:
    """A verb stem with its last « é » as « è » (« tempér » → « tempèr »)."""
    k = stem.rfind("é")
    return stem if k < 0 else stem[:k] + "è" + stem[k + 1:]


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The rules file as lookups: ``verbs`` (lemma → neutral | evaluative), ``phrasal``, ``markers``,
    ``same_source``, ``litotes``, ``pronouns``, ``demonstratives`` (form → gender) and the word sets that type a speaker
    phrase (``indefinites``, ``person_nouns``, ``media_nouns``, ``document_nouns``) or find one
    (``channel_nouns``, ``speech_nouns``, ``time_words``, ``leader_nouns``, ``newsroom_nouns``), the ``origin_words`` after which a name is a place, and ``verb_forms`` (finite form → « -er » reporting verb)."""
    data = parse_yaml(RULES.read_text(encoding="utf-8"))
    words = {key: set(data.get(key) or ()) for key in ("time_words", "indefinites", "person_nouns", "media_nouns",
                                                       "document_nouns", "channel_nouns", "speech_nouns",
                                                       "institution_nouns", "origin_words")}
    words["continuations"] = set(data.get("continuations") or ())
    words["clause_verbs"] = set(data.get("clause_verbs") or ())
    words["title_nouns"] = set(data.get("title_nouns") or ())
    words["mention_nouns"] = set(data.get("mention_nouns") or ())
    words["expert_nouns"] = set(data.get("expert_nouns") or ())
    words["leader_nouns"] = set(data.get("leader_nouns") or ())
    words["newsroom_nouns"] = set(data.get("newsroom_nouns") or ())
    words["litotes"] = set(data.get("litotes") or ())
    words["document_verbs"] = set(data.get("document_verbs") or ())
    words["human_suffixes"] = tuple(data.get("human_suffixes") or ())
    words["not_human"] = set(data.get("not_human") or ())
    verbs = {lemma: kind for kind, lemmas in data["verbs"].items() for lemma in lemmas}
    # The finite forms of the « -er » reporting verbs, for the tagger's nouns (« Libération titre sur « … » »,
    # « Kim célébrera « … » »): present, imperfect, future and simple past of the third person.
    endings = ("e", "ent", "ait", "aient", "era", "eront", "a", "èrent")
    words["verb_forms"] = {lemma[:-2] + ending: lemma for lemma in verbs if lemma.endswith("er") for ending in endings}
    # « tempère », « considère »: the present's grave accent on the stem's last « é ».
    words["verb_forms"].update({grave(lemma[:-2]) + ending: lemma for lemma in verbs if lemma.endswith("érer")
                                for ending in ("e", "ent")})
    return {"verbs": verbs,
            "phrasal": {verb: set(nouns) for verb, nouns in (data.get("phrasal") or {}).items()},
            "markers": set(data["attribution_markers"]), "same_source": set(data["same_source"]),
            "pronouns": set(data["pronouns"]), "demonstratives": dict(data.get("demonstratives") or {}), **words}


RELATIVE = {"lequel", "laquelle", "lesquels", "lesquelles"}
#: Words that open a reported clause or complement (« a dit que », « accusé de », « appelé à »).
COMPLEMENT_MARKS = {"que", "qu'", "qu’", "de", "d'", "d’", "à", "pour", "si"}


#: Determiners, by their form: a label in capitals may be tagged as names.
DETERMINERS = {"un", "une", "le", "la", "l'", "les", "des", "ce", "cet", "cette", "ces"}
#: Words that make « ne » a negation.
NEGATIVES = {"pas", "jamais", "plus", "rien", "guère", "point", "aucunement", "nullement"}

#: How many sentences back a pronoun looks for its antecedent.
PRONOUN_REACH = 2


class Article:
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
        self._entity_of: dict[int, dict] | None = None
        self._starts: list[int] | None = None
        self.roles = self._roles()
        self._incises: set[int] = set()
        #: What :meth:`reporting` answered per token (the rules ask it for most tokens, several times).
        self._reporting: dict[int, str | None] = {}
        #: Answers of rules that depend on the article alone, by (rule, argument): asked once per quotation.
        self.memo: dict[tuple, object] = {}

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

    @property
    def incises(self) -> set[int]:
        """Tokens of attributions set inside a quotation (see :func:`presslens.annotate.quotes`): their verb
        reports although it stands between quotation marks."""
        return self._incises

    @incises.setter
    def incises(self, tokens: set[int]) -> None:
        self._incises = tokens
        self._reporting = {}   # a verb inside a quotation reports once it is known to be an incise

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

    def first_token(self, entity: dict) -> int | None:
        """The first token at or after an entity mention's start, or None past the article's last token."""
        if self._starts is None:
            self._starts = [self.tok[j]["start_char"] for j in self.order]
        n = bisect_left(self._starts, entity["start_char"])
        return self.order[n] if n < len(self.order) else None

    def entity_at(self, k: int) -> dict | None:
        """The entity mention token ``k`` starts inside (the first in text order), or None."""
        if self._entity_of is None:
            # One pass over the mentions, then a lookup per token: the rules ask this for most tokens.
            self._entity_of = {}
            if self._starts is None:
                self._starts = [self.tok[j]["start_char"] for j in self.order]
            starts = self._starts
            for e in self.entities:
                for n in range(bisect_left(starts, e["start_char"]), bisect_left(starts, e["end_char"])):
                    self._entity_of.setdefault(self.order[n], e)
        return self._entity_of.get(k)

    def incise_slot(self, i: int) -> bool:
        """Whether token ``i`` opens an attribution right after a quotation (« », juge X ») or after a comma with an
        inverted clitic (« …, nuance-t-il toutefois, … »): the places where the tagger sometimes reads a reporting
        verb as a noun or an adjective (« juge », « note », « tempère »)."""
        if self.tok.get(i - 1, {}).get("text") != ",":
            return False
        return self.tok.get(i - 2, {}).get("text") in ("»", "”", '"') or self.clitic_after(i)

    def clitic_after(self, i: int) -> bool:
        """Whether an inverted subject clitic follows token ``i`` (« nuance-t-il », « sourit-elle »)."""
        k = i + 2 if self.tok.get(i + 1, {}).get("text") == "-t" else i + 1
        return k in self.tok and self.text(k) in CLITICS

    def clause_slot(self, i: int) -> bool:
        """Whether token ``i`` is a reporting verb the tagger read as a noun before its clause (« Un diplomate,
        qui a requis l'anonymat, juge que … »): a bare noun form, with no determiner, before « que » (:func:`que_after`)."""
        if i + 1 not in self.tok or self.tok[i]["pos"] not in ("NOUN", "ADJ"):
            return False
        return que_after(self, i) is not None and not self.kids(i, "det") \
            and self.tok.get(i - 1, {}).get("pos") not in ("DET", "ADP")

    def quote_slot(self, i: int) -> bool:
        """Whether token ``i``, tagged as a noun, is a finite reporting verb right before a quotation or a colon
        (« Libération titre sur « … » », « Kim Jong-un célébrera « … » »): a finite form of an « -er » reporting
        verb, not after a determiner or a preposition (« le titre « … » ») unless that word belongs to a name."""
        t = self.tok[i]
        if t["pos"] not in ("NOUN", "ADJ", "PROPN") or t["in_quote"] or self.text(i) not in lexicon()["verb_forms"]:
            return False
        before = self.tok.get(i - 1)
        if before is not None and before["pos"] in ("DET", "ADP") and self.entity_at(i - 1) is None:
            return False
        after = [self.tok[k]["text"] for k in (i + 1, i + 2, i + 3) if k in self.tok]
        return bool(after) and (after[0] in ("«", "“", ":") or after[0].lower() in ("sur", "d'", "de") and "«" in after[1:])

    def verb_lemma(self, i: int) -> str:
        """The infinitive of a verb token, repairing the lemmatiser's uninflected forms (« estime »)."""
        lemma = self.tok[i]["lemma"].lower()
        verbs = lexicon()["verbs"]
        verbal = self.tok[i]["pos"] == "VERB" or self.incise_slot(i) or i in self.incises or self.clause_slot(i)
        if lemma not in verbs and verbal and not lemma.endswith(("er", "ir", "re")):
            for candidate in (lemma + "r", lemma + "er"):
                if candidate in verbs:
                    return candidate
        if lemma not in verbs and (self.quote_slot(i) or self.incise_slot(i) and self.clitic_after(i)):
            return lexicon()["verb_forms"].get(self.text(i), lemma)
        return lemma

    def reporting(self, i: int) -> str | None:
        """The reporting lemma of token ``i`` (« faire part » counts), or None."""
        if i not in self._reporting:
            self._reporting[i] = self._reporting_lemma(i)
        return self._reporting[i]

    def _reporting_lemma(self, i: int) -> str | None:
        t = self.tok[i]
        verbal = t["pos"] == "VERB" or (t["pos"] in ("NOUN", "ADJ") and (self.incise_slot(i) or i in self.incises
                                                                      or self.clause_slot(i))) \
            or self.quote_slot(i) \
            or (t["pos"] == "AUX" and t["lemma"].lower() in lexicon()["phrasal"])   # « ont fait savoir » tags « fait » AUX
        if not verbal or (t["in_quote"] and i not in self.incises):
            return None
        lemma = self.verb_lemma(i)
        if self.negated(i) and lemma not in lexicon()["litotes"]:
            return None   # « Son entourage n'a pas commenté »: nothing is reported
        if lemma in lexicon()["clause_verbs"] and not any(
                self.text(m) in ("que", "qu'") for c in self.kids(i, "ccomp") for m in self.kids(c, "mark")):
            return None
        if lemma in lexicon()["verbs"]:
            return lemma
        if lemma in lexicon()["document_verbs"] and self.document_subject(i):
            return lemma
        # « a fait savoir que » parsed with « savoir » as the head and « fait » hung on it.
        light = next((self.tok[k]["lemma"].lower() for k in self.kids(i) if k < i
                      and lemma in lexicon()["phrasal"].get(self.tok[k]["lemma"].lower(), set())), None)
        if light is not None:
            return f"{light} {lemma}"
        nouns = lexicon()["phrasal"].get(lemma, set())
        if any(self.tok[k]["lemma"].lower() in nouns for k in self.kids(i)):
            return f"{lemma} {next(self.tok[k]['lemma'].lower() for k in self.kids(i) if self.tok[k]['lemma'].lower() in nouns)}"
        return None

    def negated(self, i: int) -> bool:
        """Whether verb ``i`` is negated (« n'a pas commenté », « ne dit jamais »): a « ne » on it or its
        auxiliary with a negative word after it (not the restrictive « ne … que »)."""
        group = [i, *self.kids(i, "aux", "aux:tense", "aux:pass")]
        if not any(self.text(k) in ("ne", "n'") for g in group for k in self.kids(g) if k < i):
            return False
        # « Rien ne dit que … », « Personne n'a confirmé »: the negative word is the subject.
        nobody = any(self.text(k) in NOBODY for k in self.kids(i, "nsubj"))
        return nobody or any(self.text(k) in NEGATIVES for k in range(min(group), i + 3) if k in self.tok)

    def document_subject(self, i: int) -> bool:
        """Whether verb ``i``'s subject is a document (« L'article 4 prévoit une aide « immédiate » », « un traité
        prévoyant une assistance en cas d'« agression » »): a verb of ``document_verbs`` reports its wording
        only then (« Le programme prévoit un échange » reports nothing)."""
        documents = lexicon()["document_nouns"]
        subjects = self.kids(i, "nsubj") or ([self.tok[i]["head"]] if self.tok[i]["dep"] == "acl" else [])
        return any(self.tok[k]["lemma"].lower() in documents for k in subjects)

    def verb_type(self, lemma: str) -> str:
        return lexicon()["verbs"].get(lemma, "neutral")


def human_noun(lemma: str) -> bool:
    """Whether a common noun names a person by its form (« consul », « sénatrice », « réfugiée », « Lyonnais »):
    an agent or origin suffix of ``human_suffixes`` and not one of the things that share it (``not_human``), or
    a noun of ``person_nouns``."""
    lex = lexicon()
    return lemma in lex["person_nouns"] or (lemma.endswith(lex["human_suffixes"]) and lemma not in lex["not_human"])


def trim(article: Article, ids: list[int], linking: bool = True) -> list[int]:
    """Drop punctuation and, unless ``linking`` is False (a quotation's own words), linking words at the edges
    of a token span (closing quote marks stay)."""
    while ids and (article.tok[ids[0]]["is_punct"] or linking and article.text(ids[0]) in COMPLEMENT_MARKS):
        ids = ids[1:]
    while ids and article.tok[ids[-1]]["is_punct"] and article.tok[ids[-1]]["text"] not in ")»”\"":
        ids = ids[:-1]
    return ids


def subject_of(article: Article, verb: int | None, inverted_ok: bool = False) -> tuple[int | None, str]:
    """The head token of ``verb``'s speaker, and how it was found.

    An object or oblique right after the verb is an inverted subject only when ``inverted_ok`` (the verb
    follows what it attributes: « …, a déclaré Poutine »); elsewhere it is the addressee (« appelant
    Moscou à … »)."""
    seen, method = set(), "subject"
    if verb is not None and article.tok[verb]["pos"] != "VERB" \
            and (verb in article.incises or article.incise_slot(verb)):
        # « …, tranche Lucie Ferrand, … », « », tranche la juriste »: the verb tagged as a noun; its subject is
        # the noun phrase right after it.
        after = next((k for k in range(verb + 1, verb + 4) if k in article.tok
                      and article.tok[k]["pos"] in ("NOUN", "PROPN")), None)
        if after is not None and all(article.tok[k]["pos"] in ("DET", "ADJ") for k in range(verb + 1, after)):
            return after, "inverted"
    if verb is not None and article.tok[verb]["pos"] != "VERB" and article.clause_slot(verb):
        # « Un diplomate …, qui a requis l'anonymat, juge que … » parsed around a noun: the sentence's opening noun
        # phrase speaks.
        sentence = article.sent_tokens[article.tok[verb]["sent_id"]]
        opener = next((k for k in sentence if k < verb and article.tok[k]["pos"] in ("NOUN", "PROPN")
                       and article.tok[k]["dep"] in ("ROOT", "nsubj")), None)
        return (opener, "subject") if opener is not None else (None, "none")
    if verb is not None and article.tok[verb]["dep"] == "acl" and article.reporting(verb) in lexicon()["document_verbs"]:
        return article.tok[verb]["head"], method   # « un traité prévoyant … »: the document it describes
    while verb is not None and verb not in seen:
        seen.add(verb)
        # « qualifié de « percée historique » par le dirigeant nord-coréen »: a passive's agent speaks.
        agents = [k for k in article.kids(verb, "obl:agent") if article.tok[k]["pos"] in ("NOUN", "PROPN")]
        if agents:
            return agents[0], "subject"
        agent = trailing_agent(article, verb)
        if agent is not None:
            return agent, "subject"
        # « L'agence KCNA salue « … » » parsed as a noun with a clause: a finite verb right after a noun with no
        # relative pronoun between them has that noun as its subject.
        if article.tok[verb]["dep"] == "acl" and "VerbForm=Fin" in article.tok[verb]["morph"] \
                and article.tok[verb]["head"] < verb and article.tok[article.tok[verb]["head"]]["pos"] in ("NOUN", "PROPN") \
                and not any(article.tok[k]["pos"] in ("PRON", "ADP") or article.tok[k]["is_punct"]
                            for k in range(article.tok[verb]["head"] + 1, verb) if article.entity_at(k) is None):
            return article.tok[verb]["head"], method
        # « -t » in « a-t-il » is euphonic; « Il a indiqué » is sometimes parsed as an impersonal il.
        # « Ce dernier a, lui, salué … » may hang the subject on the auxiliary.
        own = article.kids(verb) + [k for aux in article.kids(verb, "aux", "aux:tense", "aux:pass")
                                    for k in article.kids(aux)]
        subj = [k for k in own if (article.tok[k]["dep"].startswith("nsubj")
                or (article.tok[k]["dep"] == "expl:subj" and article.reporting(verb) is not None))
                and (not article.tok[k]["in_quote"] or k in article.incises) and article.text(k) != "-t"
                and not article.tok[k]["is_punct"]]   # a misparse may make the opening mark the subject
        if any(article.text(k) == "il" for k in subj) and (article.verb_lemma(verb) in ("falloir", "sembler")
                                                          or article.kids(verb, "aux:pass")):
            return None, "none"   # impersonal « il » (« Il faut dire que », « Il est admis que »): no speaker
        if subj and inverted_ok and all(k < verb for k in subj) and is_incise(article, verb):
            # « …, a estimé le ministre …, X. » parsed with a word of the clause (« tous ceux qui … ») as the
            # verb's subject: an incise inverts its subject, its clitic (« a-t-elle argué ») or the noun phrase
            # right after the verb group.
            clitic = clitic_of(article, verb)
            if clitic is not None:
                return clitic, method
            # The words before the comma are a clause of their own, with a finite verb outside quotation marks
            # (not « L'ambassadeur …, Vassili Nebenzia, a accusé les Occidentaux … »: a subject and its apposition).
            opening = verb_group(article, verb)[0] - 1
            clause = [k for k in article.sent_tokens[article.tok[verb]["sent_id"]] if k < opening]
            finite = any("VerbForm=Fin" in article.tok[k]["morph"] and not article.tok[k]["in_quote"] for k in clause)
            after = inverted_subject(article, verb, own)
            if after is not None and finite:
                return after, method
        if subj:
            before = [k for k in subj if k < verb]
            if before and article.text(before[-1]) in ("nous", "vous") and before[-1] == verb_group(article, verb)[0] - 1:
                # « Sylvie, enseignante à Namur, nous écrit que … »: the clitic is the addressee, parsed as subject.
                named = preverbal_subject(article, verb)
                if named is not None:
                    return named, method
            if before and article.text(before[-1]) in ("il", "elle", "ils", "elles") \
                    and article.tok.get(before[-1] - 1, {}).get("text") == "," \
                    and article.tok.get(before[-1] + 1, {}).get("text") == ",":
                # « La télévision d'État, elle, répète que … »: the pronoun between commas takes up the noun phrase
                # the sentence opened with, which the parse hangs on the verb as a modifier.
                dislocated = [k for k in own if k < before[-1] - 1 and article.tok[k]["pos"] in ("NOUN", "PROPN")
                              and not article.kids(k, "case") and not article.tok[k]["in_quote"]]
                if dislocated:
                    return dislocated[-1], method
            return (emphatic_antecedent(article, demonstrative_start(article, before[-1])) if before else subj[0]), method
        # « … des images « parfaitement nettes » des convois nord-coréens, raconte le chercheur »: an incise's
        # subject is the noun phrase after it, not the clause's last noun before the comma.
        inverted = inverted_subject(article, verb, own) if inverted_ok and is_incise(article, verb) else None
        if inverted is not None:
            return inverted, "inverted"
        # « Dakar et Abidjan ont rappelé … » parsed with the names as a bare modifier: a name before the verb
        # with no preposition is its subject.
        bare = [k for k in article.kids(verb, "obl:mod", "obl", "nmod") if k < verb and not article.kids(k, "case")
                and article.tok[k]["pos"] in ("NOUN", "PROPN") and article.entity_at(k) is not None
                and not article.tok[k]["in_quote"]]
        if bare:
            return bare[0], method
        inverted = clitic_of(article, verb)
        if inverted is not None:
            return inverted, method
        named = preverbal_subject(article, verb)
        if named is not None:
            return named, method
        # An inverted subject is a bare noun phrase: « avec inquiétude », « à la presse » are not speakers.
        after = [k for k in article.kids(verb, "obj", "obl:arg", "obl:mod", "nsubj") if k > verb]
        # « a confié à la presse un officier … » parsed with the speaker in apposition to « la presse ».
        after += [j for k in after if article.kids(k, "case") for j in article.kids(k, "appos")]
        # « écrit de son côté Le Monde », « a ajouté pour sa part le ministre »: the subject hung on the adverbial.
        after += [j for k in after if article.tok[k]["lemma"].lower() in ("côté", "part", "tour")
                  for j in article.kids(k, "nmod") if not article.kids(j, "case")]
        inverted = [k for k in after if article.tok[k]["pos"] in ("PROPN", "NOUN")
                    and (not article.tok[k]["in_quote"] or k in article.incises)
                    and article.tok[k]["lemma"].lower() not in lexicon()["time_words"]
                    and not article.kids(k, "case")]
        # A name beats a common noun (« a déclaré à la presse le ministre … »).
        inverted.sort(key=lambda k: (article.entity_at(k) is None and article.tok[k]["pos"] != "PROPN", k))
        if inverted and inverted_ok:
            return inverted[0], "inverted"
        morph, head = article.tok[verb]["morph"], article.tok[verb]["head"]
        if "VerbForm=Part" in morph and "Tense=Past" in morph and verb < head \
                and article.tok[head]["pos"] in ("NOUN", "PROPN") and not article.tok[head]["in_quote"] \
                and not article.kids(verb, "aux", "aux:pass"):
            # « Interrogé sur les images, Vladimir Poutine, évasif : « … » »: the person asked is who answers.
            return head, method
        if article.tok[verb]["dep"] == "conj" and article.tok[head]["pos"] not in ("VERB", "AUX"):
            # « Poutine accueille son hôte d'une poignée de main et lui lance : » with the second verb hung on a
            # noun: it shares the subject of the finite verb group before it in the sentence.
            first = verb_group(article, verb)[0]
            finite = next((k for k in reversed(article.sent_tokens[article.tok[verb]["sent_id"]]) if k < first
                           and article.tok[k]["pos"] in ("VERB", "AUX") and "VerbForm=Fin" in article.tok[k]["morph"]
                           and not article.tok[k]["in_quote"]), None)
            if finite is not None:
                head = article.tok[finite]["head"] if article.tok[finite]["dep"].startswith("aux") else finite
        relative = article.tok[head]["dep"] == "acl:relcl"
        if article.tok[verb]["dep"] in ("advcl", "xcomp", "conj", "parataxis") and head != verb and not (
                relative and "VerbForm=Part" in morph and "Tense=Pres" in morph):
            # « …, a affirmé Kim, saluant une « amitié » »: the head's subject may follow it when it is an incise.
            verb, method, inverted_ok = head, "inherited", inverted_ok or is_incise(article, head)
        elif "VerbForm=Part" in morph and "Tense=Pres" in morph:
            # Also when the parse hangs it on a relative clause (« … qui ne seraient pas rendus publics, ajoutant
            # que … »): the relative's « qui » is not who goes on speaking.
            # A present-participle clause (« …, appelant Moscou à … ») takes the main clause's subject.
            root = next(k for k in article.sent_tokens[article.tok[verb]["sent_id"]] if article.tok[k]["dep"] == "ROOT")
            verb, method = (root, "inherited") if root != verb else (None, method)
            inverted_ok = inverted_ok or (verb is not None and is_incise(article, verb))
        else:
            break
    return None, "none"


def trailing_agent(article: Article, verb: int) -> int | None:
    """The agent of a past participle whose « par » phrase the parse hung elsewhere (« un rapprochement
    qualifié de « percée historique » par le dirigeant nord-coréen », with « par » on the quoted noun or on
    another verb): the noun of the first « par » among the participle's words or right after them, or None
    (not « par rapport à »)."""
    morph = article.tok[verb]["morph"]
    # A compound tense (« a déclaré M. Kim, dans des propos retransmis par la télévision ») has no agent.
    if "VerbForm=Part" not in morph or "Tense=Past" not in morph or article.kids(verb, "aux:tense", "aux"):
        return None
    own = article.subtree(verb)
    after = own[-1] + 1
    while article.tok.get(after, {}).get("text") in ("»", "”", '"'):
        after += 1
    marker = next((k for k in [*own, after] if k > verb and k in article.tok and article.text(k) == "par"
                   and not article.tok[k]["in_quote"]), None)
    if marker is None:
        return None
    noun = article.tok[marker]["head"]
    # The agent hangs on the participle, on its quoted complement, or outside it; not on a clause inside it.
    near = marker == after or article.tok[noun]["head"] in (verb, *article.kids(verb))
    return noun if near and noun > marker and article.tok[noun]["pos"] in ("NOUN", "PROPN") \
        and article.text(noun) != "rapport" else None


def demonstrative_start(article: Article, k: int) -> int:
    """The first token of a demonstrative the tokenizer split (« Celle », « - », « ci »), or ``k``."""
    if article.text(k) in ("ci", "là", "-ci", "-là", "-") :
        for j in (k - 1, k - 2):
            if j in article.tok and article.text(j) in ("celui", "celle", "ceux", "celles"):
                return j
    return k


def emphatic_antecedent(article: Article, k: int) -> int:
    """For an emphatic pronoun parsed as the subject (« Vladimir Poutine lui-même a lâché »), the name or noun it
    stresses, right before it (the first token of a name); else ``k``."""
    if article.text(k).lower() not in EMPHATIC or (k - 1) not in article.tok:
        return k
    before = k - 1
    if article.tok[before]["pos"] not in ("NOUN", "PROPN") or article.tok[before]["in_quote"]:
        return k
    entity = article.entity_at(before)
    return article.first_token(entity) if entity is not None and article.first_token(entity) is not None else before


#: Emphatic pronouns that stress the noun before them rather than stand for someone else.
EMPHATIC = {"lui-même", "elle-même", "eux-mêmes", "elles-mêmes"}
#: Words between a subject and its verb that belong to the verb group (« Bernard s'interroge », « il ne l'a pas dit »).
PREVERBAL_CLITICS = {"s'", "se", "ne", "n'", "lui", "leur", "l'", "le", "la", "les", "y", "en", "nous", "vous", "me", "m'"}
#: Marks that open another clause or a quotation: the search for a lost subject stops there.
CLAUSE_MARKS = {":", ";", "«", "»", "“", "”", '"'}
#: Words that open a relative clause set between a subject and its verb (« Un diplomate, qui a requis l'anonymat, »).
RELATIVE_OPENERS = RELATIVE | {"qui", "que", "qu'", "dont", "où"}


def preverbal_subject(article: Article, verb: int) -> int | None:
    """The subject the parse lost before a finite verb group: French puts it before the verb, after any
    adverbials, with appositions between (« Dans notre courrier des lecteurs, Bernard, de Lyon, s'interroge »;
    « Le matin même, le rapporteur …, Marc Delaunay (EPR), avait averti »). Reads the clause before the verb
    (:func:`opening_phrases`) and returns the head token of its subject, or None."""
    group = verb_group(article, verb)
    if len(group) == 1 and "VerbForm=Fin" not in article.tok[verb]["morph"]:
        # « Kim Jong-un a de son côté qualifié … » parsed with the auxiliary cut off by the adverbial: the clause
        # is the auxiliary's.
        verb = stranded_auxiliary(article, verb) or verb
        if verb == group[0] and not article.quote_slot(verb):
            return None
    k = before_clitics(article, verb)
    if k not in article.tok or article.tok[k]["pos"] in ("CCONJ", "SCONJ") or "PronType=Rel" in article.tok[k]["morph"]:
        # A second verb (« … et s'est engagé à ») shares the first one's subject; a relative's or a subordinate
        # clause's verb (« selon ce qu'a rapporté l'agence ») has its subject after it.
        return None
    sentence = article.sent_tokens[article.tok[verb]["sent_id"]]
    return opening_phrases(article, [j for j in sentence if j <= k])


def stranded_auxiliary(article: Article, participle: int) -> int | None:
    """The finite « avoir » or « être » of a past participle the parse left without its auxiliary, when only an
    adverbial stands between them (« a de son côté qualifié », « a, pour sa part, jugé »): its token, or None."""
    if "VerbForm=Part" not in article.tok[participle]["morph"]:
        return None
    for k in range(participle - 1, participle - 7, -1):
        if k not in article.tok or article.tok[k]["in_quote"]:
            return None
        tok = article.tok[k]
        if tok["pos"] in ("AUX", "VERB"):   # the parse may tag the lone auxiliary as the main verb
            return k if tok["lemma"].lower() in ("avoir", "être") and "VerbForm=Fin" in tok["morph"] else None
        if tok["pos"] not in ("ADP", "DET", "NOUN", "ADV") and article.text(k) != ",":
            return None
    return None


def opening_phrases(article: Article, clause: list[int]) -> int | None:
    """The subject of a clause whose verb (or colon) comes right after ``clause``'s tokens: the clause read back
    as comma-separated phrases, to the start or to a mark that opens another clause or quotation. A phrase that
    opens with a preposition, adverb, participle, number or pronoun, or names a time, is an adverbial; a
    bracket is a label (« (EPR) »); a relative clause is skipped; a phrase with a finite verb of its own ends the
    search. Of the noun phrases left, the first is the subject, but a person named in one after it (its
    apposition) speaks for it. Out: the head token (a phrase's first named token, else its first noun), or None."""
    start = next((n + 1 for n in range(len(clause) - 1, -1, -1) if article.text(clause[n]) in CLAUSE_MARKS
                  or (article.tok[clause[n]]["in_quote"] and clause[n] not in article.incises)), 0)
    phrases, current, depth = [], [], 0
    for k in clause[start:]:
        text = article.text(k)
        if text == "(":
            phrases.append(current)
            current, depth = [], depth + 1
        elif text == ")":
            current, depth = [], max(depth - 1, 0)
        elif depth:
            continue
        elif text in (",", "–", "—"):
            phrases.append(current)
            current = []
        else:
            current.append(k)
    phrases.append(current)
    candidates = []
    for words in reversed(phrases):
        words = [k for k in words if not article.tok[k]["is_punct"]]
        if words and article.tok[words[0]]["pos"] == "CCONJ":
            words = words[1:]
        if not words or article.text(words[0]) in RELATIVE_OPENERS:
            continue
        if any("VerbForm=Fin" in article.tok[k]["morph"] for k in words):
            break
        # A label in capitals (« JOHN KIRBY, porte-parole … : », « UNE HABITANTE DE … : ») is tagged at random: a
        # name or a determiner's form opens a noun phrase too.
        nominal = article.tok[words[0]]["pos"] in ("DET", "NOUN", "PROPN", "ADJ") or article.text(words[0]) in DETERMINERS \
            or article.entity_at(words[0]) is not None
        if not nominal or any(article.tok[k]["lemma"].lower() in lexicon()["time_words"] for k in words):
            continue
        # « le général Pierre Valmont »: the name, else the first noun.
        named = [k for k in words if (e := article.entity_at(k)) is not None and e["label"] == "PER"]
        head = next((k for k in named or words if article.tok[k]["pos"] in ("NOUN", "PROPN") or k in named), None)
        if head is not None:
            candidates.insert(0, head)
    people = [k for k in candidates if (e := article.entity_at(k)) is not None and e["label"] == "PER"]
    if not candidates:
        return None
    first = candidates[0]
    return first if first in people or not people else people[0]


def que_after(article: Article, verb: int) -> int | None:
    """The « que » that opens a reporting verb's clause: right after its verb group, or after an inverted
    pronoun, adverbs or « pour sa part », « de son côté » (« juge pour sa part que », « a-t-il aussi estimé
    que »), within a few words. In: the verb token; out: the « que » token, or None."""
    k = max(verb_group(article, verb)) + 1
    for _ in range(6):
        if k not in article.tok or article.tok[k]["in_quote"]:
            return None
        t = article.tok[k]
        if article.text(k) in ("que", "qu'"):
            return k
        phrase = next((j for j in (k + 1, k + 2) if t["pos"] == "ADP" and article.tok.get(j, {}).get("lemma", "").lower()
                       in ("part", "côté", "tour")), None)
        if phrase is not None:
            k = phrase + 1
        elif t["pos"] == "ADV" or t["text"] in (",", "-t") or article.text(k).startswith("-"):
            k += 1
        else:
            return None
    return None


def comparative(article: Article, verb: int) -> bool:
    """Whether a verb opens a « comme » clause (« Comme me le disait un ancien ambassadeur, « … » »), where
    French puts the subject after the verb."""
    k = before_clitics(article, verb)
    return k in article.tok and article.text(k) == "comme"


def before_clitics(article: Article, verb: int) -> int:
    """The token before a verb group and its preverbal clitics (« Bernard, de Lyon, | s'interroge », « Comme | me
    le disait »): where the subject or the word that opens the clause ends. May be outside the article."""
    k = verb_group(article, verb)[0] - 1
    while k in article.tok and article.text(k) in PREVERBAL_CLITICS:
        k -= 1
    return k


def inverted_subject(article: Article, verb: int, own: list[int]) -> int | None:
    """The inverted subject of a postposed verb: the first bare noun or name among ``own`` (the verb's and its
    auxiliaries' dependents) after the verb group, outside quotation marks, with only determiners, adjectives,
    adverbs or a time between (« raconte le chercheur », « a rapporté jeudi l'agence KCNA »); for a role noun
    with a person's name in apposition, the name (« résume notre correspondante à Séoul, Inès Morel »).
    None otherwise."""
    def timed(k: int) -> bool:
        return article.tok[k]["lemma"].lower() in lexicon()["time_words"]

    after = next((k for k in own if k > verb and article.tok[k]["pos"] in ("NOUN", "PROPN") and not timed(k)
                  and not article.tok[k]["in_quote"] and not article.kids(k, "case")), None)
    if after is None or not all(article.tok[k]["pos"] in ("DET", "ADJ", "ADV", "NUM") or timed(k)
                                for k in range(verb_group(article, verb)[-1] + 1, after)):
        return None
    if article.entity_at(after) is not None:
        return after
    # The name follows the role's phrase after a comma, wherever the parse hangs it (on « Séoul » here).
    k = after + 1
    while k in article.tok and article.tok[k]["pos"] in ("ADP", "DET", "NOUN", "PROPN", "ADJ") \
            and not article.tok[k]["is_punct"]:
        k += 1
    named = article.entity_at(k + 1) if article.text(k) == "," and k + 1 in article.tok else None
    return k + 1 if named is not None and named["label"] == "PER" else after


def verb_group(article: Article, verb: int) -> list[int]:
    """The verb with its auxiliaries (« a déclaré », « a-t-il relevé »)."""
    return sorted([verb, *article.kids(verb, "aux", "aux:tense", "aux:pass")])


def clitic_of(article: Article, verb: int) -> int | None:
    """An inverted clitic subject of ``verb``: inside its auxiliary group (« a-t-il relevé ») or right
    after it (« dit-il »)."""
    group = verb_group(article, verb)
    # « estime-t-elle » may come as « estime », « -t », « -elle »: the euphonic « -t » is skipped.
    after = [verb + 1, verb + 2] if article.tok.get(verb + 1, {}).get("text") == "-t" else [verb + 1]
    for k in [*range(group[0] + 1, verb), *after]:
        if k in article.tok and article.text(k) in CLITICS:
            return k
    return None


def is_incise(article: Article, verb: int) -> bool:
    """A postposed attribution: a conjugated verb group right after a comma or closing quote mark (an inverted
    clitic marks a verb the tagger missed: « …, tempère-t-il, … »)."""
    group = verb_group(article, verb)
    before = article.tok.get(group[0] - 1)
    conjugated = len(group) > 1 or "VerbForm=Fin" in article.tok[verb]["morph"] or article.clitic_after(verb)
    return conjugated and before is not None and before["text"] in (",", "»", "”", '"')


def phrase_of(article: Article, head: int) -> list[int]:
    """The noun phrase headed by ``head``: its subtree without clauses, trimmed."""
    # A copular sentence may make the speaker its root (« La formule est du président »): not its subject.
    cut = {"acl:relcl", "acl", "advcl", "parataxis", "punct", "ccomp", "xcomp", "nsubj", "cop", "expl:subj"}
    ids, stack = [], [head]
    while stack:
        k = stack.pop()
        ids.append(k)
        stack.extend(c for c in article.children.get(k, []) if article.tok[c]["dep"] not in cut)
    # A misparse can hang the previous words on an inverted subject (« … à la presse un officier »): a
    # phrase starts at its head's own determiner.
    dets = [k for k in article.kids(head, "det") if k < head]
    ids = sorted(k for k in ids if not dets or k >= min(dets))
    # A misparse can also hang a colon's quotation, a bracketed label or the verb on it (« Vladimir Poutine,
    # évasif : « … » », « Marc Delaunay (EPR) », « Libération titre sur « … » »): the phrase ends there.
    end = next((k for k in ids if k > head and (article.text(k - 1) in CLAUSE_MARKS | {"("} or article.tok[k]["in_quote"]
                                                 and k not in article.incises or article.quote_slot(k))), None)
    return trim(article, [k for k in ids if end is None or k < end]) or [head]
