"""Language identification of short lines (captions, widgets), with py3langid restricted to candidates."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8)
def _identifier(candidates: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(candidates))
    return ident


def identify(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    """Return ``(language code, probability)`` for ``text`` among ``candidates``."""
    lang, prob = _identifier(tuple(candidates)).classify(text)
    return lang, float(prob)
