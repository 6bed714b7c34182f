"""The study's instruments: one loader for every study file a corpus may hold, each checked, each failing
with :class:`~presslens.errors.CorpusError` listing every problem with its file and field.

``events.yml`` (the events articles cover), ``codebook.yml`` (frames), ``facts.yml`` (facts to track),
``naming.yml`` (competing labels), ``evaluative.yml`` (evaluative lexicon), ``stance.yml`` (claims followed and
the standing of sources), ``gazetteer.yml`` (see
:mod:`presslens.corpus.gazetteer`) and the hand-coded files of ``gold/``. A file is parsed once per process
while it is unchanged (:func:`presslens.fileio.read_yaml` remembers it by path, size and modification
time), so a load that needs the codebook in three places parses it once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import CorpusError, Problem
from ..fileio import read_yaml
from .directory import Corpus, parse_date
from .gazetteer import load_gazetteer

__all__ = ["GOLD_FILES", "Claim", "Codebook", "Event", "Fact", "Frame", "Referent", "Register", "StanceInstrument", "load_codebook",
           "load_evaluative", "load_facts", "load_gazetteer", "load_gold", "load_naming", "load_stance", "read_events",
           "read_mentions_csv", "read_yaml"]

#: Hand-coded files a ``gold/`` folder may hold; ``blind_scores`` is a held-out set's first, blind evaluation,
#: ``final_scores`` its sealed part's one scoring at the end of a round of work, ``splits`` its articles with
#: the part (dev or sealed) each belongs to; ``stance`` codes sentences for the conditional, hedges and claims,
#: and ``stance_blind_scores`` is the stance rules' blind evaluation; ``evaluation`` codes sentences for the
#: evaluative registers, and ``evaluation_*_scores`` and ``frames_*_scores`` are the blind and end-of-work
#: scores of the evaluative lexicon and of the frame patterns; ``frames_coder2`` and ``quotes_coder2`` are a second
#: coder's frames and speakers of the same sentences and spans, for agreement between coders.
GOLD_FILES = ("quotes", "frames", "frames_articles", "stance", "evaluation", "blind_scores", "final_scores",
              "stance_blind_scores", "evaluation_blind_scores", "evaluation_final_scores", "frames_blind_scores",
              "frames_final_scores", "frames_coder2", "quotes_coder2", "splits")
#: Gold files that are score tables written by the code (numbers, empty cells missing), not hand coding.
SCORE_FILES = ("blind_scores", "final_scores", "stance_blind_scores", "evaluation_blind_scores",
               "evaluation_final_scores", "frames_blind_scores", "frames_final_scores")


@dataclass(frozen=True)
class Event:
    """A news event the corpus covers: an id, a label and the dates it ran."""

    id: str
    label: str
    start: dt.date
    end: dt.date

    def phase(self, published: dt.date) -> str:
        """'before', 'during' or 'after' the event, for an article published on ``published``."""
        if published < self.start:
            return "before"
        return "during" if published <= self.end else "after"


def read_events(corpus: Corpus) -> dict[str, Event]:
    """Read ``events.yml`` (``events: {id: {label, start, end}}``); raise :class:`CorpusError` on bad input."""
    name = corpus.rel(corpus.events_yml)
    data = read_yaml(corpus.events_yml, "the events articles may cover")[1] or {}
    problems, events = [], {}
    entries = data.get("events") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise CorpusError([Problem(name, "needs a non-empty mapping 'events: {id: {label, start, end}}'")])
    for eid, spec in entries.items():
        spec = spec if isinstance(spec, dict) else {}
        dates = {}
        for key in ("start", "end"):
            try:
                dates[key] = parse_date(str(spec.get(key, "")))
            except ValueError as exc:
                problems.append(Problem(name, str(exc), field=f"events.{eid}.{key}"))
        if not spec.get("label"):
            problems.append(Problem(name, "is missing", field=f"events.{eid}.label"))
        if len(dates) == 2 and dates["end"] < dates["start"]:
            problems.append(Problem(name, "ends before it starts", field=f"events.{eid}"))
        if len(dates) == 2:
            events[str(eid)] = Event(str(eid), str(spec.get("label", "")), dates["start"], dates["end"])
    if problems:
        raise CorpusError(problems)
    return events


@dataclass(frozen=True)
class Frame:
    """One frame of the codebook: its id, label, type (issue-specific or generic) and lemma patterns, with its
    sense restrictions: ``unless`` (patterns of the same language inside whose match a trigger is another sense:
    « frère de arme » is no arms deal) and ``not_reporting`` (lemmas that do not count as triggers when they are
    the verb introducing a quote: « a-t-il averti » reports speech, the quote carries the content)."""

    id: str
    label: str
    type: str
    patterns: tuple[str, ...]
    unless: tuple[str, ...] = ()
    not_reporting: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Codebook:
    """The frames of ``codebook.yml``, its article-level questions, and its digest (for cache keys)."""

    frames: tuple[Frame, ...]
    questions: tuple[dict, ...]
    digest: str

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.frames]


def load_codebook(path: Path) -> Codebook:
    """Read and check ``codebook.yml``; raise :class:`CorpusError` listing every problem."""
    name = Path(path).name
    data_bytes, data = read_yaml(path, "the framing codebook")
    data = data if isinstance(data, dict) else {}
    problems, frames, seen = [], [], set()
    for n, spec in enumerate(data.get("frames") or [], start=1):
        spec = spec if isinstance(spec, dict) else {}
        fid = str(spec.get("id", ""))
        if not fid or fid in seen:
            problems.append(Problem(name, f"frame id '{fid}' is missing or repeated", field=f"frames[{n}]"))
        seen.add(fid)
        patterns = tuple(str(p) for p in spec.get("patterns") or [])
        if not patterns:
            # A frame without patterns would silently count zero hits everywhere.
            problems.append(Problem(name, "has no patterns: it could never be found", field=f"{fid}.patterns"))
        unless, reporting = spec.get("unless") or [], spec.get("not_reporting") or []
        for key, listed in (("unless", unless), ("not_reporting", reporting)):
            if not isinstance(listed, list):
                problems.append(Problem(name, f"needs a list of {'patterns' if key == 'unless' else 'lemmas'}",
                                        field=f"{fid}.{key}"))
        unless = tuple(str(p) for p in unless) if isinstance(unless, list) else ()
        reporting = frozenset(str(w).lower() for w in reporting) if isinstance(reporting, list) else frozenset()
        for key, listed in (("patterns", patterns), ("unless", unless)):
            for p in listed:
                if not p.split() or set(p.split()) <= {"*", "..."}:
                    problems.append(Problem(name, f"pattern '{p}' matches nothing specific", field=f"{fid}.{key}"))
        frames.append(Frame(fid, str(spec.get("label", fid)), str(spec.get("type", "")), patterns, unless, reporting))
    if not frames:
        problems.append(Problem(name, "defines no frames", field="frames"))
    if problems:
        raise CorpusError(problems, heading="The codebook has problems")
    return Codebook(tuple(frames), tuple(data.get("questions") or ()), hashlib.sha256(data_bytes).hexdigest())


@dataclass(frozen=True)
class Fact:
    """A checkable fact: ``patterns`` are mappings with ``all``/``none`` item lists and/or a ``regex``."""

    id: str
    label: str
    patterns: tuple[dict, ...]
    events: tuple[str, ...] = ()


def _entries(path: str | Path, key: str, what: str) -> tuple[str, list[dict], list[Problem]]:
    """The list under ``key`` of a study YAML file: ``(file name, entries that are mappings, problems)``."""
    name = Path(path).name
    data = read_yaml(path, what)[1]
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CorpusError([Problem(name, f"needs a non-empty list '{key}:'", field=key)])
    problems = [Problem(name, "is not a mapping", field=f"{key}[{n}]")
                for n, e in enumerate(entries, start=1) if not isinstance(e, dict)]
    return name, [e for e in entries if isinstance(e, dict)], problems


def _compiled(pattern: str, name: str, where: str, problems: list[Problem]) -> re.Pattern | None:
    """``pattern`` compiled, or None with a problem naming ``where`` when it does not compile."""
    try:
        return re.compile(pattern)
    except re.error as err:
        problems.append(Problem(name, f"bad regular expression '{pattern}': {err}", field=where))
        return None


def check_patterns(patterns, name: str, where: str, problems: list[Problem]) -> list:
    """The patterns of one entry in the format of ``facts.yml`` (mappings with ``all``/``none`` item lists and/or
    a ``regex``), as given; appends to ``problems`` (naming ``where``) when there are none, or when one has an
    unknown key, no condition, or a regex that does not compile."""
    patterns = patterns if isinstance(patterns, list) else []
    if not patterns:
        problems.append(Problem(name, "has no patterns", field=f"{where}.patterns"))
    for k, pattern in enumerate(patterns, start=1):
        pattern = pattern if isinstance(pattern, dict) else {}
        unknown = set(pattern) - {"all", "regex", "none"}
        if unknown or not (pattern.get("all") or pattern.get("regex")):
            problems.append(Problem(name, f"a pattern needs `all` or `regex` (unknown keys: {sorted(unknown)})",
                                    field=f"{where}.patterns[{k}]"))
        _compiled(pattern.get("regex", ""), name, f"{where}.patterns[{k}].regex", problems)
    return patterns


def load_facts(path: str | Path) -> list[Fact]:
    """Facts from a ``facts.yml`` (format documented in the corpus's file); raises :class:`CorpusError` listing
    every fact without id or label, and every pattern with an unknown key, no condition, or a bad regex."""
    name, entries, problems = _entries(path, "facts", "the facts tracked across outlets")
    facts = []
    for n, entry in enumerate(entries, start=1):
        fid = str(entry.get("id") or f"facts[{n}]")
        if not entry.get("id") or not entry.get("label"):
            problems.append(Problem(name, "needs an id and a label", field=fid))
        patterns = check_patterns(entry.get("patterns"), name, fid, problems)
        facts.append(Fact(fid, str(entry.get("label", "")), tuple(patterns), tuple(entry.get("events", ()))))
    if problems:
        raise CorpusError(problems)
    return facts


@dataclass(frozen=True)
class Referent:
    """A referent and its competing labels: ``labels`` maps a label to its compiled patterns, in file order."""

    id: str
    label: str
    labels: dict


def _labelled(entry: dict, place: str, key: str, name: str, problems: list[Problem]) -> tuple[str, list]:
    """An entry's id (its ``place`` in the file when it has none) and its list under ``key``; appends a problem
    when the id, the label or a non-empty list is missing."""
    eid = str(entry.get("id") or place)
    items = entry.get(key) if isinstance(entry.get(key), list) else []
    if not entry.get("id") or not entry.get("label") or not items:
        problems.append(Problem(name, f"needs an id, a label and a list of {key}", field=eid))
    return eid, items


def load_naming(path: str | Path) -> list[Referent]:
    """Referents and label patterns from a ``naming.yml`` (format documented in the corpus's file); raises
    :class:`CorpusError` listing every referent or label without its fields and every bad regex."""
    name, entries, problems = _entries(path, "referents", "the competing labels of each referent")
    referents = []
    for n, entry in enumerate(entries, start=1):
        rid, items = _labelled(entry, f"referents[{n}]", "labels", name, problems)
        labels = {}
        for k, item in enumerate(items, start=1):
            item = item if isinstance(item, dict) else {}
            where = f"{rid}.labels[{k}]"
            if not item.get("label") or not item.get("patterns"):
                problems.append(Problem(name, "needs a label and patterns", field=where))
            compiled = [_compiled(str(p), name, where, problems) for p in item.get("patterns") or []]
            labels[str(item.get("label", ""))] = [c for c in compiled if c is not None]
        referents.append(Referent(rid, str(entry.get("label", "")), labels))
    if problems:
        raise CorpusError(problems)
    return referents


@dataclass(frozen=True)
class Claim(Fact):
    """A kind of claim a study follows (``stance.yml``): a :class:`Fact`'s id, label and patterns, plus the
    ``parties`` (gazetteer camps) a sentence must name to state it."""

    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class StanceInstrument:
    """A study's ``stance.yml``: the ``claims`` it follows and ``standing``, each camp's standing as a source
    (``official`` or ``independent``; camps not listed have none)."""

    claims: tuple[Claim, ...]
    standing: dict


def load_stance(path: str | Path, camps=None) -> StanceInstrument:
    """The claims and camp standings of a ``stance.yml`` (format documented in the corpus's file); raises
    :class:`CorpusError` listing every claim without id, label or parties, every bad pattern, every standing
    that is not ``official``/``independent`` or lists a camp twice, and, when ``camps`` (the gazetteer's camp
    ids) is given, every party or standing naming a camp it does not know."""
    name, entries, problems = _entries(path, "claims", "the claims and sources whose stance the study follows")
    known = None if camps is None else set(camps)
    claims = []
    for n, entry in enumerate(entries, start=1):
        cid, parties = _labelled(entry, f"claims[{n}]", "parties", name, problems)
        problems += [Problem(name, f"'{p}' is not a camp of the gazetteer", field=f"{cid}.parties")
                     for p in parties if known is not None and p not in known]
        patterns = check_patterns(entry.get("patterns"), name, cid, problems)
        claims.append(Claim(cid, str(entry.get("label", "")), tuple(patterns), parties=tuple(map(str, parties))))
    data = read_yaml(path, "the claims and sources whose stance the study follows")[1]
    given = data.get("standing") or {}
    standing = {}
    if not isinstance(given, dict) or set(given) - {"official", "independent"}:
        problems.append(Problem(name, "needs a mapping with `official` and/or `independent` lists of camps",
                                field="standing"))
        given = {}
    for kind, listed in given.items():
        for camp in listed if isinstance(listed, list) else []:
            if camp in standing:
                problems.append(Problem(name, f"camp '{camp}' is listed twice", field=f"standing.{kind}"))
            elif known is not None and camp not in known:
                problems.append(Problem(name, f"'{camp}' is not a camp of the gazetteer", field=f"standing.{kind}"))
            standing[str(camp)] = kind
    if problems:
        raise CorpusError(problems)
    return StanceInstrument(tuple(claims), standing)


@dataclass(frozen=True)
class Register:
    """One register of the evaluative lexicon: ``words`` (lemmas, each a hit on its own), ``phrases`` (runs of
    lemmas that are a hit only together, « pays reclus ») and ``exceptions`` (runs of lemmas in which a word or
    phrase of the register is not a judgement: « régime de sanction »), each a tuple of words as written."""

    name: str
    label: str
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    exceptions: tuple[tuple[str, ...], ...]


def load_evaluative(path: str | Path) -> dict[str, Register]:
    """The evaluative lexicon of an ``evaluative.yml``: register name → :class:`Register`. A register is a list
    of lemmas, or a mapping with ``label``, ``words``, ``phrases`` and ``except`` (lists; words or phrases, one
    of them non-empty). Raises :class:`CorpusError` listing every register that is not one of those."""
    name = Path(path).name
    data = read_yaml(path, "the evaluative lexicon")[1]
    if not isinstance(data, dict) or not data:
        raise CorpusError([Problem(name, "needs a mapping 'register: [lemmas]' or 'register: {words: [...], ...}'")])
    problems, out = [], {}
    for register, entry in data.items():
        entry = {"words": entry} if isinstance(entry, list) else entry
        lists = {key: entry.get(key) or [] for key in ("words", "phrases", "except")} if isinstance(entry, dict) else {}
        if not lists or not all(isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v)
                                for v in lists.values()):
            problems.append(Problem(name, "needs a list of lemmas, or 'words', 'phrases' and 'except' as lists of "
                                          "non-empty words", field=str(register)))
            continue
        if not lists["words"] and not lists["phrases"]:
            problems.append(Problem(name, "needs a non-empty list of lemmas", field=str(register)))
            continue
        out[str(register)] = Register(str(register), str(entry.get("label") or register),
                                      tuple(w.strip() for w in lists["words"]),
                                      tuple(tuple(ph.split()) for ph in lists["phrases"]),
                                      tuple(tuple(ph.split()) for ph in lists["except"]))
    if problems:
        raise CorpusError(problems)
    return out


def load_gold(gold_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The files of ``gold_dir`` that exist, by name (:data:`GOLD_FILES`): hand coding with ``doc_id`` kept as
    text and empty cells as empty strings, score tables (:data:`SCORE_FILES`) as numbers."""
    out = {}
    for name in GOLD_FILES:
        path = Path(gold_dir) / f"{name}.csv"
        if path.is_file():
            # Coded files keep empty cells as text; the score table is numeric, with empty cells missing.
            out[name] = pd.read_csv(path) if name in SCORE_FILES else \
                pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
    return out


def read_mentions_csv(path: Path) -> pd.DataFrame:
    """A gold or baseline CSV (``doc_id``, ``start_char``, ``end_char``, ``text``, ``label``, ``canonical``,
    …) with ``doc_id`` and text columns as strings and empty cells as ""."""
    return pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
