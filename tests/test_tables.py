"""The table contract's reader: rows of the cache put back in article order."""
from __future__ import annotations

import pandas as pd
import pandas.testing as pdt

from presslens import tables as tables_mod


class _Store:
    """Stands in for a PartitionStore: ``read`` returns the rows of the keys asked for, in stored order."""

    def __init__(self, data: pd.DataFrame):
        self.data = data

    def read(self, table, keys):
        return self.data[self.data["key"].isin(keys)].reset_index(drop=True)


def _merge_read(store, table, keys, doc_order):
    """The code _read replaced: a join on the keys, each row's doc_id mapped to its rank, one sort."""
    data = store.read(table, set(keys.values()))
    link = pd.DataFrame({"doc_id": list(keys), "key": list(keys.values())})
    data = link.merge(data, on="key", how="inner").drop(columns="key")
    data["_doc"] = data["doc_id"].map(doc_order)
    data = data.sort_values(["_doc", *tables_mod.ORDER[table]], kind="stable").drop(columns="_doc").reset_index(drop=True)
    return data[["doc_id"] + [c for c in data.columns if c != "doc_id"]]


def test_read_same_rows_as_joining_on_keys():
    # Keys stored out of article order, rows out of offset order with ties, two articles sharing one text
    # (one key), an article with no rows, a key no article asks for.
    stored = pd.DataFrame({"key": ["k2", "k1", "k2", "k1", "k3", "k9", "k2"],
                           "start_char": [5, 0, 1, 0, 7, 0, 1], "end_char": [9, 4, 3, 2, 8, 1, 2],
                           "text": list("abcdefg")})
    keys = {"003": "k2", "001": "k1", "002": "k3", "004": "k2", "005": "k4"}
    doc_order = {"001": 0, "002": 1, "003": 2, "004": 3, "005": 4}
    store = _Store(stored)
    new = tables_mod._read(store, "entities", keys, doc_order)
    pdt.assert_frame_equal(new, _merge_read(store, "entities", keys, doc_order))
    assert new["doc_id"].tolist() == ["001", "001", "002", "003", "003", "003", "004", "004", "004"]
    assert new["text"].tolist()[:2] == ["d", "b"]
