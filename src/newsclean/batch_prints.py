"""Fingerprints of a chunk of documents at once, as flat numpy arrays (the batch engine's first step).

:mod:`newsclean.batch_cluster` never holds texts: each chunk of documents becomes a
:class:`ChunkPrints` (shingle hashes, word counts, exact-copy hashes and LSH keys packed with the
document's position in the chunk) and the texts are dropped. The function is pure and its inputs
and outputs pickle cheaply, so worker processes can run it.

Keys, each packed as ``key << 32 | document`` in one uint64 so that sorting the array groups
documents by key with no index array:

* **passage keys**: the winnowed shingle values, exactly :func:`newsclean.lsh.winnow`'s, so the
  passage candidates are the incremental path's.
* **band keys**: near-duplicate LSH over a *one-permutation* MinHash (Li, Owen and Zhang 2012) with
  rotation densification (Shrivastava and Li 2014): one hash per shingle, sorted into
  ``bands * rows`` bins, instead of ``num_perm`` hashes per shingle. It only proposes candidates;
  every candidate is verified on its exact shingle sets, as in the incremental path. The
  datasketch-compatible signature (:func:`newsclean.signature.minhash`) is what the indexes keep.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xxhash

from newsclean.fingerprint import Fingerprinter
from newsclean.lsh import passage_permutation
from newsclean.shingle_batch import chunk_shingles
from newsclean.signature import EMPTY_VALUE, fmix32
from newsclean.verify import short_limit, sorted_set

_LOW32 = np.uint64(0xFFFFFFFF)
_BAND_MUL = np.uint64(0x9E3779B97F4A7C15)
_DENSIFY_STEP = np.uint32(0x2545F491)  # odd: a borrowed value shifted by distance never equals its source


@dataclass(frozen=True, slots=True)
class ChunkPrints:
    """What the batch engine keeps of a chunk of documents (no text).

    ``grams``: every document's shingle hashes (uint32) concatenated, document ``i`` at
    ``offsets[i]:offsets[i + 1]``; ``words`` per document; ``exact`` an xxh64 of each document's
    shingle sequence; ``band_keys`` / ``passage_keys`` uint64 ``key << 32 | position in chunk``;
    ``signatures`` the one-permutation signatures (``bands * rows`` uint32 per document, empty for
    documents too short for band keys), whose agreement estimates Jaccard so that hopeless
    near-duplicate checks are skipped, as the incremental path does with its MinHash.
    """

    grams: np.ndarray
    signatures: np.ndarray
    offsets: np.ndarray
    words: np.ndarray
    exact: np.ndarray
    band_keys: np.ndarray
    passage_keys: np.ndarray

    def __len__(self) -> int:
        return len(self.words)


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


def _eligible_grams(grams: np.ndarray, counts: np.ndarray, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(grams, owner)`` of the eligible documents only; ``owner`` is each gram's document position."""
    owner = np.repeat(np.arange(len(counts)), counts)
    if eligible.all():
        return grams, owner
    keep = eligible[owner]
    return grams[keep], owner[keep]


def _passage_keys(grams: np.ndarray, owner: np.ndarray, fingerprinter: Fingerprinter) -> np.ndarray:
    """Every document's distinct winnowed values (what :func:`~newsclean.lsh.winnow` picks: a
    window's pick is its minimum), for the whole chunk in a few numpy passes."""
    if not len(grams):
        return np.empty(0, dtype=np.uint64)
    permuted = passage_permutation(grams, fingerprinter.passage.seed)
    window = fingerprinter.passage.window
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


def _signatures(grams: np.ndarray, owner: np.ndarray, documents: int, fingerprinter: Fingerprinter) -> np.ndarray:
    """One-permutation signatures (rows of documents without grams here stay empty)."""
    bins = fingerprinter.bands * fingerprinter.rows
    return one_permutation_signatures(grams, owner, documents, bins, fingerprinter.signature.seed)


def _band_keys(signatures: np.ndarray, eligible: np.ndarray, fingerprinter: Fingerprinter) -> np.ndarray:
    chosen = np.flatnonzero(eligible)
    hashes = band_hashes(signatures[chosen], fingerprinter.bands, fingerprinter.rows)
    return pack(hashes.ravel(), np.repeat(chosen, fingerprinter.bands))


def fingerprint_texts(texts: list[str], fingerprinter: Fingerprinter) -> ChunkPrints:
    """The :class:`ChunkPrints` of prepared texts (cleaned if wanted, encoding repaired: see
    :func:`newsclean.dedup.prepare_text`)."""
    config = fingerprinter.config
    grams, counts, words = chunk_shingles(texts, fingerprinter.shingle)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    exact = np.array(
        [xxhash.xxh64_intdigest(grams[offsets[i] : offsets[i + 1]].tobytes()) for i in range(len(texts))],
        dtype=np.uint64,
    )
    eligible = words >= short_limit(config)
    chosen, owner = _eligible_grams(grams, counts, eligible)
    signatures = _signatures(chosen, owner, len(texts), fingerprinter)
    passages = (
        _passage_keys(chosen, owner, fingerprinter) if config.min_shared_words is not None else np.empty(0, np.uint64)
    )
    return ChunkPrints(
        grams=grams,
        signatures=signatures,
        offsets=offsets,
        words=words,
        exact=exact,
        band_keys=_band_keys(signatures, eligible, fingerprinter),
        passage_keys=passages,
    )
