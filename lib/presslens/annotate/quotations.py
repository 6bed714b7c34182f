"""Where the quotations of an article are (rule 1 of :mod:`presslens.annotate.quotes`): runs of words
between quotation marks, split at an attribution set inside them and joined across paragraphs when the
quotation goes on, interview answers that carry no marks, and whether a quotation is a full statement."""
from __future__ import annotations

import re

from ..clean.quotemarks import QUOTE_MARKS
from ..corpus.gazetteer import normalise_name
from .speech import Article, clitic_of, lexicon, trim, verb_group


def inner_incises(article: Article) -> set[int]:
    """Tokens of attributions set inside a quotation (« Ce déploiement, a-t-il déclaré devant la presse,
    montre … »): a reporting verb right after a comma with its subject after it (a clitic, or a name), up to
    the next comma or full stop.
    They split the quotation in two and attribute both halves."""
    inside: set[int] = set()
    for v in article.order:
        t = article.tok[v]
        if not t["in_quote"]:
            continue
        # « …, tranche Lucie Ferrand, … »: the tagger may read the verb as a noun before a name.
        named_after = article.tok.get(v - 1, {}).get("text") == "," and v + 1 in article.tok \
            and (e := article.entity_at(v + 1)) is not None and e["label"] == "PER"
        verbal = t["pos"] == "VERB" or (t["pos"] in ("NOUN", "ADJ") and named_after)
        lemma = article.verb_lemma(v) if t["pos"] == "VERB" else next(
            (f for f in (t["lemma"].lower() + "r", t["lemma"].lower() + "er") if f in lexicon()["verbs"]), "")
        if not t["in_quote"] or not verbal or lemma not in lexicon()["verbs"]:
            continue
        group = verb_group(article, v)
        # « a-t-il déclaré », or a named subject after the verb (« a déclaré l'ambassadrice X »).
        subject = clitic_of(article, v) or next((k for k in article.kids(v, "nsubj", "obj") if k > v
                                                 and article.tok[k]["pos"] in ("NOUN", "PROPN")), None) \
            or (v + 1 if named_after else None)
        if subject is None or article.tok.get(group[0] - 1, {}).get("text") != ",":
            continue
        sentence = article.sent_tokens[t["sent_id"]]
        # « Nous n'avons pas choisi cette confrontation, a-t-elle lancé. Mais … »: the incise may close a sentence.
        end = next((k for k in sentence if k > subject and article.tok[k]["text"] in (",", ".", "»", "”")), None)
        if end is not None and article.tok[end]["text"] in (",", "."):
            inside.update(range(group[0] - 1, end + 1))
    return inside


def continues(article: Article, run: list[int], nxt: list[int]) -> bool:
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


#: Transcript labels by role (« Journaliste : », « Invité : », « Voix off : »): who asks, who answers, who
#: narrates. Only the answers are quoted speech, the interviewee's.
ASKING = {"journaliste", "question", "q", "présentateur", "présentatrice", "intervieweur"}
ANSWERING = {"invité", "invitée", "réponse", "r"}
NARRATING = {"voix off", "commentaire", "narrateur"}
#: An interview page: its credit line or its rubric. Without labels, its answers are the paragraphs after
#: each question.
INTERVIEW = re.compile(r"(?m)^(?:(?i:propos recueillis par|entretien réalisé par)"
                       r"|(?:GRAND )?(?:ENTRETIEN|INTERVIEW))\b")


def label_of(a: Article, tokens: list[int]) -> list[int] | None:
    """The speaker label that opens an interview paragraph (« Hélène Marchetti : », « H. M. : »,
    « Invité : », « Journaliste : »): the tokens before a colon among a paragraph's first six, when they are a
    person's name, initials or a transcript role (:data:`ASKING`, :data:`ANSWERING`, :data:`NARRATING`)."""
    # « RÉPONSE (M. MILLER) : », « QUESTION (agence de presse japonaise) : »: a bracket may qualify the label.
    colon = next((k for n, k in enumerate(tokens[:12]) if a.tok[k]["text"] == ":"
                  and (n < 6 or a.tok[tokens[n - 1]]["text"] == ")")), None)
    if colon is None or colon == tokens[0]:
        return None
    label = [k for k in tokens if k < colon]
    words = [a.tok[k]["text"] for k in label]
    person = (e := a.entity_at(label[0])) is not None and e["label"] == "PER" and e["end_char"] >= a.tok[label[-1]]["end_char"]
    return label if initials(words) or person or role_of(words) else None


def initials(words: list[str]) -> str | None:
    """The initials a speaker label spells (« H. M.-R. » → « HMR », « J.-F. B. » → « JFB »): in, the label's
    words; out, the letters, or None when a word is more than initials (« Hélène : »)."""
    parts = [p for w in words for p in re.split(r"[.\-\u2011]", w) if p]
    if not parts or not all(len(p) == 1 and p.isupper() for p in parts):
        return None
    return "".join(parts)


def name_initials(name: str) -> str:
    """The initials of a name (« Hélène Marchetti-Roy » → « HMR », « Jean-François Bélanger » → « JFB »)."""
    return "".join(p[0] for p in re.split(r"[\s\-\u2011]+", name) if p).upper()


