"""What the subcommands share: a progress bar for long runs and one-line excerpts for ``--explain``."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


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
