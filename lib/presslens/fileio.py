"""Atomic writes: a reader never sees a half-written file (write to a temporary file, then rename)."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _umask() -> int:
    """The process's file-creation mask (read by setting it and putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``, on error it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates files readable by their owner only; give the result the mode open() would.
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield an empty temporary directory beside ``target`` (which must not exist); on success it is renamed
    to ``target``, on error (Ctrl-C included) it is removed, so that no half-built directory is left behind."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp's directories are private to their owner
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def output_directory(path: str | Path, heading: str) -> Path:
    """In: a directory a command will write into, and the heading of its error. Out: the path, when it is a
    directory or can become one. Raises :class:`CorpusError` when it, or the nearest existing folder above
    it, is a file, before anything is written."""
    from .errors import CorpusError, Problem

    path = Path(path)
    existing = next(p for p in (path, *path.absolute().parents) if p.exists())
    if not existing.is_dir():
        what = "is a file" if existing == path else f"cannot be created: {existing} is a file"
        raise CorpusError([Problem(str(path), f"{what}; give a directory")], heading=heading)
    return path


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends to ``target`` atomically."""
    write_bytes(target, text.encode("utf-8"))


def parse_yaml(text: str | bytes):
    """YAML ``text`` as Python data, as ``yaml.safe_load`` reads it but with libyaml's C parser when PyYAML
    was built with it (several times faster: the codebook and gazetteer are read by every notebook).
    Raises ``yaml.YAMLError`` on invalid YAML."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_PARSED: dict[tuple[str, int, int], tuple[bytes, object]] = {}


def read_yaml(path: str | Path, what: str = "") -> tuple[bytes, object]:
    """In: a YAML file and what it holds (for the message). Out: ``(bytes, data)``. Raises
    :class:`CorpusError` naming the file when it is missing or not valid YAML. Parsed once while unchanged."""
    import yaml

    from .errors import CorpusError, Problem

    path = Path(path)
    if not path.is_file():
        raise CorpusError([Problem(path.name, "file is missing" + (f": it holds {what}" if what else ""))])
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _PARSED:
        data = path.read_bytes()
        try:
            _PARSED[key] = (data, parse_yaml(data))
        except yaml.YAMLError as exc:
            raise CorpusError([Problem(path.name, f"is not valid YAML: {exc}")]) from None
    return _PARSED[key]
