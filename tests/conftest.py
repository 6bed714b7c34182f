"""Shared fixtures: a disposable copy of the shipped corpus, and small corpora built from tests/data."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from presslens.corpus.directory import Corpus, render_checksums, sha256

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DATA = Path(__file__).parent / "data"


def copy_corpus(dest: Path) -> Corpus:
    """Copy the shipped corpus (without its cache) to ``dest``."""
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns(".cache"))
    return Corpus(dest)


@pytest.fixture
def corpus_copy(tmp_path) -> Corpus:
    """A writable copy of the shipped corpus."""
    return copy_corpus(tmp_path / "corpus")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to prove that nothing was written)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(corpus: Corpus, call, expected: list[str]) -> str:
    """Run ``call()`` expecting a :class:`~presslens.errors.CorpusError` whose message holds every text of
    ``expected``, check that nothing under the corpus was written, and return the message."""
    from presslens.errors import CorpusError

    before = snapshot(corpus.root)
    with pytest.raises(CorpusError) as info:
        call()
    message = str(info.value)
    for text in expected:
        assert text in message, message
    assert snapshot(corpus.root) == before
    return message


def make_corpus(dest: Path, files: list[Path]) -> Corpus:
    """A corpus holding ``files`` (tests/data articles), with the shipped events and gazetteer."""
    raw = dest / "raw"
    raw.mkdir(parents=True)
    shutil.copy(CORPUS / "events.yml", dest / "events.yml")
    shutil.copy(CORPUS / "gazetteer.yml", dest / "gazetteer.yml")
    shutil.copy(DATA / "quotes" / "codebook.yml", dest / "codebook.yml")
    lines = ["doc_id,source_file,outlet,attribution,outlet_evidence,original_language,translated,wire,event,"
             "phase,published,title"]
    sums = {}
    for n, src in enumerate(files):
        shutil.copy(src, raw / src.name)
        sums[f"raw/{src.name}"] = sha256(src.read_bytes())
        lines.append(f"t{n:02d},{src.name},Test outlet,confirmed,written for the tests,fr,false,,pyongyang-2024,"
                     f"during,2024-06-19,{src.stem}")
    (dest / "articles.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (dest / "SHA256SUMS").write_text(render_checksums(sums), encoding="utf-8")
    return Corpus(dest)


@pytest.fixture(scope="session")
def fixture_tables(tmp_path_factory):
    """Tables of a corpus made of the hand-written articles in tests/data (annotated once per session
    with the small model, to keep the suite fast)."""
    from presslens import load

    root = tmp_path_factory.mktemp("fixtures") / "corpus"
    corpus = make_corpus(root, sorted(DATA.glob("*.txt")))
    return corpus, load(corpus, model="fr_core_news_sm", progress=False)


def stop(proc: subprocess.Popen, grace: float = 10, group: bool = False) -> None:
    """End a process a test started: politely, then by force; with ``group``, also whatever is left in its
    process group (a browser's helpers). The process must have been started in a new session for that."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)
    if group:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
