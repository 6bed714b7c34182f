"""One schema per table: the type of every column, declared once, next to the table's column list.

Each annotating module declares its table's columns (``QUOTE_COLUMNS``) and, beside them, their types
(``QUOTE_TYPES = {"sent_id": "int", ...}``), one of :data:`TYPES`. :class:`Schema` pairs the two, and every
table of every batch is written and read through it, so that an article with no quote (an empty table) is
stored with the same column types as one with many. Without that, Parquet stores an empty column as type
``null`` and a dataset mixing it with ``int64`` partitions cannot be read.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

#: The column types a table may declare, as Arrow stores them and as pandas holds them in memory.
TYPES = {
    "str": (pa.large_string(), "str"),
    "int": (pa.int64(), "int64"),
    "bool": (pa.bool_(), "bool"),
    "float": (pa.float64(), "float64"),
}


class SchemaError(ValueError):
    """A table's declared columns and types disagree, or a DataFrame does not have the declared columns."""


@dataclass(frozen=True)
class Schema:
    """The columns of one table in order, each with its type (a key of :data:`TYPES`).

    In: the table's name (for messages), its column list and its ``{column: type}`` dict. Raises
    :class:`SchemaError` naming every column whose type is missing or unknown, and every typed column that
    is not in the list, so that a column added to a table without a type fails at import, not on disk."""

    name: str
    columns: tuple[str, ...]
    types: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, name: str, columns: list[str], types: dict[str, str]) -> "Schema":
        problems = [f"column '{c}' has no type in its *_TYPES dict" for c in columns if c not in types]
        problems += [f"column '{c}' has type '{t}', not one of {', '.join(TYPES)}"
                     for c, t in types.items() if t not in TYPES]
        problems += [f"'{c}' has a type but is not in the column list" for c in types if c not in columns]
        if problems:
            raise SchemaError(f"table {name}: " + "; ".join(problems))
        return cls(name, tuple(columns), tuple((c, types[c]) for c in columns))

    def with_columns(self, **types: str) -> "Schema":
        """This schema with more columns appended (``key="str"`` for the cache's key column)."""
        return Schema.of(self.name, [*self.columns, *types], {**dict(self.types), **types})

    def arrow(self) -> pa.Schema:
        """The Arrow schema of the table."""
        return pa.schema([(c, TYPES[t][0]) for c, t in self.types])

    def empty(self) -> pd.DataFrame:
        """A table with no row and every column typed."""
        return pd.DataFrame({c: pd.Series(dtype=TYPES[t][1]) for c, t in self.types})

    def conform(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` with the declared columns in order, an empty ``df`` typed; raise :class:`SchemaError` when
        ``df`` lacks a declared column or holds an undeclared one."""
        missing = [c for c in self.columns if c not in df.columns]
        extra = [c for c in df.columns if c not in self.columns]
        if missing or extra:
            raise SchemaError(f"table {self.name}: " + "; ".join(
                ([f"lacks declared column(s) {', '.join(missing)}"] if missing else []) +
                ([f"has undeclared column(s) {', '.join(map(str, extra))}"] if extra else [])))
        return self.empty() if df.empty else df[list(self.columns)]

    def to_arrow(self, df: pd.DataFrame) -> pa.Table:
        """``df`` as an Arrow table of this schema (empty or not), for writing."""
        return pa.Table.from_pandas(self.conform(df), schema=self.arrow(), preserve_index=False)
