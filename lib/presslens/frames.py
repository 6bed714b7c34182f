"""Frames: sentence-level coding with the codebook's lemma patterns, and who voices each framed sentence.

The instrument is ``<corpus>/codebook.yml``: frames with a definition, inclusion and exclusion rules,
examples and ``patterns``. A pattern is a string of space-separated elements, each matching one token by
its lemma, case-insensitively: ``missile balistique``; ``livrer|livraison arme|munition`` (alternatives);
``*`` (any one token); ``...`` (up to three tokens); ``_`` is a space inside one token's lemma (the
lemmatiser gives « tête-à-tête » the lemma « tête à tête »: ``tête_à_tête``). Matches never cross a sentence.

Coding runs spaCy's ``Matcher`` on Docs rebuilt from the cached ``tokens`` table (a blank vocabulary: no
model is loaded), and is cached per article under the article's annotation key plus the codebook's
digest, so editing the codebook re-codes in seconds without re-parsing. Each trigger's ``voice`` is
``quoted`` when it falls inside a quote of the ``quotes`` table (then ``speaker`` and ``camp`` say whose),
``narrator`` otherwise.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .errors import CorpusError, Problem
from .fileio import atomic_path

FRAME_COLUMNS = ["sent_id", "frame", "trigger", "pattern", "start_char", "end_char", "voice", "speaker", "camp"]
_GAP = 3


@dataclass(frozen=True)
class Frame:
    id: str
    label: str
    type: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    """The frames of ``codebook.yml``, its article-level questions, and its digest (for cache keys)."""

    frames: tuple[Frame, ...]
    questions: tuple[dict, ...]
    digest: str

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.frames]


def _token_specs(pattern: str) -> list[dict]:
    """spaCy Matcher token specs for one pattern string (see the module docstring)."""
    specs = []
    for element in pattern.split():
        if element == "*":
            specs.append({})
        elif element == "...":
            specs.extend({"OP": "?"} for _ in range(_GAP))
        else:
            specs.append({"LEMMA": {"IN": [e.lower().replace("_", " ") for e in element.split("|")]}})
    return specs


def load_codebook(path: Path) -> Codebook:
    """Read and check ``codebook.yml``; raise :class:`CorpusError` listing every problem."""
    name = Path(path).name
    data_bytes = Path(path).read_bytes()
    try:
        data = yaml.safe_load(data_bytes) or {}
    except yaml.YAMLError as exc:
        raise CorpusError([Problem(name, f"is not valid YAML: {exc}")]) from None
    problems, frames, seen = [], [], set()
    for n, spec in enumerate(data.get("frames") or [], start=1):
        fid = str(spec.get("id", ""))
        if not fid or fid in seen:
            problems.append(Problem(name, f"frame id '{fid}' is missing or repeated", field=f"frames[{n}]"))
        seen.add(fid)
        patterns = tuple(str(p) for p in spec.get("patterns") or [])
        for p in patterns:
            if not p.split() or set(p.split()) <= {"*", "..."}:
                problems.append(Problem(name, f"pattern '{p}' matches nothing specific", field=f"{fid}.patterns"))
        frames.append(Frame(fid, str(spec.get("label", fid)), str(spec.get("type", "")), patterns))
    if not frames:
        problems.append(Problem(name, "defines no frames", field="frames"))
    if problems:
        raise CorpusError(problems, heading="The codebook has problems")
    return Codebook(tuple(frames), tuple(data.get("questions") or ()), hashlib.sha256(data_bytes).hexdigest())


def _matcher(codebook: Codebook):
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    vocab = Vocab()
    matcher = Matcher(vocab)
    for frame in codebook.frames:
        for pattern in frame.patterns:
            matcher.add(f"{frame.id}\t{pattern}", [_token_specs(pattern)])
    return vocab, matcher


def code_article(tokens: pd.DataFrame, quotes: pd.DataFrame, codebook: Codebook, compiled=None) -> pd.DataFrame:
    """Frame triggers of one article (columns :data:`FRAME_COLUMNS`, without ``doc_id``), in text order.

    ``tokens`` and ``quotes`` are the article's rows of those tables; ``compiled`` is the result of
    :func:`_matcher` (built once for many articles)."""
    if tokens.empty or not any(f.patterns for f in codebook.frames):
        return pd.DataFrame(columns=FRAME_COLUMNS)
    from spacy.tokens import Doc

    vocab, matcher = compiled or _matcher(codebook)
    toks = tokens.sort_values("i").reset_index(drop=True)
    spaces = [bool(nxt > end) for end, nxt in zip(toks["end_char"], list(toks["start_char"][1:]) + [0])]
    doc = Doc(vocab, words=list(toks["text"]), spaces=spaces, lemmas=[l.lower() for l in toks["lemma"]])
    sent = toks["sent_id"].to_numpy()
    spans = quotes[["start_char", "end_char", "speaker", "camp"]].to_dict("records")
    rows = []
    for match_id, start, end in matcher(doc):
        if sent[start] != sent[end - 1]:
            continue
        frame, pattern = vocab.strings[match_id].split("\t")
        s, e = int(toks["start_char"][start]), int(toks["end_char"][end - 1])
        # The innermost quote holding the trigger says whose voice it is (a partial quote inside an indirect one).
        holding = sorted((q for q in spans if q["start_char"] <= s and e <= q["end_char"]),
                         key=lambda q: q["end_char"] - q["start_char"])
        voice = holding[0] if holding else None
        rows.append([int(sent[start]), frame, doc[start:end].text, pattern, s, e,
                     "quoted" if voice else "narrator", voice["speaker"] if voice else "",
                     voice["camp"] if voice else ""])
    out = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    # One row per trigger span and frame: overlapping patterns of the same frame count once.
    out = out.sort_values(["start_char", "frame", "end_char"], ascending=[True, True, False], kind="stable")
    return out.drop_duplicates(["frame", "start_char"]).reset_index(drop=True)


def frames_table(codebook: Codebook | None, keys: dict[str, str], tokens: pd.DataFrame, quotes: pd.DataFrame,
                 cache_root: Path) -> pd.DataFrame:
    """The ``frames`` table for the articles in ``keys`` (doc_id → annotation key), from cache when fresh.

    Each article's entry lives under ``<cache_root>/frames/<key>.parquet``, ``key`` combining the article's
    annotation key, the codebook digest and this module's code."""
    if codebook is None:
        return pd.DataFrame(columns=["doc_id"] + FRAME_COLUMNS)
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    directory = Path(cache_root) / "frames"
    compiled, parts = None, []
    by_doc_tokens = dict(tuple(tokens.groupby("doc_id", sort=False)))
    by_doc_quotes = dict(tuple(quotes.groupby("doc_id", sort=False)))
    for doc_id, base in keys.items():
        key = hashlib.sha256(f"{base}\0{codebook.digest}\0{code}".encode()).hexdigest()[:40]
        path = directory / f"{key}.parquet"
        if path.is_file():
            table = pd.read_parquet(path)
        else:
            compiled = compiled or _matcher(codebook)
            empty = pd.DataFrame(columns=quotes.columns)
            table = code_article(by_doc_tokens.get(doc_id, tokens.iloc[:0]), by_doc_quotes.get(doc_id, empty),
                                 codebook, compiled)
            with atomic_path(path) as tmp:
                table.to_parquet(tmp, index=False)
        table.insert(0, "doc_id", doc_id)
        parts.append(table)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["doc_id"] + FRAME_COLUMNS)
