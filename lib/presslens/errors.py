"""Errors that name the file, the row and the field, and list every problem at once."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in the corpus.

    ``file`` is a path relative to the corpus directory, ``row`` the 1-based data row of a CSV file
    (the header is row 0) or ``None``, ``field`` the column or key concerned or ``None``.
    """

    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class CorpusError(Exception):
    """Raised with every problem found, so that a user fixes them all in one pass."""

    def __init__(self, problems: list[Problem], heading: str = "The corpus has problems"):
        self.problems = list(problems)
        lines = [f"{heading} ({len(self.problems)}):"] + [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class StaleCacheError(Exception):
    """Raised when tables are requested without annotation and some article has no fresh cache entry."""
