"""Texts -> fingerprints: the one path every engine takes (a batch of one is a batch).

:class:`Fingerprinter` bundles the parameters of every layer (shingles, signatures, bands,
winnowing), derived once from a :class:`~newsclean.config.DedupConfig`. It is a frozen, picklable
value, so a worker process or a Dask worker can receive it and produce fingerprints comparable with
the driver's, and its :meth:`~Fingerprinter.meta` is what an index records and checks on open.

:meth:`Fingerprinter.prints` turns a chunk of texts into :class:`ChunkPrints`, flat numpy arrays
with no text: the batch engine and Dask keep those. :meth:`Fingerprinter.entries` turns the same
prints into :class:`~newsclean.dedup.index.IndexEntry` values (keys as bytes, plus the
datasketch-compatible MinHash an index stores) for the incremental
:class:`~newsclean.dedup.deduplicator.Deduplicator`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from newsclean.config import DedupConfig
from newsclean.dedup.index.base import IndexEntry, IndexMeta
from newsclean.dedup.keys import (
    BAND_PREFIX,
    KEY_SCHEME,
    PASSAGE_PREFIX,
    PassageConfig,
    band_hashes,
    band_params,
    exact_key,
    key_bytes,
    one_permutation_signatures,
    pack,
    passage_keys,
)
from newsclean.dedup.prose import flag_grams, unflagged
from newsclean.dedup.shingle import ShingleConfig
from newsclean.dedup.shingle_batch import chunk_shingles
from newsclean.dedup.signature import SCHEME, SignatureConfig, minhash
from newsclean.dedup.verify import short_limit

_LOW32 = np.uint64(0xFFFFFFFF)
PROSE_SCHEME = "prose-v1"
"""Shingle hashes carry the body-prose flag (:mod:`newsclean.dedup.prose`); part of ``IndexMeta.shingle``."""


@dataclass(frozen=True, slots=True)
class ChunkPrints:
    """The fingerprints of a chunk of documents (no text).

    ``grams``: every document's shingle hashes (uint32) concatenated, document ``i`` at
    ``offsets[i]:offsets[i + 1]``; ``words`` per document; ``exact`` an xxh64 of each document's
    shingle sequence; ``band_keys`` / ``passage_keys`` uint64 ``key << 32 | position in chunk``
    (band keys in document order); ``signatures`` the one-permutation signatures (``bands * rows``
    uint32 per document, empty rows for documents too short for band keys), whose agreement
    estimates Jaccard so that hopeless near-duplicate checks are skipped; ``minhashes`` the
    datasketch-compatible MinHash of each document (``num_perm`` uint32), when asked for.
    """

    grams: np.ndarray
    signatures: np.ndarray
    offsets: np.ndarray
    words: np.ndarray
    exact: np.ndarray
    band_keys: np.ndarray
    passage_keys: np.ndarray
    minhashes: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.words)

    def grams_of(self, position: int) -> np.ndarray:
        return self.grams[self.offsets[position] : self.offsets[position + 1]]


@dataclass(frozen=True, slots=True)
class Fingerprinter:
    """Turns texts into fingerprints with one fixed set of parameters."""

    config: DedupConfig
    shingle: ShingleConfig
    signature: SignatureConfig
    passage: PassageConfig
    bands: int
    rows: int

    @classmethod
    def from_config(cls, config: DedupConfig) -> Fingerprinter:
        bands, rows = band_params(float(config.threshold), config.num_perm)
        return cls(
            config=config,
            shingle=ShingleConfig(size=config.shingle_size),
            signature=SignatureConfig(num_perm=config.num_perm, seed=config.seed),
            passage=PassageConfig(window=config.passage_window, seed=config.seed),
            bands=bands,
            rows=rows,
        )

    def meta(self) -> IndexMeta:
        """The parameters stored fingerprints depend on (checked when an index is reopened)."""
        return IndexMeta(
            scheme=SCHEME,
            num_perm=self.signature.num_perm,
            seed=self.signature.seed,
            bands=self.bands,
            rows=self.rows,
            shingle=f"{self.shingle}:{PROSE_SCHEME}",
            passage=str(self.passage),
            keys=KEY_SCHEME,
        )

    def prints(self, texts: list[str], *, minhash: bool = False) -> ChunkPrints:
        """The :class:`ChunkPrints` of prepared texts (cleaned if wanted, encoding repaired: see
        :func:`newsclean.dedup.documents.prepare_text`)."""
        grams, counts, words = chunk_shingles(texts, self.shingle)
        return self.prints_of_grams(flag_grams(grams, texts, counts, words), counts, words, minhash=minhash)

    def prints_of_grams(
        self, grams: np.ndarray, counts: np.ndarray, words: np.ndarray, *, minhash: bool = False
    ) -> ChunkPrints:
        """:meth:`prints` from shingles already made: ``counts[i]`` grams of document ``i``, in order.

        Empty documents get no keys (they never match); short ones only the exact key, since
        they link only to exact copies (see :mod:`newsclean.dedup.verify`). Passage keys come
        from every shingle, chrome included: their story counts then tell how many pages hold a
        text in any role (:mod:`newsclean.dedup.template`); verification counts prose only.
        """
        documents = len(words)
        offsets = np.zeros(documents + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        # Copies are the same words however their lines were judged: exact keys, signatures and
        # MinHashes are made from the hashes without the prose flag; only passage keys read it.
        hashes = unflagged(grams)
        exact = np.array(
            [xxhash.xxh64_intdigest(hashes[offsets[i] : offsets[i + 1]].tobytes()) for i in range(documents)],
            dtype=np.uint64,
        )
        eligible = words >= short_limit(self.config)
        owner = np.repeat(np.arange(documents), counts)
        if not eligible.all():
            keep = eligible[owner]
            chosen, owner = hashes[keep], owner[keep]
        else:
            chosen = hashes
        bins = self.bands * self.rows
        signatures = one_permutation_signatures(chosen, owner, documents, bins, self.signature.seed)
        picked = np.flatnonzero(eligible)
        bands = pack(band_hashes(signatures[picked], self.bands, self.rows).ravel(), np.repeat(picked, self.bands))
        with_passages = self.config.min_shared_words is not None
        return ChunkPrints(
            grams=grams,
            signatures=signatures,
            offsets=offsets,
            words=words,
            exact=exact,
            band_keys=bands,
            passage_keys=passage_keys(chosen, owner, self.passage) if with_passages else np.empty(0, np.uint64),
            minhashes=self._minhashes(hashes, offsets) if minhash else None,
        )

    def _minhashes(self, grams: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        rows = [minhash(grams[offsets[i] : offsets[i + 1]], self.signature) for i in range(len(offsets) - 1)]
        return np.array(rows, dtype=np.uint32).reshape(len(rows), self.signature.num_perm)

    def entries(
        self, ids: Sequence[str], texts: list[str], sources: Sequence[str | None] | None = None
    ) -> list[IndexEntry]:
        """The index entries of prepared texts: keys as bytes (exact, band, then passage keys)."""
        return self.entries_of(self.prints(texts, minhash=True), ids, sources)

    def entries_of(
        self, prints: ChunkPrints, ids: Sequence[str], sources: Sequence[str | None] | None = None
    ) -> list[IndexEntry]:
        """:meth:`entries` from prints made with ``minhash=True``."""
        if prints.minhashes is None:
            raise ValueError("index entries need the MinHash signatures: make the prints with minhash=True")
        documents = len(prints)
        sources = sources if sources is not None else [None] * documents
        bands = _per_document(prints.band_keys, documents)
        passages = _per_document(prints.passage_keys, documents)
        entries = []
        for i in range(documents):
            keys = [exact_key(int(prints.exact[i]))] if prints.words[i] else []
            keys += key_bytes(BAND_PREFIX, bands[i])
            keys += key_bytes(PASSAGE_PREFIX, passages[i])
            entries.append(
                IndexEntry(ids[i], sources[i], prints.minhashes[i], prints.grams_of(i), tuple(keys), int(prints.words[i]))
            )
        return entries

    def fingerprint(self, doc_id: str, text: str, source: str | None = None) -> IndexEntry:
        """The entry for one document (a batch of one)."""
        return self.entries([doc_id], [text], [source])[0]


def _per_document(packed: np.ndarray, documents: int) -> list[np.ndarray]:
    """The key values of packed ``key << 32 | position`` split by position (each in ascending key order)."""
    if not len(packed):
        return [packed[:0].astype(np.uint32)] * documents
    owner = (packed & _LOW32).astype(np.int64)
    order = np.argsort(owner, kind="stable")
    values = (packed[order] >> np.uint64(32)).astype(np.uint32)
    bounds = np.searchsorted(owner[order], np.arange(documents + 1))
    return [values[bounds[i] : bounds[i + 1]] for i in range(documents)]
