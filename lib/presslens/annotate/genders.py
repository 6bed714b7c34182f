"""Grammatical and social gender of the people a speaker phrase may stand for: what the gazetteer, the parse
and the article's titles and determiners say, and whether two genders agree."""
from __future__ import annotations

from ..corpus.gazetteer import Gazetteer
from .speech import Article, human_noun, lexicon


def known_gender(gazetteer: Gazetteer, entity_id: str) -> str | None:
    """The gender the gazetteer gives a person (``Fem``, ``Masc``), or None."""
    entity = gazetteer.entities.get(entity_id or "")
    return {"F": "Fem", "M": "Masc"}.get(entity.gender) if entity is not None else None


def gender_of(article: Article, k: int) -> str | None:
    """The grammatical gender the parse gives token ``k`` (``Masc``, ``Fem``), or None."""
    return next((f.split("=")[1] for f in article.tok[k]["morph"].split("|") if f.startswith("Gender=")), None)


def noun_gender(article: Article, head: int) -> str | None:
    """The gender of a role noun phrase: its determiner's (« une diplomate »), else the noun's own when the
    form marks it (« chercheuse », « ambassadeur »; the tagger gives an epicene « diplomate » its default
    masculine)."""
    said = next((g for d in article.kids(head, "det") if (g := gender_of(article, d))), None)
    own = gender_of(article, head)
    # A form in « e » that is its own lemma (« universitaire » after « l' ») is epicene whatever the tagger guessed;
    # « présidente » (lemma « président ») marks the feminine.
    epicene = article.text(head).endswith("e") and article.tok[head]["lemma"].lower() == article.text(head)
    return said or (own if own == "Fem" and not epicene or not article.text(head).endswith("e") else None)


def pronoun_gender(article: Article, head: int) -> str | None | bool:
    """For a speaker head that is a pronoun (« il », « elle », « ce dernier », « celle-ci »): its gender, or
    None when it has none; False when ``head`` is not a pronoun."""
    lex, word = lexicon(), article.text(head)
    if word in ("celui", "celle", "ceux", "celles") and article.tok.get(head + 1, {}).get("text") == "-" \
            and article.tok.get(head + 2, {}).get("text", "").lower() in ("ci", "là"):
        word = f"{word}-{article.text(head + 2)}"   # the tokenizer may split « Celle-ci »
    if word in lex["demonstratives"]:
        return lex["demonstratives"][word]
    if article.tok[head]["lemma"].lower() == "dernier" and any(
            article.text(d) in ("ce", "cet", "cette", "ces") for d in article.kids(head, "det")):
        return "Fem" if word.startswith("dernière") else "Masc"
    if word in lex["pronouns"]:
        return "Fem" if "elle" in word else "Masc" if "il" in word else None
    return False


def person_gender(article: Article, entity: dict) -> str | None:
    """The gender the article gives a person: a civility (« Mme », « M. ») or a determiner or role noun in
    front of any mention of the same name (« la ministre Choe Son Hui », « la chercheuse X »)."""
    for e in article.entities:
        if e["canonical"] != entity["canonical"]:
            continue
        first = next((k for k in article.order if article.tok[k]["start_char"] == e["start_char"]), None)
        if first is None:
            continue
        # « la ministre …, Choe Son Hui » / « Choe Son Hui, la ministre … »: the role noun in apposition.
        roles = [article.tok[first]["head"]] if article.tok[first]["dep"] == "appos" else []
        roles += article.kids(first, "appos")
        for k in roles:
            # « Dans un café de Gangnam, Ji-woo, … » hangs the name on the café: an adverbial is no role.
            if article.tok[k]["pos"] != "NOUN" or article.tok[k]["dep"].startswith("obl"):
                continue
            # A determiner says it (« la spécialiste »); without one, a noun ending in « e » is mostly epicene
            # (« spécialiste », « interprète », « ministre ») and the tagger's gender is a guess: only a form that
            # marks it (« chercheuse », « chercheur ») is evidence (:func:`noun_gender`).
            if noun_gender(article, k):
                return noun_gender(article, k)
        # « Ji-woo, étudiante en relations internationales, … »: a person noun right after the name and a comma,
        # which the parse may not hang on it (or read as an adjective).
        last = first
        while last + 1 in article.tok and article.tok[last + 1]["start_char"] < e["end_char"]:
            last += 1
        if article.tok.get(last + 1, {}).get("text") == ",":
            noun = next((k for k in (last + 2, last + 3) if k in article.tok and article.tok[k]["pos"] != "DET"), None)
            if noun is not None and article.tok[noun]["pos"] in ("NOUN", "ADJ") \
                    and human_noun(article.tok[noun]["lemma"].lower()) and noun_gender(article, noun):
                return noun_gender(article, noun)
        for k in (first - 1, first - 2):
            if k not in article.tok or article.tok[k]["is_punct"]:
                break
            word = article.text(k)
            if word in ("mme", "madame", "mlle"):
                return "Fem"
            if word in ("m.", "monsieur"):
                return "Masc"
            if article.tok[k]["pos"] in ("DET", "NOUN", "ADJ") and gender_of(article, k):
                return gender_of(article, k)
    return None


def agree(a: str | None, b: str | None) -> bool:
    """Genders agree unless both are known and differ."""
    return a is None or b is None or a == b
