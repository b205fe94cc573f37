"""The engine-independent steps of distributed clustering, as pure functions over pandas frames.

Each function takes one partition (a plain ``pandas.DataFrame``) and values that pickle (a
:class:`~newsclean.dedup.fingerprint.Fingerprinter`, a :class:`~newsclean.config.DedupConfig`), so a Dask
worker, a process pool or a test can run it. They call the local engine's own steps, those of
:func:`newsclean.cluster` (:mod:`newsclean.dedup.batch`): :func:`~newsclean.dedup.documents.prepare_text`,
:meth:`~newsclean.dedup.fingerprint.Fingerprinter.prints`, :func:`~newsclean.dedup.batch.group_pairs` and
:func:`newsclean.dedup.verify.verify`, so both engines link the same pairs:

========================  ==============================================================
rows -> entries           :func:`fingerprint_rows` (clean, shingle, sign, keys)
entries -> key rows       :func:`key_rows` (one row per key of a document, numeric)
key groups -> candidates  :func:`candidate_pairs` per partition, :func:`count_pairs` across
candidates -> links       :func:`verify_pairs`
links -> components       :func:`star_edges` per partition (then label propagation, in the engine)
========================  ==============================================================

Documents are named by ``pos``, their global row position: the local engine's input order.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from newsclean.config import DedupConfig
from newsclean.dedup.batch import group_pairs, key_slices
from newsclean.dedup.components import components
from newsclean.dedup.deduplicator import _best_first
from newsclean.dedup.documents import as_document, prepare_text
from newsclean.dedup.fingerprint import ChunkPrints, Fingerprinter
from newsclean.dedup.index.base import IndexEntry
from newsclean.dedup.keys import pack
from newsclean.dedup.links import links_of
from newsclean.dedup.signature import from_bytes, to_bytes
from newsclean.dedup.verify import verify
from newsclean.errors import require
from newsclean.results import Match

pd: Any = require("pandas", "dask")

ENTRY_COLUMNS = ("pos", "id", "source", "words", "signature", "grams", "keys")
"""What :func:`fingerprint_rows` returns per document (``keys``: uint64 ``table << 32 | key`` bytes)."""
BAND, EXACT, PASSAGE = 0, 1, 2
"""Key tables: a band hash, an exact-copy hash and a passage value only group with their own kind."""
_LOW32 = np.uint64(0xFFFFFFFF)
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

    The partition is one chunk of the local engine's: texts prepared by
    :func:`newsclean.dedup.documents.prepare_text`, fingerprinted together by
    :meth:`~newsclean.dedup.fingerprint.Fingerprinter.prints` (every document's prints depend on it alone).
    Records are checked as the local engine checks them (:func:`newsclean.dedup.documents.as_document`): a
    text that is not a string or an id that is neither str nor int raises ``TypeError``.
    """
    ids = [missing_to_none(v) for v in frame[id_column].tolist()]
    texts = frame[text_column].tolist()
    sources, urls = _column(frame, source_column), _column(frame, url_column)
    docs = [
        as_document({"id": int(i) if isinstance(i, np.integer) else i, "text": t, "source": s, "url": u})
        for i, t, s, u in zip(ids, texts, sources, urls, strict=True)
    ]
    if not docs:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("pos", "words") else object) for c in ENTRY_COLUMNS})
    prints = fingerprinter.prints([prepare_text(doc, clean, fingerprinter) for doc in docs])
    keys = document_keys(prints)
    rows = [
        (start + n, doc.id, doc.source, int(prints.words[n]), to_bytes(prints.signatures[n]),
         to_bytes(prints.grams[prints.offsets[n] : prints.offsets[n + 1]]), keys[n])
        for n, doc in enumerate(docs)
    ]
    return pd.DataFrame(rows, columns=list(ENTRY_COLUMNS)).astype({"pos": "int64", "words": "int64"})


def document_keys(prints: ChunkPrints) -> list[bytes]:
    """Per document, its keys as uint64 ``table << 32 | key`` bytes, exactly the local engine's key tables.

    Band keys are kept with their repeats (two bands may hash alike), passage keys distinct, one
    exact key per non-empty document, as :class:`~newsclean.dedup.batch.BatchClusterer` adds them.
    """
    present = np.flatnonzero(prints.words > 0)
    tables = [(BAND, prints.band_keys), (EXACT, pack(prints.exact[present] >> np.uint64(32), present)),
              (PASSAGE, prints.passage_keys)]
    keys = np.concatenate([(np.uint64(t) << np.uint64(32)) | (packed >> np.uint64(32)) for t, packed in tables])
    owners = np.concatenate([(packed & _LOW32).astype(np.int64) for _, packed in tables])
    order = np.argsort(owners, kind="stable")
    cuts = np.searchsorted(owners[order], np.arange(len(prints) + 1))
    ordered = keys[order]
    return [ordered[cuts[n] : cuts[n + 1]].tobytes() for n in range(len(prints))]


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


