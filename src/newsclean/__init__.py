"""newsclean: turn scraped news articles into clean, deduplicated text.

    >>> import newsclean
    >>> result = newsclean.clean("ADVERTISEMENT\\n\\nThe council voted on Tuesday.")
    >>> result.text
    'The council voted on Tuesday.'
    >>> [r.rule for r in result.removed]
    ['ads.marker']

Records in, clean and deduplicated records out, in one pass: :func:`process`. Cleaning:
:func:`clean`, :class:`Cleaner`. Near-duplicates and text reuse: :func:`cluster`,
:class:`Deduplicator`. Names are imported lazily so ``import newsclean`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsclean import _moved
from newsclean._lazy import lazy_exports

__version__ = "0.1.0"

_moved.install()  # newsclean.rules and newsclean.index moved into subpackages

# public name -> module that defines it
_EXPORTS = {
    "clean": "newsclean.cleaning.cleaner",
    "Cleaner": "newsclean.cleaning.cleaner",
    "CleanConfig": "newsclean.config",
    "DedupConfig": "newsclean.config",
    "cluster": "newsclean.dedup.clustering",
    "Deduplicator": "newsclean.dedup.deduplicator",
    "process": "newsclean.pipeline",
    "CleanResult": "newsclean.results",
    "Removal": "newsclean.results",
    "Match": "newsclean.results",
    "Passage": "newsclean.results",
    "Rule": "newsclean.cleaning.rules",
    "REGISTRY": "newsclean.cleaning.rules",
    "NewscleanError": "newsclean.errors",
    "ConfigError": "newsclean.errors",
    "InputError": "newsclean.errors",
    "RuleError": "newsclean.errors",
    "IndexMismatchError": "newsclean.errors",
    "IndexBackendError": "newsclean.errors",
    "MissingExtraError": "newsclean.errors",
}

__all__ = [
    "REGISTRY",
    "CleanConfig",
    "CleanResult",
    "Cleaner",
    "ConfigError",
    "DedupConfig",
    "Deduplicator",
    "IndexBackendError",
    "IndexMismatchError",
    "InputError",
    "Match",
    "MissingExtraError",
    "NewscleanError",
    "Passage",
    "Removal",
    "Rule",
    "RuleError",
    "clean",
    "cluster",
    "process",
]


_load = lazy_exports("newsclean", _EXPORTS)


def __getattr__(name: str) -> object:
    value = _load(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)


if TYPE_CHECKING:
    from newsclean.cleaning.cleaner import Cleaner, clean
    from newsclean.cleaning.rules import REGISTRY, Rule
    from newsclean.config import CleanConfig, DedupConfig
    from newsclean.dedup.clustering import cluster
    from newsclean.dedup.deduplicator import Deduplicator
    from newsclean.errors import (
        ConfigError,
        IndexBackendError,
        IndexMismatchError,
        InputError,
        MissingExtraError,
        NewscleanError,
        RuleError,
    )
    from newsclean.pipeline import process
    from newsclean.results import CleanResult, Match, Passage, Removal
