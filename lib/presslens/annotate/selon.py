"""« Selon X », « d'après X » and « Pour X, » (rule 4 of :mod:`presslens.annotate.quotes`): the marker, the
source it names when it can be one, and the clause it attributes."""
from __future__ import annotations

from .speech import RELATIVE, Article, lexicon, trim


def find_selon(article: Article, sent_id: int) -> tuple[list[int], list[int]] | None:
    """A « selon X » / « d'après X » outside quotes: ``(marker tokens, source phrase)``.

    The source runs from the marker to the next comma or colon; after a relative « selon lesquelles »
    it is the noun phrase just before the marker (« les accusations américaines selon lesquelles … »)."""
    key = ("selon", sent_id)
    if key not in article.memo:
        article.memo[key] = _find_selon(article, sent_id)
    return article.memo[key]


def _find_selon(article: Article, sent_id: int) -> tuple[list[int], list[int]] | None:
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
        if any(article.tok[j]["pos"] in ("NOUN", "PROPN", "PRON") for j in phrase) and source_ok(article, phrase):
            return marker, phrase
    return None


def a_noun_follows(article: Article, k: int) -> bool:
    """Whether a noun phrase follows token ``k`` (« Pour Washington », « pour le chef de … »), not a verb or
    an adverb (« Pour lire tous nos articles », « pour autant »)."""
    nxt = article.tok.get(k + 1)
    return nxt is not None and nxt["pos"] in ("PROPN", "NOUN", "DET", "PRON")


def source_ok(article: Article, phrase: list[int]) -> bool:
    """Whether a « selon / d'après / pour » phrase can be a source: it names an entity or a pronoun, or its
    nouns are people, institutions, media or documents (not « selon les conditions météorologiques »,
    « selon le degré d'implication », « pour la première fois »)."""
    lex = lexicon()
    nouns = lex["person_nouns"] | lex["institution_nouns"] | lex["media_nouns"] | lex["document_nouns"] | \
        lex["channel_nouns"]
    first = next((j for j in phrase if article.tok[j]["pos"] in ("NOUN", "PROPN", "PRON")), None)
    if first is None:
        return False
    if article.tok[first]["lemma"].lower() in lex["channel_nouns"] and any(
            article.text(d) in ("notre", "nos") for d in article.kids(first, "det")):
        return False   # « selon nos informations », « d'après nos calculs »: the newsroom's own reporting
    # « selon les Occidentaux », « selon M. Poutine », « selon des initiés de Washington »
    named = any(article.entity_at(j) is not None for j in phrase) or article.tok[first]["text"][:1].isupper()
    return named or article.tok[first]["pos"] == "PRON" or article.tok[first]["lemma"].lower() in nouns


def selon_parts(article: Article, sent_id: int, marker: list[int], phrase: list[int]
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
    return trim(article, without_apposition(article, before_colon(article, clause, phrase), phrase)), head, source


def before_colon(article: Article, clause: list[int], phrase: list[int]) -> list[int]:
    """The clause up to a colon after the source when what follows the colon is attributed on its own, a
    quotation or an incise (« Selon la chercheuse, le texte laisse une marge : rien ne dit …, relève-t-elle »,
    « Selon lui, les transferts resteront limités : « … » »); the whole clause otherwise."""
    colon = next((k for k in clause if k > phrase[-1] and article.text(k) == ":" and not article.tok[k]["in_quote"]), None)
    if colon is None:
        return clause
    rest = [k for k in article.sent_tokens[article.tok[colon]["sent_id"]] if k > colon]
    if not any(article.tok[k]["in_quote"] or article.reporting(k) is not None for k in rest):
        return clause
    return [k for k in clause if k < colon]


def without_apposition(article: Article, clause: list[int], phrase: list[int]) -> list[int]:
    """The clause without the description that follows its source between commas (« Pour Julien Kessler, maître de
    conférences à l'université de Strasbourg, cet envoi marque … »): words with no finite verb and nothing quoted,
    up to the next comma, when the clause goes on after it."""
    after = phrase[-1] + 1
    if article.tok.get(after, {}).get("text") != ",":
        return clause
    sentence = article.sent_tokens[article.tok[after]["sent_id"]]
    close = next((k for k in sentence if k > after and article.tok[k]["text"] == ","), None)
    if close is None:
        return clause
    between = range(after + 1, close)
    described = all(not article.tok[k]["in_quote"] and "VerbForm=Fin" not in article.tok[k]["morph"] for k in between)
    rest = [k for k in clause if k > close]
    # The words hang on the source (an apposition), not on the clause (« Selon Washington, la Russie, affaiblie, … »).
    tops = {article.tok[k]["head"] for k in between if article.tok[k]["head"] not in between}
    if not described or not between or not rest or not tops or not tops <= set(phrase):
        return clause
    return [k for k in clause if k not in between and k != close]
