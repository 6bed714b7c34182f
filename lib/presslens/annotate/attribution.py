"""Whose a quotation is (rule 2 of :mod:`presslens.annotate.quotes`): a reporting verb around or inside it,
« selon », a colon introduction, the sentence after it, the previous speaker, or the words of an
attributed quote it echoes; else nobody (a quoted term)."""
from __future__ import annotations

from dataclasses import replace

from ..corpus.gazetteer import normalise_name
from .clauses import complements
from .quotations import initials, is_direct, name_initials, role_of
from .selon import find_selon, selon_parts
from .genders import person_gender, pronoun_gender
from .speakers import Resolver, Speaker, entity_speaker
from .speech import DETERMINERS, Article, comparative, is_incise, lexicon, opening_phrases, phrase_of, subject_of


#: A floating quote inherits a speaker only from a quote at most this many segments back.
FLOATING_REACH = 2


def attribute(a: Article, resolver: Resolver, run: list[int]) -> tuple[list[Speaker], str, str, str]:
    """Speakers, verb, verb type and how they were found (:data:`ATTRIBUTIONS`) for a quotation (rule 2).

    In order: a reporting verb of the quote's sentence (before, around or inside it, or of an incise that
    interrupted the quotation just before: :func:`interrupting`), a « selon », a quoted predicate, a dash
    that signs the quote (:func:`dash_label`), the voice of the sentence before in the paragraph
    (:func:`goes_on`), a sentence ending with a colon or a verbless introduction, the next sentence when it
    only attributes (« Ce sont les mots de Kim Jong-un », « C'est ce qu'a affirmé X »), then, for a full
    statement of the body, the person the paragraph brings in (:func:`opening_subject`) or the previous
    speaker of the passage. A fragment nobody is said to utter is a quoted term: no speaker (« … », how =
    ``none``), unless it echoes an attributed quote (:func:`echo`)."""
    sent_id = a.tok[run[-1]]["sent_id"]
    sents = {a.tok[run[0]]["sent_id"], sent_id}
    verbs = [k for s in sorted(sents) for k in a.sent_tokens[s] if a.reporting(k) is not None]
    # « « Ce qui compte, c'est l'article 4, souligne-t-il. Pour la première fois … » »: the words after an incise
    # that closed a sentence inside the marks are still its speaker's.
    verbs += [v for v in interrupting(a, run) if v not in verbs]
    governing = [v for v in verbs if set(run) & set(a.subtree(v))]
    named_as = naming_noun(a, run)
    if named_as in lexicon()["title_nouns"] | lexicon()["mention_nouns"]:
        return [Speaker()], "", "none", "none"   # a title, or a word mentioned rather than used
    # « un traité de « partenariat … », un rapprochement qualifié de « percée historique » par … »: a verb that
    # introduces a quotation of its own after it does not claim one before it that it does not govern.
    verbs = [v for v in verbs if v in governing or v < run[0] or is_incise(a, v) or v in a.incises
             or not any(a.tok[c]["in_quote"] and c > v and c not in run for c in a.kids(v))]
    # « L'Algérie « ne prend parti pour aucun bloc » et défend les alliances qu'il souhaite, a-t-elle expliqué »: a
    # relative clause after the quote, its subject before its verb, describes; it does not attribute.
    verbs = [v for v in verbs if v in governing or v < run[0] or v in a.incises or is_incise(a, v)
             or not (a.tok[v]["dep"] == "acl:relcl" and any(k < v for k in a.kids(v, "nsubj")))]
    selon = find_selon(a, sent_id)
    # « … une « escalade dangereuse » selon le secrétaire général » : a « selon » right after the quote is its
    # source, whatever verb the sentence has.
    right_after = selon is not None and 0 < selon[0][0] - run[-1] <= 2
    # « D'après l'universitaire, les pays du Sud auraient tort de se réjouir de cette « multipolarité » »: an
    # infinitive is no speech act of its own; the « selon » before it gives the sentence its source.
    acting = [v for v in governing if "VerbForm=Inf" not in a.tok[v]["morph"]]
    if verbs and not right_after and not (selon is not None and selon[0][0] < run[0] and not acting):
        # Nearest governing verb first; a verb whose subject cannot speak (« tout déploiement relèverait
        # d'« une affaire … » ») gives way to the next one (« …, a affirmé que … »).
        near = sorted(verbs, key=lambda v: (v not in governing, min(abs(v - run[0]), abs(v - run[-1]))))
        for verb in near:
            after = verb > run[-1] or verb in a.incises
            head, method = subject_of(a, verb, inverted_ok=after or comparative(a, verb))
            speakers = resolver.resolve_all(head, method)
            if not speakers[0].known and verb < run[0]:
                # « Autour de la table, un étudiant venu de Busan, qui a requis l'anonymat, résume : « … » » with the
                # relative hung on « Autour »: the person the clause before the verb names.
                speakers = [person_noun(a, resolver, [k for k in a.sent_tokens[a.tok[verb]["sent_id"]] if k < verb])
                            or speakers[0]]
            previous = resolver.previous
            gender = pronoun_gender(a, head) if head is not None else None
            # A paragraph that brings in a person as its first sentence's subject gives the pronoun to that person.
            introduced = a.tok[run[0]]["seg_id"] != resolver.previous_seg and speakers[0].known \
                and speakers[0].speaker_type == "person" and opening_subject(a, run) is not None
            if after and head is not None and speakers[0].method == "pronoun" and previous is not None \
                    and a.verb_lemma(verb) in lexicon()["continuations"] and previous.speaker_type == "person" \
                    and (gender is None or previous.gender in (None, gender)) and not introduced:
                # « …, poursuit-il » goes on with the last speaker, whoever the narration named in between.
                speakers = [replace(previous, text=speakers[0].text, method="pronoun")]
            if speakers[0].known or verb == near[-1]:
                lemma = a.reporting(verb)
                return speakers, lemma, a.verb_type(lemma), "incise" if after else "verb"
    if selon is not None:
        _, head, source = selon_parts(a, sent_id, *selon)
        return [resolver.resolve(head, "selon", source)], "selon", "attribution", "selon"
    announced = colon_subject(a, resolver, run)
    if announced is not None:
        return [announced], "", "none", "colon"
    predicate = quoted_predicate(a, resolver, run)
    if predicate is not None:
        return [predicate], "", "none", "verb"
    signed = dash_label(a, resolver, run)
    if signed is not None:
        return [signed], "", "none", "next_sentence"
    direct = is_direct(a, run)
    # « [SONORE] Kim Soo-jin, retraitée : ¶ “ … ” »: a label line names the voice, whoever spoke before.
    labelled = introducing_subject(a, resolver, run) if direct and label_line(a, run) else None
    if labelled is not None:
        return [labelled], "", "none", "colon"
    if direct and goes_on(a, resolver, run):
        # « « … », reconnaît Maëlle, 20 ans. « Puis j'ai vu que le Pentagone confirmait. » »: the next quotation
        # of the paragraph is the same voice, whatever the next sentence's subject.
        return [replace(resolver.previous, method="floating")], "", "none", "carryover"
    introduced = introducing_subject(a, resolver, run) if direct else None
    if introduced is not None:
        return [introduced], "", "none", "colon"
    # « Ces mots sont ceux de X, qui a longtemps plaidé … »: the sentence that says whose words they were
    # comes before any verb of its relative clauses.
    # A statement without a verb (« « Un tournant dangereux pour toute l'Asie. » La formule est du … ») is
    # named like a full one when it is a sentence of its own.
    whole = direct or all(a.tok[k]["in_quote"] for k in a.sent_tokens[a.tok[run[0]]["sent_id"]]
                          if not a.tok[k]["is_punct"])
    named = naming_sentence(a, resolver, run) if whole else None
    if named is not None:
        return [named], "", "none", "next_sentence"
    for how, verb in (("colon", colon_verb(a, run)), ("next_sentence", next_verb(a, run) if direct else None)):
        if verb is not None:
            head, method = subject_of(a, verb, inverted_ok=True)
            lemma = a.reporting(verb)
            speakers = resolver.resolve_all(head, method)
            if speakers[0].known:
                return speakers, lemma, a.verb_type(lemma), how
    if whole:
        following = following_subject(a, resolver, run)
        if following is not None:
            return [following], "", "none", "next_sentence"
        across = introducing_subject(a, resolver, run, across=True) if direct else None
        if across is not None:
            return [across], "", "none", "carryover"
        previous = resolver.previous
        opener = opening_subject(a, run) if direct and a.tok[run[0]]["seg_id"] != resolver.previous_seg else None
        introduced = resolver.resolve(opener, "subject") if opener is not None else None
        if introduced is not None and introduced.known and introduced.speaker_type == "person":
            # A paragraph that brings in a person and then quotes without attribution quotes that person.
            return [replace(introduced, method="floating")], "", "none", "carryover"
        # Only a full statement of the body carries over: a verbless line is a quoted term or an echo, and a
        # subheading's quote (« « Ils apprennent la guerre moderne » ») announces words the body gives later.
        if direct and previous is not None and a.tok[run[0]]["seg_id"] - resolver.previous_seg <= FLOATING_REACH \
                and a.tok[run[0]]["kind"] not in ("headline", "subheading"):
            return [replace(previous, method="floating")], "", "none", "carryover"
    return [Speaker()], "", "none", "none"


