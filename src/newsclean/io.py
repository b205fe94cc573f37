"""Reading and writing records for the CLI: JSONL files, folders of ``.txt``, stdin; atomic output.

Bad input never stops a run: :func:`read_records` yields an :class:`~newsclean.errors.InputError`
in place of a record it cannot parse, so the caller can report it (with file and line) and go on.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from newsclean.errors import InputError


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a file name (or ``<stdin>``) and a 1-based line number."""

    name: str
    line: int


def read_records(path: str | None) -> Iterator[tuple[Source, dict | InputError]]:
    """Yield ``(source, record)`` for every record in ``path``.

    ``path`` is a JSONL file, a folder (every ``*.txt`` in it, sorted, becomes
    ``{"id": stem, "text": content}``; ``*.jsonl`` files in it are read as JSONL), or ``None``/``"-"``
    for stdin. A line that is not a JSON object yields an :class:`InputError` instead of a record.
    """
    if path is None or path == "-":
        yield from _read_jsonl(sys.stdin, "<stdin>")
        return
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix in (".txt", ".jsonl") and f.is_file())
        if not files:
            raise InputError(f"folder {path} holds no .txt or .jsonl files")
        for f in files:
            if f.suffix == ".txt":
                text = f.read_text(encoding="utf-8", errors="surrogateescape")
                yield Source(str(f), 1), {"id": f.stem, "text": _unescape(text)}
            else:
                with f.open(encoding="utf-8", errors="surrogateescape") as fh:
                    yield from _read_jsonl(fh, str(f))
        return
    if not p.exists():
        raise InputError(f"no such file or folder: {path}")
    with p.open(encoding="utf-8", errors="surrogateescape") as fh:
        yield from _read_jsonl(fh, str(p))


def _unescape(text: str) -> str:
    # Undecodable bytes come back as lone surrogates; replace them so JSON output stays valid.
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _read_jsonl(fh: IO[str], name: str) -> Iterator[tuple[Source, dict | InputError]]:
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        src = Source(name, lineno)
        try:
            record = json.loads(_unescape(line))
        except json.JSONDecodeError as exc:
            yield src, InputError(f"malformed JSON ({exc.msg} at column {exc.colno})", source=name, line=lineno)
            continue
        if not isinstance(record, dict):
            yield src, InputError(f"expected a JSON object, got {type(record).__name__}", source=name, line=lineno)
            continue
        yield src, record


@contextlib.contextmanager
def atomic_output(path: str | None) -> Iterator[IO[str]]:
    """Write to ``path`` through a temporary file renamed into place on success; ``None``/``-`` is stdout.

    A run that fails half-way leaves the previous output file untouched.
    """
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def dump(record: dict) -> str:
    """One JSONL line (no trailing newline), UTF-8 kept readable."""
    return json.dumps(record, ensure_ascii=False)
