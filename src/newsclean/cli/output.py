"""What the subcommands share: input/output arguments, reading the input, reporting bad records, a progress bar."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TypeVar

from newsclean.io import (
    Source,
    atomic_output,
    check_writable,
    count_records,
    dump,
    read_records,
    skipped_subfolders,
)

T = TypeVar("T")

EXCERPT = 70
"""Characters of removed text shown per removal by ``--explain``."""
MAX_QUOTED = 8
"""Removals (or shared passages) ``--explain`` quotes per document; the rest are counted, not shown."""


def add_io_arguments(parser: argparse.ArgumentParser) -> None:
    """INPUT, ``-o/--output``, ``--text-field``, ``--recursive`` and ``--no-progress``: the same for every record command."""
    parser.add_argument("input", nargs="?", help="JSONL or .txt file (.gz too), folder of .txt/.jsonl files, or - for stdin (default)")
    parser.add_argument("-o", "--output", help="output JSONL file (default: stdout); written atomically")
    parser.add_argument("--text-field", default="text", metavar="F", help="field holding the text (default: text)")
    parser.add_argument("-r", "--recursive", action="store_true", help="read the subfolders of an input folder too")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def input_records(args: argparse.Namespace) -> tuple[Iterator[tuple[Source, dict | Exception]], int | None]:
    """The input's ``(source, record)`` pairs and their number (``None`` for stdin), after checking ``-o``.

    The output path is checked first, so a bad ``-o`` fails before any work; subfolders left out
    without ``--recursive`` are named on stderr; a ``--text-field`` that no record has is said once.
    """
    check_writable(getattr(args, "output", None))
    recursive = getattr(args, "recursive", False)
    if not recursive and (skipped := skipped_subfolders(args.input)):
        names = ", ".join(str(p) for p in skipped[:3]) + (", ..." if len(skipped) > 3 else "")
        print(f"newsclean {args.command}: note: {len(skipped)} subfolder(s) not read ({names}); pass --recursive",
              file=sys.stderr)
    total = count_records(args.input, recursive=recursive) if _shows_progress(args) else None
    pairs = read_records(args.input, recursive=recursive)
    return _said_once_without_field(pairs, args), total


def write_records(engine: Callable[[Iterator[dict]], Iterable[dict]], args: argparse.Namespace,
                  keep: Callable[[dict], bool] | None = None) -> int:
    """Read the input, run ``engine`` (one output record per input record, in order) and write what it gives.

    What ``clean`` and ``run`` share: ``-o`` checked first, each failing record reported on stderr
    as ``file:line: reason`` (and written, with its ``"error"``), ``--explain`` and ``--summary``,
    the progress bar. ``keep`` leaves records out of the output (not out of the report). Returns
    the exit code: 1 when some record failed.
    """
    failures: list[str] = []
    explain_to, summary = explain_stream(args), Summary()
    pairs, total = input_records(args)
    with atomic_output(args.output) as out:
        records, sources = tracked(pairs, args.command, failures)
        stdin = args.input in (None, "-")
        for number, record in enumerate(progress(engine(records), args.no_progress, args.command, total, stdin=stdin), 1):
            source = sources.popleft()
            summary.add(record)
            if args.explain:
                explain_record(record, number, explain_to)
            if "error" in record:
                failures.append(report(args.command, source, record["error"]))
            elif keep is not None and not keep(record):
                continue
            record.pop(getattr(args, "html_field", None), None)  # HTML in, text out: the page is not repeated
            out.write(dump(record) + "\n")
    if args.summary:
        summary.show(explain_to)
    if failures:
        print(f"newsclean {args.command}: {len(failures)} record(s) failed", file=sys.stderr)
        return 1
    return 0


def check_index_location(index: str | None) -> None:
    """A ``--index`` file path must be in an existing folder: a typo must not create folders."""
    if index is not None and "://" not in index and index != "memory":
        check_writable(index, "index")


def _said_once_without_field(pairs: Iterable[tuple[Source, dict | Exception]], args: argparse.Namespace) -> Iterator:
    """``pairs``, with one note on stderr when the first records all lack ``--text-field``."""
    field, seen, noted = args.text_field, 0, False
    for source, record in pairs:
        if not noted and isinstance(record, dict):
            seen += 1
            if field in record or getattr(args, "html_field", None) in record:
                noted = True
            elif seen == 1:
                noted = True
                others = ", ".join(sorted(k for k, v in record.items() if isinstance(v, str))[:5])
                print(f"newsclean {args.command}: note: {source.name}:{source.line} has no {field!r} field "
                      f"(its text fields: {others or 'none'}); pass --text-field NAME", file=sys.stderr)
        yield source, record


def tracked(
    pairs: Iterable[tuple[Source, dict | Exception]], command: str, failures: list[str]
) -> tuple[Iterator[dict], deque[Source]]:
    """The readable records, and a queue that holds each one's source until its output comes back.

    For commands whose engine gives one output per input record, in order: pop the queue once per
    output to report it with file and line. An unreadable line is reported here and skipped.
    """
    sources: deque[Source] = deque()

    def records() -> Iterator[dict]:
        for source, record in pairs:
            if isinstance(record, Exception):
                failures.append(report(command, None, str(record)))
                continue
            sources.append(source)
            yield record

    return records(), sources


def report(command: str, source: Source | None, message: str) -> str:
    """Print one failing record's ``file:line: reason`` on stderr; returns the line printed."""
    line = f"{source.name}:{source.line}: {message}" if source is not None else message
    print(f"newsclean {command}: {line}", file=sys.stderr)
    return line


