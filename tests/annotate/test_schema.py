"""One schema per table: every declared column has a type, and an empty table is stored with those types."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from presslens.annotate import frames, pipeline, quotes
from presslens.annotate.cache import PartitionStore
from presslens.annotate.schema import Schema, SchemaError
from presslens.tables import SCHEMAS

#: Every table's column list and type dict, as the annotating modules declare them.
DECLARED = {
    "segments": (pipeline.SEGMENT_COLUMNS, pipeline.SEGMENT_TYPES),
    "sentences": (pipeline.SENTENCE_COLUMNS, pipeline.SENTENCE_TYPES),
    "tokens": (pipeline.TOKEN_COLUMNS, pipeline.TOKEN_TYPES),
    "entities": (pipeline.ENTITY_COLUMNS, pipeline.ENTITY_TYPES),
    "quotes": (quotes.QUOTE_COLUMNS, quotes.QUOTE_TYPES),
    "frames": (frames.FRAME_COLUMNS, frames.FRAME_TYPES),
}


@pytest.mark.parametrize("table", sorted(DECLARED))
def test_every_declared_column_has_a_type(table):
    columns, types = DECLARED[table]
    missing = [c for c in columns if c not in types]
    assert not missing, f"{table}: add a type for {missing} to its *_TYPES dict (see presslens.annotate.schema)"
    assert list(SCHEMAS[table].columns) == list(columns)


def test_a_column_without_a_type_is_a_loud_error():
    with pytest.raises(SchemaError, match="column 'new_column' has no type"):
        Schema.of("quotes", [*quotes.QUOTE_COLUMNS, "new_column"], quotes.QUOTE_TYPES)
    with pytest.raises(SchemaError, match="'decimal', not one of"):
        Schema.of("t", ["x"], {"x": "decimal"})


def test_conform_refuses_a_frame_without_the_declared_columns():
    schema = Schema.of("t", ["x", "y"], {"x": "int", "y": "str"})
    with pytest.raises(SchemaError, match="lacks declared column.s. y; has undeclared column.s. z"):
        schema.conform(pd.DataFrame({"x": [1], "z": [2]}))


def test_an_empty_batch_is_written_with_the_declared_types(tmp_path):
    schema = Schema.of("t", ["n", "s", "b"], {"n": "int", "s": "str", "b": "bool"})
    store = PartitionStore(tmp_path, "store", {"t": schema})
    # Untyped empty frame, as pandas builds it from an empty list of rows.
    empty = store.write_batch({"k1": {"t": pd.DataFrame(columns=["n", "s", "b"])}})
    full = store.write_batch({"k2": {"t": pd.DataFrame({"n": [3], "s": ["x"], "b": [True]})}})
    types = [pq.read_schema(store.root / "t" / f"{b}.parquet").types for b in (empty, full)]
    assert types[0] == types[1]
    both = store.read("t", {"k1", "k2"})
    assert both["n"].tolist() == [3] and str(both["n"].dtype) == "int64"
    assert store.read("t", set()).dtypes.astype(str).tolist() == ["int64", "str", "bool", "str"]


def test_a_partition_written_untyped_by_an_older_version_is_read_with_the_declared_types(tmp_path):
    schema = Schema.of("t", ["n"], {"n": "int"})
    store = PartitionStore(tmp_path, "store", {"t": schema})
    full = store.write_batch({"k2": {"t": pd.DataFrame({"n": [3]})}})
    (store.root / "t").mkdir(exist_ok=True)
    pd.DataFrame(columns=["n", "key"]).to_parquet(store.root / "t" / "old.parquet", index=False)  # type null
    (store.index_dir / "old.json").write_text('{"keys": ["k1"]}', encoding="utf-8")
    assert store.read("t", {"k1", "k2"})["n"].tolist() == [3]
    assert full in store.batches()


@pytest.mark.slow
def test_an_article_without_quotes_entities_or_frames_loads_and_exports(corpus_copy, tmp_path):
    """An ordinary article with no quotation, added to an annotated corpus, wrote a quotes partition typed
    all-null: load, export and every notebook then failed (ArrowNotImplementedError: int64 to null)."""
    from presslens import load
    from presslens.corpus.add import add_article
    from presslens.publish.export import export_tables

    load(corpus_copy, model="fr_core_news_sm", progress=False)
    named = tmp_path / "named.txt"  # entities, no quotation: the case of the bug report
    named.write_text("Vladimir Poutine à Pyongyang\n\nLe président russe Vladimir Poutine est arrivé à Pyongyang "
                     "mardi soir, où Kim Jong-un l’attendait à l’aéroport.\n", encoding="utf-8")
    plain = tmp_path / "plain.txt"  # no entity either
    plain.write_text("Une journée calme\n\nIl ne s’est rien passé aujourd’hui dans la ville. Les habitants sont "
                     "restés chez eux, et le marché a fermé tôt.\n", encoding="utf-8")
    added = []
    for path in (named, plain):  # each annotated alone, so that its batch holds only its own rows
        added.append(add_article(corpus_copy, path, outlet="Le Quotidien", published="2024-06-19",
                                 event="pyongyang-2024").rows[0]["doc_id"])
        tables = load(corpus_copy, model="fr_core_news_sm", progress=False)
    assert (tables.entities["doc_id"] == added[0]).any()
    for name in ("quotes", "frames"):
        assert not getattr(tables, name)["doc_id"].isin(added).any(), name
    assert not (tables.entities["doc_id"] == added[1]).any()
    assert tables.tokens["doc_id"].isin(added).sum() > 20
    assert tables.quotes["start_char"].dtype == "int64" and len(tables.quotes) > 0
    written = export_tables(tables, tmp_path / "out", parquet=True)
    assert len(written) == 14
    again = load(corpus_copy, model="fr_core_news_sm", annotate=False)
    assert len(again.quotes) == len(tables.quotes)
