"""Write ``environment.yml`` from ``requirements.lock``, so conda users get the same exact pins."""
from __future__ import annotations

from pathlib import Path

from ..fileio import write_text


def render(lock_text: str) -> str:
    """The text of ``environment.yml`` for the pins in ``lock_text``."""
    pins = [l for l in lock_text.splitlines() if l.strip() and not l.startswith("#")]
    lines = ["# Generated from requirements.lock by `make lock`; do not edit by hand.",
             "name: presslens", "channels:", "  - conda-forge", "dependencies:", "  - python=3.11", "  - pip",
             "  - pip:", *(f"      - {p}" for p in pins), "      - -e .", ""]
    return "\n".join(lines)


def write_environment(repo: Path = Path(".")) -> Path:
    """Regenerate ``repo/environment.yml`` from ``repo/requirements.lock``; returns the path written."""
    target = repo / "environment.yml"
    write_text(target, render((repo / "requirements.lock").read_text(encoding="utf-8")))
    return target
