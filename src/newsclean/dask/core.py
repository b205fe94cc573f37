"""The engine-independent steps of distributed clustering, as pure functions over pandas frames.

Each function takes one partition (a plain ``pandas.DataFrame``) and values that pickle (a
:class:`~newsclean.fingerprint.Fingerprinter`, a :class:`~newsclean.config.DedupConfig`), so a Dask
worker, a process pool or a test can run it. They wrap the local engine's own steps
(:meth:`Fingerprinter.fingerprint`, :func:`newsclean.verify.verify`) and reproduce the
:class:`~newsclean.Deduplicator`'s candidate rule exactly, so both engines link the same pairs:

========================  ==============================================================
rows -> entries           :func:`fingerprint_rows` (clean, shingle, sign, keys)
entries -> key rows       :func:`key_rows` (one row per distinct key of a document)
bucket -> candidates      :func:`bucket_candidates`, :func:`candidate_pairs` per partition
candidates -> links       :func:`verify_pairs`
========================  ==============================================================

Documents are named by ``pos``, their global row position: the local engine's input order.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from newsclean.clustering import components
from newsclean.config import DedupConfig
from newsclean.dedup import _best_first, as_document, fingerprint_document
from newsclean.errors import require
from newsclean.fingerprint import Fingerprinter
from newsclean.index.base import IndexEntry
from newsclean.lsh import PASSAGE_PREFIX, min_passage_keys
from newsclean.results import Match
from newsclean.signature import from_bytes, to_bytes
from newsclean.verify import verify

pd: Any = require("pandas", "dask")

ENTRY_COLUMNS = ("pos", "id", "source", "words", "signature", "grams", "keys")
"""What :func:`fingerprint_rows` returns per document (``keys`` packed by :func:`pack_keys`)."""
PAIR_COLUMNS = ("later", "earlier", "direct", "passage")
"""A candidate pair: two positions, how many band/exact keys and how many passage keys proposed it."""
LINK_COLUMNS = ("later", "earlier", "kind", "similarity")


def missing_to_none(value: object) -> object:
    """pandas' missing markers (None, NaN, NA) as ``None``; everything else unchanged."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _column(frame: Any, name: str | None) -> list[object]:
    if name is None or name not in frame.columns:
        return [None] * len(frame)
    return [missing_to_none(v) for v in frame[name].tolist()]


def fingerprint_rows(
    frame: Any,
    fingerprinter: Fingerprinter,
    *,
    start: int,
    clean: bool,
    id_column: str,
    text_column: str,
    source_column: str | None = "source",
    url_column: str | None = "url",
) -> Any:
    """One entry row per input row, ``pos`` counting from ``start``.

    Each row goes through the local engine's own per-document step
    (:func:`newsclean.dedup.fingerprint_document`), after the same checks
    (:func:`newsclean.dedup.as_document`): a text that is not a string or an id that is neither
    str nor int raises ``TypeError``.
    """
    ids = [missing_to_none(v) for v in frame[id_column].tolist()]
    texts = frame[text_column].tolist()
    sources, urls = _column(frame, source_column), _column(frame, url_column)
    rows = []
    for offset, (doc_id, text, source, url) in enumerate(zip(ids, texts, sources, urls, strict=True)):
        doc_id = int(doc_id) if isinstance(doc_id, np.integer) else doc_id
        doc = as_document({"id": doc_id, "text": text, "source": source, "url": url})
        entry, _ = fingerprint_document((fingerprinter, clean, doc))
        rows.append((start + offset, doc.id, doc.source, entry.words, to_bytes(entry.signature),
                     to_bytes(entry.grams), pack_keys(entry.keys)))
    return pd.DataFrame(rows, columns=list(ENTRY_COLUMNS)).astype({"pos": "int64", "words": "int64"})


def entry_of(row: Any, prefix: str = "") -> IndexEntry:
    """The :class:`IndexEntry` a row of :func:`fingerprint_rows` describes (keys are not needed)."""
    return IndexEntry(
        str(row[f"{prefix}id"]),
        missing_to_none(row[f"{prefix}source"]),  # type: ignore[arg-type]
        from_bytes(row[f"{prefix}signature"]),
        from_bytes(row[f"{prefix}grams"]),
        (),
        int(row[f"{prefix}words"]),
    )


