"""Reported clauses (rule 3 of :mod:`presslens.annotate.quotes`): what a reporting verb reports, a clause
with « que », « de » or « pour », or the statement before a postposed attribution."""
from __future__ import annotations

from .speech import COMPLEMENT_MARKS, Article, is_incise, lexicon, que_after, subject_of, trim, verb_group


def is_clause(article: Article, k: int) -> bool:
    """A verb heading a clause: finite, infinitive, a participle with an auxiliary (« qu'il était
    préoccupé »), or introduced by « que »; not a bare participle (« … concernant un accord »)."""
    t = article.tok[k]
    # « a répondu que c'était précisément pour cela »: a copular clause; « a déclaré que les deux délégations
    # aborderaient … » with the verb tagged as an adverb: « que » and a subject make it a clause.
    marked = any(article.text(m) in ("que", "qu'") for m in article.kids(k, "mark"))
    if marked and (article.kids(k, "cop") or article.kids(k, "nsubj")):
        return True
    if t["pos"] not in ("VERB", "AUX", "ADJ"):
        return False
    if "VerbForm=Fin" in t["morph"] or "VerbForm=Inf" in t["morph"]:
        return True
    return any(article.tok[c]["dep"].startswith(("aux", "cop")) or article.text(c) in ("que", "qu'")
               for c in article.kids(k))


def clause_tokens(article: Article, head: int) -> list[int]:
    """A reported clause's tokens: the subtree of its head without a trailing participial gloss (« …, la
    Russie étant engagée … ») or a coordinated speech act (« …, et craignent que … »)."""
    drop: set[int] = set()
    for c in article.kids(head, "advcl", "conj"):
        morph = article.tok[c]["morph"]
        participle = "VerbForm=Part" in morph and "Tense=Pres" in morph
        if (article.tok[c]["dep"] == "advcl" and participle) or article.reporting(c) is not None:
            drop.update(article.subtree(c))
    # A speech act hung deeper (« … des « domaines sensibles » qui ne seraient pas rendus publics, ajoutant que … »)
    # is the speaker's next statement, not part of this one.
    for c in (c for k in article.subtree(head) for c in article.kids(k, "advcl") if k != head):
        morph = article.tok[c]["morph"]
        if "VerbForm=Part" in morph and "Tense=Pres" in morph and article.reporting(c) is not None \
                and article.tok.get(c - 1, {}).get("text") == ",":
            drop.update(article.subtree(c))
    return [k for k in article.subtree(head) if k not in drop]


def complements(article: Article, verb: int) -> list[int]:
    """Heads of the clauses a reporting verb reports (rule 3); none for « se dire heureux de … », which
    describes the speaker rather than reporting what was said."""
    if any(article.text(c) in ("se", "s'") for c in article.kids(verb, "expl:comp", "obj", "expl:pv")) and \
            any(article.tok[c]["pos"] == "ADJ" for c in article.kids(verb, "xcomp")):
        return []
    if article.reporting(verb) in lexicon()["document_verbs"]:
        return []   # a document's wording is reported only between quotation marks (« prévoit une aide … si … »)
    heads = [c for c in article.kids(verb, "ccomp", "xcomp") if is_clause(article, c)]
    # « ont fait savoir qu'ils étaient prêts »: the clause hangs on the second verb of the expression.
    said = (article.reporting(verb) or "").split()[1:]
    heads = [k for c in heads for k in ([j for j in article.kids(c, "ccomp") if is_clause(article, j)] or [c]
                                        if article.tok[c]["lemma"].lower() in said else [c])]
    heads += [c for c in article.kids(verb, "advcl") if is_clause(article, c)
              and any(article.text(m) in ("de", "d'", "pour") for m in article.kids(c, "mark"))]
    for noun in article.kids(verb, "obj", "obl:arg", "iobj"):
        heads += [c for c in article.kids(noun, "acl") if is_clause(article, c)
                  and any(article.text(m) in COMPLEMENT_MARKS for m in article.kids(c, "mark"))]
    opener = que_after(article, verb)
    if not heads and opener is not None:
        # « a reconnu que Washington « n'avait pas … » » with « que » hung elsewhere, « juge pour sa part que … »
        # with « juge » read as a noun: the first finite verb after the « que » that the verb governs.
        heads = [c for c in article.kids(verb, "ccomp", "advcl", "acl", "parataxis", "conj", "xcomp") if c > opener
                 and "VerbForm=Fin" in article.tok[c]["morph"]][:1]
    return sorted(set(heads))