def opening_subject(a: Article, run: list[int]) -> int | None:
    """The subject of the narrator's sentence that opens a quotation's paragraph when it names a person (« Le
    professeur Renaud Keravec, politologue …, a suivi le sommet. « … », insiste-t-il. », « Sur le parking, Sergueï,
    chauffeur routier, attend … »), else None."""
    segment = a.tok[run[0]]["seg_id"]
    first = next((k for k in a.order if a.tok[k]["seg_id"] == segment), None)
    if first is None or first >= run[0]:
        return None
    sentence = [k for k in a.sent_tokens[a.tok[first]["sent_id"]] if k < run[0]]
    return next((k for k in sentence if a.tok[k]["dep"] == "nsubj" and not a.tok[k]["in_quote"] and (
        (e := a.entity_at(k)) is not None and e["label"] == "PER"
        or any((e := a.entity_at(j)) is not None and e["label"] == "PER" for j in phrase_of(a, k)))), None)


def dash_label(a: Article, resolver: Resolver, run: list[int]) -> Speaker | None:
    """The person a dash after the closing mark signs the quotation with (« « … » — Min-ji Park (08:55) »), in
    the same paragraph; None when no dash follows or what follows it names nobody who can speak."""
    k = run[-1] + 1
    while k in a.tok and a.tok[k]["is_punct"] and a.text(k) not in ("—", "–"):
        k += 1
    if k not in a.tok or a.text(k) not in ("—", "–") or k + 1 not in a.tok \
            or a.tok[k + 1]["seg_id"] != a.tok[run[-1]]["seg_id"] or k - run[-1] > 3:
        return None
    entity = a.entity_at(k + 1)
    if entity is not None and entity["label"] == "PER":
        return entity_speaker(resolver.g, entity, entity["text"], "subject", [entity["text"]], person_gender(a, entity))
    speaker = resolver.resolve(k + 1, "subject")
    return speaker if speaker.known and speaker.speaker_type in ("person", "anonymous", "organisation", "media") else None


