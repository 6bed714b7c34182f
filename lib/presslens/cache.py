"""The annotation cache: one directory of Parquet tables per article, under a key that changes whenever
anything that shaped the annotation changes (text, model and its version, spaCy's version, this library's
annotation version, the gazetteer, the cleaning rules). A stale entry is never served: its key no longer
matches. Entries are written to a temporary directory and renamed, so a reader never sees half of one."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

#: Bump for changes that alter annotation outside the modules below (the digest catches those).
ANNOTATION_VERSION = "1"
#: Modules whose code shapes the tables: their digest is part of every key, so editing them
#: invalidates the cache without anyone having to remember to bump a version.
ANNOTATING_MODULES = ("annotate.py", "segment.py", "textmap.py", "quotemarks.py", "language.py", "rules.py",
                      "gazetteer.py", "entities.py", "quotes.py", "rules/quotes.yml")


def code_digest() -> str:
    """SHA-256 over the source of :data:`ANNOTATING_MODULES`."""
    here = Path(__file__).parent
    return hashlib.sha256(b"\0".join((here / m).read_bytes() for m in ANNOTATING_MODULES)).hexdigest()[:16]
#: Tables stored per article (``articles`` comes from the metadata, not from annotation).
DOC_TABLES = ("segments", "sentences", "tokens", "entities", "quotes")


def package_version(name: str) -> str:
    """Installed version of distribution ``name`` (read from metadata: spaCy is not imported)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        raise RuntimeError(f"the spaCy model or package '{name}' is not installed; run `make venv` "
                           f"(or `pip install {name.replace('_', '-')}`)") from None


@dataclass(frozen=True)
class Settings:
    """Everything besides the text that shapes an article's tables."""

    model: str
    model_version: str
    spacy_version: str
    annotation_version: str
    gazetteer_digest: str
    rules_digest: str

    @classmethod
    def current(cls, model: str, gazetteer_digest: str, rules_digest: str) -> "Settings":
        return cls(model, package_version(model), package_version("spacy"),
                   f"{ANNOTATION_VERSION}+{code_digest()}", gazetteer_digest, rules_digest)

    def key(self, text_sha: str) -> str:
        """Cache key of the article whose raw bytes hash to ``text_sha``."""
        payload = json.dumps({"text": text_sha, **self.__dict__}, sort_keys=True).encode()
        return hashlib.sha256(payload).hexdigest()[:40]


class AnnotationCache:
    """Per-article table bundles stored under ``<root>/annotations/<key>/<table>.parquet``."""

    def __init__(self, root: Path):
        self.root = Path(root) / "annotations"

    def path(self, key: str) -> Path:
        return self.root / key

    def has(self, key: str) -> bool:
        return all((self.path(key) / f"{t}.parquet").is_file() for t in DOC_TABLES)

    def read(self, key: str) -> dict[str, pd.DataFrame]:
        return {t: pd.read_parquet(self.path(key) / f"{t}.parquet") for t in DOC_TABLES}

    def write(self, key: str, tables: dict[str, pd.DataFrame]) -> None:
        """Store ``tables`` under ``key`` atomically (a rename of a complete directory)."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.root))
        try:
            for name in DOC_TABLES:
                tables[name].to_parquet(tmp / f"{name}.parquet", index=False)
            if self.path(key).exists():  # written meanwhile by another run: identical by construction
                shutil.rmtree(tmp)
                return
            os.replace(tmp, self.path(key))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
