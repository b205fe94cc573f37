"""Encodings the persistent index backends share, so a fingerprint reads the same from any of them.

Signatures and shingle hashes are stored as little-endian uint32 bytes whatever the machine, so an
index written on one machine reads the same on any other; key hashes (64-bit xxhash of each LSH or
passage key) as little-endian uint64 bytes; links are rows of plain values with their passages as
JSON.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from newsclean.dedup.index.base import IndexEntry
from newsclean.dedup.index.keymap import repeated_pairs
from newsclean.results import Match, Passage

_LE_UINT32 = np.dtype("<u4")
_LE_UINT64 = np.dtype("<u8")


def to_blob(values: np.ndarray) -> bytes:
    """uint32 values as little-endian bytes, whatever the machine's byte order."""
    return np.asarray(values, dtype=_LE_UINT32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Inverse of :func:`to_blob`, as native uint32."""
    return np.frombuffer(blob, dtype=_LE_UINT32).astype(np.uint32)


def flat_key_hashes(key_lists: Sequence[Sequence[bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """``(hashes, lists)``: every key of every list as its 64-bit xxhash, with its list's number.

    The hash is stable across processes; two keys sharing one only add a false candidate, which
    the caller's similarity re-check drops.
    """
    sizes = np.fromiter(map(len, key_lists), dtype=np.int64, count=len(key_lists))
    keys = itertools.chain.from_iterable(key_lists)  # map over a chain: no Python frame per key
    hashes = np.fromiter(map(xxhash.xxh64_intdigest, keys), dtype=np.uint64, count=int(sizes.sum()))
    return hashes, np.repeat(np.arange(len(key_lists), dtype=np.int64), sizes)


class KeyHasher:
    """:func:`flat_key_hashes` that remembers the last batch it hashed.

    The Deduplicator looks a batch's keys up and then adds the batch: the same key objects in the
    same order. Checking that costs a third of hashing them again (bytes are immutable, so the
    same object has the same hash); any other keys are hashed as usual.
    """

    def __init__(self) -> None:
        self._keys: list[bytes] = []
        self._hashes = np.zeros(0, dtype=np.uint64)

    def __call__(self, key_lists: Sequence[Sequence[bytes]]) -> tuple[np.ndarray, np.ndarray]:
        keys = list(itertools.chain.from_iterable(key_lists))
        sizes = np.fromiter(map(len, key_lists), dtype=np.int64, count=len(key_lists))
        lists = np.repeat(np.arange(len(key_lists), dtype=np.int64), sizes)
        if len(keys) == len(self._keys) and all(map(operator.is_, keys, self._keys)):
            return self._hashes, lists
        hashes = np.fromiter(map(xxhash.xxh64_intdigest, keys), dtype=np.uint64, count=len(keys))
        self._keys, self._hashes = keys, hashes
        return hashes, lists


def hashes_blob(hashes: np.ndarray) -> bytes:
    """uint64 key hashes as little-endian bytes (what the SQLite index stores per document)."""
    return np.asarray(hashes, dtype=_LE_UINT64).tobytes()


@dataclass(frozen=True, slots=True)
class BatchKeys:
    """A batch's distinct key hashes twice over: one blob per document, for the file, and the same
    (key, document) pairs sorted by key, for the writer's own key map (no second sort)."""

    blobs: list[bytes]  # per document, its distinct key hashes (see :func:`hashes_blob`)
    keys: np.ndarray  # uint64, sorted: every (key, document) pair once
    positions: np.ndarray  # the document of each, as its position in the batch


def batch_keys(
    key_lists: Sequence[Sequence[bytes]],
    hasher: Callable[[Sequence[Sequence[bytes]]], tuple[np.ndarray, np.ndarray]] = flat_key_hashes,
) -> BatchKeys:
    """:class:`BatchKeys` for a batch's key lists, hashed and rid of repeats in one go for the batch
    (a sort per document would cost more than its SQL insert)."""
    hashes, lists = hasher(key_lists)
    order = np.argsort(hashes, kind="stable")  # documents of a key in batch order
    keep = np.ones(len(hashes), dtype=bool)
    keep[repeated_pairs(hashes, lists, order)] = False
    bounds = np.r_[0, np.cumsum(np.bincount(lists[keep], minlength=len(key_lists)))] * 8
    data = hashes_blob(hashes[keep])
    blobs = [data[start:stop] for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]
    order = order[keep[order]]
    return BatchKeys(blobs, hashes[order], lists[order])


def link_row(link: Match) -> tuple[object, ...]:
    """A :class:`Match` as a ``links`` row; passages as JSON lists."""
    passages = [[p.start, p.end, p.other_start, p.other_end, p.text] for p in link.passages]
    return (
        link.id,
        link.other,
        link.kind,
        float(link.similarity),
        int(link.shared_words),
        json.dumps(passages),
    )


def row_link(row: Sequence[object]) -> Match:
    """Inverse of :func:`link_row`."""
    doc_id, other, kind, similarity, shared_words, passages = row
    return Match(
        id=str(doc_id),
        other=str(other),
        kind=kind,  # type: ignore[arg-type]
        similarity=float(similarity),  # type: ignore[arg-type]
        shared_words=int(shared_words),  # type: ignore[arg-type]
        passages=tuple(Passage(*p) for p in json.loads(str(passages))),
    )


def check_batch_ids(entries: Sequence[IndexEntry]) -> None:
    """Refuse a batch that names one id twice (the store catches ids added by earlier batches)."""
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, IndexEntry):
            raise TypeError(f"index entries must be IndexEntry, got {type(entry).__name__}")
        if entry.id in seen:
            raise ValueError(f"document id {entry.id!r} appears twice in one batch")
        seen.add(entry.id)
