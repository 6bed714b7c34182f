"""Rows of a DataFrame as plain Python values, for the rules that walk an article's rows one by one.

``DataFrame.to_dict``, ``itertuples`` and per-row indexing box every value through pandas; zipping the
columns' ``tolist()`` is many times faster, which counts once per article of a large corpus.
"""
from __future__ import annotations

from typing import Iterator

import pandas as pd


def tuples(table: pd.DataFrame, *names: str) -> Iterator[tuple]:
    """The values of ``table``'s columns ``names``, one tuple per row, in row order."""
    return zip(*(table[name].tolist() for name in names))


def records(table: pd.DataFrame) -> list[dict]:
    """Every row of ``table`` as a dict of column → value (what ``to_dict("records")`` gives)."""
    columns = list(table.columns)
    return [dict(zip(columns, values)) for values in tuples(table, *columns)]
