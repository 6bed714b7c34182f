"""Evaluation: the words with which a text judges what it reports (threat, condemnation, praise, legitimacy, or
whatever registers a study's ``evaluative.yml`` lists, :func:`presslens.corpus.instruments.load_evaluative`),
found token by token with their sense restrictions, each hit in the voice it is in. Reads the cached tables
(tokens with lemmas and dependencies, quotes); parses nothing.

A hit's voice is ``quoted`` inside quotation marks, ``reported`` when it is someone's judgement the narrator
reports (inside an indirect or « selon » quote of the quotes table, or given a holder by the parse: a verb of judging
with a subject, « Séoul a condamné », the object of a verb of expressing, « exprime son inquiétude »; the French rules
are in ``rules/evaluation.yml``), else ``narrator``. Scores against hand coding are those of the frames
(:func:`presslens.analyses.validation.frame_scores` on :func:`sentence_codes`).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus.instruments import Register
from ..errors import CorpusError, Problem
from ..fileio import read_yaml
from ..folding import fold
from . import validation

#: The voices of a hit, in the order tables show them.
VOICES = ("narrator", "reported", "quoted")
#: Quote kinds whose span is a judgement reported without quotation marks.
REPORTED_KINDS = ("indirect", "selon")
HIT_COLUMNS = ["doc_id", "sent_id", "i", "start_char", "register", "cue", "voice"]
#: The library's French rules of whose judgement a word is (:func:`load_holders`).
RULES = Path(__file__).parent / "rules" / "evaluation.yml"
#: Elided forms as a tokenizer may leave them (« d » before a lone apostrophe), read in full; the apostrophe alone
#: reads as nothing.
_ELIDED = {"d": "de", "l": "le", "qu": "que", "j": "je", "n": "ne", "s": "se", "c": "ce", "m": "me", "t": "te",
           "'": ""}
#: Characters inside a token that join words the tokenizer left together (« d'"irresponsable" »).
_JOINERS = re.compile(r"['\"«»“”]+")


def load_holders(path: str | Path = RULES) -> dict[str, frozenset[str]]:
    """The lists of a rules file on whose judgement a word is (by default the library's): ``inherit_subject``
    (dependency relations), ``expressing`` and ``experiencer_object`` (verb lemmas, folded). Raises
    :class:`~presslens.errors.CorpusError` naming every missing list."""
    name = Path(path).name
    data = read_yaml(path, "the French rules of whose judgement a word is")[1]
    data = data if isinstance(data, dict) else {}
    keys = ("inherit_subject", "expressing", "experiencer_object")
    problems = [Problem(name, "needs a list", field=key) for key in keys if not isinstance(data.get(key), list)]
    if problems:
        raise CorpusError(problems)
    return {key: frozenset(fold(str(w)) for w in data[key]) for key in keys}


def _occurrences(joined: str, starts: np.ndarray, phrase: tuple[str, ...]) -> list[tuple[int, int]]:
    """Token ranges ``[first, last]`` where ``phrase`` (words, folded here) occurs as whole words in ``joined``
    (the sentence's folded words joined by spaces, framed by spaces; token k starts at ``starts[k]``)."""
    needle = f" {fold(' '.join(phrase))} "
    out, at = [], joined.find(needle)
    while at >= 0:
        first = int(np.searchsorted(starts, at + 1, side="right")) - 1
        last = int(np.searchsorted(starts, at + len(needle) - 1, side="left")) - 1
        out.append((first, max(first, last)))
        at = joined.find(needle, at + 1)
    return out


def _joined(words: list[str]) -> tuple[str, np.ndarray]:
    """The folded ``words`` joined by spaces and framed by spaces, with each word's start in that string. An
    elided article or preposition the tokenizer cut from its apostrophe (« d » then « ' ») reads as its full
    form, and the lone apostrophe as nothing, so that phrases match across them."""
    folded = [_ELIDED.get(w, w) for w in map(fold, words)]
    # A word read as nothing takes no room: it starts where the next word does.
    lengths = np.fromiter((len(w) + 1 if w else 0 for w in folded), dtype=np.int64, count=len(folded))
    return " " + " ".join(w for w in folded if w) + " ", np.r_[0, np.cumsum(lengths)[:-1]] + 1


def _sentence_hits(lemmas: list[str], texts: list[str], lexicon: dict[str, Register]) -> list[tuple[int, str, str]]:
    """The hits of one sentence's words (punctuation left out): ``(token position, register, cue)``, one per
    register and token, in text order; words and phrases are tried on the lemmas and on the words as written, and
    hits inside one of the register's exceptions are dropped. A phrase's hit is at its first token, its cue the
    phrase."""
    strings = [_joined(lemmas), _joined(texts)]
    folded_lemmas = [fold(w) for w in lemmas]
    # A token as written, and its pieces when the tokenizer kept an elision or a quotation mark inside it.
    pieces = [{fold(w), *_JOINERS.split(fold(w))} for w in texts]
    hits = []
    for rank, register in enumerate(lexicon.values()):
        words = {fold(w) for w in register.words}
        found = {k: texts[k] for k in range(len(lemmas))
                 if folded_lemmas[k] in words or not words.isdisjoint(pieces[k])}
        for phrase in register.phrases:
            for joined, starts in strings:
                for first, last in _occurrences(joined, starts, phrase):
                    found.setdefault(first, " ".join(texts[first:last + 1]))
        barred = {k for phrase in register.exceptions for joined, starts in strings
                  for first, last in _occurrences(joined, starts, phrase) for k in range(first, last + 1)}
        hits += [(k, rank, register.name, cue) for k, cue in found.items() if k not in barred]
    return [(k, name, cue) for k, _, name, cue in sorted(hits)]


def evaluation_hits(tokens: pd.DataFrame, quotes: pd.DataFrame, lexicon: dict[str, Register]) -> pd.DataFrame:
    """Every evaluative hit of ``tokens`` (the ``tokens`` table, or the rows of the kinds analysed): one row per
    token and register with ``doc_id``, ``sent_id``, ``i``, ``start_char``, ``register``, ``cue`` (the words as
    written) and ``voice`` (:data:`VOICES`; ``quotes`` is the quotes table that says which spans are reported
    speech)."""
    words = tokens[~tokens["is_punct"].astype(bool)].sort_values(["doc_id", "sent_id", "i"], kind="stable")
    if words.empty:
        return pd.DataFrame(columns=HIT_COLUMNS)
    doc, sent = words["doc_id"].to_numpy(), words["sent_id"].to_numpy()
    first = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])])
    lemmas, texts = words["lemma"].astype(str).tolist(), words["text"].astype(str).tolist()
    rows = []
    for a, b in zip(first.tolist(), [*first[1:].tolist(), len(words)]):
        rows += [(a + k, register, cue) for k, register, cue in _sentence_hits(lemmas[a:b], texts[a:b], lexicon)]
    if not rows:
        return pd.DataFrame(columns=HIT_COLUMNS)
    at = np.array([r[0] for r in rows])
    hit = words.iloc[at]
    out = pd.DataFrame({"doc_id": hit["doc_id"].to_numpy(), "sent_id": hit["sent_id"].to_numpy(),
                        "i": hit["i"].to_numpy(), "start_char": hit["start_char"].to_numpy(),
                        "register": [r[1] for r in rows], "cue": [r[2] for r in rows]})
    out["voice"] = _voices(hit, tokens, quotes)
    return out