def key_rows(entries: Any) -> Any:
    """``(key, pos)`` for every key of every entry (``key`` = ``table << 32 | value``): what the shuffle groups by."""
    blobs = entries["keys"].tolist()
    keys = [np.frombuffer(blob, dtype=np.uint64) for blob in blobs]
    counts = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    flat = np.concatenate(keys) if keys else np.empty(0, np.uint64)
    positions = np.repeat(entries["pos"].to_numpy(dtype=np.int64), counts)
    return pd.DataFrame({"key": flat.astype(np.int64), "pos": positions})


def _all_group_pairs(packed: np.ndarray, max_bucket: int | None, first: int | None) -> np.ndarray:
    """The local engine's :func:`group_pairs`, slice by slice so its temporaries stay small."""
    parts = [group_pairs(packed[cut], max_bucket, first) for cut in key_slices(packed)]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)


def candidate_pairs(keyed: Any, *, max_bucket: int | None, first: int | None = None) -> Any:
    """Pairs proposed by the key groups of one shuffled partition (a key's rows are all in one partition).

    Each table goes through the local engine's :func:`~newsclean.dedup.batch.group_pairs` (a
    document pairs with the ``first`` earliest of its group; for passage keys none once more than
    ``max_bucket`` came before it). Returns one row per ``(later, earlier)`` with how many band/exact keys (``direct``)
    and passage keys (``passage``) proposed it here; :func:`count_pairs` adds up the partitions.
    """
    keys = keyed["key"].to_numpy(dtype=np.int64).astype(np.uint64)
    positions = keyed["pos"].to_numpy(dtype=np.int64)
    if len(positions) and positions.max() >= 1 << 32:
        raise ValueError("the dask engine numbers documents with 32 bits: at most 4,294,967,295 rows")
    tables = keys >> np.uint64(32)
    parts = []
    for table in (BAND, EXACT, PASSAGE):
        chosen = tables == table
        packed = np.sort(pack(keys[chosen] & _LOW32, positions[chosen]))
        passage = table == PASSAGE
        pairs = _all_group_pairs(packed, max_bucket if passage else None, first)  # as keys.bucket_limit
        later, earlier = (pairs >> np.uint64(32)).astype(np.int64), (pairs & _LOW32).astype(np.int64)
        ones, zeros = np.ones(len(pairs), np.int64), np.zeros(len(pairs), np.int64)
        parts.append(pd.DataFrame({"later": later, "earlier": earlier, "direct": zeros if passage else ones,
                                   "passage": ones if passage else zeros}))
    return count_pairs(pd.concat(parts, ignore_index=True))


def count_pairs(pairs: Any) -> Any:
    """One row per distinct pair, its key counts added up."""
    counted = pairs.groupby(["later", "earlier"], sort=False, as_index=False)[["direct", "passage"]].sum()
    return counted.astype("int64")


def empty_pairs() -> Any:
    return pd.DataFrame({c: pd.Series(dtype="int64") for c in PAIR_COLUMNS})


def worth_verifying(pairs: Any, minimum_passage_keys: int) -> Any:
    """The pairs the local engine verifies: one band or exact key, or enough passage keys (its
    ``candidate_pairs``: ``shared_at_least(passages, minimum)`` with the band and exact pairs)."""
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

    Same connectivity (:func:`newsclean.dedup.components.components` on this partition only), but every
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


RECORD_FIELDS = ("duplicate_of", "reuses", "kind")
"""The record fields :func:`best_matches` gives each document, as :class:`newsclean.dedup.links.Links` has them."""


def best_matches(links: Any) -> Any:
    """``(later, duplicate_of, reuses, kind)``: per document, :func:`newsclean.dedup.links.links_of` of its links.

    ``links`` carries ``other``, the earlier document's id; all links of one ``later`` must be in
    this partition. They are ordered as :class:`newsclean.Deduplicator` orders matches (exact,
    near-duplicate, then shared passage; higher similarity first; then the other id), so
    ``duplicate_of`` is the best copy and ``reuses`` lists the best passage links first.
    """
    found: dict[int, list[Match]] = {}
    for later, other, kind, similarity in links[["later", "other", "kind", "similarity"]].itertuples(index=False):
        found.setdefault(later, []).append(Match("", str(other), kind, float(similarity)))
    fields = [links_of(sorted(matches, key=_best_first)) for matches in found.values()]
    return pd.DataFrame({"later": np.fromiter(found, dtype=np.int64, count=len(found)),
                         "duplicate_of": pd.Series([f.duplicate_of for f in fields], dtype=object),
                         "reuses": pd.Series([list(f.reuses) for f in fields], dtype=object),
                         "kind": pd.Series([f.kind for f in fields], dtype=object)})
