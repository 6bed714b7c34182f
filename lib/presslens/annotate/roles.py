"""Phrases that name no one (rule 5 of :mod:`presslens.annotate.quotes`): role nouns and the people who hold
the role, documents named by their kind, governments, and the description that stands for an anonymous
source. :class:`RoleNouns` is mixed into :class:`~presslens.annotate.speakers.Resolver`, whose article
(``self.a``), gazetteer (``self.g``), last speaker (``self.previous``) and ``person_gender`` it reads."""
from __future__ import annotations

from ..corpus.gazetteer import Entity, Gazetteer, normalise_name
from .genders import agree, noun_gender
from .speech import human_noun, lexicon

#: Head nouns of a phrase that speaks for a state's executive (« le gouvernement sud-coréen », « son gouvernement »).
GOVERNMENT_NOUNS = {"gouvernement", "exécutif", "autorités"}


def camp_of(gazetteer: Gazetteer, entity_id: str) -> str:
    """The camp of a gazetteer entity, through ``stands_for`` for capitals and seats of power."""
    entity = gazetteer.entities.get(entity_id)
    if entity is None:
        return "unknown"
    if entity.stands_for and entity.stands_for in gazetteer.entities:
        return gazetteer.entities[entity.stands_for].camp
    return entity.camp


class RoleNouns:
    """What a phrase that names no entity stands for (see the module docstring)."""

    def document_named(self, head: int):
        """The gazetteer document a document noun stands for when the article names it only by its kind
        (« Que dit le traité ? L'article 4 stipule … »): the one document whose name starts with a noun the
        article used up to here (« traité », « accord »); None when none or several fit."""
        a = self.a
        lemma = a.tok[head]["lemma"].lower()
        names = {normalise_name(alias).split()[0] for e in self.g.entities.values() if e.type == "MISC"
                 for alias in e.aliases}
        if lemma not in names | {"article", "texte", "clause", "alinéa"}:
            return None   # « ce communiqué », « le rapport » are documents of their own
        used = {a.tok[k]["lemma"].lower() for k in a.order if k <= head and not a.tok[k]["in_quote"]}
        fits = {e.id: e for e in self.g.entities.values() if e.type == "MISC"
                and any(normalise_name(alias).split()[0] in used for alias in e.aliases)
                and any(normalise_name(alias).split()[0] in lexicon()["document_nouns"] for alias in e.aliases)}
        return next(iter(fits.values())) if len(fits) == 1 else None

    def government(self, head: int, words: list[str]) -> Entity | None:
        """The state a government phrase speaks for: by its demonym (« le gouvernement sud-coréen »), or for a
        possessive (« son gouvernement ») the country the gazetteer gives the last person who spoke."""
        a, camp = self.a, self.g.camp_of_words(words)
        if camp == "unknown" and any("Poss=Yes" in a.tok[d]["morph"] for d in a.kids(head, "det")) \
                and self.previous is not None and self.previous.speaker_type == "person":
            person = self.g.entities.get(self.previous.speaker_id)
            country = self.g.lookup(person.country) if person is not None and person.country else None
            return country if country is not None and country.type == "LOC" else None
        states = [e for e in self.g.entities.values() if e.type == "LOC" and e.camp == camp and not e.stands_for
                  and e.country in ("", e.canonical)]
        return states[0] if camp != "unknown" and len(states) == 1 else None

    def leader(self, head: int) -> Entity | None:
        """The leader a periphrasis names (« l'homme fort de Pyongyang », « le numéro un du Kremlin »): a
        ``leader_nouns`` phrase whose « de » complement is a place or institution of a state's camp, resolved
        to the person the gazetteer describes as that state's « dirigeant » or « chef de l'État »; else None."""
        a = self.a
        complement = next((c for c in a.kids(head, "nmod") if any(a.text(k) in ("de", "d'", "du")
                                                                   for k in a.kids(c, "case"))), None)
        if complement is None:
            return None
        case = min(k for k in a.kids(complement, "case"))
        if " ".join(a.text(k) for k in range(head, case) if k in a.tok) not in lexicon()["leader_nouns"]:
            return None
        place = a.entity_at(complement)
        known = self.g.entities.get(place.get("entity_id") or "") if place is not None else None
        if known is None or known.type == "PER" or known.camp in ("", "unknown"):
            return None
        for demonym in (d for d, camp in self.g.demonyms.items() if camp == known.camp):
            person = self.g.describe(f"dirigeant {demonym}") or self.g.describe(f"chef de l'État {demonym}")
            if person is not None and person.type == "PER":
                return person
        return None

    def camp_fits(self, entity: dict, words: list[str]) -> bool:
        """Whether a person may be the one a role phrase describes: « le ministre russe » is not the North
        Korean minister the article named, whatever the noun they share."""
        said = self.g.camp_of_words(words)
        camp = camp_of(self.g, entity.get("entity_id") or "")
        return said == "unknown" or camp == "unknown" or said == camp

    def holders(self, head: int, words: list[str]) -> list[dict]:
        """People named earlier in the article whose gazetteer role has a definite role phrase's noun and
        agrees with its nationality and gender (« le ministre russe » after « Sergueï Lavrov », whose role
        is minister of foreign affairs of Russia), nearest last; nothing for an indefinite phrase."""
        a = self.a
        if not any(a.text(d) in ("le", "la", "l'") for d in a.kids(head, "det")):
            return []
        noun = normalise_name(a.tok[head]["text"])
        # « le porte-parole de la diplomatie russe » is not the Kremlin's: the role's « de » complement must be in
        # the holder's role too (« diplomatie » is its ministry of foreign affairs).
        of = self.complement(head)
        found = []
        for e in a.entities:
            known = self.g.entities.get(e.get("entity_id") or "")
            if e["start_char"] >= a.tok[head]["start_char"] or known is None or known.type != "PER":
                continue
            role = normalise_name(known.role).split()
            if of and not any(w in role or w == "diplomatie" and "étrangères" in role for w in of):
                continue
            if noun in role and self.camp_fits(e, words) \
                    and agree(self.person_gender(e), noun_gender(a, head)):
                found = [f for f in found if f["entity_id"] != e["entity_id"]] + [e]
        return found

    def complement(self, noun: int) -> list[str]:
        """The « de » complements of a role noun, normalised (« porte-parole du Kremlin » → [« kremlin »])."""
        a = self.a
        return [normalise_name(a.tok[k]["text"]) for k in a.kids(noun, "nmod") if a.tok[k]["pos"] in ("NOUN", "PROPN")
                and any(a.text(c) in ("de", "du", "d'", "des") for c in a.kids(k, "case"))]

    def same_complement(self, head: int, earlier: int, lemma: str) -> bool:
        """Whether a role phrase and the earlier apposition with the same noun (``earlier`` is the role noun or
        the person's token) name the same role: not « le porte-parole de la diplomatie russe » after « le
        porte-parole du Kremlin, Dmitri Peskov ». True when either has no « de » complement."""
        a = self.a
        noun = earlier if a.tok[earlier]["lemma"].lower() == lemma else a.tok[earlier]["head"]
        mine, theirs = self.complement(head), self.complement(noun)
        return not mine or not theirs or bool(set(mine) & set(theirs))

    def description(self, head: int, ids: list[int]) -> list[int]:
        """The words of a phrase that describe an unnamed source: the head with its adjectives and its
        « de » complements (« officier du renseignement militaire ukrainien ») and the post it holds (« en
        poste à Moscou »: who the source is), without how it spoke (« sous couvert d'anonymat », « jointe par
        téléphone ») or who relays it."""
        a, lex = self.a, lexicon()
        # « une source au ministère ivoirien » says where the source works; « à l'agence TASS » whom it told.
        works = lex["institution_nouns"] - lex["media_nouns"]
        dropped = {k for c in a.kids(head) if c in ids and a.tok[c]["dep"].startswith("nmod") and a.kids(c, "case")
                   and not any(a.text(m) in ("de", "d'", "du", "des") for m in a.kids(c, "case"))
                   and a.tok[c]["lemma"].lower() != "poste"
                   and not (a.tok[c]["lemma"].lower() in works and any(a.text(m) in ("à", "au", "aux")
                                                                      for m in a.kids(c, "case")))
                   for k in a.subtree(c)}
        # « citée par l'agence RIA Novosti », « jointe par téléphone », wherever the parse hangs the participle: how
        # the words reached the writer; « venu de Busan », « croisé au bar de l'hôtel » say who the source is.
        relayed = {"joindre", "citer", "interroger", "contacter", "interviewer", "solliciter", "cité", "joint"}
        dropped |= {k for c in ids if a.tok[c]["dep"].startswith("acl") and "VerbForm=Part" in a.tok[c]["morph"]
                    and (a.tok[c]["lemma"].lower() in relayed or any(a.text(j) == "par" for j in a.subtree(c)))
                    for k in a.subtree(c)}
        kept = [k for k in ids if k not in dropped] or ids
        # « un diplomate russe | en poste à Pyongyang »: the parse may hang the post, or only its place, on the verb;
        # the words after « poste » up to the next punctuation name the place.
        after = kept[-1] + 1
        if a.tok.get(after, {}).get("text") == "en" and a.tok.get(after + 1, {}).get("lemma", "").lower() == "poste":
            kept += [after, after + 1]
        if a.tok[kept[-1]]["lemma"].lower() == "poste":
            post = k = kept[-1] + 1
            # « en poste à Séoul jusqu'en 2019 »
            while k in a.tok and k - post < 6 and not a.tok[k]["is_punct"] \
                    and a.tok[k]["pos"] in ("ADP", "DET", "NOUN", "PROPN", "ADJ", "NUM"):
                kept.append(k)
                k += 1
        return kept

    def introduced(self, head: int) -> list[dict]:
        """People the article introduced with the role noun of a definite phrase (« l'universitaire » after
        « Park Ji-hoon, universitaire à Yonsei »): the persons named within a few words of an earlier use
        of the same noun, nearest last; nothing for an indefinite phrase (« un universitaire »), except in a
        headline or standfirst, which announce a person the body introduces later (« « … », estime un
        politologue ivoirien » over « le politologue ivoirien Désiré Kouamé Yao »)."""
        a = self.a
        announced = a.tok[head]["kind"] in ("headline", "standfirst")
        # « notre guide » after « notre guide, Mme Ri, … » too.
        if not announced and not any(a.text(d) in ("le", "la", "l'", "les", "cet", "cette", "ce", "notre", "son",
                                                   "sa", "leur") for d in a.kids(head, "det")):
            return []
        lemma = a.tok[head]["lemma"].lower()
        found = []
        # « chercheur » and « chercheuse » share a lemma: another form of the noun is another gender (or number).
        for k in (k for k in a.order if (k < head or announced and a.tok[k]["seg_id"] != a.tok[head]["seg_id"])
                  and k != head and a.tok[k]["lemma"].lower() == lemma and a.text(k) == a.text(head)
                  and self.same_complement(head, k, lemma)):
            sentence = a.sent_tokens[a.tok[k]["sent_id"]]
            near = [j for j in sentence if abs(j - k) <= 6 and (e := a.entity_at(j)) is not None
                    and e["label"] == "PER"]
            if near:
                found.append(a.entity_at(min(near, key=lambda j: abs(j - k))))
        # « le chercheur » is not « la chercheuse » named earlier: the role noun's gender must agree.
        return [e for e in found if agree(self.person_gender(e), noun_gender(a, head))]

    def phrase_type(self, head: int, ids: list[int]) -> str:
        """The type of a speaker phrase that names no entity: an unnamed person (« un responsable
        américain sous couvert d'anonymat », « des diplomates ») is anonymous; media and documents by
        their head noun; an institution or a group named by a demonym (« les Américains ») an organisation;
        None for a phrase that cannot speak (« la visite », « l'accord »)."""
        a, lex = self.a, lexicon()
        lemma = a.tok[head]["lemma"].lower()
        if lemma in lex["media_nouns"]:
            return "media"
        if lemma in lex["document_nouns"]:
            return "document"
        if human_noun(lemma):
            return "anonymous"
        # A group tied to a place or a people can speak (« des initiés de Washington », « les Américains »);
        # a singular thing that mentions one cannot (« tout engagement de troupes nord-coréennes »).
        group = "Number=Plur" in a.tok[head]["morph"]
        # A capitalised noun inside a sentence is a name the tagger missed (« À Paris, Libération titre … »).
        named = a.tok[head]["pos"] == "PROPN" or a.tok[head]["text"][:1].isupper() and a.tok[head]["pos"] != "PRON" \
            and a.sent_tokens[a.tok[head]["sent_id"]][0] != head
        plausible = lemma in lex["institution_nouns"] or named or group and any(
            a.tok[k]["text"].lower() in self.g.demonyms or a.entity_at(k) is not None for k in ids)
        if not plausible:
            return None
        return "anonymous" if a.text(ids[0]) in lex["indefinites"] else "organisation"
