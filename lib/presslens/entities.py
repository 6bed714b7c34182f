"""Canonical entities: map each entity mention to the gazetteer's canonical name, or to a normalised surface
form when the gazetteer does not know it. Runs at annotation time (its code is part of the cache key)."""
from __future__ import annotations

import pandas as pd

from .gazetteer import Gazetteer, surface_form


def resolve(mentions: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Add ``canonical``, ``entity_id`` and ``source`` to one article's entity ``mentions``.

    ``mentions`` has the columns of the entities table up to ``label`` plus ``ruler_id`` (the gazetteer id
    set by the entity ruler, or ""). ``source`` is ``gazetteer`` (matched by the ruler), ``alias`` (found by
    the statistical NER, then looked up) or ``model`` (unknown to the gazetteer).
    """
    out = mentions.copy()
    canonical, ids, sources = [], [], []
    for text, ruler_id in zip(out["text"], out["ruler_id"]):
        known = gazetteer.entities.get(ruler_id) if ruler_id else gazetteer.lookup(text)
        canonical.append(known.canonical if known else surface_form(text))
        ids.append(known.id if known else "")
        sources.append("gazetteer" if ruler_id else ("alias" if known else "model"))
    out["canonical"], out["entity_id"], out["source"] = canonical, ids, sources
    return out.drop(columns="ruler_id")
