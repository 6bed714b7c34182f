"""The baseline the entity table is measured against: plain spaCy NER, without the entity ruler or any
resolution rule, on the same kept segments (``presslens baseline`` writes it to the gold folder)."""
from __future__ import annotations

import pandas as pd

from ..corpus.gazetteer import surface_form


def baseline(corpus=None, doc_ids=None, model: str = "fr_core_news_md") -> pd.DataFrame:
    """Plain spaCy NER, without the entity ruler or any rule, on the kept segments of each article.

    In: a corpus directory (default: as :func:`presslens.load` finds it), optionally some ``doc_ids``, the
    spaCy model. Out: ``doc_id``, ``start_char``, ``end_char`` (raw offsets), ``text``, ``label``,
    ``canonical`` (the normalised surface form: plain NER links nothing). This imports spaCy (seconds).
    """
    import spacy

    from ..clean.rules import load_rules
    from ..clean.sources import segment_source
    from ..corpus.directory import Corpus
    from ..corpus.validate import validate

    corpus = corpus if isinstance(corpus, Corpus) else Corpus.find(corpus)
    rules = load_rules(corpus.root)
    nlp = spacy.load(model)
    rows = []
    for art in validate(corpus):
        if doc_ids is not None and art["doc_id"] not in doc_ids:
            continue
        raw = (corpus.raw_dir / art["source_file"]).read_bytes().decode("utf-8")
        kept = [s for s in segment_source(raw, rules, art["source_file"]) if s.kept]
        for seg, doc in zip(kept, nlp.pipe(s.clean_text for s in kept)):
            for ent in doc.ents:
                start, end = seg.view.raw_span(ent.start_char, ent.end_char)
                rows.append([art["doc_id"], start, end, ent.text, ent.label_, surface_form(ent.text)])
    return pd.DataFrame(rows, columns=["doc_id", "start_char", "end_char", "text", "label", "canonical"])