def pack_keys(keys: tuple[bytes, ...]) -> bytes:
    """A document's distinct keys as one length-prefixed blob: a persisted entry holds one object, not 160."""
    parts = []
    for key in dict.fromkeys(keys):
        if len(key) > 255:
            raise ValueError(f"an LSH key is at most 255 bytes, got {len(key)}")
        parts.append(bytes([len(key)]) + key)
    return b"".join(parts)


def unpack_keys(blob: bytes) -> list[bytes]:
    """The keys :func:`pack_keys` packed, in order."""
    keys, at = [], 0
    while at < len(blob):
        size = blob[at]
        keys.append(blob[at + 1 : at + 1 + size])
        at += 1 + size
    return keys


def key_rows(entries: Any) -> Any:
    """``(key, pos, passage)`` for every distinct key of every entry: what the shuffle groups by."""
    keys, positions = [], []
    for pos, blob in zip(entries["pos"].tolist(), entries["keys"].tolist(), strict=True):
        unpacked = unpack_keys(blob)
        keys.extend(unpacked)
        positions.extend([pos] * len(unpacked))
    passage = np.fromiter((k.startswith(PASSAGE_PREFIX) for k in keys), dtype=bool, count=len(keys))
    return pd.DataFrame({"key": pd.Series(keys, dtype=object), "pos": np.asarray(positions, dtype=np.int64),
                         "passage": passage})


def bucket_candidates(positions: np.ndarray, *, max_bucket: int | None, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    """``(later, earlier)`` candidate pairs among the documents sharing one key, as the local engine finds them.

    :meth:`newsclean.Deduplicator.add_many` adds documents in batches of ``batch_size``; a new
    document looks the key up in the stored index (earlier batches) and in its own batch's pending
    entries (earlier documents of the batch), and either lookup is skipped when it holds more than
    ``max_bucket`` documents. So when every bucket is small this is every pair, and a boilerplate
    key still links the first documents that carry it, exactly as the local engine does.
    """
    ordered = np.unique(np.asarray(positions, dtype=np.int64))
    size = len(ordered)
    if size < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if max_bucket is None or size <= max_bucket + 1:
        earlier, later = np.triu_indices(size, k=1)
        return ordered[later], ordered[earlier]
    batches = ordered // batch_size
    stored = np.searchsorted(batches, batches, side="left")  # per member: members of earlier batches
    later_parts, earlier_parts = [], []
    for j in range(1, size):
        lookups = []
        if stored[j] <= max_bucket:  # the stored index's bucket: members [0, stored)
            lookups.append(ordered[: stored[j]])
        if j - stored[j] <= max_bucket:  # the batch's pending bucket: members [stored, j)
            lookups.append(ordered[stored[j] : j])
        found = np.concatenate(lookups) if lookups else np.empty(0, np.int64)
        later_parts.append(np.full(len(found), ordered[j], dtype=np.int64))
        earlier_parts.append(found)
    return np.concatenate(later_parts), np.concatenate(earlier_parts)


def candidate_pairs(keyed: Any, *, max_bucket: int | None, batch_size: int) -> Any:
    """Pairs proposed by the keys of one shuffled partition (every row of a key is in the same partition).

    Returns one row per ``(later, earlier)`` with how many band/exact keys (``direct``) and how many
    passage keys (``passage``) proposed it here; :func:`count_pairs` adds up the partitions. Buckets
    of one size are expanded together (numpy), so thousands of two-document buckets cost one step.
    """
    shared = keyed[keyed["key"].duplicated(keep=False)]
    if shared.empty:
        return empty_pairs()
    codes, _ = pd.factorize(shared["key"])
    order = np.lexsort((shared["pos"].to_numpy(), codes))
    positions, passage = shared["pos"].to_numpy()[order], shared["passage"].to_numpy()[order]
    sizes = np.bincount(codes)
    firsts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    parts = []
    for size in np.unique(sizes):
        starts = firsts[sizes == size]
        members = positions[starts[:, None] + np.arange(size)]  # one row per bucket, positions ascending
        if max_bucket is None or size <= max_bucket + 1:
            earlier, later = np.triu_indices(size, k=1)
            pairs = (members[:, later].ravel(), members[:, earlier].ravel(), np.repeat(passage[starts], len(later)))
        else:
            pairs = _large_buckets(members, passage[starts], max_bucket=max_bucket, batch_size=batch_size)
        parts.append(pd.DataFrame({"later": pairs[0], "earlier": pairs[1], "direct": (~pairs[2]).astype(np.int64),
                                   "passage": pairs[2].astype(np.int64)}))
    return count_pairs(pd.concat(parts, ignore_index=True))


def _large_buckets(members: np.ndarray, passage: np.ndarray, **rule: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    found = [bucket_candidates(row, **rule) for row in members]
    flags = [np.full(len(later), flag) for (later, _), flag in zip(found, passage, strict=True)]
    return (np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found]),
            np.concatenate(flags).astype(bool))