def _voices(hit: pd.DataFrame, tokens: pd.DataFrame, quotes: pd.DataFrame) -> list[str]:
    """The voice of each hit token (rows of the tokens table): ``quoted`` inside quotation marks; ``reported``
    inside a reported quote's span, or when the parse gives the judgement a holder (:func:`_held`); else
    ``narrator``."""
    reported = quotes[quotes["kind"].isin(REPORTED_KINDS)]
    spans = {d: (g["start_char"].to_numpy(), g["end_char"].to_numpy()) for d, g in reported.groupby("doc_id")}
    rules = load_holders()
    docs = set(hit["doc_id"])
    parse = tokens[tokens["doc_id"].isin(docs)]
    nodes = {(d, i): (fold(str(lemma)), pos, str(dep), head) for d, i, lemma, pos, dep, head in
             zip(parse["doc_id"], parse["i"], parse["lemma"], parse["pos"], parse["dep"], parse["head"])}
    children: dict[tuple, list[tuple[str, int]]] = {}
    for d, i, dep, head, text in zip(parse["doc_id"], parse["i"], parse["dep"].astype(str), parse["head"], parse["text"]):
        if i != head:
            # The inverted pronoun of an incise (« a-t-il ajouté ») is parsed as an expletive: it is the subject.
            inverted = dep == "expl:subj" and str(text).startswith("-") and str(text) != "-t"
            children.setdefault((d, head), []).append(("nsubj" if inverted else dep, i))
    out = []
    for doc_id, i, start, in_quote in zip(hit["doc_id"], hit["i"], hit["start_char"], hit["in_quote"]):
        starts, ends = spans.get(doc_id, (np.empty(0), np.empty(0)))
        if bool(in_quote):
            out.append("quoted")
        elif ((starts <= start) & (start < ends)).any() or _held(doc_id, i, nodes, children, rules):
            out.append("reported")
        else:
            out.append("narrator")
    return out


