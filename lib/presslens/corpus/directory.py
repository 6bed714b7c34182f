"""Where a corpus lives on disk, and how its metadata (articles.csv, events.yml) is read.

A corpus directory holds ``raw/`` (articles, never modified), ``articles.csv``, ``SHA256SUMS``,
``events.yml`` and ``gazetteer.yml``. Nothing in this module knows about any particular corpus.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError, Problem

#: Columns every ``articles.csv`` must have, in this order (more may follow).
ARTICLE_COLUMNS = [
    "doc_id", "source_file", "outlet", "attribution", "outlet_evidence", "original_language",
    "translated", "wire", "event", "phase", "published", "title",
]
#: Optional columns, written by ``presslens add`` and ``import`` and documented in the datasheet. ``authors``
#: holds the journalists of the byline or the page's metadata (« ; » between names), ``url`` the article's address.
OPTIONAL_COLUMNS = ["date_evidence", "language", "notes", "authors", "url"]
#: Raw files with these suffixes are saved web pages (segmented by their markup); any other is plain text.
PAGE_SUFFIXES = (".html", ".htm")
ATTRIBUTIONS = ("confirmed", "inferred", "unknown")
PHASES = ("before", "during", "after")
TRUTH = {"true": True, "false": False, "unknown": None}


@dataclass(frozen=True)
class Corpus:
    """A corpus directory. Use :meth:`find` to locate the default one."""

    root: Path

    @classmethod
    def find(cls, path: str | os.PathLike | None = None) -> "Corpus":
        """Return the corpus at ``path``; without one, ``$PRESSLENS_CORPUS``; else ``corpus/`` in the working
        directory or, failing that, in the nearest parent that has a ``corpus/articles.csv`` (so that a
        notebook in ``notebooks/`` or a command run from any folder of a project finds that project's corpus).

        Never a corpus found elsewhere, such as the one shipped beside the installed library: outside a
        project, with no path and no variable, raise :class:`CorpusError` saying how to point at one, rather
        than read (or ``add`` to) a corpus the user did not choose."""
        if path is None and os.environ.get("PRESSLENS_CORPUS"):
            path = os.environ["PRESSLENS_CORPUS"]
        if path is not None:
            return cls(Path(path).resolve())
        here = Path.cwd().resolve()
        for parent in (here, *here.parents):
            if (parent / "corpus" / "articles.csv").is_file():
                return cls(parent / "corpus")
        raise CorpusError([Problem("corpus/", f"no corpus/articles.csv in {here} or any folder above it")],
                          heading="No corpus to work on: pass --corpus DIR (or a path to presslens.load), set "
                                  "PRESSLENS_CORPUS=DIR, or run from a folder holding corpus/")

    def skip_reason(self, files, shows: str) -> str:
        """Why a notebook section that needs some of the study's own files cannot run on this corpus.

        In: the ``files`` the section reads (paths relative to the corpus root, such as ``gold/quotes.csv``)
        and what the section ``shows`` when they are there. Out: "" when every file exists, else one sentence
        naming the missing files (relative paths, so notebook outputs do not depend on where the corpus lives)
        and what the section would show."""
        missing = [Path(f).as_posix() for f in files if not (self.root / f).is_file()]
        if not missing:
            return ""
        them = "it" if len(missing) == 1 else "them"
        return f"Skipped: this corpus has no {' and no '.join(missing)}. With {them}, this section would show {shows}."

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def articles_csv(self) -> Path:
        return self.root / "articles.csv"

    @property
    def checksums(self) -> Path:
        return self.root / "SHA256SUMS"

    @property
    def events_yml(self) -> Path:
        return self.root / "events.yml"

    @property
    def gazetteer_yml(self) -> Path:
        return self.root / "gazetteer.yml"

    @property
    def facts_yml(self) -> Path:
        return self.root / "facts.yml"

    @property
    def naming_yml(self) -> Path:
        return self.root / "naming.yml"

    @property
    def codebook_yml(self) -> Path:
        return self.root / "codebook.yml"

    @property
    def evaluative_yml(self) -> Path:
        return self.root / "evaluative.yml"

    @property
    def stance_yml(self) -> Path:
        return self.root / "stance.yml"

    @property
    def gold_dir(self) -> Path:
        return self.root / "gold"

    @property
    def cache_dir(self) -> Path:
        return Path(os.environ.get("PRESSLENS_CACHE", self.root / ".cache"))

    def rel(self, path: Path) -> str:
        """``path`` relative to the corpus root, for messages."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def is_page(name: str) -> bool:
    """True when the file called ``name`` is a saved web page."""
    return Path(name).suffix.lower() in PAGE_SUFFIXES


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


_DIGESTS: dict[tuple[str, int, int], str] = {}


def _stat_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def remember_digest(path: Path, data: bytes) -> str:
    """In: a raw file and the bytes just read from it. Out: their SHA-256, remembered for
    :func:`file_sha256` while the file is unchanged, so that validating then keying a corpus reads each raw
    file once."""
    digest = sha256(data)
    _DIGESTS[_stat_key(path)] = digest
    return digest


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read only when it changed since it was last read here."""
    return _DIGESTS.get(_stat_key(path)) or remember_digest(path, path.read_bytes())


def parse_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD``; raise ``ValueError`` with a readable reason otherwise."""
    try:
        parts = text.split("-")
        if len(parts) != 3 or [len(p) for p in parts] != [4, 2, 2] or not all(p.isdigit() for p in parts):
            raise ValueError
    except (AttributeError, ValueError):
        raise ValueError(f"'{text}' is not a date of the form YYYY-MM-DD") from None
    try:
        return dt.date(*map(int, parts))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date ({exc})") from None


def read_metadata_rows(corpus: Corpus) -> tuple[list[str], list[dict[str, str]]]:
    """Read ``articles.csv`` as strings: ``(header, rows)``; raise :class:`CorpusError` if unreadable."""
    name = corpus.rel(corpus.articles_csv)
    if not corpus.articles_csv.is_file():
        raise CorpusError([Problem(name, "file is missing")])
    try:
        text = corpus.articles_csv.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError([Problem(name, f"is not UTF-8 ({exc.reason} at byte {exc.start})")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = list(reader.fieldnames or [])
    missing = [c for c in ARTICLE_COLUMNS if c not in header]
    if missing:
        raise CorpusError([Problem(name, "header lacks required column", row=0, field=c) for c in missing])
    rows = []
    for row in reader:
        if None in row:
            row.pop(None)
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return header, rows


def checksum_entries(corpus: Corpus) -> tuple[dict[str, str], list[Problem]]:
    """Parse ``SHA256SUMS`` (``<hex>  raw/<file>`` per line) into ``{relative path: hex}`` and problems."""
    name = corpus.rel(corpus.checksums)
    if not corpus.checksums.is_file():
        return {}, [Problem(name, "file is missing")]
    entries, problems = {}, []
    for n, line in enumerate(corpus.checksums.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            problems.append(Problem(name, f"line is not '<sha256>  raw/<file>': {line!r}", row=n))
            continue
        entries[path.strip()] = digest
    return entries, problems


def render_checksums(entries: dict[str, str]) -> str:
    """The text of a ``SHA256SUMS`` file for ``entries``, sorted by path (the format ``sha256sum -c`` reads)."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries.items()))