def goes_on(a: Article, resolver: Resolver, run: list[int]) -> bool:
    """Whether a quotation that opens its sentence follows, in the same paragraph, a sentence whose last
    quotation is the previous speaker's (« « … », souffle Iryna. « … » », « X « … », a-t-elle précisé. « … » »)."""
    sentence = a.sent_tokens[a.tok[run[0]]["sent_id"]]
    before = neighbour(a, run, -1)
    if resolver.previous is None or not before or a.tok[before[0]]["seg_id"] != a.tok[run[0]]["seg_id"] \
            or any(k < run[0] and not a.tok[k]["is_punct"] for k in sentence):
        return False
    quoted = [k for k in before if a.tok[k]["in_quote"] and not a.tok[k]["is_punct"]]
    return bool(quoted) and quoted[-1] <= resolver.previous_at <= before[-1]


def interrupting(a: Article, run: list[int]) -> list[int]:
    """The reporting verb of an incise that interrupts a quotation right before this part of it (« « …,
    souligne-t-il. Pour la première fois … » »), when the incise closed a sentence so that the part after it
    is a sentence of its own; else nothing."""
    k = run[0] - 1
    while k in a.tok and a.tok[k]["is_punct"] and k not in a.incises:
        k -= 1
    if k not in a.incises or a.tok[k]["seg_id"] != a.tok[run[0]]["seg_id"]:
        return []
    group = []
    while k in a.incises:
        group.append(k)
        k -= 1
    return [v for v in sorted(group) if a.reporting(v) is not None][:1]


