"""LSH keys: what a document is findable under, computed for a chunk of documents at once.

Keys are packed as ``key << 32 | document`` in one uint64 so that sorting an array groups
documents by key with no index array; an index stores them as ``bytes`` (:func:`key_bytes`).

* **band keys** (near-duplicates): LSH over a *one-permutation* MinHash (Li, Owen and Zhang 2012)
  with rotation densification (Shrivastava and Li 2014): one hash per shingle, sorted into
  ``bands * rows`` bins, each band's ``rows`` values hashed into one uint32. Two documents share a
  band key with probability about ``1 - (1 - J**rows)**bands`` for Jaccard ``J``. ``(bands, rows)``
  come from datasketch's ``_optimal_param`` for the near-duplicate threshold (equal weights on false
  positives and negatives): candidates are re-checked anyway, so a few extra are cheap.
* **passage keys** (text reuse): winnowing (Schleimer, Wilkerson and Aiken 2003, the MOSS
  algorithm) over the shingle hashes: of every window of ``window`` consecutive shingles, the one
  with the smallest value under one fixed permutation is kept. That is a one-permutation MinHash of
  every overlapping passage, so any run of ``window + shingle_size - 1`` words two documents share
  gives them at least one common key, whatever else they contain.
* one **exact key** (hash of the whole shingle sequence) so identical short texts meet.

:data:`KEY_SCHEME` names this scheme in every index's :class:`~newsclean.dedup.index.IndexMeta`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import xxhash

from newsclean.dedup.signature import EMPTY_VALUE, fmix32

if TYPE_CHECKING:
    from newsclean.config import DedupConfig

BAND_PREFIX = b"B"
PASSAGE_PREFIX = b"P"
EXACT_PREFIX = b"E"
KEY_SCHEME = "oph-bands-v1"
"""Band keys from the one-permutation signature (indexes before 0.2 held ``minhash-bands-v1``)."""

_LOW32 = np.uint64(0xFFFFFFFF)
_BAND_MUL = np.uint64(0x9E3779B97F4A7C15)
_DENSIFY_STEP = np.uint32(0x2545F491)  # odd: a borrowed value shifted by distance never equals its source


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageConfig:
    """Winnowing parameters; ``str()`` encodes them for :class:`~newsclean.dedup.index.IndexMeta`."""

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


def bucket_limit(config: DedupConfig, *, passage: bool) -> int | None:
    """The largest bucket a key may have and still propose candidates: ``max_bucket`` for passage
    keys (a passage held by that many documents is boilerplate), none for band and exact keys
    (their holders are near-identical however many there are)."""
    return config.max_bucket if passage else None


def passage_key_minimum(config: DedupConfig) -> int:
    """Passage keys a pair must share to be verified: :func:`min_passage_keys` for ``config``, 1 without passages."""
    if config.min_shared_words is None:
        return 1
    return min_passage_keys(config.shingle_size, config.passage_window, config.min_passage_words, config.min_shared_words)


def passage_permutation(grams: np.ndarray, seed: int) -> np.ndarray:
    """The fixed permutation winnowing ranks shingles by (also used by the batch engine)."""
    salt = np.uint32(xxhash.xxh32_intdigest(seed.to_bytes(8, "little")))
    return fmix32(grams ^ salt)


def pack(keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """``key << 32 | doc`` as uint64 (keys and docs below ``2**32``)."""
    return (keys.astype(np.uint64) << np.uint64(32)) | docs.astype(np.uint64)


def _salt(seed: int, purpose: bytes) -> np.uint32:
    return np.uint32(xxhash.xxh32_intdigest(purpose + seed.to_bytes(8, "little")))


def densify(signatures: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next non-empty bin to its right (circularly), shifted by the distance.

    Identical sets still get identical rows, and similar sets mostly equal ones; a row with no
    values stays empty.
    """
    empty = signatures == EMPTY_VALUE
    partial = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))  # only these rows change
    if not len(partial):
        return signatures
    rows, empty = signatures[partial], empty[partial]
    bins = signatures.shape[1]
    position = np.arange(2 * bins)
    own = np.where(np.concatenate([~empty, ~empty], axis=1), position, 4 * bins)
    following = np.minimum.accumulate(own[:, ::-1], axis=1)[:, ::-1][:, :bins]
    source = following % bins
    distance = (following - position[:bins]).astype(np.uint32)
    borrowed = np.take_along_axis(rows, source, axis=1) + distance * _DENSIFY_STEP
    dense = signatures.copy()
    dense[partial] = np.where(empty, borrowed, rows)
    return dense


