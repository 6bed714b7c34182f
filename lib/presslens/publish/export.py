"""``presslens export``: every table as ``DIR/<name>.csv`` (UTF-8, one header row), optionally Parquet."""
from __future__ import annotations

from pathlib import Path

from ..fileio import atomic_path


def export_tables(tables, directory: str | Path, parquet: bool = False) -> list[Path]:
    """Write each table of ``tables`` (a :class:`~presslens.tables.Tables`) to ``directory``; return the paths."""
    directory = Path(directory)
    written = []
    for name, df in tables.items():
        out = df.copy()
        for col in out.columns:
            if str(out[col].dtype).startswith("datetime"):
                out[col] = out[col].dt.strftime("%Y-%m-%d")
        with atomic_path(directory / f"{name}.csv") as tmp:
            out.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        written.append(directory / f"{name}.csv")
        if parquet:
            with atomic_path(directory / f"{name}.parquet") as tmp:
                df.to_parquet(tmp, index=False)
            written.append(directory / f"{name}.parquet")
    return written
