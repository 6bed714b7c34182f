"""Load the cleaning rules: the package's generic ones, extended by an optional ``<corpus>/cleaning.yml``."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError, Problem
from ..fileio import parse_yaml

PACKAGE_RULES = Path(__file__).with_name("rules") / "cleaning.yml"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    reason: str


@dataclass(frozen=True)
class CleaningRules:
    """Compiled cleaning rules; ``digest`` identifies them in cache keys."""

    language: str
    foreign_min_words: int
    foreign_min_probability: float
    candidates: tuple[str, ...]
    language_names: dict
    agency_line: re.Pattern
    agency_names: re.Pattern
    metadata_prefix: tuple[Rule, ...]
    metadata_line: tuple[Rule, ...]
    boilerplate: tuple[Rule, ...]
    credit: tuple[Rule, ...]
    byline: tuple[Rule, ...]
    byline_suffix: re.Pattern
    credit_max_words: int
    caption_credit_prefix: re.Pattern
    caption_credit_suffix: tuple[re.Pattern, ...]
    toc_item: re.Pattern
    related_header: re.Pattern
    headline_max_words: int
    standfirst_max_words: int
    subheading_max_words: int
    html_standfirst_class: re.Pattern
    html_caption_class: re.Pattern
    question_subheading_max_words: int
    digest: str


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(base.get(key), list):
            merged[key] = base[key] + value
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    return merged


def _compile(source: str, pattern: str, where: str, problems: list[Problem]) -> re.Pattern | None:
    try:
        return re.compile(pattern)
    except re.error as exc:
        problems.append(Problem(source, f"invalid regular expression ({exc})", field=where))
        return None


def load_rules(corpus_root: Path | None = None) -> CleaningRules:
    """Compile the package rules plus ``<corpus_root>/cleaning.yml`` when present; raise on bad patterns."""
    texts = [PACKAGE_RULES.read_bytes()]
    data = parse_yaml(texts[0])
    source = "presslens/rules/cleaning.yml"
    extra_path = Path(corpus_root) / "cleaning.yml" if corpus_root else None
    if extra_path and extra_path.is_file():
        texts.append(extra_path.read_bytes())
        data = _merge(data, parse_yaml(texts[1]) or {})
        source = "cleaning.yml"
    problems: list[Problem] = []

    agencies = sorted(data["agencies"], key=len, reverse=True)
    names = "|".join(re.escape(a) for a in agencies)
    # Byline patterns say {names} (one or more names) and {agencies}; a name says {date_word}.
    name = data["byline_name"].replace("{date_word}", data["byline_date_word"])
    templates = {"{names}": rf"{name}(?:\s*(?:,|\bet\b|\band\b|&)\s*{name})*", "{agencies}": names}

    def expand(pattern: str) -> str:
        for placeholder, value in templates.items():
            pattern = pattern.replace(placeholder, value)
        return pattern

    def rules(key: str) -> tuple[Rule, ...]:
        out = []
        for i, spec in enumerate(data.get(key, [])):
            pat = _compile(source, expand(spec.get("pattern", "")), f"{key}[{i}].pattern", problems)
            if pat is not None:
                out.append(Rule(pat, spec.get("reason", key)))
        return tuple(out)

    built = dict(
        language=data["language"],
        foreign_min_words=int(data["foreign"]["min_words"]),
        foreign_min_probability=float(data["foreign"]["min_probability"]),
        candidates=tuple(data["foreign"]["candidates"]),
        language_names=dict(data.get("language_names", {})),
        # "Agence France-Presse", "Avec AFP", "(AFP et Reuters)", "AFP/Reuters".
        agency_line=re.compile(rf"^\(?\s*(?:(?i:avec|source|sources)\s*:?\s*)?(?:{names})"
                               rf"(?:\s*(?:,|/|&|\bet\b|\band\b)\s*(?:{names}))*\s*\)?\.?$"),
        agency_names=re.compile(rf"(?<![\w])(?:{names})(?![\w])"),
        metadata_prefix=rules("metadata_prefix"),
        metadata_line=rules("metadata_line"),
        boilerplate=rules("boilerplate"),
        credit=rules("credit"),
        byline=rules("byline"),
        byline_suffix=_compile(source, expand(data["byline_suffix"]), "byline_suffix", problems),
        credit_max_words=int(data["credit_max_words"]),
        caption_credit_prefix=_compile(source, data["caption_credit_prefix"], "caption_credit_prefix", problems),
        caption_credit_suffix=tuple(p for i, s in enumerate(data["caption_credit_suffix"])
                                    if (p := _compile(source, s, f"caption_credit_suffix[{i}]", problems))),
        toc_item=_compile(source, data["toc_item"], "toc_item", problems),
        related_header=_compile(source, data["related_header"], "related_header", problems),
        headline_max_words=int(data["headline_max_words"]),
        standfirst_max_words=int(data["standfirst_max_words"]),
        subheading_max_words=int(data["subheading_max_words"]),
        html_standfirst_class=_compile(source, data["html_standfirst_class"], "html_standfirst_class", problems),
        html_caption_class=_compile(source, data["html_caption_class"], "html_caption_class", problems),
        question_subheading_max_words=int(data["question_subheading_max_words"]),
        digest=hashlib.sha256(b"\0".join(texts)).hexdigest(),
    )
    if problems:
        raise CorpusError(problems, heading="The cleaning rules have problems")
    return CleaningRules(**built)
