"""Evaluation: registers found on sentences built by hand (a parse written out token by token, so that the
matching is tested apart from spaCy), with their sense restrictions and voices; the lexicon's checks; the
sentence codes scored like frames; the rates per voice; the study's lexicon on sentences written for it."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import CORPUS
from presslens.analyses import evaluation, validation
from presslens.corpus.instruments import Register, load_evaluative
from presslens.errors import CorpusError


def register(name, words=(), phrases=(), exceptions=()):
    return Register(name, name, tuple(words), tuple(tuple(p.split()) for p in phrases),
                    tuple(tuple(p.split()) for p in exceptions))


LEXICON = {"threat": register("threat", ["menace", "inquiéter"], ["mettre en garde", "course à le armement"]),
           "legitimacy": register("legitimacy", ["régime"], ["pays reclus"], ["régime de sanction"]),
           "praise": register("praise", ["saluer"])}


def parsed(*sentences, doc_id="d1"):
    """A ``tokens`` table for sentences given as lists of ``(text, lemma, pos, dep, head)`` (``head`` the index
    within the sentence; itself for the root); a word in « » is inside quotation marks."""
    rows, i, at = [], 0, 0
    for sent_id, words in enumerate(sentences):
        first, quoted = i, False
        for text, lemma, pos, dep, head in words:
            quoted = quoted or text == "«"
            rows.append(dict(doc_id=doc_id, sent_id=sent_id, kind="body", i=i, text=text, lemma=lemma, pos=pos,
                             dep=dep, head=first + head, is_punct=pos == "PUNCT", in_quote=quoted and text not in "«»",
                             start_char=at, end_char=at + len(text)))
            quoted = quoted and text != "»"
            i, at = i + 1, at + len(text) + 1
    return pd.DataFrame(rows)


NO_QUOTES = pd.DataFrame(columns=["doc_id", "start_char", "end_char", "kind"])
# « Le régime de Pyongyang inquiète Séoul. »
REGIME = [("Le", "le", "DET", "det", 1), ("régime", "régime", "NOUN", "nsubj", 4), ("de", "de", "ADP", "case", 3),
          ("Pyongyang", "Pyongyang", "PROPN", "nmod", 1), ("inquiète", "inquiéter", "VERB", "ROOT", 4),
          ("Séoul", "Séoul", "PROPN", "obj", 4), (".", ".", "PUNCT", "punct", 4)]
# « Un nouveau régime de sanctions frappe ce pays reclus. »
SANCTIONS = [("Un", "un", "DET", "det", 2), ("nouveau", "nouveau", "ADJ", "amod", 2),
             ("régime", "régime", "NOUN", "nsubj", 5), ("de", "de", "ADP", "case", 4),
             ("sanctions", "sanction", "NOUN", "nmod", 2), ("frappe", "frapper", "VERB", "ROOT", 5),
             ("ce", "ce", "DET", "det", 7), ("pays", "pays", "NOUN", "obj", 5), ("reclus", "reclus", "ADJ", "amod", 7),
             (".", ".", "PUNCT", "punct", 5)]


def test_words_phrases_and_exceptions_are_found_on_lemmas_and_words():
    hits = evaluation.evaluation_hits(parsed(REGIME, SANCTIONS), NO_QUOTES, LEXICON)
    found = list(zip(hits["sent_id"], hits["register"], hits["cue"]))
    # « régime de sanctions » is the exception; « pays reclus » is a phrase, its hit at its first word.
    assert found == [(0, "legitimacy", "régime"), (0, "threat", "inquiète"), (1, "legitimacy", "pays reclus")]
    assert hits.loc[hits["cue"] == "pays reclus", "i"].item() == 7 + 7


def test_a_phrase_matches_across_words_and_a_contracted_lemma():
    # « Il met en garde Moscou contre la course aux armements »: « mettre en garde » over three words, « aux »
    # lemmatised « à le » inside « course à le armement ». The warning has a subject: it is reported.
    sentence = [("Il", "il", "PRON", "nsubj", 1), ("met", "mettre", "VERB", "ROOT", 1), ("en", "en", "ADP", "case", 3),
                ("garde", "garde", "NOUN", "obl", 1), ("Moscou", "Moscou", "PROPN", "obj", 1),
                ("contre", "contre", "ADP", "case", 7), ("la", "le", "DET", "det", 7), ("course", "course", "NOUN", "obl", 1),
                ("aux", "à le", "ADP", "case", 9), ("armements", "armement", "NOUN", "nmod", 7)]
    hits = evaluation.evaluation_hits(parsed(sentence), NO_QUOTES, LEXICON)
    assert hits[["register", "cue", "voice"]].values.tolist() == [["threat", "met en garde", "reported"],
                                                                 ["threat", "course aux armements", "narrator"]]


def test_voices_quoted_reported_and_narrator():
    # « Séoul salue « une menace » ». The verb has a subject: Séoul's judgement, reported; the quoted word is quoted.
    salue = [("Séoul", "Séoul", "PROPN", "nsubj", 1), ("salue", "saluer", "VERB", "ROOT", 1), ("«", "«", "PUNCT", "punct", 4),
             ("une", "un", "DET", "det", 4), ("menace", "menace", "NOUN", "obj", 1), ("»", "»", "PUNCT", "punct", 4)]
    # « La menace grandit, selon Tokyo. »: the narrator's noun, but inside a « selon » quote's span.
    grandit = [("La", "le", "DET", "det", 1), ("menace", "menace", "NOUN", "nsubj", 2), ("grandit", "grandir", "VERB", "ROOT", 2),
               (",", ",", "PUNCT", "punct", 2), ("selon", "selon", "ADP", "case", 5), ("Tokyo", "Tokyo", "PROPN", "obl", 2)]
    tokens = parsed(salue, grandit)
    hits = evaluation.evaluation_hits(tokens, NO_QUOTES, LEXICON)
    assert hits[["cue", "voice"]].values.tolist() == [["salue", "reported"], ["menace", "quoted"], ["menace", "narrator"]]
    second = tokens[tokens["sent_id"] == 1]
    quotes = pd.DataFrame({"doc_id": ["d1"], "start_char": [second["start_char"].min()],
                           "end_char": [second["end_char"].max()], "kind": ["selon"]})
    assert evaluation.evaluation_hits(tokens, quotes, LEXICON)["voice"].tolist() == ["reported", "quoted", "reported"]


def test_sentence_codes_score_like_frames():
    tokens = parsed(REGIME, SANCTIONS)
    sentences = tokens.groupby(["doc_id", "sent_id"], as_index=False).agg(start_char=("start_char", "min"),
                                                                          end_char=("end_char", "max"))
    hits = evaluation.evaluation_hits(tokens, NO_QUOTES, LEXICON)
    codes = evaluation.sentence_codes(hits, sentences, list(LEXICON))
    assert codes[list(LEXICON)].values.tolist() == [[1, 1, 0], [0, 1, 0]]
    # « inquiète » has a subject: Seoul's worry, reported (quoted, as gold files code voices).
    assert codes["voice"].tolist() == ["quoted", "narrator"]
    # The coder reads the first sentence as the narrator's judgement and no regime in the second.
    gold = codes.assign(legitimacy=[1, 0], voice=["narrator", "narrator"])
    scores = validation.frame_scores(codes, gold, list(LEXICON)).set_index("frame")
    assert scores.loc["legitimacy", ["gold", "predicted", "matched"]].tolist() == [1, 2, 1]
    assert scores.loc["threat", "recall"] == 1.0
    agreement = evaluation.voice_agreement(codes, gold, list(LEXICON))
    assert agreement == {"sentences": 1, "agree": 0, "share": 0.0}


def test_rates_count_reported_judgements_in_the_narrators_words():
    tokens = parsed(REGIME, [("«", "«", "PUNCT", "punct", 1), ("Menace", "menace", "NOUN", "ROOT", 1),
                             ("»", "»", "PUNCT", "punct", 1)])
    hits = evaluation.evaluation_hits(tokens, NO_QUOTES, LEXICON)
    articles = pd.DataFrame({"doc_id": ["d1"], "outlet": ["A"]})
    table = evaluation.rates(tokens, hits, articles, list(LEXICON)).set_index("voice")
    assert table["words"].to_dict() == {"narrator": 6, "reported": 6, "quoted": 1}
    assert table.loc["narrator", "legitimacy"] == 1 and table.loc["reported", "threat"] == 1
    assert table.loc["quoted", "threat per 1000"] == 1000.0


@pytest.mark.parametrize("text, field", [("threat: {words: [a, 3]}\n", "threat"), ("threat: {phrases: []}\n", "threat"),
                                         ("threat: {words: x}\n", "threat")])
def test_a_bad_register_is_named(tmp_path, text, field):
    path = tmp_path / "evaluative.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_evaluative(path)
    assert [(p.file, p.field) for p in caught.value.problems] == [("evaluative.yml", field)]


def test_the_study_lexicon_has_the_four_registers_and_no_topic_words():
    lexicon = load_evaluative(CORPUS / "evaluative.yml")
    assert list(lexicon) == ["threat", "condemnation", "praise", "legitimacy"]
    words = {w for r in lexicon.values() for w in r.words}
    assert not words & {"coopération", "partenariat", "surveiller", "tension", "renforcer", "honneur"}


def test_whose_judgement_the_parse_says():
    lexicon = {"threat": register("threat", ["inquiétude", "inquiéter", "préoccupation"]),
               "condemnation": register("condemnation", ["accuser"])}
    # « Ça ne règle rien, a-t-il ajouté, accusant le groupe. »: the participle takes the incise's inverted subject.
    accusant = [("Ça", "ça", "PRON", "nsubj", 3), ("ne", "ne", "ADV", "advmod", 3), ("règle", "régler", "VERB", "ROOT", 3),
                ("rien", "rien", "PRON", "obj", 2), (",", ",", "PUNCT", "punct", 7), ("a", "avoir", "AUX", "aux:tense", 7),
                ("-il", "il", "PRON", "expl:subj", 7), ("ajouté", "ajouter", "VERB", "parataxis", 2),
                ("accusant", "accuser", "VERB", "xcomp", 7), ("le", "le", "DET", "det", 10), ("groupe", "groupe", "NOUN", "obj", 8)]
    # « La Maison Blanche exprime son inquiétude. »: a verb of expressing with a subject holds its object.
    exprime = [("La", "le", "DET", "det", 1), ("Maison-Blanche", "Maison-Blanche", "PROPN", "nsubj", 2),
               ("exprime", "exprimer", "VERB", "ROOT", 2), ("son", "son", "DET", "det", 4),
               ("inquiétude", "inquiétude", "NOUN", "obj", 2)]
    # « Tokyo a fait part de sa préoccupation. »
    part = [("Tokyo", "Tokyo", "PROPN", "nsubj", 2), ("a", "avoir", "AUX", "aux:tense", 2), ("fait", "faire", "VERB", "ROOT", 2),
            ("part", "part", "NOUN", "obj", 2), ("de", "de", "ADP", "case", 6), ("sa", "son", "DET", "det", 6),
            ("préoccupation", "préoccupation", "NOUN", "nmod", 3)]
    # « La situation inquiète. »: a verb of feeling without an object is the sentence's judgement.
    alone = [("La", "le", "DET", "det", 1), ("situation", "situation", "NOUN", "nsubj", 2),
             ("inquiète", "inquiéter", "VERB", "ROOT", 2)]
    # « Une inquiétude grandit. »: a noun that nobody expresses.
    grandit = [("Une", "un", "DET", "det", 1), ("inquiétude", "inquiétude", "NOUN", "nsubj", 2),
               ("grandit", "grandir", "VERB", "ROOT", 2)]
    hits = evaluation.evaluation_hits(parsed(accusant, exprime, part, alone, grandit), NO_QUOTES, lexicon)
    assert hits[["cue", "voice"]].values.tolist() == [["accusant", "reported"], ["inquiétude", "reported"],
                                                      ["préoccupation", "reported"], ["inquiète", "narrator"],
                                                      ["inquiétude", "narrator"]]


def test_a_tokenizers_elisions_do_not_hide_a_word_or_an_exception():
    lexicon = {"condemnation": register("condemnation", ["irresponsable", "agression"], (), ["en cas de agression"])}
    # « qualifié d'"irresponsable" » kept as one token; « en cas d ' agression » cut after the « d ».
    qualifie = [("qualifié", "qualifier", "VERB", "ROOT", 0), ('d\'"irresponsable', 'd\'"irresponsabl', "ADJ", "amod", 0)]
    clause = [("en", "en", "ADP", "case", 1), ("cas", "cas", "NOUN", "obl", 1), ("d", "d", "ADP", "case", 4),
              ("'", "'", "ADP", "case", 4), ("agression", "agression", "NOUN", "nmod", 1)]
    hits = evaluation.evaluation_hits(parsed(qualifie, clause), NO_QUOTES, lexicon)
    assert hits[["sent_id", "cue"]].values.tolist() == [[0, 'd\'"irresponsable']]


def test_the_holder_rules_are_checked(tmp_path):
    path = tmp_path / "evaluation.yml"
    path.write_text("inherit_subject: [advcl]\nexpressing: exprimer\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        evaluation.load_holders(path)
    assert [p.field for p in caught.value.problems] == ["expressing", "experiencer_object"]


def test_side_by_side_f1_with_counts():
    scores = pd.DataFrame({"set": ["a", "a"], "group": ["threat", "praise"], "f1": [0.5, float("nan")],
                           "matched": [1, 0], "gold": [2, 0], "predicted": [2, 1]})
    table = validation.side_by_side(scores, ["a"], "f1", counts=True)
    assert table["a"].tolist() == ["0.50 (1/2, 2 found)", "– (0/0, 1 found)"]
