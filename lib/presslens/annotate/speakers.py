"""Who a speaker phrase stands for (rule 5 of :mod:`presslens.annotate.quotes`): names, pronouns and their
antecedents, « la même source », role nouns and descriptions, each resolved to a canonical speaker with
its camp."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..corpus.gazetteer import Gazetteer, normalise_name, surface_form
from .speech import PRONOUN_REACH, RELATIVE, Article, lexicon, phrase_of


@dataclass(frozen=True)
class Speaker:
    text: str = ""
    speaker: str = "unknown"
    speaker_id: str = ""
    camp: str = "unknown"
    method: str = "none"

    @property
    def known(self) -> bool:
        return self.speaker != "unknown"


def entity_speaker(gazetteer: Gazetteer, entity: dict, text: str, method: str, words: list[str]) -> Speaker:
    eid = entity.get("entity_id") or ""
    camp = camp_of(gazetteer, eid) if eid else gazetteer.camp_of_words(words)
    return Speaker(text, entity["canonical"], eid, camp, method)


def camp_of(gazetteer: Gazetteer, entity_id: str) -> str:
    """The camp of a gazetteer entity, through ``stands_for`` for capitals and seats of power."""
    entity = gazetteer.entities.get(entity_id)
    if entity is None:
        return "unknown"
    if entity.stands_for and entity.stands_for in gazetteer.entities:
        return gazetteer.entities[entity.stands_for].camp
    return entity.camp


class Resolver:
    """Turns speaker phrases into canonical speakers (rule 5), remembering the previous speaker."""

    def __init__(self, article: Article, gazetteer: Gazetteer):
        self.a, self.g = article, gazetteer
        self.previous: Speaker | None = None
        self.previous_seg: int | None = None
        self.previous_at = -1

    def remember(self, speaker: Speaker, seg_id: int, at: int) -> None:
        """Note the speaker of the quote ending at token ``at`` in segment ``seg_id``."""
        if speaker.known:
            self.previous, self.previous_seg, self.previous_at = speaker, seg_id, at

    def resolve(self, head: int | None, method: str, phrase: list[int] | None = None, depth: int = 0) -> Speaker:
        a, lex = self.a, lexicon()
        if head is None:
            return Speaker()
        ids = phrase or phrase_of(a, head)
        _, _, text = a.span(ids)
        words = [a.tok[k]["text"] for k in ids]
        if a.text(head) in lex["pronouns"]:
            antecedent = self.antecedent(head) if depth == 0 else None
            found = antecedent or self.previous
            if found is not None and found.known:
                return replace(found, text=text, method="pronoun")
            return Speaker(text, method="pronoun")
        if a.tok[head]["lemma"].lower() in lex["same_source"] and self.previous is not None:
            return replace(self.previous, text=text, method="same_source")
        if a.text(head) in RELATIVE | {"qui"} and depth < 2:
            # « l'universitaire, qui a déclaré … »: the relative pronoun speaks for the noun it follows.
            verb = a.tok[head]["head"]
            if a.tok[verb]["dep"].startswith("acl") and a.tok[verb]["head"] != verb:
                return self.resolve(a.tok[verb]["head"], method, depth=depth + 1)
        named = self.named(head, ids)
        if named is not None:
            return entity_speaker(self.g, named, text, method, words)
        # « l'agence » after « l'agence officielle nord-coréenne KCNA » spoke: the same source.
        if self.previous is not None and a.tok[head]["pos"] == "NOUN" \
                and a.tok[head]["lemma"].lower() in normalise_name(self.previous.text).split():
            return replace(self.previous, text=text, method="same_source")
        described = self.g.describe(text)
        if described is not None:
            return Speaker(text, described.canonical, described.id, camp_of(self.g, described.id), "description")
        # « l'ambassadeur » after « l'ambassadeur de Russie, Gueorgui Zinoviev »: the person the article
        # introduced with that role.
        earlier = [e for k, e in a.roles.get(a.tok[head]["lemma"].lower(), []) if k < head]
        if a.tok[head]["pos"] == "NOUN" and earlier:
            return entity_speaker(self.g, earlier[-1], text, "role", words)
        camp = self.g.camp_of_words(words)
        if camp == "unknown":
            places = [e.get("entity_id") for k in ids if (e := a.entity_at(k)) is not None and e.get("entity_id")]
            camp = next((c for c in (camp_of(self.g, p) for p in places) if c != "unknown"), "unknown")
        return Speaker(text, surface_form(text), "", camp, "group" if method != "selon" else method)

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

    def antecedent(self, pronoun: int) -> Speaker | None:
        """The nearest subject before ``pronoun`` (same sentence, then up to PRONOUN_REACH back) that
        resolves to a known person or institution."""
        a = self.a
        sent = a.tok[pronoun]["sent_id"]
        position = a.sent_order.index(sent)
        for s in reversed(a.sent_order[max(0, position - PRONOUN_REACH):position + 1]):
            subjects = [k for k in a.sent_tokens[s] if k < pronoun and a.tok[k]["dep"].startswith("nsubj")
                        and a.text(k) not in lexicon()["pronouns"] | RELATIVE | {"qui"} and not a.tok[k]["in_quote"]
                        and agrees(a, pronoun, k)]
            for k in reversed(subjects):
                if self.previous is not None and self.previous_at > k:
                    return self.previous  # the last speaker was named after that subject: closer
                speaker = self.resolve(k, "pronoun", depth=1)
                entity = self.g.entities.get(speaker.speaker_id)
                if entity is not None and (entity.type in ("PER", "ORG") or entity.stands_for):
                    return speaker
        return None


def agrees(article: Article, pronoun: int, candidate: int) -> bool:
    """False when the parse gives the pronoun and the candidate antecedent different genders
    (« elle » cannot stand for « l'article 4 »); names without a gender agree with anything."""
    def gender(k: int) -> str | None:
        return next((f.split("=")[1] for f in article.tok[k]["morph"].split("|") if f.startswith("Gender=")), None)

    g1, g2 = gender(pronoun), gender(candidate)
    return g1 is None or g2 is None or g1 == g2
