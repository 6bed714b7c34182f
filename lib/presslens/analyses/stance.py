"""Sourcing and epistemic stance: per sentence, the conditional of unverified or hypothetical claims, hedges and
evidentials, and the claims a study follows; per quote, the kind of source the reader is given and whether it
is official or independent. Reads the cached tables (tokens with their morphology and dependencies, entities,
quotes); parses nothing.

The markers of French in general are in ``rules/stance.yml`` beside this module (:func:`load_lexicon`); what a
study calls a claim (« arms-transfer claim ») and the standing of its camps are in its own ``stance.yml``
(:func:`presslens.corpus.instruments.load_stance`). Hedges and claims are matched on lemmatised sentences with
the pattern language of ``facts.yml`` (:mod:`presslens.analyses.facts`). Intervals resample articles
(:func:`presslens.analyses.findings.article_share`) or, within one article, are Wilson intervals
(:func:`presslens.analyses.stats.wilson`); scores against hand coding are those of the frames
(:func:`presslens.analyses.validation.frame_scores`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus.gazetteer import Gazetteer
from ..corpus.instruments import Fact, StanceInstrument, check_patterns
from ..errors import CorpusError, Problem
from ..fileio import read_yaml
from ..folding import fold
from . import validation
from .facts import lemmatised_sentences, match_facts
from .findings import article_share
from .framing import MIN_ARTICLES, VOICE_KINDS
from .stats import wilson

#: The library's French markers of the conditional and of hedges, and its names of source types.
RULES = Path(__file__).parent / "rules" / "stance.yml"
#: The sentence measures, in the order tables show them; ``qualified`` is a conditional or a hedge.
MEASURES = ("conditional", "hedge", "qualified")
#: Fewer sentences than this in a group (one article's claims, say) and its share is a count to read, not a
#: point to compare: figures write the count instead of drawing a dot.
MIN_SENTENCES = 5
#: How a conditional verb is read (``reading`` of :func:`conditional_verbs`), and whether it marks the claim.
COUNTED_READINGS = {"conditional": True, "modal": True, "hypothetical": True, "transposed future": False,
                    "politeness": False}


@dataclass(frozen=True)
class Lexicon:
    """The generic markers of ``rules/stance.yml``: ``conditional`` (its settings, word lists as sets),
    ``hedges`` (one :class:`~presslens.corpus.instruments.Fact` per class of hedge, its patterns those of the
    file), ``openers`` and ``opener_reach`` (« Pour X, … »: the words, and how many words X may take) and
    ``source_types`` (the quotes table's ``speaker_type`` → the kind of source)."""

    conditional: dict
    hedges: tuple[Fact, ...]
    openers: frozenset[str]
    opener_reach: int
    source_types: dict


def load_lexicon(path: str | Path = RULES) -> Lexicon:
    """The markers of a stance rules file (by default the library's); raises
    :class:`~presslens.errors.CorpusError` naming every missing section and every bad hedge pattern."""
    name = Path(path).name
    data = read_yaml(path, "the French markers of the conditional and of hedges")[1]
    data = data if isinstance(data, dict) else {}
    problems = [Problem(name, "is missing", field=key) for key in ("conditional", "hedges", "source_types")
                if not isinstance(data.get(key), dict)]
    if problems:
        raise CorpusError(problems)
    hedges = tuple(Fact(cls, cls, tuple(check_patterns(patterns, name, f"hedges.{cls}", problems)))
                   for cls, patterns in data["hedges"].items())
    if problems:
        raise CorpusError(problems)
    conditional = {key: (frozenset(value) if isinstance(value, list) else value)
                   for key, value in data["conditional"].items()}
    openers = data.get("source_openers") or {}
    return Lexicon(conditional, hedges, frozenset(openers.get("words") or ()), int(openers.get("max_words", 0)),
                   dict(data["source_types"]))


def _is_conditional_form(form: str, lemma: str, endings: re.Pattern) -> bool:
    """Whether a finite verb's ``form`` is a conditional: a conditional ending after « r » that is not the
    imperfect of a verb in -rer or -rir (« déclarait » is « déclar » + « ait », the imperfect's stem is the
    infinitive less two letters; « tracerait » keeps the whole infinitive)."""
    found = endings.search(form)
    if not found:
        return False
    stem = form[:found.start() + 1]   # up to and with the « r »
    return not (lemma.endswith(("er", "ir")) and stem == lemma[:-2])


def _is_past(morph: str) -> bool:
    """A verb in a past tense (passé composé's participle, passé simple, imperfect, pluperfect)."""
    return any(f"Tense={t}" in morph for t in ("Past", "Imp", "Pqp"))


def _reading(i: int, rows: dict, children: dict, sentence: list[int], rules: dict) -> str:
    """How the conditional verb at token ``i`` reads (a key of :data:`COUNTED_READINGS`). ``rows`` maps a token
    index of its article to ``(lemma, morph, dep, head)``, ``children`` a head to its dependents, ``sentence``
    lists the token indices of its sentence."""
    lemma, morph, dep, head = rows[i]
    if lemma in rules["politeness"] and "Person=1" in morph:
        return "politeness"
    if lemma in rules["modal"]:
        return "modal"
    # An auxiliary or copula carries the mood of the clause its head governs (« serait signé », « serait une erreur »).
    clause = head if dep.startswith(("aux", "cop")) else i
    node, through_ccomp, transposed = clause, False, False
    chain = []
    while rows[node][2] in rules["complement_relations"] and rows[node][3] != node and len(chain) < 6:
        through_ccomp |= rows[node][2] == "ccomp"
        node = rows[node][3]
        chain.append((node, through_ccomp))
    for k, (verb, via_ccomp) in enumerate(chain):
        # The conditional sits in a que-clause of a verb of saying, and that verb (or one governing it) is past.
        if via_ccomp and rows[verb][0] in rules["transposing"] and any(_is_past(rows[v][1]) for v, _ in chain[k:]):
            transposed = True
            break
    if not transposed:
        return "conditional"
    subjects = [c for c in children.get(clause, ()) if rows[c][2].startswith("nsubj")]
    quantified = any(rows[d][0] in rules["any_quantifiers"] for s in subjects for d in children.get(s, ()))
    condition = any(rows[t][0] in rules["condition_marks"] and rows[t][2] == "mark" for t in sentence)
    return "hypothetical" if quantified or condition else "transposed future"


def conditional_verbs(tokens: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """Every verb in the conditional mood of ``tokens`` (the ``tokens`` table: ``lemma``, ``pos``, ``morph``,
    ``dep``, ``head``), found by the parse's mood and checked by its form (:func:`_is_conditional_form`), with
    how it reads: ``conditional`` (reportive, « aurait fourni »), ``modal`` (« pourrait »), ``hypothetical``
    (a transposed form made hypothetical by « si » or « tout »), ``transposed future`` (« a assuré que Moscou
    remporterait ») or ``politeness`` (« je voudrais »); ``counted`` says whether it marks the claim.
    Columns ``doc_id``, ``sent_id``, ``i``, ``text``, ``lemma``, ``reading``, ``counted``."""
    rules = lexicon.conditional
    columns = ["doc_id", "sent_id", "i", "text", "lemma", "reading", "counted"]
    endings = re.compile(f"r(?:{'|'.join(e[1:] for e in sorted(rules['endings'], key=len, reverse=True))})$")
    verbs = tokens[tokens["pos"].isin(["VERB", "AUX"]) & ~tokens["morph"].str.contains("VerbForm=(?:Inf|Part)")]
    lemmas = verbs["lemma"].str.lower()
    found = [k for k, (form, lemma) in enumerate(zip(verbs["text"].str.lower(), lemmas))
             if _is_conditional_form(form, lemma, endings)]
    candidates = verbs.iloc[found]
    out = []
    for doc_id, cand in candidates.groupby("doc_id", sort=False):
        doc = tokens[tokens["doc_id"] == doc_id]
        rows = dict(zip(doc["i"], zip(doc["lemma"].str.lower(), doc["morph"], doc["dep"], doc["head"])))
        children: dict[int, list[int]] = {}
        for i, head in zip(doc["i"], doc["head"]):
            if i != head:
                children.setdefault(head, []).append(i)
        sentences = doc.groupby("sent_id")["i"].agg(list)
        for tok in cand.itertuples(index=False):
            reading = _reading(tok.i, rows, children, sentences[tok.sent_id], rules)
            out.append((doc_id, tok.sent_id, tok.i, tok.text, tok.lemma, reading, COUNTED_READINGS[reading]))
    # Typed even when empty: an untyped empty `counted` would make `verbs[verbs["counted"]]` select columns.
    return pd.DataFrame(out, columns=columns).astype({"counted": bool})


def _cue(pattern: dict, lemmas: str) -> str:
    """The words of ``lemmas`` (a lemmatised sentence) that satisfied ``pattern``: the alternatives of its
    ``all`` items found, joined by « + », or the text its regex matched."""
    padded = f" {lemmas} "
    words = [alt.strip() for item in pattern.get("all", ()) for alt in item.split("|")
             if f" {fold(alt.strip())} " in padded]
    if pattern.get("regex"):
        hit = re.search(pattern["regex"], lemmas)
        words.append(hit.group(0).strip() if hit else "")
    return " + ".join(dict.fromkeys(w for w in words if w))


def _pattern_hits(lemmatised: pd.DataFrame, facts) -> pd.DataFrame:
    """Sentences matching each of ``facts`` (:func:`presslens.analyses.facts.match_facts`), with ``cue``, the
    words that matched (:func:`_cue`). Columns ``doc_id``, ``sent_id``, ``fact_id``, ``cue``."""
    hits = match_facts(lemmatised, list(facts))
    patterns = {(f.id, k): p for f in facts for k, p in enumerate(f.patterns, start=1)}
    cues = [_cue(patterns[(f, k)], lemmas) for f, k, lemmas in zip(hits["fact_id"], hits["pattern"], hits["lemmas"])]
    return hits.assign(cue=cues)[["doc_id", "sent_id", "fact_id", "cue"]]


def _opened_by_source(tokens: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """Sentences opening on « Pour X, » with a named entity in X (:attr:`Lexicon.openers`): ``doc_id``,
    ``sent_id``, ``cue`` (the words up to the comma)."""
    out = []
    if not lexicon.openers:
        return pd.DataFrame(out, columns=["doc_id", "sent_id", "cue"])
    words = tokens[~tokens["is_punct"] | (tokens["text"] == ",")].sort_values(["doc_id", "sent_id", "i"], kind="stable")
    for (doc_id, sent_id), sent in words.groupby(["doc_id", "sent_id"], sort=False):
        texts = sent["text"].tolist()
        if fold(texts[0]) not in lexicon.openers or "," not in texts[1:lexicon.opener_reach + 2]:
            continue
        comma = texts.index(",", 1)
        if any(sent["ent_type"].iloc[1:comma]):
            out.append((doc_id, sent_id, " ".join(texts[:comma])))
    return pd.DataFrame(out, columns=["doc_id", "sent_id", "cue"])


def _naming_parties(tokens: pd.DataFrame, entities: pd.DataFrame, gazetteer: Gazetteer, parties) -> set:
    """``(doc_id, sent_id)`` of the sentences naming one of the camps ``parties``: an entity of the gazetteer in
    that camp (a capital is in its state's camp), or a demonym of it."""
    camp_of = {eid: e.camp for eid, e in gazetteer.entities.items()}
    kept = entities[entities["keep"]] if "keep" in entities else entities
    named = kept[kept["entity_id"].map(camp_of).isin(parties)]
    demonym = tokens[tokens["text"].str.lower().map(gazetteer.demonyms).isin(parties)]
    return set(zip(named["doc_id"], named["sent_id"])) | set(zip(demonym["doc_id"], demonym["sent_id"]))


def sentence_stance(tokens: pd.DataFrame, sentences: pd.DataFrame, lexicon: Lexicon, entities: pd.DataFrame | None = None,
                    instrument: StanceInstrument | None = None, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per sentence of ``sentences`` (its ``doc_id``, ``sent_id``, ``kind``, ``start_char``,
    ``end_char``, ``text``) with ``conditional`` (a counted conditional verb, :func:`conditional_verbs`),
    ``hedge`` (a hedge or evidential of the lexicon, or « Pour X, »), ``qualified`` (either), the words that
    decided each (``conditional_words``, ``hedge_words``), and, for each claim of ``instrument`` (which needs
    ``entities`` and ``gazetteer`` to find its parties), a boolean column named by its id with its words in
    ``<id>_words``. ``tokens`` are the sentences' tokens."""
    base = sentences[["doc_id", "sent_id", "kind", "start_char", "end_char", "text"]].reset_index(drop=True)
    keys = ["doc_id", "sent_id"]
    lemmatised = lemmatised_sentences(tokens)
    verbs = conditional_verbs(tokens, lexicon)
    counted = verbs[verbs["counted"]].groupby(keys)["text"].agg("; ".join).rename("conditional_words")
    hedges = pd.concat([_pattern_hits(lemmatised, lexicon.hedges)[[*keys, "cue"]], _opened_by_source(tokens, lexicon)])
    hedge_words = hedges.groupby(keys)["cue"].agg(lambda c: "; ".join(dict.fromkeys(c))).rename("hedge_words")
    out = base.merge(counted.reset_index(), on=keys, how="left").merge(hedge_words.reset_index(), on=keys, how="left")
    out[["conditional_words", "hedge_words"]] = out[["conditional_words", "hedge_words"]].fillna("")
    out["conditional"], out["hedge"] = out["conditional_words"].ne(""), out["hedge_words"].ne("")
    out["qualified"] = out["conditional"] | out["hedge"]
    claims = instrument.claims if instrument is not None else ()
    hits = _pattern_hits(lemmatised, claims) if claims else None
    for claim in claims:
        named = _naming_parties(tokens, entities, gazetteer, claim.parties)
        in_named = np.fromiter((k in named for k in zip(hits["doc_id"], hits["sent_id"])), dtype=bool, count=len(hits))
        mine = hits[(hits["fact_id"] == claim.id).to_numpy() & in_named]
        words = dict(zip(zip(mine["doc_id"], mine["sent_id"]), mine["cue"]))
        out[f"{claim.id}_words"] = [words.get(k, "") for k in zip(out["doc_id"], out["sent_id"])]
        out[claim.id] = out[f"{claim.id}_words"].ne("")
    return out


def quote_sources(quotes: pd.DataFrame, lexicon: Lexicon, instrument: StanceInstrument | None = None) -> pd.DataFrame:
    """The quotes that give a voice (kinds of :data:`~presslens.analyses.framing.VOICE_KINDS`; quoted terms
    voice nobody) with ``source_type`` (named person, anonymous, institution, media, document, unattributed:
    :attr:`Lexicon.source_types` of the quote's ``speaker_type``) and ``standing`` (official, independent, or
    ``unknown`` for a camp the instrument does not place, and without an instrument)."""
    voiced = quotes[quotes["kind"].isin(VOICE_KINDS)]
    standing = instrument.standing if instrument is not None else {}
    return voiced.assign(source_type=voiced["speaker_type"].map(lexicon.source_types).fillna("unattributed"),
                         standing=voiced["camp"].map(standing).fillna("unknown")).reset_index(drop=True)


def qualified_rates(stance: pd.DataFrame, articles: pd.DataFrame, claim: str, by: str = "outlet",
                    n_boot: int = 2000, seed: int = 0, min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """How often claims of the kind ``claim`` (a boolean column of :func:`sentence_stance`) and the other
    sentences are qualified, per group of ``by`` (a column of ``stance`` or of ``articles``; a column with one
    value pools the corpus) and per measure of :data:`MEASURES`.

    Columns ``group``, ``claim`` (the claim's name or ``other``), ``measure``, ``articles``, ``n`` (sentences),
    ``hits``, ``share``, ``low``, ``high``, ``interval`` and ``few`` (fewer than :data:`MIN_SENTENCES`
    sentences). The interval resamples the group's articles (``articles``) when it has at least
    ``min_articles`` of them; a single article's is a Wilson interval over its sentences (``Wilson``, which
    treats its sentences as independent); other groups have none (``none``: they describe their texts)."""
    data = stance if by in stance else stance.merge(articles[["doc_id", by]], on="doc_id")
    data = data.assign(group=data[by].astype(str), claim=np.where(data[claim], claim, "other"))
    parts = []
    for measure in MEASURES:
        table = article_share(data, data[measure], ["group", "claim"], n_boot=n_boot, seed=seed,
                              min_articles=min_articles)
        parts.append(table.assign(measure=measure))
    out = pd.concat(parts, ignore_index=True)
    single = (out["articles"] == 1) & out["low"].isna()
    bounds = [wilson(k, n) if one else (low, high)
              for one, k, n, low, high in zip(single, out["hits"], out["n"], out["low"], out["high"])]
    out[["low", "high"]] = pd.DataFrame(bounds, index=out.index, columns=["low", "high"])
    out["interval"] = np.where(single, "Wilson", np.where(out["low"].notna(), "articles", "none"))
    out["few"] = out["n"] < MIN_SENTENCES
    return out[["group", "claim", "measure", "articles", "n", "hits", "share", "low", "high", "interval", "few"]]


def stance_scores(stance: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame, codes: list[str],
                  min_kappa: float = 0.4, min_support: int = 5) -> pd.DataFrame:
    """The sentence measures scored against a hand-coded ``stance.csv`` as the frames are scored
    (:func:`~presslens.analyses.validation.frame_scores`: per measure, precision, recall and F1 with Wilson
    intervals, Cohen's κ, ``reliable``), the gold aligned to ``sentences`` by offsets. ``codes`` are the coded
    0/1 columns the stance table also has (``conditional``, ``hedge``, a claim's id); ``qualified`` is added
    to both as a conditional or a hedge. The ``frame`` column of the scores is named ``measure`` here."""
    gold = gold.assign(qualified=(gold["conditional"].astype(int) | gold["hedge"].astype(int)))
    measures = [*codes, "qualified"]
    aligned = validation.align_gold(gold, sentences, measures)
    predicted = stance[["doc_id", "start_char", "end_char"]].assign(**{m: stance[m].astype(int) for m in measures})
    scores = validation.frame_scores(predicted, aligned, measures, min_kappa, min_support)
    return scores.rename(columns={"frame": "measure"})


def stance_disagreements(stance: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame,
                         codes: list[str]) -> pd.DataFrame:
    """Every sentence where the rules and the hand coding disagree on one of ``codes``, to read: ``doc_id``,
    ``sent_id``, ``measure``, ``error`` (``missed``: coded 1, found 0; ``spurious``: the reverse), the words
    the rules saw for that measure (``""`` when missed), the coder's ``notes`` on the gold row that starts where
    the sentence starts, and the sentence's ``text``."""
    aligned = validation.align_gold(gold, sentences, codes)
    joined = stance.merge(aligned, on=["doc_id", "start_char", "end_char"], suffixes=("", "_gold"))
    notes = gold[["doc_id", "start_char", "notes"]] if "notes" in gold else gold[["doc_id", "start_char"]].assign(notes="")
    joined = joined.merge(notes.drop_duplicates(["doc_id", "start_char"]), on=["doc_id", "start_char"], how="left")
    rows = []
    for measure in codes:
        wrong = joined[joined[measure].astype(int) != joined[f"{measure}_gold"].astype(int)]
        words = wrong[f"{measure}_words"] if f"{measure}_words" in wrong else pd.Series("", index=wrong.index)
        for r, said in zip(wrong.itertuples(index=False), words):
            rows.append((r.doc_id, r.sent_id, measure, "spurious" if getattr(r, measure) else "missed", said,
                         r.notes if isinstance(r.notes, str) else "", r.text))
    out = pd.DataFrame(rows, columns=["doc_id", "sent_id", "measure", "error", "words", "notes", "text"])
    return out.sort_values(["doc_id", "sent_id", "measure"], kind="stable").reset_index(drop=True)
