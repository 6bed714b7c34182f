"""``presslens report``: execute every notebook in place, so its outputs and figures are regenerated.

Execution is made reproducible: fixed kernel (``python3``), no timing metadata, a fixed hash seed, and
notebooks written atomically, so running the report twice on an unchanged tree changes no byte.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..fileio import write_text

VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same stream: how many chunks a kernel sends depends on
    timing, and the saved notebook must not."""
    merged: list = []
    for out in outputs:
        if merged and out.get("output_type") == "stream" and merged[-1].get("output_type") == "stream" \
                and merged[-1].get("name") == out.get("name"):
            merged[-1]["text"] = merged[-1]["text"] + out["text"]
        else:
            merged.append(out)
    return merged


def notebook_paths(directory: Path, only: str | None = None) -> list[Path]:
    """Numbered notebooks (``NN_topic.ipynb``) in ``directory``, in order; ``only`` filters by substring."""
    paths = sorted(p for p in Path(directory).glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if only is None or only in p.name]


def execute_notebook(path: Path, timeout: int = 1800) -> None:
    """Run ``path`` top to bottom in a fresh ``python3`` kernel and write it back with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env_note = {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    os.environ.update(env_note)  # inherited by the kernel process
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
            for out in cell.outputs:
                # A widget's view carries a random model id and needs a live kernel: keep its text form only.
                out.get("data", {}).pop(WIDGET_VIEW, None)
    nb.metadata.pop("widgets", None)
    text = nbformat.writes(nb)
    write_text(path, text if text.endswith("\n") else text + "\n")


def run_report(notebooks_dir: Path, only: str | None = None) -> list[Path]:
    """Execute each notebook of ``notebooks_dir`` in order; return the paths run.

    Raises ``nbclient.exceptions.CellExecutionError`` (naming the cell) when a notebook fails; notebooks
    after it are not run and the failing one is left unchanged on disk.
    """
    paths = notebook_paths(notebooks_dir, only)
    for path in paths:
        start = time.perf_counter()
        print(f"Executing {path.name} ...", file=sys.stderr, flush=True)
        execute_notebook(path)
        print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return paths
