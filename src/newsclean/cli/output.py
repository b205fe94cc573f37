"""What the subcommands share: input/output arguments, a progress bar for long runs, one-line excerpts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def add_io_arguments(parser: argparse.ArgumentParser) -> None:
    """INPUT, ``-o/--output``, ``--text-field`` and ``--no-progress``: the same for every record command."""
    parser.add_argument("input", nargs="?", help="JSONL file, folder of .txt/.jsonl files, or - for stdin (default)")
    parser.add_argument("-o", "--output", help="output JSONL file (default: stdout); written atomically")
    parser.add_argument("--text-field", default="text", metavar="F", help="field holding the text (default: text)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def progress(items: Iterable[T], disabled: bool, desc: str) -> Iterable[T]:
    """Wrap ``items`` in a tqdm bar on stderr, only when stderr is a terminal and not switched off."""
    if disabled or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, unit="doc", file=sys.stderr, desc=desc)


def excerpt(text: str, limit: int) -> str:
    """``text`` on one line, quoted, cut at ``limit`` characters with an ellipsis.

    >>> excerpt("ADVERTISEMENT\\n", 70)
    "'ADVERTISEMENT'"
    >>> excerpt("x" * 80, 5)
    "'xxxxx…'"
    """
    flat = " ".join(text.split())
    return repr(flat[:limit] + "…") if len(flat) > limit else repr(flat)
