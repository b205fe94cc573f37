"""Reading and writing records for the CLI: JSONL and text files (plain or gzip), folders, stdin; atomic output.

:func:`read_records` is the one place an input path (or stdin) becomes records, each with its file
and line. Bad input never stops a run: it yields an :class:`~newsclean.errors.InputError` in place
of a record it cannot read (not JSON, not UTF-8), so the caller can report it and go on. Input that
cannot be read at all (a missing path, a binary file, a folder with nothing to read) raises
:class:`~newsclean.errors.InputError` before the first record.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from newsclean.errors import InputError, NewscleanError

TEXT_SUFFIXES = (".txt", ".txt.gz")
"""Files read as one text document each: ``{"id": stem, "text": content}``."""
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
"""Files read as one fetched page each: ``{"id": stem, "html": bytes}`` (the HTML stage decodes them)."""
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
"""Files read as one JSON record a line; in folders, with :data:`TEXT_SUFFIXES`, the only files read."""
SNIFF = 8192
"""Bytes looked at to tell a binary file from text."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a file name (or ``<stdin>``) and a 1-based line number."""

    name: str
    line: int


def read_records(path: str | None, *, recursive: bool = False) -> Iterator[tuple[Source, dict | InputError]]:
    """Yield ``(source, record)`` for every record in ``path``.

    ``path`` is a file, a folder or ``None``/``"-"`` for stdin (JSONL). A ``.txt`` file (or
    ``.txt.gz``) is one document ``{"id": stem, "text": content}``; any other file is JSONL, gzip
    compressed when it starts with gzip's magic bytes. A folder gives its ``.txt``, ``.jsonl`` and
    their ``.gz`` files in name order, those of subfolders too when ``recursive``. A UTF-8 byte
    order mark is skipped; a line (or text file) that is not UTF-8, or not a JSON object, yields
    an :class:`InputError` naming file and line instead of a record.
    """
    if path is None or path == "-":
        yield from _read_jsonl(_stdin_bytes(), "<stdin>")
        return
    for file in input_files(path, recursive=recursive):
        yield from _read_file(file)


