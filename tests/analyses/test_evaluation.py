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
