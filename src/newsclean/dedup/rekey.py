"""Convert an index written with an older key scheme: ``newsclean index rekey OLD NEW``.

Indexes written before version 0.2 hold band keys cut from the MinHash signature
(``minhash-bands-v1``); this version finds near-duplicates under one-permutation band keys
(:data:`~newsclean.dedup.keys.KEY_SCHEME`), the same in every engine. Opening an old index raises
:class:`~newsclean.errors.IndexMismatchError` naming this conversion. No text is needed: every
key is made again from the shingle hashes the index keeps, and the stored MinHash signatures,
sources, word counts and links are copied as they are. The old index is only read.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np

from newsclean.config import DedupConfig
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.index import Index, IndexEntry, open_existing, open_index
from newsclean.errors import ConfigError
from newsclean.results import Match

BATCH = 1000


def rekey(source: str, target: str | None, *, config: DedupConfig | None = None, batch_size: int = BATCH) -> int:
    """Copy the index at ``source`` into a new index at ``target`` with current keys; returns the document count.

    ``config`` must be the one the index was built with (default :class:`DedupConfig`): it decides
    which keys a document gets. ``target`` must not hold documents yet.
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"batch_size must be a positive int, got {batch_size!r}")
    if target in (None, "memory", "memory://"):
        raise ConfigError("rekey needs a persistent target: an SQLite path or a redis:// URL, not memory")
    fingerprinter = Fingerprinter.from_config(config or DedupConfig())
    meta = fingerprinter.meta()
    old = open_existing(source)
    try:
        meta.check(dataclasses.replace(old.meta, keys=meta.keys), f"index {source}")
        new = open_index(target, meta)
        try:
            if len(new):
                raise ConfigError(f"{target} already holds {len(new)} documents: rekey needs a new index")
            return _copy(old, new, fingerprinter, batch_size)
        finally:
            new.close()
    finally:
        old.close()


def _copy(old: Index, new: Index, fingerprinter: Fingerprinter, batch_size: int) -> int:
    links: dict[str, list[Match]] = defaultdict(list)
    for link in old.links():
        links[link.id].append(link)
    ids = list(old.ids())
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        stored = {entry.id: entry for entry in old.get(chunk)}
        entries = rekeyed([stored[i] for i in chunk], fingerprinter)
        new.add(entries, [link for i in chunk for link in links.get(i, ())])
    return len(ids)


def rekeyed(entries: list[IndexEntry], fingerprinter: Fingerprinter) -> list[IndexEntry]:
    """``entries`` with the keys :class:`Fingerprinter` makes today from their stored shingles."""
    if not entries:
        return []
    grams = np.concatenate([entry.grams for entry in entries]).astype(np.uint32, copy=False)
    counts = np.array([len(entry.grams) for entry in entries], dtype=np.int64)
    words = np.array([entry.words for entry in entries], dtype=np.int64)
    prints = fingerprinter.prints_of_grams(grams, counts, words)
    prints = dataclasses.replace(prints, minhashes=np.stack([entry.signature for entry in entries]))
    return fingerprinter.entries_of(prints, [e.id for e in entries], [e.source for e in entries])
