"""The analyses: one module per research question, each reading the tidy tables and returning DataFrames.

Modules load on first use (``from presslens import analyses as an``; ``an.keyness.keyness(...)``), so a
notebook pays only for the analyses it runs."""
from __future__ import annotations

import importlib

MODULES = ("concordance", "diversity", "entities", "entity_validation", "evaluation", "facts", "findings", "framing",
           "keyness", "naming", "ngrams", "overview", "profiles", "reuse", "similarity", "stance", "stats", "text",
           "validation", "vocabulary", "warehouse")


def __getattr__(name: str):
    """``analyses.<module>`` imported on first access."""
    if name in MODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