def _held(doc_id: str, i: int, nodes: dict, children: dict, rules: dict) -> bool:
    """Whether the parse gives the evaluative word at token ``i`` a holder other than the narrator: a verb (or a
    predicate adjective) with a subject, its own or one inherited along ``rules["inherit_subject"]`` (« a dit Kim,
    saluant … »); a noun that is the object of a verb of ``rules["expressing"]`` with a subject (« exprime son
    inquiétude »); a verb of ``rules["experiencer_object"]`` with an object (« inquiète Séoul »). ``nodes`` maps
    ``(doc_id, i)`` to ``(folded lemma, pos, dep, head)``, ``children`` a head to its ``(dep, i)`` dependents."""
    def has(node: int, prefix: str) -> bool:
        return any(dep.startswith(prefix) for dep, _ in children.get((doc_id, node), ()))

    lemma, pos, dep, head = nodes[(doc_id, i)]
    if pos == "VERB" and lemma in rules["experiencer_object"]:
        return has(i, "obj")
    if pos == "NOUN":
        if dep in ("obj", "nmod", "obl") and head != i:
            verb = nodes.get((doc_id, head))
            # « faire part de sa préoccupation »: the noun hangs on « part », itself the object of « faire ».
            if verb and verb[0] == "part" and verb[3] != head:
                verb, head = nodes.get((doc_id, verb[3])), verb[3]
                return bool(verb) and verb[0] == "faire" and has(head, "nsubj")
            return bool(verb) and dep == "obj" and verb[0] in rules["expressing"] and has(head, "nsubj")
        return False
    if pos not in ("VERB", "ADJ"):
        return False
    node = i
    for _ in range(4):
        if has(node, "nsubj") and (pos == "VERB" or nodes[(doc_id, node)][1] == "VERB"):
            return True
        _, _, dep, head = nodes[(doc_id, node)]
        if dep not in rules["inherit_subject"] or head == node:
            return False
        node = head
    return False


def sentence_codes(hits: pd.DataFrame, sentences: pd.DataFrame, registers: list[str]) -> pd.DataFrame:
    """The 0/1 register matrix of ``sentences`` (the sentences table, or its rows of the kinds analysed), keyed
    for scoring against hand coding: ``doc_id``, ``start_char``, ``end_char``, one column per register (1 when a
    hit of ``hits`` is in the sentence) and ``voice`` (``narrator`` unless a hit is quoted or reported, then
    ``quoted``, as gold files code it)."""
    out = sentences[["doc_id", "sent_id", "start_char", "end_char"]].copy()
    key = pd.MultiIndex.from_frame(out[["doc_id", "sent_id"]])
    for register in registers:
        hit = hits[hits["register"] == register]
        out[register] = key.isin(pd.MultiIndex.from_frame(hit[["doc_id", "sent_id"]])).astype(int) if len(hit) else 0
    voiced = hits[hits["voice"] != "narrator"]
    quoted = key.isin(pd.MultiIndex.from_frame(voiced[["doc_id", "sent_id"]])) if len(voiced) else False
    out["voice"] = np.where(quoted, "quoted", "narrator")
    return out.drop(columns="sent_id").reset_index(drop=True)