def _shows_progress(args: argparse.Namespace) -> bool:
    return not args.no_progress and sys.stderr.isatty()


def progress(items: Iterable[T], disabled: bool, desc: str, total: int | None = None, *, stdin: bool = False) -> Iterable[T]:
    """Wrap ``items`` in a tqdm bar on stderr, only when stderr is a terminal and not switched off.

    ``total`` gives the bar its end; ``stdin`` says it is reading standard input, which may wait
    on the user: the bar then says so before the first record.
    """
    if disabled or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    label = f"{desc} (reading standard input)" if stdin else desc
    return tqdm(items, unit="doc", file=sys.stderr, desc=label, total=total)


def add_explain_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """``--explain`` (per document, capped at :data:`MAX_QUOTED` quotes) and ``--summary`` (totals at the end)."""
    parser.add_argument("--explain", action="store_true", help=f"print each record's {what}")
    parser.add_argument("--summary", action="store_true",
                        help="print totals at the end: removals per rule, records per kind of link")


def explain_stream(args: argparse.Namespace) -> IO[str]:
    """Where ``--explain`` and ``--summary`` print: stdout when ``-o`` names a file, else stderr (stdout holds the JSONL)."""
    return sys.stdout if args.output not in (None, "-") else sys.stderr


@dataclass
class Summary:
    """``--summary``: how many records, removals per rule, records per kind, errors."""

    records: int = 0
    errors: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, record: dict) -> None:
        self.records += 1
        self.errors += "error" in record
        self.rules.update(r["rule"] for r in record.get("removed", ()))
        if "kind" in record:
            self.kinds[record["kind"]] += 1

    def show(self, stream: IO[str]) -> None:
        print(f"== summary: {self.records} records, {self.errors} failed", file=stream)
        if self.rules:
            print(f"  removals: {sum(self.rules.values())}", file=stream)
            for rule, count in sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"    {count:6d}  {rule}", file=stream)
        if self.kinds:
            print("  records by kind:", file=stream)
            for kind in ("unique", "shared_passage", "near_duplicate", "exact"):
                if self.kinds[kind]:
                    print(f"    {self.kinds[kind]:6d}  {kind}", file=stream)


def explain_record(record: dict, number: int, stream: IO[str]) -> None:
    """Print one record's id, its removals (rule and a short excerpt, at most :data:`MAX_QUOTED`), metadata and links."""
    print(f"== {record.get('id', f'#{number}')}", file=stream)
    if "error" in record:
        print(f"  error: {record['error']}", file=stream)
        return
    removed = record.get("removed", [])
    for removal in removed[:MAX_QUOTED]:
        print(f"  [{removal['rule']}] {excerpt(removal['text'], EXCERPT)}", file=stream)
    if len(removed) > MAX_QUOTED:
        print(f"  … {len(removed) - MAX_QUOTED} more removal(s)", file=stream)
    if record.get("metadata"):
        print(f"  metadata: {json.dumps(record['metadata'], ensure_ascii=False)}", file=stream)
    if record.get("kind") not in (None, "unique"):
        copy = f" of {record['duplicate_of']}" if record.get("duplicate_of") is not None else ""
        reuses = f"; reuses {', '.join(map(str, record['reuses']))}" if record.get("reuses") else ""
        print(f"  {record['kind']}{copy}{reuses}", file=stream)


def excerpt(text: str, limit: int) -> str:
    """``text`` on one line, quoted, cut at ``limit`` characters with an ellipsis.

    >>> excerpt("ADVERTISEMENT\\n", 70)
    "'ADVERTISEMENT'"
    >>> excerpt("x" * 80, 5)
    "'xxxxx…'"
    """
    flat = " ".join(text.split())
    return repr(flat[:limit] + "…") if len(flat) > limit else repr(flat)
