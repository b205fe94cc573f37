"""Connected components: which documents end up in one cluster, given the verified links.

:class:`UnionFind` works on any hashable ids (the incremental path and Dask's per-partition
stars); :class:`PositionSets` on document positions in a numpy array (the batch engine, millions
of documents). In both a set's root is its earliest member, so results do not depend on the order
links are found in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from itertools import pairwise

import numpy as np


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


class PositionSets:
    """Union-find over document positions in a numpy array; a set's root is its earliest member."""

    def __init__(self, size: int) -> None:
        self.parent = np.arange(size, dtype=np.int64)

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = int(parent[node])
        return node

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)

    def groups(self) -> list[list[int]]:
        """Every set as sorted positions, sets ordered by their first member.

        Lists sliced from one list: most sets are singletons, and one numpy array per set
        (``np.split``) cost more than the rest of the grouping.
        """
        roots = self.parent
        while True:
            jumped = roots[roots]
            if np.array_equal(jumped, roots):
                break
            roots = jumped
        order = np.argsort(roots, kind="stable")
        bounds = [0, *(np.flatnonzero(np.diff(roots[order])) + 1).tolist(), len(order)]
        ordered = order.tolist()
        return [ordered[start:end] for start, end in pairwise(bounds) if end > start]
