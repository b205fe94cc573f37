"""An in-memory multimap from 64-bit key hashes to document numbers, for the SQLite index's lookups.

Why it exists: a B-tree row per (key, document) costs about 2 µs to insert and 1 µs to probe, and
an article has ~160 keys, which caps any one-row-per-key SQLite layout near 2,000 articles per CPU
second. Here the keys live in sorted numpy runs instead, looked up a whole batch at a time with
``np.searchsorted``; SQLite keeps one blob of key hashes per document, the source this map is
rebuilt from (see :mod:`newsclean.dedup.index.sqlite`).

Layout: log-structured, like an LSM tree kept in memory. Each added batch becomes one sorted run;
a run is merged into the one before it while that one is less than twice its size, so the runs'
sizes fall geometrically from oldest to newest and there are O(log n) of them. A key's bucket is
spread over the runs, so its size (for ``max_bucket``) is the sum of its spans in every run. Each
(key, document) pair is stored once: 8 bytes of key and 4 of document number. A bitmap of the
keys' top bits (1-2 bytes per pair) spares the binary searches for most asked keys that are
stored nowhere, which is most keys of a new article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

KEY_DTYPE = np.dtype(np.uint64)
DOC_DTYPE = np.dtype(np.uint32)  # document numbers (SQLite rowids) up to 2**32 - 1
MAX_DOC = int(np.iinfo(DOC_DTYPE).max)
_LE_UINT64 = np.dtype("<u8")


def expand_spans(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Every position of the half-open spans ``[start, stop)``, concatenated in order.

    >>> expand_spans(np.array([2, 10, 5]), np.array([4, 10, 6])).tolist()
    [2, 3, 5]
    """
    lengths = stops - starts
    ends = np.cumsum(lengths)
    return np.repeat(starts - ends + lengths, lengths) + np.arange(int(ends[-1]) if len(ends) else 0)