def quoted_predicate(a: Article, resolver: Resolver, run: list[int]) -> Speaker | None:
    """The subject of a quoted predicate: a quotation that opens with its own finite verb, whose subject stands
    before it outside the marks (« Washington « surveille de très près » le rapprochement »), gives the words to
    that subject. Only a subject that can speak (a person, a source, an institution, a state, a medium)."""
    first = next((k for k in run if not a.tok[k]["is_punct"]), None)
    if first is None or a.text(first) in ("ne", "n'"):
        first = next((k for k in run if k > (first or run[0]) and not a.tok[k]["is_punct"]), None)
    if first is None or a.tok[first]["pos"] not in ("VERB", "AUX") or "VerbForm=Fin" not in a.tok[first]["morph"]:
        return None
    verb = a.tok[first]["head"] if a.tok[first]["dep"].startswith("aux") else first
    subject = next((k for k in a.kids(verb, "nsubj") if k < run[0] and not a.tok[k]["in_quote"]), None)
    if subject is None:
        # A headline's broken parse: the noun phrase right before the opening mark.
        sentence = a.sent_tokens[a.tok[run[0]]["sent_id"]]
        before = [k for k in sentence if k < run[0] and not a.tok[k]["in_quote"] and a.text(k) not in "«“\""]
        subject = opening_phrases(a, before) if before and not a.tok[before[-1]]["is_punct"] else None
    if subject is None:
        return None
    speaker = resolver.resolve(subject, "subject")
    return speaker if speaker.known and speaker.speaker_type in ("person", "anonymous", "organisation", "state",
                                                                 "media") else None


def naming_noun(a: Article, run: list[int]) -> str:
    """The lemma of the word right before a quotation's opening mark, skipping « de » (« intitulé « … » »,
    « auteur de « … » », « le mot « … » »), or ""."""
    k = run[0] - 1
    while k in a.tok and a.tok[k]["is_punct"] and a.tok[k]["text"] in "«“\"‹":
        k -= 1
    if k in a.tok and a.text(k) in ("de", "d'"):
        k -= 1
    return a.tok[k]["lemma"].lower() if k in a.tok and not a.tok[k]["in_quote"] else ""


def interviewee(a: Article, resolver: Resolver, label: list[int] | None) -> Speaker:
    """Who an answer's label names: the person itself, or for initials (« H. M. ») the person of the article
    whose name has those initials; for « Invité : » or an unlabelled answer, the person the page interviews
    (:func:`guest`)."""
    if label is None or role_of([a.tok[k]["text"] for k in label]) == "answer":
        # « RÉPONSE (M. MILLER) : » names who answers; a bare « RÉPONSE : » after it is the same person.
        named = bracketed(a, resolver, label) if label is not None else None
        if named is not None:
            return named
        if label is not None and resolver.voices and resolver.voices[-1][2].known:
            return resolver.voices[-1][2]
        return guest(a, resolver)
    letters = initials([a.tok[k]["text"] for k in label])
    if letters is None:
        return resolver.resolve(label[0], "subject", label)
    for e in a.entities:
        if e["label"] == "PER" and letters in (name_initials(e["text"]), name_initials(e["canonical"])):
            first = a.first_token(e)
            return resolver.resolve(first, "subject")
    return Speaker()


def bracketed(a: Article, resolver: Resolver, label: list[int]) -> Speaker | None:
    """The person a bracket in a transcript label names (« RÉPONSE (M. MILLER) »): one the article names
    whose full name or one of its words is the bracket's words, whatever their case or civility; else None."""
    words = [a.tok[k]["text"] for k in label]
    if "(" not in words or ")" not in words:
        return None
    name = normalise_name(" ".join(words[words.index("(") + 1:words.index(")")]))
    for e in a.entities:
        full = normalise_name(e["canonical"])
        if e["label"] == "PER" and name and (name == full or name in full.split()):
            return entity_speaker(resolver.g, e, e["text"], "subject", [e["text"]], person_gender(a, e))
    return None


def guest(a: Article, resolver: Resolver) -> Speaker:
    """The person an interview page interviews: the first named in its standfirst, else the first person of
    its opening paragraphs whom the gazetteer does not know (guests are mostly the page's own experts), else
    the first person named there."""
    opening = sorted({a.tok[k]["seg_id"] for k in a.order if a.tok[k]["kind"] in ("standfirst", "body")})[:2]
    people = [e for e in a.entities if e["label"] == "PER" and (k := a.first_token(e)) is not None
              and a.tok[k]["seg_id"] in opening and not a.tok[k]["in_quote"]]
    stand = [e for e in people if a.tok[a.first_token(e)]["kind"] == "standfirst"]
    chosen = (stand or [e for e in people if not e.get("entity_id")] or people or [None])[0]
    if chosen is None:
        return Speaker()
    return entity_speaker(resolver.g, chosen, chosen["text"], "subject", [chosen["text"]], person_gender(a, chosen))