def one_permutation_signatures(
    grams: np.ndarray, owner: np.ndarray, documents: int, bins: int, seed: int
) -> np.ndarray:
    """``(documents, bins)`` uint32: per document, the smallest hash of its shingles in each bin."""
    mixed = fmix32(grams ^ _salt(seed, b"oph"))
    slot = mixed.astype(np.uint64)
    slot *= np.uint64(bins)
    slot >>= np.uint64(32)  # below bins: the int64 view reads the same value
    cell = owner.astype(np.int64) * bins
    cell += slot.view(np.int64)
    flat = np.full(documents * bins, EMPTY_VALUE, dtype=np.uint32)
    np.minimum.at(flat, cell, mixed)
    return densify(flat.reshape(documents, bins))


def band_hashes(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """``(documents, bands)`` uint32: each band's ``rows`` values hashed together with the band number."""
    cut = signatures[:, : bands * rows].reshape(len(signatures), bands, rows).astype(np.uint64)
    acc = np.broadcast_to((np.arange(bands, dtype=np.uint64) + np.uint64(1)) * _BAND_MUL, cut.shape[:2]).copy()
    for row in range(rows):
        acc = (acc ^ cut[:, :, row]) * _BAND_MUL
    acc ^= acc >> np.uint64(29)
    return (acc & _LOW32).astype(np.uint32)


def window_minima(values: np.ndarray, width: int) -> np.ndarray:
    """``min(values[i : i + width])`` for every full window, by doubling (``log2(width)`` passes).

    >>> window_minima(np.array([5, 3, 4, 1, 2], dtype=np.uint32), 2).tolist()
    [3, 3, 1, 1]
    """
    span, minima = 1, values
    while span * 2 <= width:
        minima = np.minimum(minima[:-span], minima[span:])
        span *= 2
    if span < width:
        minima = np.minimum(minima[: len(minima) - (width - span)], minima[width - span :])
    return minima


def passage_keys(grams: np.ndarray, owner: np.ndarray, config: PassageConfig) -> np.ndarray:
    """Every document's distinct winnowed values, packed with its position in the chunk.

    ``owner`` gives each gram's document (ascending). A window's pick is its minimum under
    :func:`passage_permutation`; a document shorter than the window gets one pick, its minimum.
    """
    if not len(grams):
        return np.empty(0, dtype=np.uint64)
    permuted = passage_permutation(grams, config.seed)
    window = config.window
    parts = []
    if len(permuted) >= window:
        minima = window_minima(permuted, window)
        first = owner[: len(minima)]
        keep = first == owner[window - 1 :]  # the window lies inside one document
        keep[1:] &= (minima[1:] != minima[:-1]) | (first[1:] != first[:-1])  # neighbours mostly repeat a pick
        parts.append(pack(minima[keep], first[keep]))
    firsts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    lengths = np.diff(np.append(firsts, len(owner)))
    short = lengths < window  # winnow takes one pick, the minimum, of a document shorter than the window
    if short.any():
        parts.append(pack(np.minimum.reduceat(permuted, firsts)[short], owner[firsts][short]))
    return sorted_set(np.concatenate(parts))


def sorted_set(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: ``np.unique`` by sorting (numpy 2's hashing ``unique`` is slower on hashes).

    >>> sorted_set(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def key_bytes(prefix: bytes, values: np.ndarray) -> list[bytes]:
    """Index keys of one kind: ``prefix`` then each uint32 value, little-endian."""
    packed = np.asarray(values, dtype="<u4").tobytes()
    return [prefix + packed[i : i + 4] for i in range(0, len(packed), 4)]


def exact_key(digest: int) -> bytes:
    """The exact-copy key of a document from the xxh64 of its shingle sequence."""
    return EXACT_PREFIX + digest.to_bytes(8, "big")