def count_pairs(pairs: Any) -> Any:
    """One row per distinct pair, its key counts added up."""
    counted = pairs.groupby(["later", "earlier"], sort=False, as_index=False)[["direct", "passage"]].sum()
    return counted.astype("int64")


def empty_pairs() -> Any:
    return pd.DataFrame({c: pd.Series(dtype="int64") for c in PAIR_COLUMNS})


def passage_key_minimum(config: DedupConfig) -> int:
    """Passage keys a pair must share to be verified (the Deduplicator's rule; 1 without passages)."""
    if config.min_shared_words is None:
        return 1
    return min_passage_keys(config.shingle_size, config.passage_window, config.min_passage_words,
                            config.min_shared_words)


def worth_verifying(pairs: Any, minimum_passage_keys: int) -> Any:
    """The pairs the local engine verifies: one band or exact key, or enough passage keys."""
    return pairs[(pairs["direct"] > 0) | (pairs["passage"] >= minimum_passage_keys)]


def verify_pairs(joined: Any, config: DedupConfig) -> Any:
    """The verified links among candidate rows that carry both entries (``a_*`` later, ``b_*`` earlier)."""
    links = []
    for row in joined.to_dict("records"):
        match = verify(entry_of(row, "a_"), entry_of(row, "b_"), config)
        if match is not None:
            links.append((row["later"], row["earlier"], match.kind, match.similarity))
    frame = pd.DataFrame(links, columns=list(LINK_COLUMNS))
    return frame.astype({"later": "int64", "earlier": "int64", "kind": object, "similarity": "float64"})


def empty_arcs() -> Any:
    return pd.DataFrame({"src": pd.Series(dtype="int64"), "dst": pd.Series(dtype="int64")})


def star_edges(edges: Any) -> Any:
    """The links of one partition as stars ``(member, smallest member)`` of their local components.

    Same connectivity (:func:`newsclean.clustering.components` on this partition only), but every
    local component is one hop from its minimum, so label propagation needs fewer rounds.
    """
    nodes = np.unique(np.concatenate([edges["later"].to_numpy(), edges["earlier"].to_numpy()]))
    groups = components(nodes.tolist(), zip(edges["later"].tolist(), edges["earlier"].tolist(), strict=True))
    pairs = [(member, group[0]) for group in groups for member in group[1:]]
    return pd.DataFrame(pairs, columns=["src", "dst"]).astype("int64") if pairs else empty_arcs()


def both_directions(arcs: Any) -> Any:
    """Every arc and its reverse: labels travel both ways along a link."""
    reverse = arcs.rename(columns={"src": "dst", "dst": "src"})[["src", "dst"]]
    return pd.concat([arcs, reverse], ignore_index=True)


def empty_labels() -> Any:
    return pd.DataFrame({"node": pd.Series(dtype="int64"), "label": pd.Series(dtype="int64")})


def own_labels(arcs: Any) -> Any:
    """Every arc's source as a node labelled with itself: where propagation starts."""
    nodes = arcs["src"].to_numpy(dtype=np.int64)
    return pd.DataFrame({"node": nodes, "label": nodes})


def best_matches(links: Any) -> Any:
    """``(later, duplicate_of)``: per document, the earlier one it matched best (the local CLI's order).

    ``links`` carries ``other``, the earlier document's id; all links of one ``later`` must be in
    this partition. "Best" is :class:`newsclean.Deduplicator`'s order: exact, near-duplicate, then
    shared passage; higher similarity first; then the other id.
    """
    best: dict[int, Match] = {}
    for later, other, kind, similarity in links[["later", "other", "kind", "similarity"]].itertuples(index=False):
        match = Match("", str(other), kind, float(similarity))
        if later not in best or _best_first(match) < _best_first(best[later]):
            best[later] = match
    return pd.DataFrame({"later": np.fromiter(best, dtype=np.int64, count=len(best)),
                         "duplicate_of": pd.Series([m.other for m in best.values()], dtype=object)})
