"""Who a speaker phrase stands for (rule 5 of :mod:`presslens.annotate.quotes`): names, pronouns and their
antecedents, « la même source », media named before, each resolved to a canonical speaker with its camp and
its type (person, organisation, state, media, document, anonymous). Phrases that name no one (role nouns,
documents, governments, anonymous sources) are :mod:`~presslens.annotate.roles`'; genders are
:mod:`~presslens.annotate.genders`'."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..corpus.gazetteer import Entity, Gazetteer, normalise_name, surface_form
from .genders import agree, known_gender, noun_gender, person_gender, pronoun_gender
from .roles import GOVERNMENT_NOUNS, RoleNouns, camp_of
from .speech import NOBODY, PRONOUN_REACH, RELATIVE, Article, human_noun, lexicon, phrase_of, subject_of

#: Speaker types of the ``quotes`` table; ``none`` is a quote nobody is said to utter (a quoted term).
SPEAKER_TYPES = ("person", "organisation", "state", "media", "document", "anonymous", "none")


@dataclass(frozen=True)
class Speaker:
    text: str = ""
    speaker: str = "unknown"
    speaker_id: str = ""
    camp: str = "unknown"
    method: str = "none"
    speaker_type: str = "none"
    gender: str | None = None   # Masc or Fem when the article says so: pronouns must agree with it

    @property
    def known(self) -> bool:
        return self.speaker != "unknown"


def _is_media(entity: Entity) -> bool:
    """A newspaper, agency or channel: camp ``media`` (independent media), or a name that says it is one
    (« agence TASS »; state media keep their state's camp in the gazetteer)."""
    nouns = lexicon()["media_nouns"]
    return entity.camp == "media" or any(w in nouns for alias in entity.aliases for w in alias.lower().split())


def entity_type(gazetteer: Gazetteer, entity_id: str, label: str) -> str:
    """The speaker type of an entity (gazetteer type, else the NER label): a person, a state (a place that
    speaks is its government), a document (a treaty), media or another organisation."""
    entity = gazetteer.entities.get(entity_id)
    kind = entity.type if entity is not None else label
    if kind == "PER":
        return "person"
    if kind == "LOC":
        return "state"
    if kind == "MISC":
        return "document"
    return "media" if entity is not None and _is_media(entity) else "organisation"


def entity_speaker(gazetteer: Gazetteer, entity: dict, text: str, method: str, words: list[str],
                   gender: str | None = None) -> Speaker:
    """The speaker an entity mention stands for. A capital that speaks (« Washington a dénoncé … ») is its
    government: the state it ``stands_for`` (seats of power such as the Kremlin stay themselves)."""
    eid = entity.get("entity_id") or ""
    known = gazetteer.entities.get(eid)
    if known is not None and known.type == "LOC" and known.stands_for in gazetteer.entities:
        state = gazetteer.entities[known.stands_for]
        return Speaker(text, state.canonical, state.id, state.camp, method, "state")
    camp = camp_of(gazetteer, eid) if eid else gazetteer.camp_of_words(words)
    return Speaker(text, entity["canonical"], eid, camp, method, entity_type(gazetteer, eid, entity["label"]),
                   known_gender(gazetteer, eid) or gender)


def placed(a: Article, k: int) -> bool:
    """Whether the name at token ``k`` is a place by its context whatever the tagger labelled it: the object of
    a preposition after a word of origin (« arrivée de Soumy », « originaire de Kherson »)."""
    case = [c for c in a.kids(k, "case") if a.text(c) in ("de", "d'", "du", "depuis", "à", "en", "vers")]
    head, words = a.tok[k]["head"], lexicon()["origin_words"]
    return bool(case) and head != k and (a.tok[head]["lemma"].lower() in words or a.text(head) in words)


def glued_word(a: Article, k: int) -> list[int]:
    """The tokens written as one word with token ``k`` (« Min » « - » « seo »): no space between them."""
    first, last = k, k
    while first - 1 in a.tok and a.tok[first - 1]["end_char"] == a.tok[first]["start_char"] \
            and a.tok[first - 1]["text"] != "«":
        first -= 1
    while last + 1 in a.tok and a.tok[last + 1]["start_char"] == a.tok[last]["end_char"] \
            and a.tok[last + 1]["text"] not in (",", ".", "»"):
        last += 1
    return list(range(first, last + 1))


def aged_names(a: Article) -> dict[str, int]:
    """The words an article gives an age (« X, 29 ans, … », not « Pyongyang, 24 ans après … »), each with the
    first token where it does; found once per article."""
    if "aged" not in a.memo:
        found: dict[str, int] = {}
        for k in a.order:
            if a.text(k) == "ans" and a.text(k - 1).isdigit() and a.text(k - 2) == "," and a.text(k + 1) == "," \
                    if all(j in a.tok for j in (k - 2, k - 1, k + 1)) else False:
                name = glued_word(a, k - 3) if k - 3 in a.tok else []
                if name:
                    found.setdefault(a.span(name)[2], name[0])
        a.memo["aged"] = found
    return a.memo["aged"]


class Resolver(RoleNouns):
    """Turns speaker phrases into canonical speakers (rule 5), remembering the previous speaker."""

    def __init__(self, article: Article, gazetteer: Gazetteer):
        self.a, self.g = article, gazetteer
        self.previous: Speaker | None = None
        self.previous_seg: int | None = None
        self.previous_at = -1
        #: The speakers of the last statement made jointly (« Washington et Séoul ont dénoncé … »), for a
        #: plural pronoun that goes on with them (« Ils ont ajouté … »); empty after a single speaker.
        self.group: list[Speaker] = []
        #: Interview answers as (first token, last token, speaker): the person answering is « je » there, so
        #: « il » inside an answer is someone else.
        self.voices: list[tuple[int, int, Speaker]] = []

    def person_gender(self, entity: dict) -> str | None:
        """A person's gender: the gazetteer's, else what the article says (:func:`person_gender`)."""
        return known_gender(self.g, entity.get("entity_id")) or person_gender(self.a, entity)

    def remember(self, speakers: list[Speaker], seg_id: int, at: int) -> None:
        """Note the speakers of the quote ending at token ``at`` in segment ``seg_id``."""
        if speakers[0].known:
            self.previous, self.previous_seg, self.previous_at = speakers[0], seg_id, at
            self.group = speakers if len(speakers) > 1 else []

    def resolve_all(self, head: int | None, method: str, phrase: list[int] | None = None) -> list[Speaker]:
        """Every speaker of a phrase: « Washington et Séoul ont dénoncé … » is two speakers, one per
        coordinated head (each resolved on its own words); otherwise the one of :meth:`resolve`."""
        a = self.a
        if head is None or phrase is not None:
            return [self.resolve(head, method, phrase)]
        if a.text(head) in ("ils", "elles"):
            # « Les deux dirigeants ont affirmé … Ils ont convenu de … »: the same speakers go on; « X et Y ont
            # rencontré … Ils ont souhaité que … »: the joint subject of the sentence before.
            joint = self.group if self.group and a.tok[head]["seg_id"] - self.previous_seg <= 1 else self.joint_subject(head)
            if joint:
                return [replace(s, text=a.tok[head]["text"], method="pronoun") for s in joint]
        pair = self.counted_people(head)
        if pair:
            return [entity_speaker(self.g, e, a.span(phrase_of(a, head))[2], "role", [e["text"]],
                                   self.person_gender(e)) for e in pair]
        # « Le JoongAng Ilbo et le Hankyoreh »: the parse may hang the second name on the first's last word.
        conj = [c for h in [head, *a.kids(head, "flat:name", "flat")] for c in a.kids(h, "conj")
                if a.tok[c]["pos"] in ("PROPN", "NOUN")]
        # « Séoul, Washington et l'OTAN »: only the last conjunct carries « et »; a misparse may also give the
        # verb two subjects with « et » between them.
        verb = a.tok[head]["head"]
        # The « et » must join that subject, not belong to a phrase between them (« X, ancien diplomate à Moscou et
        # à Séoul, aujourd'hui chercheur, répond » with « chercheur » parsed as a second subject).
        siblings = [k for k in a.kids(verb, "nsubj") if k > head and (
            any(a.text(c) == "et" for c in a.kids(k, "cc")) or (j := min(phrase_of(a, k)) - 1) in a.tok and a.text(j) == "et")] \
            if a.tok[head]["dep"] == "nsubj" else []
        joined = any(a.text(k) == "et" for c in conj for k in a.kids(c, "cc"))
        # « Washington et Séoul ont averti » parsed with only « Séoul » as the subject: names just before it,
        # joined by « et » or a comma, speak too.
        left, k = [], min(phrase_of(a, head))
        while k - 1 in a.tok and (a.text(k - 1) == "et" if not left else a.text(k - 1) == ","):
            before = k - 2
            entity = a.entity_at(before) if before in a.tok else None
            if entity is None or a.tok[before]["pos"] != "PROPN":
                break
            start = a.first_token(entity)
            left.insert(0, start)
            k = start
        heads = left + [head] + (conj if joined else []) + siblings
        if len(heads) == 1:
            return [self.resolve(head, method)]
        parts = []
        for h in heads:
            others = {k for o in heads if o != h and o in a.subtree(h) for k in a.subtree(o)}
            own = [k for k in phrase_of(a, h) if k not in others and a.text(k) != "et"]
            speaker = self.resolve(h, method, own or [h])
            after = max(own or [h]) + 1
            named = a.entity_at(after + 1) if a.tok.get(after, {}).get("text") == "," and after + 1 in a.tok else None
            if not speaker.known and named is not None and named["label"] == "PER":
                # « Antony Blinken et son homologue sud-coréen, Cho Tae-yul, »: the name after the role.
                speaker = entity_speaker(self.g, named, named["text"], method, [named["text"]],
                                         self.person_gender(named))
            parts.append(speaker)
        return parts

    def joint_subject(self, pronoun: int) -> list[Speaker]:
        """The speakers of the nearest coordinated subject before a plural pronoun, in its sentence or the one
        before it in the same or the previous paragraph (« Le Premier ministre X et le président Y ont rencontré
        … Ils ont souhaité que … »), when each resolves to a person or a state; else an empty list."""
        a = self.a
        position = a.sent_order.index(a.tok[pronoun]["sent_id"])
        for s in reversed(a.sent_order[max(0, position - 1):position + 1]):
            if a.tok[pronoun]["seg_id"] - a.tok[a.sent_tokens[s][0]]["seg_id"] > 1:
                break
            subjects = [k for k in a.sent_tokens[s] if k < pronoun and a.tok[k]["dep"] == "nsubj"
                        and a.tok[k]["pos"] in ("NOUN", "PROPN") and not a.tok[k]["in_quote"]]
            for k in reversed(subjects):
                speakers = self.resolve_all(k, "subject")
                if len(speakers) > 1 and all(sp.known and sp.speaker_type in ("person", "state") for sp in speakers):
                    return speakers
        return []

    def aged(self, head: int) -> str:
        """The name a capitalised word is, when the article gives that name an age (« Min-seo, 29 ans, graphiste,
        … », « un étudiant, Sung-chol, 21 ans, … »), here or earlier, and neither the gazetteer nor the NER knows it
        for a person (the tagger reads such names as places or common nouns); else ""."""
        a = self.a
        entity = a.entity_at(head)
        if entity is not None and (entity.get("entity_id") or entity["label"] == "PER"):
            return ""
        name = glued_word(a, head)
        word = a.span(name)[2]
        return word if word[:1].isupper() and aged_names(a).get(word, name[0] + 1) <= name[0] else ""

    def apposed(self, head: int) -> tuple[str, str | None]:
        """The name a capitalised word is when a person noun stands in apposition right after it (« Adrien,
        étudiant en master, juge … », « Oksana, une bénévole, … ») and neither the gazetteer nor the NER types it
        otherwise, with the gender that noun gives; else ("", None)."""
        a = self.a
        entity = a.entity_at(head)
        name = glued_word(a, head)
        after = name[-1] + 1
        # A place is often followed by a description too (« L'Algérie, membre non permanent du Conseil »), but it
        # takes an article where a first name does not.
        if entity is not None and (entity["label"] == "PER" or entity.get("entity_id") or " " in entity["text"]) \
                or a.tok[head]["pos"] != "PROPN" or a.tok.get(after, {}).get("text") != "," \
                or a.tok.get(name[0] - 1, {}).get("pos") == "DET" or a.kids(head, "det"):
            return "", None
        # The tagger may read the noun as an adjective (« étudiant en master »).
        noun = next((k for k in range(after + 1, after + 3) if k in a.tok and a.tok[k]["pos"] != "DET"), None)
        word = a.span(name)[2]
        if noun is None or a.tok[noun]["pos"] not in ("NOUN", "ADJ") or not human_noun(a.tok[noun]["lemma"].lower()) \
                or not word[:1].isupper():
            return "", None
        return word, noun_gender(a, noun)

    def counted_people(self, head: int) -> list[dict]:
        """The people a counted plural stands for (« les deux dirigeants », « les trois ministres »): as many
        of the people last named before it outside quotations, each once, when the article has named that
        many; empty for any other phrase."""
        a = self.a
        counts = {"deux": 2, "trois": 3}
        number = next((counts[a.text(k)] for k in a.kids(head, "nummod") if a.text(k) in counts), None)
        if number is None or "Number=Plur" not in a.tok[head]["morph"] or not human_noun(a.tok[head]["lemma"].lower()) \
                or not any(a.text(d) in ("les", "ces", "nos") for d in a.kids(head, "det")):
            return []
        people: dict[str, dict] = {}
        for e in reversed(a.entities):
            k = a.first_token(e)
            if e["label"] == "PER" and k is not None and k < head and not a.tok[k]["in_quote"]:
                people.setdefault(normalise_name(e["canonical"]), e)
                if len(people) == number:
                    return list(people.values())
        return []

    def resolve(self, head: int | None, method: str, phrase: list[int] | None = None, depth: int = 0) -> Speaker:
        a, lex = self.a, lexicon()
        if head is None:
            return Speaker()
        ids = phrase or phrase_of(a, head)
        _, _, text = a.span(ids)
        words = [a.tok[k]["text"] for k in ids]
        gender = pronoun_gender(a, head)
        if gender is not False:
            # Not inside the search for an antecedent; a relative's antecedent may be one (« c'est elle qui … »).
            antecedent = self.antecedent(head, gender) if depth == 0 or method != "pronoun" else None
            if antecedent is not None and antecedent.known:
                return replace(antecedent, text=text, method="pronoun")
            return Speaker(text, method="pronoun")
        # « la même source », « cette source » point back; « une source proche du dossier » is a new one.
        # « le même interlocuteur », « la même responsable »: any person noun said to be the same.
        if self.previous is not None and (a.tok[head]["lemma"].lower() in lex["same_source"] and any(
                a.text(k) in ("même", "cette", "ladite") for k in ids) or human_noun(a.tok[head]["lemma"].lower())
                and any(a.text(k) == "même" and k < head for k in ids)):
            return replace(self.previous, text=text, method="same_source")
        if a.text(head) in ("ce", "celui", "celle") and depth < 2:
            # « selon ce qu'a rapporté Radio-Canada »: the subject of the reporting verb of the relative clause.
            verb = next((v for v in a.kids(head, "acl:relcl") if a.reporting(v) is not None), None)
            if verb is not None:
                inner, how = subject_of(a, verb, inverted_ok=True)
                if inner is not None and inner != head:
                    return self.resolve(inner, method, depth=depth + 1)
        if a.text(head) in RELATIVE | {"qui"} and depth < 2:
            # « l'universitaire, qui a déclaré … »: the relative pronoun speaks for the noun it follows.
            verb = a.tok[head]["head"]
            if a.tok[verb]["dep"].startswith("acl") and a.tok[verb]["head"] != verb:
                return self.resolve(a.tok[verb]["head"], method, depth=depth + 1)
        if a.tok[head]["lemma"].lower() in lex["channel_nouns"] and depth < 2:
            # « selon des images diffusées à la télévision russe »: the source is the channel, not the images;
            # « les propos de M. Chang, qui a jugé … »: the words are their speaker's.
            inner = next((k for k in ids if k > head and a.tok[k]["pos"] in ("NOUN", "PROPN")), None)
            if inner is not None:
                speaker = self.resolve(inner, method, [k for k in ids if k >= inner], depth=depth + 1)
                if method == "selon" or speaker.known and speaker.speaker_type != "none":
                    return speaker
        handle = self.handle(head, ids)
        if handle is not None:
            kind = "organisation" if a.tok[head]["lemma"].lower() in ("compte", "chaîne", "canal") else "person"
            return Speaker(text, a.tok[handle]["text"], "", self.g.camp_of_words(words), method, kind)
        aged = self.aged(head)
        if aged:
            return Speaker(text, aged, "", "unknown", method, "person")
        apposed, gender = self.apposed(head)
        if apposed:
            return Speaker(text, apposed, "", "unknown", method, "person", gender)
        named = self.named(head, ids)
        if named is not None:
            gender = self.person_gender(named) if named["label"] == "PER" else None
            return entity_speaker(self.g, named, text, method, words, gender)
        issuer = self.issuer(head, ids, method, depth)
        if issuer is not None:
            return replace(issuer, text=text, method="role")
        if a.tok[head]["lemma"].lower() in lex["document_nouns"]:
            # « L'article 4 stipule que … », « le texte publié jeudi … »: the document the article named last.
            document = next((e for e in reversed(a.entities) if e["start_char"] < a.tok[head]["start_char"]
                             and (known := self.g.entities.get(e.get("entity_id") or "")) is not None
                             and known.type == "MISC"), None)
            if document is not None:
                return entity_speaker(self.g, document, text, "role", words)
            known = self.document_named(head)
            if known is not None:
                return Speaker(text, known.canonical, known.id, camp_of(self.g, known.id), "role", "document")
        # « l'agence » after « l'agence officielle nord-coréenne KCNA » spoke: the same source (the same form:
        # « la chercheuse » is not « le chercheur » who spoke before).
        if self.previous is not None and a.tok[head]["pos"] == "NOUN" \
                and normalise_name(a.tok[head]["text"]) in normalise_name(self.previous.text).split():
            return replace(self.previous, text=text, method="same_source")
        bare = len([k for k in ids if not a.tok[k]["is_punct"]]) <= 3 and any(
            a.text(d) in ("le", "la", "l'") for d in a.kids(head, "det")) and "Number=Plur" not in a.tok[head]["morph"]
        # « le quotidien du soir », « le journal » (not « le journal de Pyongyang », which names its own).
        unnamed_medium = a.tok[head]["lemma"].lower() in lex["media_nouns"] and len(ids) <= 5 and any(
            a.text(d) in ("le", "la", "l'") for d in a.kids(head, "det")) and not any(a.entity_at(k) for k in ids)
        if unnamed_medium and depth == 0:
            # After « Le Monde » or « le Rodong Sinmun » spoke: the last medium named, else the last that spoke.
            medium = next((e for e in reversed(a.entities) if e["start_char"] < a.tok[head]["start_char"]
                           and (known := self.g.entities.get(e.get("entity_id") or "")) is not None
                           and _is_media(known)), None)
            if medium is not None:
                return entity_speaker(self.g, medium, text, "role", words)
            # An unknown name that spoke may be a medium the gazetteer lacks; a known institution is none.
            if self.previous is not None and (self.previous.speaker_type == "media" or (
                    self.previous.speaker_type == "organisation" and not self.previous.speaker_id)):
                return replace(self.previous, text=text, method="role")
        if a.tok[head]["lemma"].lower() in GOVERNMENT_NOUNS:
            state = self.government(head, words)
            if state is not None:
                return Speaker(text, state.canonical, state.id, state.camp, "role", "state")
        described = self.g.describe(text)
        # The description must name the phrase's head: « plusieurs diplomates occidentaux » are not « les
        # Occidentaux », though the word is in the phrase.
        if described is not None and a.text(head) not in normalise_name(" ".join(
                d for d in (*described.descriptions, described.role) if d)).split():
            described = None
        leader = self.leader(head) if described is None else None
        if leader is not None:
            return Speaker(text, leader.canonical, leader.id, camp_of(self.g, leader.id), "role", "person",
                           known_gender(self.g, leader.id))
        if described is not None:
            return Speaker(text, described.canonical, described.id, camp_of(self.g, described.id), "description",
                           entity_type(self.g, described.id, described.type), known_gender(self.g, described.id))
        # « l'ambassadeur » after « l'ambassadeur de Russie, Gueorgui Zinoviev »: the person the article
        # introduced with that role.
        lemma = a.tok[head]["lemma"].lower()
        earlier = [e for k, e in a.roles.get(lemma, []) if k < head and self.same_complement(head, k, lemma)
                   and agree(self.person_gender(e), noun_gender(a, head)) and self.camp_fits(e, words)] \
            or [e for e in self.introduced(head) if self.camp_fits(e, words)] or self.holders(head, words)
        if not earlier and a.tok[head]["lemma"].lower() in lex["expert_nouns"] and any(
                a.text(d) in ("le", "la", "l'") for d in a.kids(head, "det")):
            # « le chercheur » after « Bertrand Oh-Lefèvre, spécialiste de … »: the last person named who is not
            # one of the gazetteer's public figures (experts are the article's own).
            feminine = any(a.text(d) == "la" for d in a.kids(head, "det")) or noun_gender(a, head) == "Fem"
            experts = [e for e in a.entities if e["start_char"] < a.tok[head]["start_char"] and e["label"] == "PER"
                       and not e.get("entity_id") and (not feminine or self.person_gender(e) in (None, "Fem"))]
            if experts:
                return entity_speaker(self.g, experts[-1], text, "role", words, self.person_gender(experts[-1]))
        if not earlier and human_noun(a.tok[head]["lemma"].lower()):
            # « Min-ji Schaller sert le thé. La présidente de l'association … »: a definite role noun opening the
            # sentence after one whose subject is a named person stands for that person.
            earlier = self.previous_subject(head, words)
        if not earlier and bare and human_noun(a.tok[head]["lemma"].lower()):
            # « a insisté la diplomate » with no role to match: the last person named whose gender agrees.
            # Not a person the quotations mention (« « Choe Son Hui n'a jamais … », juge-t-il. L'ancien
            # ambassadeur … »), and not a woman for a masculine noun.
            fem = "Gender=Fem" in a.tok[head]["morph"] or any(a.text(d) == "la" for d in a.kids(head, "det"))
            people = [e for e in a.entities if e["start_char"] < a.tok[head]["start_char"] and e["label"] == "PER"
                      and not a.tok[a.first_token(e)]["in_quote"] and self.camp_fits(e, words)
                      and agree(self.person_gender(e), "Fem" if fem else noun_gender(a, head))
                      and (not fem or self.person_gender(e) == "Fem")]
            if people:
                return entity_speaker(self.g, people[-1], text, "role", words, self.person_gender(people[-1]))
        if not earlier and human_noun(a.tok[head]["lemma"].lower()) and depth == 0 and any(
                a.text(d) in ("ce", "cet", "cette") for d in a.kids(head, "det")):
            # « ce spécialiste », « cette chercheuse »: the demonstrative points back to the last person named.
            gender = "Fem" if any(a.text(d) == "cette" for d in a.kids(head, "det")) else None
            antecedent = self.antecedent(head, gender)
            if antecedent is not None and antecedent.speaker_type == "person":
                return replace(antecedent, text=text, method="role")
        if a.tok[head]["pos"] == "NOUN" and earlier:
            return entity_speaker(self.g, earlier[-1], text, "role", words, self.person_gender(earlier[-1]))
        kind = self.phrase_type(head, ids)
        if kind is None:
            return Speaker(text, method="implausible")   # « la visite », « avec prudence » speak for nobody
        if kind == "anonymous":
            # An unnamed source is its description: « un diplomate sud-coréen en poste à Moscou » (, sous couvert …).
            ids = self.description(head, ids)
            text = a.span(ids)[2]
        bracket = next((k for k in range(head + 1, ids[-1]) if k in a.tok and a.tok[k]["text"] == "("), None)
        if bracket is not None:   # « les Chemins de fer russes (RJD) »: the name, without its acronym
            text = a.span([k for k in ids if k < bracket])[2]
        camp = self.g.camp_of_words(words)
        if camp == "unknown":
            places = [e.get("entity_id") for k in ids if (e := a.entity_at(k)) is not None and e.get("entity_id")]
            camp = next((c for c in (camp_of(self.g, p) for p in places) if c != "unknown"), "unknown")
        name = text
        if kind == "organisation" and a.tok[head]["lemma"].lower() in ("ministère", "diplomatie"):
            name, camp = self.ministry(head, text, camp)
        elif camp != "unknown" and "de la diplomatie" in text:
            # « le porte-parole de la diplomatie chinoise »: of the Chinese ministry of foreign affairs.
            demonym = self.demonym(camp)
            name = re.sub(r"de la diplomatie \S+", f"du ministère {demonym} des Affaires étrangères", text) \
                if demonym else text
        # « un ancien diplomate » is a man for the pronouns that follow; « une source » says nothing of one.
        gender = noun_gender(a, head) if kind == "anonymous" and a.tok[head]["lemma"].lower() != "source" else None
        return Speaker(text, surface_form(name), "", camp, "group" if method != "selon" else method, kind, gender)

    def demonym(self, camp: str) -> str | None:
        """The first demonym the gazetteer lists for a camp (its masculine singular: « sud-coréen »), or None."""
        return next((word for word, c in self.g.demonyms.items() if c == camp), None)

    def ministry(self, head: int, text: str, camp: str) -> tuple[str, str]:
        """A ministry named without its country, and its camp: « la diplomatie russe » is the Russian ministry
        of foreign affairs; « À Séoul, le ministère des Affaires étrangères » is South Korea's (the state of the
        place the sentence opens with). In: the phrase's head, text and camp; out: the text a reader would
        write (« ministère russe des Affaires étrangères ») and the camp."""
        a = self.a
        if camp == "unknown":
            sentence = a.sent_tokens[a.tok[head]["sent_id"]]
            place = next((e for k in sentence[:3] if k < head and (e := a.entity_at(k)) is not None
                          and a.text(sentence[0]) in ("à", "a") and e.get("entity_id")), None)
            camp = camp_of(self.g, place["entity_id"]) if place is not None else "unknown"
            if camp == "unknown":
                return text, camp
        demonym = self.demonym(camp)
        if demonym is None:
            return text, camp
        if a.tok[head]["lemma"].lower() == "diplomatie":
            return f"ministère {demonym} des Affaires étrangères", camp
        words = text.split()
        rest = words[next(n for n, w in enumerate(words) if w.lower() == "ministère") + 1:]
        if rest and rest[0].lower() == demonym:
            return text, camp
        return " ".join(["ministère", demonym, *rest]), camp

    def previous_subject(self, head: int, words: list[str]) -> list[dict]:
        """The named person subject of the sentence just before a definite role phrase that is its own
        sentence's subject, when gender and camp fit (« Min-ji Schaller sert le thé. La présidente de
        l'association, … »); else nothing."""
        a = self.a
        if a.tok[head]["dep"] != "nsubj" or not any(a.text(d) in ("le", "la", "l'") for d in a.kids(head, "det")):
            return []
        position = a.sent_order.index(a.tok[head]["sent_id"])
        if position == 0:
            return []
        before = a.sent_tokens[a.sent_order[position - 1]]
        people = [e for k in before if a.tok[k]["dep"] == "nsubj" and not a.tok[k]["in_quote"]
                  and (e := a.entity_at(k)) is not None and e["label"] == "PER"]
        return [e for e in people[:1] if agree(self.person_gender(e), noun_gender(a, head)) and self.camp_fits(e, words)]

    def handle(self, head: int, ids: list[int]) -> int | None:
        """The token of a social-media account that speaks (« selon @TumenWatch », « un internaute sud-coréen,
        @minjun_k88 »), or for « le compte » the last account the article named before; None otherwise."""
        a = self.a
        own = next((k for k in ids if a.tok[k]["text"].startswith("@") and len(a.tok[k]["text"]) > 1), None)
        if own is not None:
            return own
        after = head + 2 if a.tok.get(head + 1, {}).get("text") == "," else head + 1
        if after in a.tok and a.tok[after]["text"].startswith("@") and len(a.tok[after]["text"]) > 1:
            return after   # « un internaute sud-coréen, @minjun_k88 »: the account in apposition
        if a.tok[head]["lemma"].lower() == "compte" and any(a.text(d) in ("le", "ce") for d in a.kids(head, "det")):
            return next((k for k in reversed(a.order) if k < head and a.tok[k]["text"].startswith("@")
                         and len(a.tok[k]["text"]) > 1 and not a.tok[k]["in_quote"]), None)
        return None

    def issuer(self, head: int, ids: list[int], method: str, depth: int) -> Speaker | None:
        """Who speaks through a report, a statement or a group's members: the organisation or person of its
        « de » complement (« le dernier rapport du groupe d'experts »), else, for a possessive (« son dernier
        rapport », « ses responsables ») or a bare definite institution noun (« le groupe » after « le groupe
        d'experts de l'ONU »), the last organisation the article named with that word or, for a possessive,
        the last it named at all; None otherwise."""
        a, lex = self.a, lexicon()
        lemma = a.tok[head]["lemma"].lower()
        document = lemma in lex["document_nouns"] and lemma not in ("article", "clause", "texte")
        plural_people = lemma in lex["person_nouns"] and "Number=Plur" in a.tok[head]["morph"]
        if not (document or plural_people or lemma in lex["institution_nouns"]) or depth > 1:
            return None
        # « une note interne du ministère » is a document of its own; « le dernier rapport du groupe » is the group's.
        if document and not any(a.text(d) in lex["indefinites"] for d in a.kids(head, "det")):
            owner = next((k for k in a.kids(head, "nmod") if a.tok[k]["pos"] in ("NOUN", "PROPN")
                          and any(a.text(c) in ("de", "du", "d'", "des") for c in a.kids(k, "case"))), None)
            if owner is not None:
                speaker = self.resolve(owner, method, depth=depth + 1)
                if speaker.known and speaker.speaker_type in ("organisation", "state", "person", "media"):
                    return speaker
        # « son », « ses », « leur »: not the writer's « mes interlocuteurs ».
        possessive = any("Poss=Yes" in a.tok[d]["morph"] and a.text(d) in ("son", "sa", "ses", "leur", "leurs")
                         for d in a.kids(head, "det"))
        definite = any(a.text(d) in ("le", "la", "l'") for d in a.kids(head, "det")) and len(ids) <= 3
        if not possessive and not (definite and lemma in lex["institution_nouns"]):
            return None
        start = a.tok[head]["start_char"]
        organisations = [e for e in a.entities if e["start_char"] < start and e["label"] == "ORG"
                         and not a.tok[a.first_token(e)]["in_quote"]
                         and (possessive and (document or plural_people)
                              or normalise_name(e["canonical"]).split()[:1] == [lemma])]
        if not organisations:
            return None
        # The possessor is mostly named in the sentence before (« ce groupe documentait … D'après son dernier
        # rapport »): an organisation whose head word is a noun there comes first.
        position = a.sent_order.index(a.tok[head]["sent_id"])
        nearby = {a.tok[k]["lemma"].lower() for s in a.sent_order[max(0, position - 1):position + 1]
                  for k in a.sent_tokens[s] if a.tok[k]["pos"] == "NOUN" and k < head}
        chosen = next((e for e in reversed(organisations) if normalise_name(e["canonical"]).split()[:1]
                       and normalise_name(e["canonical"]).split()[0] in nearby), organisations[-1])
        return entity_speaker(self.g, chosen, chosen["text"], "role", [chosen["text"]])

    def named(self, head: int, ids: list[int]) -> dict | None:
        """The entity a phrase names: one that opens it (« Jenny Town, chercheur … »), holds its head, or
        stands in apposition to it — not one merely mentioned inside it (« des initiés de Washington »)."""
        a = self.a
        first = next((k for k in ids if a.tok[k]["pos"] not in ("DET", "ADP")), ids[0])
        opening = a.entity_at(first)
        if opening is not None and opening["label"] == "PER":
            return opening
        holding = a.entity_at(head)
        # The model's entities in a phrase in capitals are guesses (« UNE HABITANTE DE VLADIVOSTOK » read as a title);
        # the gazetteer's are not, nor an acronym (« le SFE »).
        if holding is not None and not (holding["text"].isupper() and " " in holding["text"].strip()
                                        and not holding.get("entity_id")):
            return holding
        if a.text(head) in ("celui", "celle", "ceux", "celles"):
            # « ceux de Kim Jong-un, qui a qualifié … »: the words are those of the person named.
            owner = next((e for k in a.kids(head, "nmod") if (e := a.entity_at(k)) is not None), None)
            if owner is not None:
                return owner
        for k in a.kids(head, "appos", "flat:name"):
            entity = a.entity_at(k)
            if entity is not None:
                return entity
            # « le porte-parole du Pentagone, le général Pat Ryder »: the name inside the apposition.
            inner = [j for j in a.kids(k, "appos", "flat:name", "nmod") if (e := a.entity_at(j)) is not None
                     and e["label"] == "PER"]
            if inner:
                return a.entity_at(inner[0])
        # « l'agence russe TASS », « le ministre Sergueï Choïgou »: a name right after a role or institution
        # noun and its adjectives, with no preposition between them.
        lex = lexicon()
        role_words = lex["media_nouns"] | lex["person_nouns"] | lex["institution_nouns"] | {"ministre", "président"}
        if a.tok[head]["lemma"].lower() in role_words:
            for k in (k for k in ids if k > head):
                if a.tok[k]["pos"] == "ADP" or a.tok[k]["is_punct"]:
                    break
                entity = a.entity_at(k)
                # « une diplomate suisse »: an adjective that spells a country is no name.
                if entity is not None and a.tok[k]["text"][:1].isupper():
                    return entity
            # « la ministre des Affaires étrangères Choe Son Hui »: a person's name closing the role phrase, not
            # introduced by « de » (« le porte-parole de Vladimir Poutine » is someone else).
            last = a.entity_at(ids[-1])
            first = a.first_token(last) if last is not None and last["label"] == "PER" else None
            owner = first - 1 if first is not None else head
            while owner in a.tok and a.tok[owner]["pos"] == "ADJ":
                owner -= 1
            # « un conseiller du président Zelensky »: a name closing a role noun of the complement is that role's.
            of_complement = owner != head and owner in a.tok and a.tok[owner]["lemma"].lower() in role_words \
                and any(a.text(c) in ("de", "d'", "du", "des") for c in a.kids(owner, "case"))
            if first is not None and first > head and a.text(first - 1) not in ("de", "d'", "du", "des", "par", "à") \
                    and not of_complement:
                return last
        # « Maria Zakharova, la porte-parole de la diplomatie russe, a parlé … », « la Rossiïskaïa Gazeta, le
        # quotidien officiel, écrit … »: the parse may make the description the subject and leave the name
        # that opens the clause outside its phrase.
        before = ids[0] - 1
        if a.tok.get(before, {}).get("text") == "," and before - 1 in a.tok:
            entity = a.entity_at(before - 1)
            opener = a.first_token(entity) \
                if entity is not None and entity["label"] != "LOC" else None
            if opener is not None and a.tok.get(opener - 1, {}).get("pos") == "DET":
                opener -= 1   # « À Moscou, la Rossiïskaïa Gazeta, le quotidien officiel, écrit … »
            if opener is not None and (opener - 1 not in a.tok or a.tok[opener - 1]["sent_id"] != a.tok[opener]["sent_id"]
                                       or a.tok[opener - 1]["is_punct"] or a.text(opener - 1) in ("et", "mais")):
                return entity
        # « le représentant de la Russie auprès de l'ONU, Vassili Nebenzia »: a person named after a comma.
        # « La déléguée des États-Unis, Mme Linda Thomas-Greenfield », « notre guide, Mme Ri »: a civility may
        # come between; the name may also be left outside the phrase by the parse.
        for k in [*ids[1:], ids[-1] + 2, ids[-1] + 3]:
            if k not in a.tok:
                continue
            entity = a.entity_at(k)
            before = k - 2 if a.text(k - 1) in ("m.", "mme", "mlle", "me", "dr") else k - 1
            if entity is not None and entity["label"] == "PER" and a.tok.get(before, {}).get("text") == "," \
                    and entity["start_char"] == a.tok[k]["start_char"]:
                return entity
        return None

    def antecedent(self, pronoun: int, gender: str | None) -> Speaker | None:
        """What a pronoun speaker stands for: the nearest candidate before it (same sentence, then up to
        PRONOUN_REACH back) whose gender agrees with ``gender``. Candidates are the people the article names
        there and the subjects that resolve to a known person or institution; the previous speaker counts
        when it was named after them. « ce dernier » and « celle-ci » take the last person named."""
        a = self.a
        position = a.sent_order.index(a.tok[pronoun]["sent_id"])
        demonstrative = a.text(pronoun) not in lexicon()["pronouns"]
        plural = a.text(pronoun).lstrip("-") in ("ils", "elles", "ceux-ci", "celles-ci", "derniers", "dernières")
        # Reach counts the writer's sentences: a quotation of several sentences does not push the person
        # who speaks it out of reach (« « … . … . … », conclut-elle »).
        reach, narrated = [], 0
        for s in reversed(a.sent_order[:position + 1]):
            reach.append(s)
            words = [k for k in a.sent_tokens[s] if not a.tok[k]["is_punct"]]
            narrated += not words or not all(a.tok[k]["in_quote"] for k in words)
            if narrated > PRONOUN_REACH:
                break
        candidates = []
        for s in reach:
            people = [k for k in a.sent_tokens[s] if k < pronoun and not a.tok[k]["in_quote"]
                      and (e := a.entity_at(k)) is not None and e["label"] == "PER"
                      and e["start_char"] == a.tok[k]["start_char"] and not placed(a, k)]
            # « Dans un café de Mapo, Seo-hee, étudiante en droit, … » with the name read as a place.
            people += [k for k in a.sent_tokens[s] if k < pronoun and not a.tok[k]["in_quote"]
                       and a.tok[k]["pos"] == "PROPN" and glued_word(a, k)[0] == k and k not in people
                       and self.apposed(k)[0]]
            subjects = [] if demonstrative else [
                k for k in a.sent_tokens[s] if k < pronoun and a.tok[k]["dep"].startswith("nsubj")
                and pronoun_gender(a, k) is False and a.text(k) not in RELATIVE | NOBODY | {"qui"}
                and not a.tok[k]["in_quote"]]
            # « La question a été posée à une source diplomatique, qui a requis l'anonymat. … , a-t-elle
            # expliqué »: an unnamed person the sentence brings in as an object counts like a named one (a
            # definite role noun mostly goes with a name, which is a candidate already).
            people += [] if demonstrative else [
                k for k in a.sent_tokens[s] if k < pronoun and a.tok[k]["pos"] == "NOUN" and not a.tok[k]["in_quote"]
                and a.tok[k]["dep"].split(":")[0] in ("obl", "obj", "iobj") and human_noun(a.tok[k]["lemma"].lower())
                and any(a.text(d) in lexicon()["indefinites"] for d in a.kids(k, "det"))]
            if s == a.tok[pronoun]["sent_id"] and a.text(pronoun).startswith("-"):
                # « Poutine veut du volume, Kim veut du savoir-faire, résume-t-il »: the subjects of the words an
                # incise attributes are what is said, not who says it (« Pour X, …, estime-t-il » keeps X).
                people = [k for k in people if not a.tok[k]["dep"].startswith("nsubj")]
                subjects = []
            # Within a sentence its subject comes first (« Poutine a dit, devant Kim, qu'il … » : « il » is
            # Poutine), then the other people from the nearest.
            main = {k for k in people if a.tok[k]["dep"].startswith("nsubj")} | set(subjects)
            for k in sorted(main, reverse=True) + sorted(set(people) - main, reverse=True):
                if self.previous is not None and k < self.previous_at < pronoun:
                    candidates.append(self.previous)  # the last speaker was named after that candidate: closer
                if ("Number=Plur" in a.tok[k]["morph"]) != plural and a.tok[k]["pos"] != "PROPN":
                    continue   # « lâche-t-il » does not stand for « les Russes »
                speaker = self.resolve(k, "pronoun", depth=1)
                entity = self.g.entities.get(speaker.speaker_id)
                person = speaker.speaker_type in ("person", "anonymous") and speaker.known
                if person or (entity is not None and (entity.type in ("PER", "ORG") or entity.stands_for)):
                    candidates.append(speaker)
        # Not a speaker remembered from a span that holds the pronoun (« selon le récit de l'agence » around
        # « aurait-il glissé »).
        if self.previous is not None and self.previous_at < pronoun:
            candidates.append(self.previous)
        own = {v.speaker for first, last, v in self.voices if first <= pronoun <= last}
        candidates = [c for c in candidates if c.speaker not in own]
        # The nearest that does not clash; for « elle », the nearest the article marks as a woman first: the
        # masculine is also French's default gender, so only the feminine is strong evidence.
        return next((c for c in candidates if gender == "Fem" and c.gender == gender), None) or \
            next((c for c in candidates if agree(c.gender, gender)), None) or self.salient(pronoun, gender, own)

    def salient(self, pronoun: int, gender: str | None, own: set[str]) -> Speaker | None:
        """For a pronoun with nobody in reach (a portrait goes on about « elle » for paragraphs): the person
        of that gender the article has named most often before it, outside quotations (the latest on a tie);
        None when the pronoun's gender is unknown or nobody's is known to match."""
        a = self.a
        if gender is None:
            return None
        counts: dict[str, tuple[int, int, dict]] = {}
        for e in a.entities:
            k = a.first_token(e)
            if e["label"] != "PER" or k is None or k >= pronoun or a.tok[k]["in_quote"] or e["canonical"] in own:
                continue
            n, _, _ = counts.get(e["canonical"], (0, 0, e))
            counts[e["canonical"]] = (n + 1, k, e)
        ranked = sorted(counts.values(), key=lambda c: (c[0], c[1]), reverse=True)
        entity = next((e for _, _, e in ranked if self.person_gender(e) == gender), None)
        if entity is None:
            return None
        return entity_speaker(self.g, entity, entity["text"], "pronoun", [entity["text"]], self.person_gender(entity))
