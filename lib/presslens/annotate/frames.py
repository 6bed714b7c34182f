"""Frames: sentence-level coding with the codebook's lemma patterns, and who voices each framed sentence.

The instrument is ``<corpus>/codebook.yml``: frames with a definition, inclusion and exclusion rules,
examples and ``patterns``. A pattern is a string of space-separated elements, each matching one token by
its lemma, case-insensitively: ``missile balistique``; ``livrer|livraison arme|munition`` (alternatives);
``*`` (any one token); ``...`` (up to three tokens); ``_`` is a space inside one token's lemma (the
lemmatiser gives « tête-à-tête » the lemma « tête à tête »: ``tête_à_tête``). Matches never cross a sentence.

Coding runs spaCy's ``Matcher`` on Docs rebuilt from the cached ``tokens`` table (a blank vocabulary: no
model is loaded), and is cached per article (:class:`FramesStage`) under the article's annotation key plus
the codebook's digest, so editing the codebook re-codes in seconds without re-parsing. Each trigger's ``voice`` is
``quoted`` when it falls inside a quote of the ``quotes`` table (then ``speaker`` and ``camp`` say whose) that is
not a quoted term, ``narrator`` otherwise.

Sense restrictions: a frame's ``unless`` patterns (the same language) mark spans where its words have another
sense (« frère de arme », « conseil de sécurité national »); a trigger inside one of them does not count. A frame's
``not_reporting`` lemmas do not count as one-word triggers when they are the verb introducing a quote of their
sentence (« a-t-il averti »): the verb reports speech, the quote carries the content.
"""
from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..corpus.instruments import Codebook, load_codebook
from ..rows import tuples
from .schema import Schema

FRAME_COLUMNS = ["sent_id", "frame", "trigger", "pattern", "start_char", "end_char", "voice", "speaker", "camp"]
#: The type of every column of FRAME_COLUMNS (see :mod:`presslens.annotate.schema`).
FRAME_TYPES = {"sent_id": "int", "frame": "str", "trigger": "str", "pattern": "str", "start_char": "int",
               "end_char": "int", "voice": "str", "speaker": "str", "camp": "str"}
FRAME_SCHEMA = Schema.of("frames", FRAME_COLUMNS, FRAME_TYPES)
#: The columns of the quotes table that voice a trigger, and say which verb introduces a quote in which sentence.
QUOTE_SPAN_COLUMNS = ["start_char", "end_char", "speaker", "camp", "kind", "sent_id", "verb"]
_GAP = 3
#: Marks a Matcher key as a frame's sense exception, not a trigger.
UNLESS = "!"


def _token_specs(pattern: str) -> list[dict]:
    """spaCy Matcher token specs for one pattern string (see the module docstring)."""
    specs = []
    for element in pattern.split():
        if element == "*":
            specs.append({})
        elif element == "...":
            specs.append({"OP": f"{{,{_GAP}}}"})  # one bounded wildcard: three optional ones blow up the matcher
        else:
            specs.append({"LEMMA": {"IN": [e.lower().replace("_", " ") for e in element.split("|")]}})
    return specs


def _expand(pattern: str) -> list[list[dict]]:
    """Every exact-lemma variant of a multi-word pattern (``a|b c`` → ``a c``, ``b c``), as Matcher specs.

    Exact attribute values are compared inside the Matcher's compiled code, while ``IN`` sets call back
    into Python for every token and pattern: expanding the alternatives makes coding several times faster."""
    variants: list[list[dict]] = [[]]
    for spec in _token_specs(pattern):
        if "LEMMA" in spec:
            choices = [{"LEMMA": lemma} for lemma in dict.fromkeys(spec["LEMMA"]["IN"])]
            variants = [v + [c] for v in variants for c in choices]
        else:
            variants = [v + [spec] for v in variants]
    return variants


