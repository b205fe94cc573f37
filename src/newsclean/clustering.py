"""Clusters of near-duplicates and text reuse: ``cluster(docs)`` and the pure steps behind it.

The steps are plain functions over plain values so a distributed engine can run them anywhere:

record -> fingerprint (:meth:`Fingerprinter.fingerprint <newsclean.fingerprint.Fingerprinter>`),
fingerprint -> keys (``IndexEntry.keys``), bucket -> candidate pairs (:func:`bucket_pairs`),
pair -> verified link (:func:`newsclean.verify.verify`), links -> clusters (:func:`components`).

:func:`cluster` runs them with the batch engine (:mod:`newsclean.batch_cluster`), which reads the
documents once and keeps only compact fingerprints; with an ``index`` option, and in
:func:`cluster_matches` (whose matches quote passage text), it goes through
:class:`newsclean.Deduplicator`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsclean.results import Match


class UnionFind:
    """Disjoint sets with path compression and union by rank; a set's root is its earliest member.

    "Earliest" is the order in which elements were first seen, so the result does not depend on
    the order unions are made in.
    """

    def __init__(self, elements: Iterable[Hashable] = ()) -> None:
        self._parent: dict[Hashable, Hashable] = {}
        self._rank: dict[Hashable, int] = {}
        self._order: dict[Hashable, int] = {}
        for element in elements:
            self.add(element)

    def add(self, element: Hashable) -> None:
        if element not in self._parent:
            self._parent[element] = element
            self._rank[element] = 0
            self._order[element] = len(self._order)

    def find(self, element: Hashable) -> Hashable:
        """The root of ``element``'s set (adding it if new)."""
        self.add(element)
        root = element
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[element] != root:
            self._parent[element], element = root, self._parent[element]
        return root

    def union(self, a: Hashable, b: Hashable) -> Hashable:
        """Merge the sets of ``a`` and ``b``; returns the new root (the earlier of the two roots)."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        if self._rank[root_a] < self._rank[root_b]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        if self._rank[root_a] == self._rank[root_b]:
            self._rank[root_a] += 1
        # Keep the earliest element as the representative: swap labels, not structure.
        earliest = min(root_a, root_b, key=self._order.__getitem__)
        if earliest != root_a:
            self._relabel(root_a, earliest)
            return earliest
        return root_a

    def _relabel(self, root: Hashable, new_root: Hashable) -> None:
        self._parent[new_root] = new_root
        self._parent[root] = new_root
        self._rank[new_root] = self._rank[root]

    def groups(self) -> list[list[Hashable]]:
        """Every set, members in insertion order, sets ordered by their first member."""
        by_root: dict[Hashable, list[Hashable]] = {}
        for element in self._order:
            by_root.setdefault(self.find(element), []).append(element)
        return list(by_root.values())


def components(ids: Iterable[Hashable], links: Iterable[tuple[Hashable, Hashable]]) -> list[list[Hashable]]:
    """Connected components of ``ids`` under ``links``; every id appears once, in input order."""
    sets = UnionFind(ids)
    for a, b in links:
        sets.union(a, b)
    return sets.groups()


def bucket_pairs(bucket: Sequence[str], *, max_bucket: int | None = None) -> list[tuple[str, str]]:
    """Candidate pairs ``(later, earlier)`` from the ids sharing one key, in insertion order.

    A bucket larger than ``max_bucket`` is boilerplate and yields nothing.
    """
    if max_bucket is not None and len(bucket) > max_bucket:
        return []
    unique = list(dict.fromkeys(bucket))
    return [(later, earlier) for earlier, later in combinations(unique, 2)]


def cluster_matches(docs: object, **options: object) -> tuple[list[list[Hashable]], list[Match]]:
    """``(clusters, matches)``: the clusters of :func:`cluster` and every verified link behind them.

    Options are those of :class:`newsclean.Deduplicator` (``threshold``, ``clean``, ``index``,
    ``config`` or any :class:`~newsclean.config.DedupConfig` field), plus ``workers``: processes
    that clean and fingerprint (matching stays in this process). Match ids are ``str(id)``;
    passages carry the text they cover.
    """
    from newsclean.dedup import Deduplicator, as_documents

    workers = options.pop("workers", 1)
    documents = as_documents(docs)
    originals = {doc.id: doc.original_id for doc in documents}
    matches: list[Match] = []
    with Deduplicator(**options) as dedup:  # type: ignore[arg-type]
        for _, found in dedup.add_many(documents, workers=workers):  # type: ignore[arg-type]
            matches.extend(found)
        groups = components(originals, ((m.id, m.other) for m in matches))
    return [[originals[i] for i in group] for group in groups], matches


def cluster(docs: object, **options: object) -> list[list[Hashable]]:
    """Group documents that are near-duplicates or share a long passage.

    ``docs`` is a mapping id -> text, an iterable of ``(id, text)`` pairs, or of dicts with
    ``"id"`` and ``"text"`` (optional ``"source"``, ``"url"``); an iterator is read once, lazily.
    Every id appears in exactly one cluster (singletons included); clusters and their members keep
    input order. A repeated id raises ``ValueError`` naming it. Options: see
    :func:`cluster_matches`; without ``index`` the batch engine runs (same clusters, far faster).
    """
    if options.get("index") is not None:
        return cluster_matches(docs, **options)[0]
    from newsclean.batch_cluster import cluster_batch
    from newsclean.dedup import make_config

    fields = dict(options)
    fields.pop("index", None)
    workers, clean = fields.pop("workers", 1), fields.pop("clean", True)
    config = make_config(fields.pop("config", None), fields.pop("threshold", None), fields)  # type: ignore[arg-type]
    return cluster_batch(docs, config, clean=bool(clean), workers=workers)  # type: ignore[arg-type]