def role_of(words: list[str]) -> str:
    """``ask``, ``answer`` or ``narrate`` for a transcript role label, else ``""`` (a name); a bracket after the
    role (« RÉPONSE (M. MILLER) ») qualifies it."""
    words = words[:words.index("(")] if "(" in words else words
    said = " ".join(words).lower().replace("’", "'").removeprefix("l'")
    return "ask" if said in ASKING else "answer" if said in ANSWERING else "narrate" if said in NARRATING else ""


def newsroom(a: Article, label: list[int]) -> bool:
    """Whether a name label is the page's own journalist: a person the page describes by a ``newsroom_nouns``
    noun, after the name (« Julien Ferrat, journaliste au service International ») or before it (« notre
    correspondante Anne Vidal »), or the host a broadcast's credit names (« Présenté par … »)."""
    person = a.entity_at(label[0])
    if person is None or person["label"] != "PER":
        return False
    nouns = lexicon()["newsroom_nouns"]
    for e in a.entities:
        k = a.first_token(e)
        # A label in capitals names the person the credits write in lower case.
        if normalise_name(e["canonical"]) != normalise_name(person["canonical"]) or k is None or a.tok[k]["in_quote"]:
            continue
        end = next((j for j in range(k, k + 8) if j in a.tok and a.tok[j]["end_char"] >= e["end_char"]), k)
        after = [a.tok[j]["lemma"].lower() for j in (end + 1, end + 2) if j in a.tok]
        before = [a.text(j) for j in (k - 2, k - 1) if j in a.tok]
        # « Présenté par Anne-Sophie Delorme »: a broadcast's host is its newsroom too.
        hosts = before[1:] == ["par"] and k - 2 in a.tok and a.tok[k - 2]["lemma"].lower() in (
            "présenter", "présenté", "présentée", "animer", "animé", "animée")
        if after[:1] == [","] and after[1:] and after[1] in nouns or before[:1] in (["notre"], ["nos"]) \
                and before[1:] and before[1] in nouns or hosts:
            return True
    return False


def answers(a: Article) -> list[tuple[list[int], list[int] | None]]:
    """Interview answers: a body paragraph opening with a speaker label, up to the next question (a
    paragraph ending with « ? ») or label; in an interview page without labels (:data:`INTERVIEW`), the
    paragraphs after each question. Returns ``(answer tokens, label tokens or None)`` pairs; the answer,
    quoted without quotation marks, is the labelled person's, or the interviewee's."""
    paragraphs: dict[int, list[int]] = {}
    for k in a.order:
        if a.tok[k]["kind"] == "body":
            paragraphs.setdefault(a.tok[k]["seg_id"], []).append(k)
    labels = {seg: label_of(a, tokens) for seg, tokens in paragraphs.items()}
    unlabelled = not any(labels.values()) and INTERVIEW.search(a.raw) is not None
    out, current, asked = [], None, False
    for seg in sorted(paragraphs):
        tokens, label = paragraphs[seg], labels[seg]
        question = a.tok[tokens[-1]]["text"] == "?"
        role = role_of([a.tok[k]["text"] for k in label]) if label is not None else ""
        if label is not None and not role and (question or newsroom(a, label)):
            role = "ask"   # « Léa Schaffner : Et que demande Pyongyang ? », or the page's own journalist answering
        if label is not None and role in ("", "answer"):
            current = (trim(a, [k for k in tokens if k > label[-1] + 1], linking=False), label)
            out.append(current)
            if all(a.tok[k]["in_quote"] for k in current[0] if not a.tok[k]["is_punct"]):
                current = None   # a quotation closed in its paragraph does not go on in the next
        elif label is None and current is not None and not question \
                and seg == a.tok[current[0][-1]]["seg_id"] + 1:
            current[0].extend(tokens)   # the answer goes on in the next paragraph
        elif unlabelled and asked and not question:
            current = (trim(a, list(tokens), linking=False), None)
            out.append(current)
        else:
            current = None
        asked = (asked or question) if unlabelled else asked
    # « Dmitri Peskov : « Je vous renvoie … » »: an answer in quotation marks is a quotation, introduced by its
    # label as by a colon; it is not read twice.
    return [(ids, label) for ids, label in out if ids and not all(
        a.tok[k]["in_quote"] for k in ids if not a.tok[k]["is_punct"])]


def quote_runs(article: Article) -> list[list[int]]:
    """Quotations as token runs: maximal runs of consecutive in-quote tokens within one segment, split at an
    attribution set inside them (``article.incises``, from :func:`inner_incises`), and joined across
    paragraphs when the quotation continues."""
    incises = article.incises
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
    # « « pour l'instant » », « « de la logistique » »: the quoted words whole.
    runs = [trim(article, r, linking=False) or r for r in runs]
    joined: list[list[int]] = []
    for run in runs:
        if joined and continues(article, joined[-1], run):
            joined[-1] = joined[-1] + run
        else:
            joined.append(run)
    return joined


def is_direct(article: Article, run: list[int]) -> bool:
    """Direct: a finite verb, and the quote opens its clause (rule 1)."""
    finite = any("VerbForm=Fin" in article.tok[k]["morph"] for k in run)
    sentence = article.sent_tokens[article.tok[run[0]]["sent_id"]]
    before = [k for k in sentence if k < run[0] and article.tok[k]["text"] not in QUOTE_MARKS]
    return finite and (not before or article.tok[before[-1]]["text"] in (",", ":", "(", "—", "–"))