def introducing_subject(a: Article, resolver: Resolver, run: list[int], across: bool = False) -> Speaker | None:
    """The person or source a statement is introduced by without a reporting verb: the subject of the clause
    before a colon in the quote's sentence (« Une source diplomatique se montre sceptique : « … » »), or of
    the sentence just before it in the paragraph when that sentence says nothing itself (« Le chercheur
    cite un exemple. « … » »). Only a person, an anonymous source or an institution that can speak."""
    sentence = a.sent_tokens[a.tok[run[0]]["sent_id"]]
    before = [k for k in sentence if k < run[0] and not a.tok[k]["in_quote"] and a.tok[k]["text"] not in "«“\""]
    if before and a.tok[before[-1]]["text"] == ":":
        clause = before
    elif not before and (line := label_line(a, run)):
        clause = before = line
    else:
        previous = neighbour(a, run, -1)
        # The sentence before in the paragraph, or with ``across`` the last of the paragraph before when the
        # statement opens its own (« Puis le chef du Kremlin a déroulé sa vision du monde. ¶ « Depuis … » »); a
        # reporting verb there may only report nothing of its own (« Le président a d'abord remercié ses hôtes. »).
        segment = a.tok[run[0]]["seg_id"]
        opens = all(a.tok[k]["is_punct"] for k in range(run[0] - 3, run[0]) if k in a.tok and a.tok[k]["seg_id"] == segment)
        near = bool(previous) and (a.tok[previous[0]]["seg_id"] == segment or across and opens)
        if before or not near or any(a.tok[k]["in_quote"] for k in previous) \
                or any(a.reporting(k) is not None and complements(a, k) for k in previous):
            return None
        clause = previous
    # The clause's own subject: one whose verb is in the clause too (the sentence's root may be in the quote).
    subjects = [k for k in clause if a.tok[k]["dep"] == "nsubj" and a.tok[k]["head"] in clause
                and not a.tok[k]["in_quote"]]
    labelled = transcript_label(a, resolver, clause[:-1]) if clause is before else None
    if labelled is not None:
        return labelled
    # The clause's subject phrase, after its adverbials (« Le général Marc Lenoir, … : », « Interrogé sur …,
    # Vladimir Poutine, évasif : »).
    # The sentence before may be one the parse lost the verb of (« Samia, en échange Erasmus, n'en doute pas. »).
    opener = opening_phrases(a, clause[:-1]) if clause is before else clause[0] if not subjects else None
    named = a.entity_at(opener) if opener is not None else None
    after = next((k for k in clause if a.tok[k]["start_char"] >= named["end_char"]), None) if named else None
    if not subjects and named is not None and named["label"] == "PER" and after is not None \
            and a.tok[after]["text"] in ((",", "(", ":") if clause is before else (",",)) \
            and not any("VerbForm=Fin" in a.tok[k]["morph"] for k in unbracketed(a, clause)):
        # « Julie Mercadier, chercheuse à l'Institut … : « … » »: a name and its description, then the words
        # (not « Kim Jong-un chez Vladimir Poutine : « … » », a headline's topic).
        return entity_speaker(resolver.g, named, named["text"], "subject", [named["text"]], person_gender(a, named))
    root = next((k for k in clause if a.tok[k]["dep"] == "ROOT" and a.tok[k]["pos"] in ("VERB", "AUX")), None)
    if clause is not before and not subjects and root is not None:
        # « Devant les écrans de la gare, Kim Min-ji, employée de bureau, hausse les épaules. « … » » parsed with no
        # subject: the person the sentence's opening phrases name before its verb.
        lost = opening_phrases(a, [k for k in clause if k < root])
        person = a.entity_at(lost) if lost is not None else None
        if person is not None and person["label"] == "PER":
            return entity_speaker(resolver.g, person, person["text"], "subject", [person["text"]], person_gender(a, person))
    # A parse that loses the subject (« Autour de la table, un étudiant venu de Busan, qui a requis l'anonymat,
    # résume : ») leaves the clause's person nouns; a verbless introduction names its speaker after a speech
    # noun (« Le diagnostic d'un banquier de Vladivostok : »).
    owners = [j for k in clause if a.tok[k]["lemma"].lower() in lexicon()["speech_nouns"]
              for j in a.kids(k, "nmod") if any(a.text(c) in ("de", "d'", "du") for c in a.kids(j, "case"))]
    for k in subjects[:1] + owners[:1]:
        speaker = resolver.resolve(k, "subject")
        if speaker.known and speaker.speaker_type in ("person", "anonymous"):
            return speaker
    return person_noun(a, resolver, clause)