def repeated_pairs(hashes: np.ndarray, lists: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Indices ``i`` whose ``(hashes[i], lists[i])`` pair already occurs at a smaller index.

    ``order`` sorts ``hashes`` (any sort: the fast unstable one). Only keys occurring more than once
    are sorted again, by list, so a batch where few keys repeat costs one sort.

    >>> hashes, lists = np.array([7, 3, 7, 7], dtype=np.uint64), np.array([0, 0, 1, 0])
    >>> repeated_pairs(hashes, lists, np.argsort(hashes)).tolist()
    [3]
    """
    ordered = hashes[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return np.zeros(0, dtype=np.int64)
    members = order[np.r_[same, False] | np.r_[False, same]]
    members = members[np.lexsort((members, lists[members], hashes[members]))]
    repeat = (hashes[members[1:]] == hashes[members[:-1]]) & (lists[members[1:]] == lists[members[:-1]])
    return members[1:][repeat]


def mark_present(bits: np.ndarray, shift: int, keys: np.ndarray) -> None:
    """Set the bit of each of the sorted ``keys`` (its top bits, ``keys >> shift``) in ``bits``."""
    if not len(keys):
        return
    slots = keys >> np.uint64(shift)
    byte = (slots >> np.uint64(3)).astype(np.int64)
    bit = np.left_shift(np.uint8(1), (slots & np.uint64(7)).astype(np.uint8))
    starts = np.flatnonzero(np.r_[True, byte[1:] != byte[:-1]])
    bits[byte[starts]] |= np.bitwise_or.reduceat(bit, starts)


def presence_bitmap(runs: Sequence[Run], width: int, step_bits: int = 23) -> np.ndarray:
    """A bitmap of ``2**width`` bits with the bit of every key of ``runs`` set (``keys >> (64 - width)``).

    Built a slice of ``2**step_bits`` bits at a time: every run's keys falling in the slice are
    flagged in a byte array, which is then packed. That costs a third of :func:`mark_present` on
    a whole index, with a bounded scratch array.
    """
    shift = np.uint64(64 - width)
    step = 1 << min(width, step_bits)
    bits = np.empty((1 << width) // 8, dtype=np.uint8)
    flags = np.empty(step, dtype=bool)
    firsts = np.arange(0, 1 << width, step, dtype=np.uint64) << shift  # the first key of each slice
    edges = [np.r_[np.searchsorted(run.keys, firsts), len(run.keys)] for run in runs]
    for number, start in enumerate(range(0, 1 << width, step)):
        flags.fill(False)
        for run, bounds in zip(runs, edges, strict=True):
            slots = run.keys[bounds[number] : bounds[number + 1]] >> shift
            flags[slots.astype(np.int64) - start] = True
        bits[start // 8 : (start + step) // 8] = np.packbits(flags, bitorder="little")
    return bits


def may_be_present(bits: np.ndarray, shift: int, keys: np.ndarray) -> np.ndarray:
    """Whether each of ``keys`` has its bit set: ``False`` means stored nowhere."""
    slots = keys >> np.uint64(shift)
    byte = (slots >> np.uint64(3)).astype(np.int64)
    return ((bits[byte] >> (slots & np.uint64(7)).astype(np.uint8)) & 1).astype(bool)


@dataclass(frozen=True, slots=True)
class Run:
    """(key, document) pairs sorted by key."""

    keys: np.ndarray  # uint64, ascending
    docs: np.ndarray  # uint32, the document under each key

    @classmethod
    def of(cls, keys: np.ndarray, docs: np.ndarray) -> Run:
        order = np.argsort(keys, kind="stable")  # documents of a key stay in insertion order: the earliest first
        return cls(keys[order], docs[order])

    def merge(self, newer: Run) -> Run:
        """One run holding both; a stable sort of two concatenated sorted runs is a single linear merge."""
        keys = np.concatenate((self.keys, newer.keys))
        order = np.argsort(keys, kind="stable")
        return Run(keys[order], np.concatenate((self.docs, newer.docs))[order])

    def spans(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(starts, stops)``: where each of the sorted ``queries`` sits here (empty span if absent).

        The right end is only searched for keys present.
        """
        starts = np.searchsorted(self.keys, queries, side="left")
        stops = starts.copy()
        inside = np.flatnonzero(starts < len(self.keys))
        present = inside[self.keys[starts[inside]] == queries[inside]]
        stops[present] = np.searchsorted(self.keys, queries[present], side="right")
        return starts, stops

    def __len__(self) -> int:
        return len(self.keys)


def decode_rows(rows: Sequence[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """``(keys, docs)`` from ``(document number, little-endian uint64 key blob)`` rows."""
    numbers = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    if len(numbers) and (numbers.min() < 0 or numbers.max() > MAX_DOC):
        raise ValueError(f"document numbers must lie in 0..{MAX_DOC}, got {numbers.min()}..{numbers.max()}")
    sizes = np.fromiter((len(row[1]) // 8 for row in rows), dtype=np.int64, count=len(rows))
    keys = np.frombuffer(b"".join(row[1] for row in rows), dtype=_LE_UINT64).astype(KEY_DTYPE)
    return keys, np.repeat(numbers.astype(DOC_DTYPE), sizes)


class KeyMap:
    """Key hash -> document numbers, filled in document-number order; see the module docstring.

    ``upto`` is the highest document number added so far: the SQLite index reads only rows above
    it to catch up with what other processes committed.
    """

    def __init__(self) -> None:
        self._runs: list[Run] = []
        self.upto = 0
        self._width = 6  # the presence bitmap has 2**width bits, 8 to 16 per stored pair
        self._bits = np.zeros(1 << (self._width - 3), dtype=np.uint8)

    def add_rows(self, rows: Sequence[tuple[int, bytes]]) -> None:
        """Add documents given as ``(number, key blob)`` rows, numbered above :attr:`upto`, ascending."""
        self.extend([rows])

    def extend(self, chunks: Iterable[Sequence[tuple[int, bytes]]], *, pairs: int = 0) -> None:
        """:meth:`add_rows` for consecutive chunks of rows, made into one run with a single sort.

        Building a whole index this way sorts once instead of merging ~log n times. ``pairs``, the
        number of (key, document) pairs the rows hold if known, lets them be decoded straight into
        one pair of arrays: at its peak the build then holds ~32 bytes per pair (the pairs, the
        sort order and the sorted copy) instead of ~44 with the chunks concatenated at the end.
        """
        keys, docs = np.empty(pairs, dtype=KEY_DTYPE), np.empty(pairs, dtype=DOC_DTYPE)
        filled, overflow, upto = 0, [], self.upto
        for rows in chunks:
            if not rows:
                continue
            if int(rows[0][0]) <= upto:
                raise ValueError(f"document {rows[0][0]} is not above {upto}, the last one added")
            chunk_keys, chunk_docs = decode_rows(rows)
            upto = int(rows[-1][0])
            if filled + len(chunk_keys) <= pairs:
                keys[filled : filled + len(chunk_keys)] = chunk_keys
                docs[filled : filled + len(chunk_keys)] = chunk_docs
                filled += len(chunk_keys)
            else:  # more than announced (or nothing announced): kept aside, joined at the end
                overflow.append((chunk_keys, chunk_docs))
        if upto == self.upto:
            return
        keys = np.concatenate([keys[:filled], *(part[0] for part in overflow)]) if overflow else keys[:filled]
        docs = np.concatenate([docs[:filled], *(part[1] for part in overflow)]) if overflow else docs[:filled]
        del overflow
        self.add_pairs(keys, docs)
        self.upto = upto

    def add_pairs(self, keys: np.ndarray, docs: np.ndarray) -> None:
        """Add (key, document) pairs as a new run, then merge runs of similar size."""
        if len(keys) != len(docs):
            raise ValueError(f"{len(keys)} keys but {len(docs)} documents")
        if len(keys):
            self._append(Run.of(np.asarray(keys, KEY_DTYPE), np.asarray(docs, DOC_DTYPE)))

    def add_sorted(self, keys: np.ndarray, docs: np.ndarray, upto: int) -> None:
        """Add pairs already sorted by key, of documents numbered above :attr:`upto` up to ``upto``."""
        if upto <= self.upto or (len(docs) and (int(docs.min()) <= self.upto or int(docs.max()) > upto)):
            raise ValueError(f"documents must be numbered above {self.upto} and up to {upto}")
        if len(keys) != len(docs):
            raise ValueError(f"{len(keys)} keys but {len(docs)} documents")
        if len(keys):
            self._append(Run(np.asarray(keys, KEY_DTYPE), np.asarray(docs, DOC_DTYPE)))
        self.upto = upto

    def _append(self, run: Run) -> None:
        """Add a run, merge runs of similar size, and mark its keys present."""
        self._runs.append(run)
        while len(self._runs) > 1 and len(self._runs[-2]) < 2 * len(self._runs[-1]):
            newer = self._runs.pop()
            self._runs.append(self._runs.pop().merge(newer))
        if len(self) <= 1 << (self._width - 3):
            mark_present(self._bits, 64 - self._width, run.keys)
        else:  # twice the pairs: a bitmap twice as wide, so ~90% of absent keys still skip the search
            self._width = min(48, len(self).bit_length() + 3)
            self._bits = presence_bitmap(self._runs, self._width)

    def bucket_sizes(self, queries: np.ndarray) -> np.ndarray:
        """How many documents each of the sorted distinct ``queries`` is stored under."""
        queries = np.asarray(queries, KEY_DTYPE)
        sizes = np.zeros(len(queries), dtype=np.int64)
        for run in self._runs:
            starts, stops = run.spans(queries)
            sizes += stops - starts
        return sizes

    def lookup(
        self, queries: np.ndarray, *, max_bucket: int | None = None, first: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(positions, docs)``: each stored pair whose key is one of the sorted distinct ``queries``.

        ``positions`` index ``queries``. Keys stored under more than ``max_bucket`` documents are
        left out whole (their sizes summed over every run first), as common keys are boilerplate.
        ``first``: of each key, only its ``first`` earliest documents (runs are kept oldest first,
        each in document order, so they are the first ones met).
        Most keys of a new article are stored nowhere; the presence bitmap drops ~90% of those
        before any run is searched.
        """
        queries = np.asarray(queries, KEY_DTYPE)
        maybe = np.flatnonzero(may_be_present(self._bits, 64 - self._width, queries))
        asked = queries[maybe]
        spans = [run.spans(asked) for run in self._runs]
        sizes = sum((stops - starts for starts, stops in spans), np.zeros(len(asked), dtype=np.int64))
        wanted = (sizes > 0) if max_bucket is None else (sizes > 0) & (sizes <= max_bucket)
        positions, docs = [np.zeros(0, np.int64)], [np.zeros(0, DOC_DTYPE)]
        remaining = None if first is None else np.full(len(asked), first, dtype=np.int64)
        for run, (starts, stops) in zip(self._runs, spans, strict=True):
            if remaining is not None:
                taken = np.minimum(stops - starts, remaining)
                stops = starts + taken
                remaining -= taken
            found = np.flatnonzero(wanted & (stops > starts))
            positions.append(np.repeat(maybe[found], stops[found] - starts[found]))
            docs.append(run.docs[expand_spans(starts[found], stops[found])])
        return np.concatenate(positions), np.concatenate(docs)

    def shared_counts(
        self,
        hashes: np.ndarray,
        lists: np.ndarray,
        *,
        max_bucket: int | None = None,
        min_shared: np.ndarray | None = None,
        first: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(lists, docs, counts)``: how many distinct keys of each asking list each document shares.

        ``hashes[i]`` was asked by list ``lists[i]``; a list may name a key twice (it counts once).
        Only pairs sharing at least one key (``min_shared[list]`` keys if given) are returned,
        sorted by list then document.
        """
        hashes, lists = np.asarray(hashes, KEY_DTYPE), np.asarray(lists, np.int64)
        order = np.argsort(hashes)
        repeats = repeated_pairs(hashes, lists, order)
        if len(repeats):
            keep = np.ones(len(hashes), dtype=bool)
            keep[repeats] = False
            order = order[keep[order]]
        hashes, lists = hashes[order], lists[order]  # by key; each (key, list) pair once
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else np.zeros(0, np.int64)
        askers = np.diff(np.r_[starts, len(hashes)])
        positions, docs = self.lookup(hashes[starts], max_bucket=max_bucket, first=first)
        repeats = askers[positions]
        asking = lists[expand_spans(starts[positions], starts[positions] + repeats)]
        pairs = (asking.astype(np.uint64) << np.uint64(32)) | np.repeat(docs, repeats).astype(np.uint64)
        pairs, counts = np.unique(pairs, return_counts=True)
        if min_shared is not None:
            enough = counts >= np.asarray(min_shared)[(pairs >> np.uint64(32)).astype(np.int64)]
            pairs, counts = pairs[enough], counts[enough]
        return (pairs >> np.uint64(32)).astype(np.int64), (pairs & np.uint64(MAX_DOC)).astype(DOC_DTYPE), counts

    def distinct_keys(self) -> int:
        """How many different keys are stored (a full pass: for stats, not the hot path)."""
        if not self._runs:
            return 0
        return len(np.unique(np.concatenate([run.keys for run in self._runs])))

    @property
    def runs(self) -> int:
        """The number of sorted runs (stays O(log n))."""
        return len(self._runs)

    @property
    def nbytes(self) -> int:
        """Memory held by the runs' arrays."""
        return self._bits.nbytes + sum(run.keys.nbytes + run.docs.nbytes for run in self._runs)

    def __len__(self) -> int:
        """The number of (key, document) pairs stored."""
        return sum(map(len, self._runs))
