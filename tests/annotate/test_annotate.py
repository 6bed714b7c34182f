"""Annotation tables: the contract's columns, offsets into the raw text, the gazetteer, the cache."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import CORPUS, DATA, make_corpus
from presslens import StaleCacheError, load
from presslens.annotate.cache import PartitionStore, Settings, annotation_store
from presslens.annotate.schema import Schema
from presslens.clean.textmap import MappedText

# Annotates corpora with spaCy.
pytestmark = pytest.mark.slow

CONTRACT = {
    "articles": ["doc_id", "source_file", "outlet", "attribution", "outlet_evidence", "original_language",
                 "translated", "wire", "event", "phase", "published", "title"],
    "segments": ["doc_id", "seg_id", "kind", "kept", "reason", "start_char", "end_char", "text"],
    "sentences": ["doc_id", "sent_id", "seg_id", "start_char", "end_char", "text"],
    "tokens": ["doc_id", "sent_id", "i", "text", "lemma", "pos", "is_stop", "is_punct", "ent_type", "in_quote"],
    "entities": ["doc_id", "sent_id", "start_char", "end_char", "text", "label", "canonical"],
    "quotes": ["doc_id", "start_char", "end_char", "text", "kind", "speaker_text", "speaker", "camp", "verb"],
    "frames": ["doc_id", "sent_id", "frame", "trigger", "voice"],
}


def test_tables_keep_the_contract_columns(fixture_tables):
    _, tables = fixture_tables
    for name, df in tables.items():
        assert set(CONTRACT[name]) <= set(df.columns), name
        assert len(df) > 0, name


def test_token_sentence_and_entity_offsets_point_into_raw_text(fixture_tables):
    corpus, tables = fixture_tables
    raws = {r.doc_id: (corpus.raw_dir / r.source_file).read_bytes().decode("utf-8")
            for r in tables.articles.itertuples()}
    for name in ("tokens", "sentences", "entities"):
        for r in getattr(tables, name).itertuples():
            # Normalising the raw span gives back the analysed text exactly (entities, tags, apostrophes).
            assert MappedText.from_raw(raws[r.doc_id], r.start_char, r.end_char).text.strip() == r.text, (name, r)


def test_only_kept_segments_are_parsed(fixture_tables):
    _, tables = fixture_tables
    assert set(tables.sentences["kind"]) <= {"headline", "standfirst", "subheading", "body", "caption"}
    spanish = tables.tokens["text"].isin(["presidente", "líder", "Pie"])
    assert not spanish.any()


def test_gazetteer_entities_are_canonical(fixture_tables):
    _, tables = fixture_tables
    ents = tables.entities
    kim = ents[ents["text"].str.fullmatch("Kim Jong[- ][Uu]n")]
    assert len(kim) > 0 and set(kim["canonical"]) == {"Kim Jong-un"}
    assert (ents.loc[ents["entity_id"] != "", "source"] != "model").all()


def test_in_quote_marks_quoted_words(fixture_tables):
    _, tables = fixture_tables
    toks = tables.tokens
    assert toks["in_quote"].any() and not toks.loc[toks["text"].isin(["«", "»"]), "in_quote"].any()


def test_select_default_kinds_leave_out_captions(fixture_tables):
    _, tables = fixture_tables
    assert "caption" not in set(tables.select("tokens")["kind"])
    assert "caption" in set(tables.select("tokens", include_captions=True)["kind"])


def test_cache_key_changes_with_gazetteer_rules_and_text():
    base = Settings("fr_core_news_sm", "3.8.0", "3.8.18", "1+x", "g1", "r1")
    keys = {base.key("t1"), base.key("t2"),
            Settings("fr_core_news_sm", "3.8.0", "3.8.18", "1+x", "g2", "r1").key("t1"),
            Settings("fr_core_news_sm", "3.8.0", "3.8.18", "1+x", "g1", "r2").key("t1"),
            Settings("fr_core_news_md", "3.8.0", "3.8.18", "1+x", "g1", "r1").key("t1")}
    assert len(keys) == 5


def test_stale_cache_is_never_served(tmp_path):
    corpus = make_corpus(tmp_path / "c", [DATA / "la_presse_style.txt"])
    load(corpus, model="fr_core_news_sm", progress=False)
    load(corpus, model="fr_core_news_sm", annotate=False)  # warm: fine
    with open(corpus.gazetteer_yml, "a", encoding="utf-8") as f:
        f.write("\n# a comment changes the digest\n")
    with pytest.raises(StaleCacheError, match="1 article"):
        load(corpus, model="fr_core_news_sm", annotate=False)


def test_an_interrupted_batch_is_never_read_and_is_pruned(tmp_path):
    import pandas as pd

    store = PartitionStore(tmp_path, "annotations", {"a": Schema.of("a", ["x"], {"x": "int"}),
                                                     "b": Schema.of("b", ["y"], {"y": "int"})})
    good = {"k1": {"a": pd.DataFrame({"x": [1]}), "b": pd.DataFrame({"y": [2]})}}
    store.write_batch(good)
    with pytest.raises(KeyError):  # fails after table "a" of the second batch was written
        store.write_batch({"k2": {"a": pd.DataFrame({"x": [3]})}})
    assert store.keys() == {"k1"}
    assert list(store.read("a", {"k1", "k2"})["x"]) == [1]
    assert len(list((store.root / "a").glob("*.parquet"))) == 2
    store.prune()
    assert len(list((store.root / "a").glob("*.parquet"))) == 1 and store.keys() == {"k1"}
    assert store.prune(live={"other"}) == 1 and store.keys() == set()


def test_annotation_resumes_without_redoing_committed_batches(tmp_path):
    from presslens.annotate.plan import annotate_corpus

    corpus = make_corpus(tmp_path / "c", sorted(DATA.glob("*.txt"))[:3])
    first = annotate_corpus(corpus, model="fr_core_news_sm", batch_articles=1, progress=False)
    assert (first["annotated"], len(annotation_store(corpus.cache_dir).batches())) == (3, 3)
    store = annotation_store(corpus.cache_dir)
    victim = sorted(store.batches())[0]
    (store.index_dir / f"{victim}.json").unlink()  # as if the run had died before committing that batch
    again = annotate_corpus(corpus, model="fr_core_news_sm", batch_articles=1, progress=False)
    assert (again["annotated"], again["cached"]) == (1, 2)


def test_warm_load_does_not_import_spacy(fixture_tables):
    corpus, _ = fixture_tables
    code = textwrap.dedent(f"""
        import sys, presslens
        t = presslens.load({str(corpus.root)!r}, model="fr_core_news_sm", annotate=False)
        assert len(t.tokens) > 0
        print("spacy" in sys.modules, "thinc" in sys.modules)
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False False"


def test_dependency_heads_point_at_tokens_of_the_same_sentence(fixture_tables):
    _, tables = fixture_tables
    toks = tables.tokens.set_index(["doc_id", "i"])
    heads = toks.loc[list(zip(tables.tokens["doc_id"], tables.tokens["head"]))]
    assert (heads["sent_id"].values == tables.tokens["sent_id"].values).all()
    roots = tables.tokens[tables.tokens["dep"] == "ROOT"]
    assert (roots["head"] == roots["i"]).all() and len(roots) >= len(tables.sentences) * 0.9


def test_an_opening_quote_after_a_full_stop_starts_the_next_sentence():
    import spacy

    from presslens.annotate.pipeline import opening_quotes_start_sentences

    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    doc = opening_quotes_start_sentences(nlp('Il a parlé. « Nous viendrons. » Puis il est parti. "Oui", dit-elle.'))
    assert [s.text for s in doc.sents] == ["Il a parlé.", "« Nous viendrons. »", "Puis il est parti.",
                                           '"Oui", dit-elle.']