def colon_subject(a: Article, resolver: Resolver, run: list[int]) -> Speaker | None:
    """The speaker a headline or caption names after its quotation and a colon, as the subject of the clause
    there (« « C'est une affaire entre Moscou et Pyongyang » : le Kremlin esquive les questions », « VIDÉO - « … » :
    le général X, consultant défense, décrypte … »). None when no verb follows (« « … » : Choe Son Hui,
    l'inflexible diplomate », a portrait's title: the words are about the person), or a verb comes before."""
    sentence = a.sent_tokens[a.tok[run[-1]]["sent_id"]]
    colon = next((k for k in sentence if k > run[-1] and not a.tok[k]["in_quote"] and a.text(k) not in "»”\""), None)
    if colon is None or a.text(colon) != ":" or a.tok[run[0]]["sent_id"] != a.tok[run[-1]]["sent_id"] \
            or any("VerbForm=Fin" in a.tok[k]["morph"] for k in sentence if k < run[0] and not a.tok[k]["in_quote"]):
        return None
    after = [k for k in sentence if k > colon]
    verb = next((k for k in after if a.tok[k]["pos"] in ("VERB", "AUX") and "VerbForm=Fin" in a.tok[k]["morph"]
                 and not a.tok[k]["in_quote"]), None)
    if verb is None or any(a.tok[k]["in_quote"] for k in after if k < verb):
        return None
    head = opening_phrases(a, [k for k in after if k < verb])
    speaker = resolver.resolve(head, "subject") if head is not None else Speaker()
    return speaker if speaker.known and speaker.speaker_type != "none" else None


def label_line(a: Article, run: list[int]) -> list[int]:
    """The label that introduces a quotation opening the next paragraph: the last sentence of the paragraph
    before, when it ends with a colon, quotes nothing and has no finite or reporting verb (« [SONORE] Vladimir
    Poutine, président de la Russie : », « Le témoignage de Galina, 70 ans : »; a verb's colon, « l'article 4
    stipule : », is :func:`colon_verb`'s). Its tokens, colon included; empty when there is none."""
    segment = a.tok[run[0]]["seg_id"]
    if any(not a.tok[k]["is_punct"] for k in range(run[0] - 3, run[0]) if k in a.tok and a.tok[k]["seg_id"] == segment):
        return []
    previous = neighbour(a, run, -1)
    if not previous or a.tok[previous[-1]]["seg_id"] != segment - 1 or a.text(previous[-1]) != ":" \
            or any(a.tok[k]["in_quote"] for k in previous) \
            or any(a.reporting(k) is not None or "VerbForm=Fin" in a.tok[k]["morph"] for k in unbracketed(a, previous)):
        return []
    return previous


def unbracketed(a: Article, tokens: list[int]) -> list[int]:
    """The tokens outside brackets: « (traduit du russe) » or « (EPR) » in a label is an aside, not its verb."""
    out, depth = [], 0
    for k in tokens:
        depth += a.text(k) in ("(", "[")
        if not depth:
            out.append(k)
        depth -= depth > 0 and a.text(k) in (")", "]")
    return out


def transcript_label(a: Article, resolver: Resolver, clause: list[int]) -> Speaker | None:
    """The person a transcript's label in capitals names (« PATRICK ROUVIÈRE : « … » », « MARINA KOVAL, chercheuse :
    « … » »): the label opens its paragraph, and its words up to a comma or bracket are, whatever their case, the
    name of a person the article names elsewhere (a transcript introduces its guests). None otherwise: a label
    that names nobody the article knows (« FLASH : », « DERNIÈRE MINUTE : ») or a transcript role (« VOIX OFF : »)."""
    words = [k for k in clause if not a.tok[k]["is_punct"]]
    stop = next((n for n, k in enumerate(clause) if a.text(k) in (",", "(")), len(clause))
    label = [k for k in clause[:stop] if not a.tok[k]["is_punct"] or a.text(k) in ("-", "'", "’")]
    opens = words and clause[0] == words[0] and (clause[0] - 1 not in a.tok
                                                 or a.tok[clause[0] - 1]["seg_id"] != a.tok[clause[0]]["seg_id"])
    capitals = all(a.tok[k]["text"].isupper() for k in label if a.tok[k]["text"].isalpha())
    if not opens or not label or len(label) > 6 or not capitals or role_of([a.text(k) for k in label]):
        return None
    name = normalise_name(a.span(label)[2])
    person = next((e for e in a.entities if e["label"] == "PER" and name in
                   (normalise_name(e["text"]), normalise_name(e["canonical"]))), None)
    if person is None:
        return None
    return entity_speaker(resolver.g, person, a.span(label)[2], "subject", [person["text"]], person_gender(a, person))


