"""Encodings the persistent index backends share, so a fingerprint reads the same from any of them.

Signatures and shingle hashes are stored as little-endian uint32 bytes whatever the machine, so an
index written on one machine reads the same on any other; links are rows of plain values with their
passages as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from newsclean.index.base import IndexEntry
from newsclean.results import Match, Passage

_LE_UINT32 = np.dtype("<u4")


def to_blob(values: np.ndarray) -> bytes:
    """uint32 values as little-endian bytes, whatever the machine's byte order."""
    return np.asarray(values, dtype=_LE_UINT32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Inverse of :func:`to_blob`, as native uint32."""
    return np.frombuffer(blob, dtype=_LE_UINT32).astype(np.uint32)


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