def _matcher(codebook: Codebook):
    """A spaCy Matcher for the codebook's multi-word patterns, and a map from lemma to the ``(frame,
    pattern)`` pairs of one-word patterns (looked up directly: a dictionary is all one word needs). Within a
    frame, the first one-word pattern listing a lemma is the one reported."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    vocab = Vocab()
    matcher = Matcher(vocab)
    single: dict[str, list[tuple[str, str]]] = {}
    for frame in codebook.frames:
        for pattern in frame.unless:   # one-word exceptions too go through the Matcher: they are few
            matcher.add(f"{frame.id}\t{UNLESS}{pattern}", _expand(pattern))
        seen: set[str] = set()
        for pattern in frame.patterns:
            if " " in pattern.strip():
                matcher.add(f"{frame.id}\t{pattern}", _expand(pattern))
            else:
                for lemma in _token_specs(pattern)[0]["LEMMA"]["IN"]:
                    if lemma not in seen:
                        seen.add(lemma)
                        single.setdefault(lemma, []).append((frame.id, pattern))
    return vocab, matcher, single


def code_article(tokens: pd.DataFrame, quotes: pd.DataFrame, codebook: Codebook, compiled=None) -> pd.DataFrame:
    """Frame triggers of one article (columns :data:`FRAME_COLUMNS`, without ``doc_id``), in text order.

    ``tokens`` and ``quotes`` are the article's rows of those tables; ``compiled`` is the result of
    :func:`_matcher` (built once for many articles)."""
    if tokens.empty or not any(f.patterns for f in codebook.frames):
        return pd.DataFrame(columns=FRAME_COLUMNS)
    from spacy.tokens import Doc

    vocab, matcher, single = compiled or _matcher(codebook)
    toks = tokens.sort_values("i")
    words, starts, ends = toks["text"].tolist(), toks["start_char"].tolist(), toks["end_char"].tolist()
    lemmas, sent = [lemma.lower() for lemma in toks["lemma"].tolist()], toks["sent_id"].tolist()
    spaces = [nxt > end for end, nxt in zip(ends, starts[1:] + [0])]
    doc = Doc(vocab, words=words, spaces=spaces, lemmas=lemmas)
    # A quoted term (scare quotes nobody is said to utter) stays in the narrator's voice.
    spans = [q for q in tuples(quotes, *QUOTE_SPAN_COLUMNS) if q[4] != "term"]
    found = [(frame, pattern, n, n + 1) for n, lemma in enumerate(lemmas) for frame, pattern in single.get(lemma, ())]
    exceptions: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in matcher(doc):
        frame, pattern = vocab.strings[match_id].split("\t")
        if pattern.startswith(UNLESS):
            exceptions.setdefault(frame, []).append((start, end))
        else:
            found.append((frame, pattern, start, end))
    reporting = {frame.id: frame.not_reporting for frame in codebook.frames}
    # The verbs introducing a quote, by sentence: a trigger with that lemma in that sentence reports speech.
    verbs = {(int(q[5]), q[6].lower()) for q in spans if isinstance(q[6], str) and q[6]}
    rows = []
    for frame, pattern, start, end in found:
        if sent[start] != sent[end - 1]:
            continue
        if any(a <= start and end <= b for a, b in exceptions.get(frame, ())):
            continue
        if end - start == 1 and lemmas[start] in reporting[frame] and (sent[start], lemmas[start]) in verbs:
            continue
        s, e = starts[start], ends[end - 1]
        # The innermost quote holding the trigger says whose voice it is (a partial quote inside an indirect one).
        holding = sorted((q for q in spans if q[0] <= s and e <= q[1]), key=lambda q: q[1] - q[0])
        voice = holding[0] if holding else None
        rows.append([sent[start], frame, doc[start:end].text, pattern, s, e,
                     "quoted" if voice else "narrator", voice[2] if voice else "", voice[3] if voice else ""])
    out = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    # One row per trigger span and frame: overlapping patterns of the same frame count once.
    out = out.sort_values(["start_char", "frame", "end_char"], ascending=[True, True, False], kind="stable")
    return out.drop_duplicates(["frame", "start_char"]).reset_index(drop=True)


class FramesStage:
    """Frames coded per article and cached in batch partitions under ``<cache>/frames/``, each article's
    entry keyed on its annotation key, the codebook's digest and this module's code."""

    def __init__(self, cache_dir: Path, codebook: Codebook | None):
        from .cache import PartitionStore

        self.codebook = codebook
        self.store = PartitionStore(cache_dir, "frames", {"frames": FRAME_SCHEMA})
        self._code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

    @classmethod
    def of(cls, corpus) -> "FramesStage":
        """The stage for a corpus (no codebook: an empty frames table)."""
        codebook = load_codebook(corpus.codebook_yml) if corpus.codebook_yml.is_file() else None
        return cls(corpus.cache_dir, codebook)

    def key(self, base_key: str) -> str:
        digest = self.codebook.digest if self.codebook else ""
        return hashlib.sha256(f"{base_key}\0{digest}\0{self._code}".encode()).hexdigest()[:40]

    def missing(self, base_keys: set[str]) -> set[str]:
        """Annotation keys whose frames are not cached (none when there is no codebook)."""
        if self.codebook is None:
            return set()
        done = self.store.keys()
        return {k for k in base_keys if self.key(k) not in done}

    @cached_property
    def _compiled(self):
        return _matcher(self.codebook)

    def write(self, tables_by_key: dict[str, dict[str, pd.DataFrame]]) -> None:
        """Code and commit, as one batch, the frames of articles whose ``tokens`` and ``quotes`` tables are
        at hand (``{annotation key: {table: DataFrame}}``); nothing without a codebook."""
        if self.codebook is None or not tables_by_key:
            return
        self.store.write_batch({self.key(k): {"frames": code_article(t["tokens"], t["quotes"], self.codebook,
                                                                     self._compiled)}
                                for k, t in sorted(tables_by_key.items())})

    def ensure(self, base_keys: set[str], annotations, batch_articles: int = 200) -> int:
        """Code the frames of every article of ``base_keys`` that lacks them, reading its tokens and quotes
        from ``annotations`` (a :class:`~presslens.annotate.cache.PartitionStore`); return how many were coded."""
        todo = sorted(self.missing(base_keys))
        for start in range(0, len(todo), batch_articles):
            chunk = set(todo[start:start + batch_articles])
            tokens = annotations.read("tokens", chunk)
            quotes = annotations.read("quotes", chunk)
            by_tokens, by_quotes = dict(tuple(tokens.groupby("key"))), dict(tuple(quotes.groupby("key")))
            self.write({k: {"tokens": by_tokens.get(k, tokens.iloc[:0]),
                            "quotes": by_quotes.get(k, pd.DataFrame(columns=QUOTE_SPAN_COLUMNS))} for k in chunk})
        self.store.prune()
        return len(todo)