def person_noun(a: Article, resolver: Resolver, clause: list[int]) -> Speaker | None:
    """The speaker of the first person noun of a clause (« un étudiant », « le délégué »: a noun of
    ``person_nouns`` after a determiner or adjective, outside quotations), when it resolves to a person or an
    anonymous source; for a clause whose parse lost its subject."""
    # A label in capitals (« UNE HABITANTE DE VLADIVOSTOK : ») is tagged as names: its determiner is a word.
    nouns = [k for k in clause if a.tok[k]["lemma"].lower() in lexicon()["person_nouns"] and not a.tok[k]["in_quote"]
             and (a.tok.get(k - 1, {}).get("pos") in ("DET", "ADJ") or k - 1 in a.tok and a.text(k - 1) in DETERMINERS)]
    if not nouns:
        return None
    speaker = resolver.resolve(nouns[0], "subject")
    return speaker if speaker.known and speaker.speaker_type in ("person", "anonymous") else None


def neighbour(a: Article, run: list[int], step: int) -> list[int]:
    """The tokens of the sentence before (``step=-1``) or after (``+1``) a quotation, in the same or the
    adjacent paragraph; empty at the article's edge."""
    first = a.tok[run[0] if step < 0 else run[-1]]["sent_id"]
    position = a.sent_order.index(first) + step
    if not 0 <= position < len(a.sent_order):
        return []
    tokens = a.sent_tokens[a.sent_order[position]]
    return tokens if abs(a.tok[tokens[0]]["seg_id"] - a.tok[run[0]]["seg_id"]) <= 1 else []


def following_subject(a: Article, resolver: Resolver, run: list[int]) -> Speaker | None:
    """The person a paragraph names right after the statement that opens it, as the subject of its next
    sentence (« « On a l'habitude. » Min-seo, 29 ans, graphiste, a posé son téléphone »): the writer's way of
    introducing a speaker after the words. Only a named person, or an unnamed one (« Une habitante … »)."""
    segment = a.tok[run[0]]["seg_id"]
    opening = [k for k in a.order if a.tok[k]["seg_id"] == segment and not a.tok[k]["is_punct"]]
    after = neighbour(a, run, 1)
    if not opening or opening[0] != run[0] or not after or a.tok[after[0]]["seg_id"] != segment:
        return None
    first = next((k for k in after if not a.tok[k]["is_punct"]), None)
    if first is None or a.tok[first]["in_quote"]:
        return None
    aged = resolver.aged(first)
    if aged:   # « Min-seo, 29 ans, graphiste, a posé … », whatever the parse made of the name
        return Speaker(aged, aged, "", "unknown", "subject", "person")
    subjects = [k for k in after if a.tok[k]["dep"] == "nsubj" and a.tok[a.tok[k]["head"]]["dep"] == "ROOT"
                and not a.tok[k]["in_quote"]]
    if not subjects or min(phrase_of(a, subjects[0]) + [first]) != first and a.entity_at(first) is None:
        return None
    entity = a.entity_at(first)
    if entity is not None and entity["label"] == "PER":
        start = a.first_token(entity)
        speaker = resolver.resolve(start, "subject")
    else:
        speaker = resolver.resolve(subjects[0], "subject")
    if speaker.known and speaker.speaker_type == "organisation" and entity is None and a.tok[first]["pos"] == "PROPN":
        # A bare name the NER did not type, opening the sentence after the words (« Min-seo, 29 ans, … »).
        speaker = replace(speaker, speaker_type="person")
    return speaker if speaker.known and speaker.speaker_type in ("person", "anonymous") else None


def colon_verb(a: Article, run: list[int]) -> int | None:
    """A reporting verb in the sentence before a quotation that ends with a colon and reports nothing else
    (« Le ministre a déclaré : » then the quotation)."""
    before = neighbour(a, run, -1)
    words = [k for k in before if not a.tok[k]["is_punct"]]
    if not before or a.tok[before[-1]]["text"] != ":" or any(a.tok[k]["in_quote"] for k in words):
        return None
    return next((k for k in reversed(before) if a.reporting(k) is not None and not complements(a, k)), None)


