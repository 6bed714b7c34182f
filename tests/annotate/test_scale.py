"""Scale: the Dask executor's output equals the in-process run; worker processes likewise."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import DATA, make_corpus
from presslens import load
from presslens.annotate.plan import annotate_corpus
from presslens import analyses as an

# Starts worker processes and a Dask cluster.
pytestmark = pytest.mark.slow

FILES = sorted(DATA.glob("*.txt"))
MODEL = "fr_core_news_sm"


def tables_of(corpus):
    t = load(corpus, model=MODEL, annotate=False)
    return {name: df for name, df in t.items() if name != "articles"}


def assert_same(left, right):
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False, obj=name)


def test_dask_local_cluster_produces_identical_tables(tmp_path):
    from presslens.annotate.distributed import client_for

    serial, spread = make_corpus(tmp_path / "serial", FILES), make_corpus(tmp_path / "dask", FILES)
    annotate_corpus(serial, model=MODEL, progress=False)
    with client_for(None, 2) as client:
        counts = annotate_corpus(spread, model=MODEL, batch_articles=2, client=client, progress=False)
        assert len(client.scheduler_info()["workers"]) == 2
    assert counts["annotated"] == len(FILES)
    assert_same(tables_of(serial), tables_of(spread))


def test_two_worker_processes_produce_identical_tables_and_frames(tmp_path):
    from presslens.annotate.cache import annotation_store
    from presslens.annotate.frames import FramesStage

    serial, parallel = make_corpus(tmp_path / "one", FILES[:3]), make_corpus(tmp_path / "two", FILES[:3])
    annotate_corpus(serial, model=MODEL, progress=False)
    annotate_corpus(parallel, model=MODEL, processes=2, batch_size=8, progress=False)
    assert_same(tables_of(serial), tables_of(parallel))
    # Small corpora are split so that both workers get work; frames were coded by the workers, batch by batch.
    batches = annotation_store(parallel.cache_dir).batches()
    assert len(batches) == 3
    assert len(FramesStage.of(parallel).store.batches()) == 3


def test_jobs_split_small_corpora_across_workers_and_cap_batches(tmp_path):
    from presslens.annotate.batches import jobs_for
    from presslens.annotate.plan import Plan

    corpus = make_corpus(tmp_path / "c", FILES)
    plan = Plan.of(corpus, MODEL)
    rows = plan.rows * 40  # the split depends only on the number of rows
    assert [len(j.items) for j in jobs_for(plan, rows, 100, 64, 1)][:2] == [100, 100]
    two = jobs_for(plan, rows, 100, 64, 2)
    assert {len(j.items) for j in two[:-1]} == {-(-len(rows) // 8)} and sum(len(j.items) for j in two) == len(rows)
    assert len(jobs_for(plan, rows, 10, 64, 2)[0].items) == 10


def test_a_gazetteer_changed_after_planning_stops_the_worker(tmp_path):
    import pytest

    from presslens.annotate.batches import jobs_for, run
    from presslens.annotate.plan import Plan

    corpus = make_corpus(tmp_path / "c", FILES[:1])
    job = jobs_for(Plan.of(corpus, MODEL), Plan.of(corpus, MODEL).rows, 100, 64, 1)[0]
    with open(corpus.gazetteer_yml, "a", encoding="utf-8") as f:
        f.write("\n# edited while annotating\n")
    with pytest.raises(RuntimeError, match="gazetteer.yml or the cleaning rules changed"):
        run(job)


def test_duckdb_aggregations_match_pandas(fixture_tables):
    from presslens.analyses.warehouse import Warehouse

    corpus, tables = fixture_tables
    wh = Warehouse(corpus, model=MODEL)
    content = an.vocabulary.content_tokens(tables)
    expected = content.groupby(["outlet", "term"]).size().rename("n").reset_index()
    got = wh.term_frequencies(by="outlet")[["outlet", "term", "n"]]
    pd.testing.assert_frame_equal(got.sort_values(["outlet", "term"]).reset_index(drop=True),
                                  expected.sort_values(["outlet", "term"]).reset_index(drop=True), check_dtype=False)

    target_doc = tables.articles["doc_id"].iloc[0]
    ours = wh.keyness("doc_id", target_doc).set_index("term")
    ref = an.keyness.keyness(content, content["doc_id"] == target_doc).set_index("term")
    assert set(ours.index) == set(ref.index)
    pd.testing.assert_series_equal(ours.loc[ref.index, "g2"], ref["g2"], check_names=False)

    ents = tables.entities[tables.entities["keep"] & tables.entities["label"].isin(["PER", "ORG", "LOC"])]
    pairs = ents[["doc_id", "sent_id", "canonical"]].drop_duplicates()
    joined = pairs.merge(pairs, on=["doc_id", "sent_id"])
    joined = joined[joined["canonical_x"] < joined["canonical_y"]]
    expected_pairs = joined.groupby(["canonical_x", "canonical_y"]).size()
    got_pairs = wh.cooccurrence().set_index(["source", "target"])["sentences"]
    assert expected_pairs.sort_index().tolist() == got_pairs.sort_index().tolist()

    shares = wh.frame_shares(by="doc_id")
    sentences = tables.select("sentences")
    hit = tables.frames.drop_duplicates(["doc_id", "sent_id", "frame"])
    one = shares.iloc[0]
    n_hit = len(hit[(hit["doc_id"] == one["doc_id"]) & (hit["frame"] == one["frame"])
                    & hit["sent_id"].isin(sentences.loc[sentences["doc_id"] == one["doc_id"], "sent_id"])])
    assert one["sentences_with_frame"] == n_hit
    assert one["sentences"] == (sentences["doc_id"] == one["doc_id"]).sum()


def test_synth_builds_a_valid_reproducible_corpus(fixture_tables, tmp_path):
    from presslens.corpus.synth import synthesize
    from presslens.corpus.validate import validate

    corpus, _ = fixture_tables
    a = synthesize(corpus, tmp_path / "a", 12, seed=3)
    b = synthesize(corpus, tmp_path / "b", 12, seed=3)
    assert len(validate(a)) == 12
    assert (a.root / "SHA256SUMS").read_text() == (b.root / "SHA256SUMS").read_text()
    texts = [p.read_text(encoding="utf-8") for p in sorted((a.root / "raw").glob("*.txt"))]
    assert all(t.count("\n\n") >= 6 for t in texts)


def test_a_failed_synth_leaves_nothing_that_blocks_the_retry(fixture_tables, tmp_path, monkeypatch):
    """`synth` wrote into its output folder as it went: a failure left a half-written folder, and the retry
    was refused because the folder existed."""
    from presslens.corpus import synth
    from presslens.errors import CorpusError

    corpus, _ = fixture_tables
    calls = []

    def failing(target, data):  # the disk fills up at the fourth article
        calls.append(target)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        original(target, data)

    original = synth.write_bytes
    monkeypatch.setattr(synth, "write_bytes", failing)
    with pytest.raises(OSError):
        synth.synthesize(corpus, tmp_path / "s", 12)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(synth, "write_bytes", original)
    made = synth.synthesize(corpus, tmp_path / "s", 12)
    assert len(list((made.root / "raw").glob("*.txt"))) == 12 and sorted(tmp_path.iterdir()) == [made.root]
    with pytest.raises(CorpusError, match="s: already exists"):
        synth.synthesize(corpus, tmp_path / "s", 12)
    with pytest.raises(CorpusError, match="--articles: must be 1 or more, not 0"):
        synth.synthesize(corpus, tmp_path / "t", 0)