def voice_agreement(predicted: pd.DataFrame, gold: pd.DataFrame, registers: list[str]) -> dict:
    """How often the voice of an evaluative sentence agrees with the hand coding, over the sentences that both
    code with some register (``predicted`` from :func:`sentence_codes`, ``gold`` aligned by
    :func:`presslens.analyses.validation.align_gold`): ``sentences``, ``agree``, ``share``."""
    keys = ["doc_id", "start_char", "end_char"]
    both = gold.merge(predicted, on=keys, suffixes=("_gold", "_pred"))
    judged = both[(both[[f"{r}_gold" for r in registers]].max(axis=1) > 0)
                  & (both[[f"{r}_pred" for r in registers]].max(axis=1) > 0)]
    agree = int((judged["voice_gold"] == judged["voice_pred"]).sum())
    return {"sentences": len(judged), "agree": agree, "share": agree / len(judged) if len(judged) else float("nan")}


def rates(tokens: pd.DataFrame, hits: pd.DataFrame, articles: pd.DataFrame, registers: list[str],
          by: str = "outlet") -> pd.DataFrame:
    """Per group of articles (``by``, a column of ``articles``) and voice (:data:`VOICES`): ``words`` and, per
    register, its hits and hits per 1,000 words. Words are tokens that are not punctuation, inside quotation
    marks for ``quoted`` and outside them otherwise: a reported judgement (« Séoul a condamné ») is written in
    the narrator's words, so ``narrator`` and ``reported`` share that count. Groups and voices without words
    are left out."""
    words = tokens[~tokens["is_punct"].astype(bool)].merge(articles[["doc_id", by]], on="doc_id")
    words = words.assign(voice=np.where(words["in_quote"].astype(bool), "quoted", "narrator"))
    counts = words.groupby([by, "voice"]).size()
    tagged = hits.merge(articles[["doc_id", by]], on="doc_id")
    rows = []
    for group in sorted(words[by].unique()):
        for voice in VOICES:
            n = int(counts.get((group, "quoted" if voice == "quoted" else "narrator"), 0))
            if not n:
                continue
            part = tagged[(tagged[by] == group) & (tagged["voice"] == voice)]
            row = {by: group, "voice": voice, "words": n}
            for register in registers:
                k = int((part["register"] == register).sum())
                row[register] = k
                row[f"{register} per 1000"] = round(1000 * k / n, 1)
            rows.append(row)
    return pd.DataFrame(rows)


def evaluation_scores(tables, gold: pd.DataFrame, lexicon: dict[str, Register], doc_ids=None, min_kappa: float = 0.4,
                      min_support: int = 5) -> pd.DataFrame:
    """The registers found in ``tables`` (a :class:`~presslens.tables.Tables`) scored against hand-coded
    sentences ``gold`` (``doc_id``, ``start_char``, one 0/1 column per register, ``voice``; aligned to the current
    sentences by offsets, :func:`presslens.analyses.validation.align_gold`), on the articles ``doc_ids`` (all the
    gold's by default).

    Returns one row per register and one for ``evaluative`` (any register), with the columns of
    :func:`presslens.analyses.validation.frame_scores` (``measure`` for ``frame``); the ``evaluative`` row also
    carries ``voice_sentences`` and ``voice_agreement`` (:func:`voice_agreement`)."""
    registers = list(lexicon)
    gold = gold if doc_ids is None else gold[gold["doc_id"].isin(doc_ids)]
    hits = evaluation_hits(tables.tokens, tables.quotes, lexicon)
    predicted = sentence_codes(hits, tables.sentences, registers)
    aligned = validation.align_gold(gold, tables.sentences, registers)
    predicted["evaluative"] = predicted[registers].max(axis=1)
    aligned["evaluative"] = aligned[registers].max(axis=1)
    measures = [*registers, "evaluative"]
    scores = validation.frame_scores(predicted.drop(columns="voice"), aligned, measures, min_kappa, min_support)
    agreement = voice_agreement(predicted, aligned, registers)
    scores["voice_sentences"] = np.where(scores["frame"] == "evaluative", agreement["sentences"], np.nan)
    scores["voice_agreement"] = np.where(scores["frame"] == "evaluative", agreement["share"], np.nan)
    return scores.rename(columns={"frame": "measure"})
