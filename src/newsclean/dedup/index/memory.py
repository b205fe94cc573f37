"""In-process index: dictionaries, nothing persisted. The default for one-off runs."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from newsclean.dedup.index.base import IndexEntry, IndexMeta
from newsclean.results import Match


class MemoryIndex:
    """Keeps entries, buckets and links in dictionaries; see :class:`newsclean.dedup.index.base.Index`."""

    def __init__(self, meta: IndexMeta) -> None:
        self.meta = meta
        self._entries: dict[str, IndexEntry] = {}
        self._buckets: defaultdict[bytes, list[str]] = defaultdict(list)
        self._links: list[Match] = []
        self._stories: dict[int, int] = {}

    def add(self, entries: Sequence[IndexEntry], links: Sequence[Match] = ()) -> None:
        seen: set[str] = set()
        for e in entries:
            if e.id in self._entries or e.id in seen:
                raise ValueError(f"document id {e.id!r} is already in the index")
            seen.add(e.id)
        for e in entries:
            self._entries[e.id] = dataclasses.replace(e, keys=()) if e.keys else e  # the buckets hold the keys
            for key in dict.fromkeys(e.keys):
                self._buckets[key].append(e.id)
        self._links.extend(links)

    def candidates(
        self, keys: Iterable[bytes], *, max_bucket: int | None = None, first: int | None = None
    ) -> dict[str, int]:
        counts: dict[str, int] = {}
        for key in dict.fromkeys(keys):  # in the order asked: candidates come back in a fixed order
            bucket = self._buckets.get(key)
            if not bucket or (max_bucket is not None and len(bucket) > max_bucket):
                continue
            for doc_id in bucket if first is None else bucket[:first]:
                counts[doc_id] = counts.get(doc_id, 0) + 1
        return counts

    def story_counts(self, values: Sequence[int]) -> dict[int, int]:
        """How many stories hold each passage key value (``newsclean.dedup.template``); unseen ones left out."""
        return {v: self._stories[v] for v in values if v in self._stories}

    def add_stories(self, values: Iterable[int]) -> None:
        """Count one more story for each passage key value (one per story: repeats count again)."""
        for v in values:
            self._stories[v] = self._stories.get(v, 0) + 1

    def get(self, ids: Iterable[str]) -> list[IndexEntry]:
        return [self._entries[i] for i in ids if i in self._entries]

    def links(self) -> Iterator[Match]:
        return iter(list(self._links))

    def ids(self) -> Iterator[str]:
        return iter(list(self._entries))

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def stats(self) -> dict[str, object]:
        return {
            "backend": "memory",
            "documents": len(self._entries),
            "keys": len(self._buckets),
            "links": len(self._links),
            "meta": self.meta.to_dict(),
        }

    def close(self) -> None:
        """Nothing to release."""