def next_verb(a: Article, run: list[int]) -> int | None:
    """A reporting verb in the sentence after a quotation that attributes it: the sentence quotes nothing
    itself and the verb reports no clause of its own (« C'est ce qu'a affirmé le porte-parole. »)."""
    after = neighbour(a, run, 1)
    quoted = [k for k in after if a.tok[k]["in_quote"]]
    # The verb reports nothing of its own (nor is it a subject relative's: « X, qui a longtemps plaidé … »): no
    # clause, and no object but a pronoun standing for the quote
    # (« C'est ce qu'a affirmé X », « l'a répété X »), not « Le Kremlin a salué « une coopération » ».
    def only_the_quote(k: int) -> bool:
        objects = a.kids(k, "obj")
        # « ce qu'a affirmé un responsable » (the inverted subject often parsed as an object); « C'est ainsi
        # que X a justifié le vote »: « ainsi » points back at the quotation.
        relative = any(a.tok[o]["pos"] == "PRON" and o < k for o in objects)
        back = any(a.text(j) == "ainsi" for j in after if j < k)
        return relative or back or all(a.tok[o]["pos"] == "PRON" for o in objects)

    return next((k for k in after if a.reporting(k) is not None and not complements(a, k) and only_the_quote(k)
                 and not any(a.text(j) == "qui" for j in a.kids(k, "nsubj"))
                 and (not quoted or k < quoted[0])), None)


def naming_sentence(a: Article, resolver: Resolver, run: list[int]) -> Speaker | None:
    """The speaker named by the sentence after a quotation when it says whose words they were (« Ces mots
    sont ceux de Kim Jong-un », « La formule est du président ukrainien ») and quotes nothing itself."""
    after = neighbour(a, run, 1)
    nouns = [k for k in after if a.tok[k]["lemma"].lower() in lexicon()["speech_nouns"]]
    # The sentence may quote later (« Ces mots sont ceux de Kim, qui a qualifié le traité de « … » »).
    if not nouns or any(a.tok[k]["in_quote"] for k in after if k < nouns[0]):
        return None
    quoted = [k for k in after if a.tok[k]["in_quote"]]
    after = [k for k in after if not quoted or k < quoted[0]]
    # A person named after the noun first (« les mots du ministre de la Défense, Kang Min-ho »), else the
    # first noun phrase (« celui d'un diplomate sud-coréen »).
    people = [k for k in after if k > nouns[0] and (e := a.entity_at(k)) is not None and e["label"] == "PER"
              and e["start_char"] == a.tok[k]["start_char"]]
    if people:   # the name itself: a copular sentence may hang its whole clause on it
        entity = a.entity_at(people[0])
        return entity_speaker(resolver.g, entity, entity["text"], "subject", [entity["text"]],
                              person_gender(a, entity))
    for k in after:
        if k > nouns[0] and a.tok[k]["pos"] in ("PROPN", "NOUN") and a.tok[k]["dep"] not in ("det", "amod"):
            speaker = resolver.resolve(k, "subject")
            if speaker.known and speaker.speaker_type in ("person", "organisation", "state", "media", "anonymous"):
                return speaker
    return None


def echo(found: list[dict]) -> None:
    """Give an unattributed quote the speaker of an attributed quote that contains its words (rule 2): a
    headline's quoted words are usually those of a speaker the body names."""
    for row in found:
        # A headline gives words to a state or a capital (« Ottawa promet des sanctions « ciblées » ») that
        # the body gives to the person who spoke them.
        metonymic = row["segment_kind"] == "headline" and row["speaker_type"] in ("state", "organisation")
        if (row["speaker"] != "unknown" and not metonymic) or row["kind"] not in ("direct", "partial", "term"):
            continue
        key = normalise_name(row["text"])
        # A quote elsewhere in the article, not the statement that contains this one (an interview answer).
        source = next((r for r in found if r is not row and r["speaker"] != "unknown"
                       and r["kind"] in ("direct", "partial") and key and key in normalise_name(r["text"])
                       and not r["start_char"] <= row["start_char"] < r["end_char"]
                       and not (metonymic and r["speaker_type"] != "person")), None)
        if source is not None:
            row.update(kind="partial" if row["kind"] == "term" else row["kind"], speaker=source["speaker"],
                       speaker_id=source["speaker_id"], camp=source["camp"], method="echo",
                       speaker_type=source["speaker_type"], attribution="echo")