def input_files(path: str, *, recursive: bool = False) -> list[Path]:
    """The files :func:`read_records` reads for ``path`` (a file or a folder), in reading order."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise InputError(f"no such file or folder: {path}")
    found = p.rglob("*") if recursive else p.iterdir()
    files = sorted(f for f in found if _readable_name(f) and f.is_file())
    if not files:
        deeper = not recursive and any(_readable_name(f) for f in p.rglob("*"))
        hint = " (its subfolders do: pass --recursive)" if deeper else ""
        raise InputError(f"folder {path} holds no .txt, .html or .jsonl files{hint}")
    return files


def skipped_subfolders(path: str | None) -> list[Path]:
    """Subfolders of folder ``path`` holding files :func:`read_records` would read with ``recursive``."""
    if path is None or path == "-" or not Path(path).is_dir():
        return []
    return sorted({f.parent for f in Path(path).rglob("*") if _readable_name(f) and f.parent != Path(path)})


def count_records(path: str | None, *, recursive: bool = False) -> int | None:
    """How many records :func:`read_records` will yield (at most; blank lines aside), or ``None`` for stdin."""
    if path is None or path == "-":
        return None
    total = 0
    for file in input_files(path, recursive=recursive):
        if file.name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
            total += 1
            continue
        with _open_binary(file) as fh:
            total += sum(1 for line in fh if line.strip())
    return total


def _stdin_bytes() -> Iterable[bytes]:
    buffer = getattr(sys.stdin, "buffer", None)  # a test or an embedding may replace stdin by a text stream
    if buffer is not None:
        return buffer
    return (line.encode("utf-8", "surrogateescape") for line in sys.stdin)


def _readable_name(f: Path) -> bool:
    return f.name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES) and not f.name.startswith(".")


def _open_binary(file: Path) -> IO[bytes]:
    """``file`` opened for reading bytes, decompressed when gzip; a binary file is an :class:`InputError`."""
    fh: IO[bytes] = file.open("rb")
    if fh.read(2) == b"\x1f\x8b":
        fh.close()
        fh = gzip.open(file, "rb")  # type: ignore[assignment]  # noqa: SIM115 (the caller closes it)
    else:
        fh.seek(0)
    try:
        head = fh.read(SNIFF)
    except (OSError, EOFError) as exc:
        fh.close()
        raise InputError(f"cannot read {file}: {exc}") from exc
    if b"\0" in head:
        fh.close()
        raise InputError(f"{file} is a binary file; newsclean reads JSONL and text files (.jsonl, .txt, or .gz of them)")
    fh.seek(0)
    return fh


def _read_file(file: Path) -> Iterator[tuple[Source, dict | InputError]]:
    if file.name.endswith(HTML_SUFFIXES):
        with file.open("rb") as raw:
            data = raw.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        stem = file.name.removesuffix(".gz").rsplit(".", 1)[0]
        yield Source(str(file), 1), {"id": stem, "html": data}
        return
    with _open_binary(file) as fh:
        if not file.name.endswith(TEXT_SUFFIXES):
            yield from _read_jsonl(fh, str(file))
            return
        data = fh.read()
    stem = file.name.removesuffix(".gz").removesuffix(".txt")
    text = _decode(data, str(file), 1, lines=True)
    yield Source(str(file), 1), text if isinstance(text, InputError) else {"id": stem, "text": text}


def _decode(data: bytes, name: str, line: int, *, lines: bool = False) -> str | InputError:
    """``data`` as UTF-8 without a byte order mark, or an :class:`InputError` saying where it is not UTF-8."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        if lines:  # a whole text file: name the line the bad byte is on
            line += before.count(b"\n")
            before = before[before.rfind(b"\n") + 1 :]
        column = len(before.decode("utf-8", "replace")) + 1
        byte = data[exc.start : exc.start + 1].hex()
        return InputError(f"not UTF-8 (byte 0x{byte} at column {column})", source=name, line=line)


def _read_jsonl(fh: Iterable[bytes], name: str) -> Iterator[tuple[Source, dict | InputError]]:
    for lineno, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        src = Source(name, lineno)
        line = _decode(raw, name, lineno)
        if isinstance(line, InputError):
            yield src, line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield src, InputError(f"malformed JSON ({exc.msg} at column {exc.colno})", source=name, line=lineno)
            continue
        if not isinstance(record, dict):
            yield src, InputError(f"expected a JSON object, got {type(record).__name__}", source=name, line=lineno)
            continue
        yield src, record


def no_id(field: str) -> str:
    """What is said of a record without an id: a line number would make one up that changes with the file."""
    return f"record has no {field!r} field (pass --id-field if the id is under another name)"


def check_writable(path: str | None, what: str = "output") -> None:
    """Raise a one-line :class:`NewscleanError` unless a file can be created at ``path`` (``None``/``-``: stdout).

    Called before a run starts, so a bad ``-o`` fails at once, not after the whole input is read.
    A missing parent folder is an error: creating folders from a typo hides the typo.
    """
    if path is None or path == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise NewscleanError(f"{what} {path} is a folder; give a file name")
    parent = target.parent
    if not parent.is_dir():
        problem = "is not a folder" if parent.exists() else "does not exist"
        raise NewscleanError(f"{what} {path}: {parent} {problem}")
    if not os.access(parent, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise NewscleanError(f"{what} {path} is not writable")


@contextlib.contextmanager
def atomic_output(path: str | None) -> Iterator[IO[str]]:
    """Write to ``path`` through a temporary file renamed into place on success; ``None``/``-`` is stdout.

    A run that fails half-way leaves the previous output file untouched. The file gets the mode an
    ordinary ``open`` would give (0666 less the umask), or the replaced file's mode. A path that
    cannot be written raises :class:`NewscleanError` before anything is yielded.
    """
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    check_writable(path)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:  # os.open applies the umask as open() does; mkstemp would give 0600
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise NewscleanError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
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
