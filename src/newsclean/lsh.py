"""LSH keys: what a document is findable under in the index.

Two kinds of keys, both plain ``bytes`` so any key-value store can hold them:

* **band keys** (near-duplicates): the signature cut into ``bands`` bands of ``rows`` values, as
  in ``datasketch.MinHashLSH``; two documents share a band key with probability
  ``1 - (1 - J**rows)**bands`` for Jaccard ``J``. ``(bands, rows)`` come from datasketch's
  ``_optimal_param`` for the near-duplicate threshold (equal weights on false positives and
  negatives): candidates are re-checked anyway, so a few extra are cheap.
* **passage keys** (text reuse): winnowing (Schleimer, Wilkerson and Aiken 2003, the MOSS
  algorithm) over the shingle hashes: of every window of ``window`` consecutive shingles, the one
  with the smallest value under one fixed permutation is kept. That is a one-permutation MinHash of
  every overlapping passage, so any run of ``window + shingle_size - 1`` words two documents share
  gives them at least one common key, whatever else they contain.

Plus one **exact key** (hash of the whole shingle sequence) so identical short texts meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import xxhash

from newsclean.signature import fmix32, to_bytes

if TYPE_CHECKING:
    from newsclean.config import DedupConfig

BAND_PREFIX = b"B"
PASSAGE_PREFIX = b"P"
EXACT_PREFIX = b"E"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageConfig:
    """Winnowing parameters; ``str()`` encodes them for :class:`~newsclean.index.IndexMeta`."""

    window: int = 8
    seed: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.window, int) or not 1 <= self.window <= 256:
            raise ValueError(f"passage window must be an int in [1, 256], got {self.window!r}")

    def __str__(self) -> str:
        return f"winnow-v1:w={self.window}:seed={self.seed}"


def _band_error(threshold: float, bands: int, rows: int) -> float:
    """Equal-weight false positive + false negative mass of a (bands, rows) split (datasketch's objective)."""
    below, above = np.linspace(0.0, threshold, 2001), np.linspace(threshold, 1.0, 2001)
    false_positive = np.trapezoid(1.0 - (1.0 - below**rows) ** bands, below)
    false_negative = np.trapezoid((1.0 - above**rows) ** bands, above)
    return 0.5 * float(false_positive) + 0.5 * float(false_negative)


@lru_cache(maxsize=64)
def band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)`` minimizing false positive + false negative mass around ``threshold``.

    The objective of datasketch's ``_optimal_param`` with equal weights, integrated with numpy
    instead of scipy (same choices, checked in the tests, without a second of scipy import).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    splits = ((b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1))
    return min(splits, key=lambda split: _band_error(threshold, *split))


def min_passage_keys(shingle_size: int, window: int, min_passage_words: int, min_shared_words: int) -> int:
    """Fewest distinct passage keys two documents share when they pass the passage test.

    A shared run of ``L`` words holds ``L - shingle_size + 1`` shingles, so at least
    ``(L - shingle_size + 1) // window`` disjoint windows, each winnowed to the same key in both
    documents. Minimized over every way of reaching ``min_shared_words`` with runs of at least
    ``min_passage_words`` words; candidates sharing fewer keys cannot pass and are not verified.
    """

    def keys(run: int) -> int:
        return max(1, (run - shingle_size + 1) // window)

    best = [0] * (min_shared_words + 1)  # best[w]: fewest keys for w more shared words
    for need in range(1, min_shared_words + 1):
        best[need] = min(keys(run) + best[max(0, need - run)] for run in range(min_passage_words, need + min_passage_words))
    return best[min_shared_words]


def passage_key_minimum(config: DedupConfig) -> int:
    """Passage keys a pair must share to be verified: :func:`min_passage_keys` for ``config``, 1 without passages."""
    if config.min_shared_words is None:
        return 1
    return min_passage_keys(config.shingle_size, config.passage_window, config.min_passage_words, config.min_shared_words)


def band_keys(signature: np.ndarray, bands: int, rows: int) -> list[bytes]:
    """One key per band: prefix, band number, then the band's values (little-endian)."""
    if bands * rows > len(signature):
        raise ValueError(f"{bands} bands x {rows} rows need {bands * rows} values, signature has {len(signature)}")
    return [
        BAND_PREFIX + band.to_bytes(2, "little") + to_bytes(signature[band * rows : (band + 1) * rows])
        for band in range(bands)
    ]


def passage_permutation(grams: np.ndarray, seed: int) -> np.ndarray:
    """The fixed permutation winnowing ranks shingles by (also used by the batch engine)."""
    salt = np.uint32(xxhash.xxh32_intdigest(seed.to_bytes(8, "little")))
    return fmix32(grams ^ salt)


def winnow(grams: np.ndarray, config: PassageConfig) -> tuple[np.ndarray, np.ndarray]:
    """``(values, positions)``: the winnowed shingle hashes and where each first wins a window.

    Fewer shingles than the window give one pick (their minimum). Positions are shingle indexes,
    so word offsets: a value at position ``p`` covers words ``p .. p + shingle_size``.
    """
    if len(grams) == 0:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64)
    permuted = passage_permutation(np.asarray(grams, dtype=np.uint32), config.seed)
    window = min(config.window, len(permuted))
    views = np.lib.stride_tricks.sliding_window_view(permuted, window)
    picks = np.argmin(views, axis=1) + np.arange(len(views))
    keep = np.ones(len(picks), dtype=bool)
    keep[1:] = picks[1:] != picks[:-1]
    positions = picks[keep]
    return permuted[positions], positions


def passage_keys(grams: np.ndarray, config: PassageConfig) -> list[bytes]:
    """The distinct winnowed values as index keys."""
    values, _ = winnow(grams, config)
    packed = to_bytes(np.unique(values))
    return [PASSAGE_PREFIX + packed[i : i + 4] for i in range(0, len(packed), 4)]


def exact_key(grams: np.ndarray) -> bytes:
    """A key shared exactly by documents with the same token sequence."""
    return EXACT_PREFIX + xxhash.xxh64_digest(to_bytes(grams))