def reported_tokens(article: Article, verb: int, head: int) -> list[int]:
    """The words a reporting verb reports through the clause headed by ``head`` (:func:`clause_tokens`), with
    the words between its « que » and the clause that the parse hung elsewhere (« que Washington « n'avait … »
    » with « Washington » on the main verb)."""
    ids = clause_tokens(article, head)
    opener = que_after(article, verb)
    if opener is not None and ids and opener < ids[0]:
        ids = sorted(set(ids) | set(range(opener + 1, ids[0])))
    return ids


def postposed_clause(article: Article, verb: int) -> list[int]:
    """The clause a postposed attribution reports (« Les États-Unis … imposeront des sanctions, a averti
    M. Miller »), or one set inside it (« Les rapports du Groupe, a-t-il affirmé, se réduisent à … »), or
    nothing. The verb is an incise with its own subject after it (or a clitic), and the clause is either the
    clause the verb hangs on or a clausal child of the verb."""
    if not is_incise(article, verb):
        return []
    subject, method = subject_of(article, verb, inverted_ok=True)
    if subject is None or method == "inherited" or (subject < verb and not article.text(subject).startswith("-")):
        return []
    own = set(article.subtree(verb))
    head = article.tok[verb]["head"]
    closing = max(own) + 1
    interposed = head > verb and article.tok.get(closing, {}).get("text") == "," \
        and article.tok[head]["pos"] in ("VERB", "AUX", "ADJ")
    if interposed or (head == verb and article.tok.get(closing, {}).get("text") == ","):
        # The words on both sides, whichever of the two verbs the parse hung the first ones on (or the incise
        # made the sentence's root: « Le traité, a-t-il rappelé, prévoit … »).
        opening = verb_group(article, verb)[0] - 1
        pool = set(article.sent_tokens[article.tok[verb]["sent_id"]]) - set(range(opening, closing + 1))
        return trim(article, sorted(pool))
    # « Les sanctions, a-t-il argué, ne sauraient être … » parsed with the incise as the sentence's root: the
    # words on both sides of « , verb-clitic , ».
    group = verb_group(article, verb)
    end = max(group + [k for k in article.kids(verb, "nsubj") if k > verb and article.text(k).startswith("-")])
    sentence = article.sent_tokens[article.tok[verb]["sent_id"]]
    if head == verb and article.tok.get(end + 1, {}).get("text") == "," and group[0] - 1 > sentence[0] \
            and any(k > end + 1 and not article.tok[k]["is_punct"] for k in sentence):
        return trim(article, [k for k in sentence if not group[0] - 1 <= k <= end + 1])
    if head != verb and head < verb:
        candidates = [head]
    else:
        candidates = [c for c in article.kids(verb) if c < verb and article.tok[c]["pos"] in ("VERB", "AUX", "ADJ")
                      and article.tok[c]["dep"] not in ("nsubj", "aux", "aux:tense", "aux:pass")]
    # Words before the comma that a misparse hung on the incise verb (« … tous ceux qui tiennent à la paix, a
    # estimé X » with « ceux » as its subject) belong to the clause.
    stray = {k for s in article.kids(verb, "nsubj") if s < verb_group(article, verb)[0] - 1 for k in article.subtree(s)}
    # « Selon lui, le vrai gain est ailleurs : dans l'accès à …, précise-t-il »: a colon before the incise ends
    # a statement attributed on its own (by a « selon » or a verb), not one that only announces what follows.
    colon = max((k for k in sentence if k < verb and article.text(k) == ":" and not article.tok[k]["in_quote"]),
                default=None)
    if colon is not None and any(article.text(k) in lexicon()["markers"] or article.reporting(k) is not None
                                 for k in sentence if k < colon):
        return trim(article, [k for k in sentence if colon < k < group[0]])
    for c in candidates:
        pool = set(article.subtree(c)) if c != head else set(article.subtree(c)) - own | stray
        clause = trim(article, sorted(k for k in pool if k < verb))
        if clause:
            return clause
    return []
