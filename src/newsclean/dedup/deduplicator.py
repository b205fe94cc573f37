"""Incremental deduplication: :class:`Deduplicator` keeps fingerprints and finds each new document's matches.

It stores signatures, shingle hashes and links (passages as word offsets), never texts, in an
index (memory, SQLite file or Redis, see :func:`newsclean.dedup.index.open_index`), so a crawler can
run for months against one index. The
text it is given is used once, to fingerprint and to quote the shared passages in the matches
:meth:`Deduplicator.add` returns.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from newsclean.config import DedupConfig
from newsclean.dedup.components import UnionFind, components
from newsclean.dedup.documents import Document, as_document, document, make_config, prepare_text
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.index import Index, IndexEntry, MemoryIndex, candidates_many, open_index
from newsclean.dedup.keys import PASSAGE_PREFIX, bucket_limit, passage_key_minimum
from newsclean.dedup.shingle import token_spans
from newsclean.dedup.template import Counts, is_copy, mapping_counts
from newsclean.dedup.verify import verify
from newsclean.errors import ConfigError
from newsclean.results import Match, Passage

_KIND_RANK = {"exact": 0, "near_duplicate": 1, "shared_passage": 2}


def quote_passages(matches: list[Match], text: str, fingerprinter: Fingerprinter) -> list[Match]:
    """``matches`` with each passage's ``text`` filled from ``text``, the document they start from."""
    if not any(m.passages for m in matches):
        return matches
    shown, spans = token_spans(text, fingerprinter.shingle)

    def quote(p: Passage) -> Passage:
        start, end = min(p.start, len(spans) - 1), min(p.end, len(spans)) - 1
        return dataclasses.replace(p, text=shown[spans[start][0] : spans[end][1]] if end >= start else "")

    return [dataclasses.replace(m, passages=tuple(quote(p) for p in m.passages)) for m in matches]


WORKER_CHUNK = 64  # documents per task when workers clean and fingerprint a batch


def fingerprint_documents(task: tuple[Fingerprinter, bool, list[Document]]) -> list[tuple[IndexEntry, str]]:
    """``(entry, prepared text)`` per document of a chunk: the work a worker process can do."""
    fingerprinter, clean, docs = task
    texts = [prepare_text(doc, clean, fingerprinter) for doc in docs]
    entries = fingerprinter.entries([doc.id for doc in docs], texts, [doc.source for doc in docs])
    return list(zip(entries, texts, strict=True))


def without_text(match: Match) -> Match:
    """``match`` with passage offsets only: what the index stores (it keeps no text)."""
    return dataclasses.replace(match, passages=tuple(dataclasses.replace(p, text=None) for p in match.passages))


# The index's candidate counts for one entry: (band and exact keys, passage keys).
StoredCounts = tuple[dict[str, int], dict[str, int]]


def split_keys(entry: IndexEntry) -> tuple[list[bytes], list[bytes]]:
    """``(band and exact keys, passage keys)``: looked up separately, as they need different counts."""
    passage = [k for k in entry.keys if k.startswith(PASSAGE_PREFIX)]
    head = len(entry.keys) - len(passage)
    if entry.keys[head:] == tuple(passage):  # the Fingerprinter puts passage keys last: no second pass
        return list(entry.keys[:head]), passage
    return [k for k in entry.keys if not k.startswith(PASSAGE_PREFIX)], passage


def story_keys(entry: IndexEntry) -> list[int]:
    """The entry's passage key values, as the index counts stories under them."""
    return [int.from_bytes(k[len(PASSAGE_PREFIX) :], "little") for k in split_keys(entry)[1]]


def _with_self(stories: dict[int, int] | None) -> Counts | None:
    """Story counts for verifying a new document: the earlier stories, plus the new one itself."""
    if stories is None:
        return None
    earlier = mapping_counts(stories)
    return lambda values: earlier(values) + 1


def _best_first(match: Match) -> tuple[int, float, str]:
    return (_KIND_RANK[match.kind], -match.similarity, match.other)


class Deduplicator:
    """Finds, for each document added, the earlier documents it duplicates or reuses text from.

    ``threshold``: near-duplicate Jaccard threshold (default ``DedupConfig.threshold``).
    ``index``: ``None``/``"memory"``, an SQLite path or a ``redis://`` URL, or an open index.
    ``clean``: fingerprint the text :class:`newsclean.Cleaner` keeps rather than the raw page, so
    page residue does not count. Other keywords override :class:`~newsclean.config.DedupConfig`.

    >>> with Deduplicator(clean=False) as dedup:
    ...     dedup.add("a", "the quick brown fox jumps over the lazy dog " * 6)
    ...     [m.kind for m in dedup.add("b", "the quick brown fox jumps over the lazy dog " * 6)]
    []
    ['exact']
    """

    def __init__(
        self,
        threshold: float | None = None,
        *,
        index: str | Index | None = None,
        config: DedupConfig | None = None,
        clean: bool = True,
        **fields: Any,
    ) -> None:
        self.config = make_config(config, threshold, fields)
        self.fingerprinter = Fingerprinter.from_config(self.config)
        self.clean = bool(clean)
        # (fewest shared keys, largest bucket) for the two lookups: band and exact keys, passage keys
        self._lookups = (
            (1, bucket_limit(self.config, passage=False)),
            (passage_key_minimum(self.config), bucket_limit(self.config, passage=True)),
        )
        if index is None or isinstance(index, str):
            self.index: Index = open_index(index, self.fingerprinter.meta())
        elif isinstance(index, Index):
            self.fingerprinter.meta().check(index.meta, "the given index")
            self.index = index
        else:
            raise ConfigError(f"index must be None, a path or URL, or an Index, got {type(index).__name__}")
        self._sets: UnionFind | None = None  # components of the documents seen, built on first use
        # The index stores ids as str; ids given as int come back as int (as cluster() gives them).
        # Only those are kept: a crawler's str ids cost nothing here.
        self._int_ids: dict[str, int] = {}

    # -- matching ---------------------------------------------------------------------------------

    def _lookup(
        self,
        keys: list[bytes],
        minimum: int,
        limit: int | None,
        pending: MemoryIndex | None,
        stored: dict[str, int] | None = None,
    ) -> list[tuple[IndexEntry, int]]:
        """Stored (and pending) entries sharing at least ``minimum`` of ``keys`` (buckets up to ``limit``), with how many.

        Of each bucket only the ``representatives`` earliest documents are asked for: many copies
        of one story then cost a constant per document. ``stored``: the index's answer for
        ``keys`` when it was already fetched for the whole batch.
        """
        if not keys:
            return []
        first = self.config.representatives
        if stored is None:
            stored = candidates_many(self.index, [keys], max_bucket=limit, first=first)[0]
        found = [(e, stored[e.id]) for e in self.index.get(i for i, n in stored.items() if n >= minimum)]
        if pending is not None and len(pending):
            more = pending.candidates(keys, max_bucket=limit, first=first)
            found.extend((e, more[e.id]) for e in pending.get(i for i, n in more.items() if n >= minimum))
        return found

    def _candidates(
        self, entry: IndexEntry, pending: MemoryIndex | None, stored: StoredCounts | None = None
    ) -> list[IndexEntry]:
        """Entries sharing a band or exact key, or enough passage keys to possibly pass verification,
        those sharing the most band and exact keys (the likeliest copies) first."""
        answers = stored if stored is not None else (None, None)
        found: dict[str, IndexEntry] = {}
        shared: dict[str, list[int]] = {}
        for kind, (keys, (minimum, limit), answer) in enumerate(zip(split_keys(entry), self._lookups, answers, strict=True)):
            for e, count in self._lookup(keys, minimum, limit, pending, answer):
                found.setdefault(e.id, e)
                shared.setdefault(e.id, [0, 0])[kind] += count
        found.pop(entry.id, None)
        return sorted(found.values(), key=lambda e: (-shared[e.id][0], -shared[e.id][1]))

    def _components(self) -> UnionFind:
        """Which stored documents are linked already: read from the index's links once, then kept up."""
        if self._sets is None:
            self._sets = UnionFind()
            for link in self.index.links():
                self._sets.union(link.id, link.other)
        return self._sets

    def _stored_candidates(self, entries: list[IndexEntry]) -> list[StoredCounts]:
        """The index's candidates for every entry of a batch: one call for band and exact keys
        (never boilerplate), one for passage keys (buckets up to ``max_bucket``)."""
        split = [split_keys(entry) for entry in entries]
        direct, passage = (
            candidates_many(
                self.index, [keys[kind] for keys in split], max_bucket=limit, min_shared=minimum,
                first=self.config.representatives,
            )
            for kind, (minimum, limit) in enumerate(self._lookups)
        )
        return list(zip(direct, passage, strict=True))

    def _stories(self, entries: list[IndexEntry]) -> dict[int, int] | None:
        """Stored story counts of the entries' passage keys (``None`` when the rule is off); an index
        without counts (a backend of an earlier version) gives none, so only this run counts."""
        if self.config.max_passage_stories is None:
            return None
        counts = getattr(self.index, "story_counts", None)
        values = list(dict.fromkeys(v for entry in entries for v in story_keys(entry)))
        return dict(counts(values)) if counts is not None and values else {}

    def _count_story(self, entry: IndexEntry, matches: list[Match], stories: dict[int, int] | None) -> list[int]:
        """The entry's passage keys, counted in ``stories``, unless it is a copy of an earlier document."""
        if stories is None or any(is_copy(m, entry.grams) for m in matches):
            return []
        values = story_keys(entry)
        for v in values:
            stories[v] = stories.get(v, 0) + 1
        return values

    def _match(
        self,
        entry: IndexEntry,
        text: str,
        pending: MemoryIndex | None,
        stored: StoredCounts | None = None,
        stories: dict[int, int] | None = None,
    ) -> list[Match]:
        if not entry.keys:
            return []
        sets, confirmed, found = self._components(), set(), []
        template = _with_self(stories)
        for other in self._candidates(entry, pending, stored):
            cluster = sets.find(other.id)
            if cluster in confirmed:  # a confirmed copy of this cluster's document: one such link is enough
                continue
            match = verify(entry, other, self.config, template=template)
            if match is not None:
                found.append(match)
                if match.kind != "shared_passage":
                    confirmed.add(cluster)
        return quote_passages(sorted(found, key=_best_first), text, self.fingerprinter)

    # -- public API -------------------------------------------------------------------------------

    def add(self, doc_id: str | int, text: str, *, source: str | None = None, url: str | None = None) -> list[Match]:
        """Add one document; returns its matches among the documents added before (best first)."""
        return next(self.add_many([document(doc_id, text, source, url)]))[1]

    def add_many(
        self, records: Iterable[object], *, batch_size: int = 1000, workers: int = 1
    ) -> Iterator[tuple[str | int, list[Match]]]:
        """Add documents in batches, yielding ``(id, matches)`` per document in input order.

        ``id`` is the id as given (an int stays an int); in a :class:`~newsclean.results.Match`
        ids are ``str``, the form the index stores.

        Records are ``(id, text)`` pairs, dicts with ``id``/``text`` (``source``, ``url``) or
        :class:`Document`. Each batch is written with one ``index.add`` (one transaction in
        SQLite); documents of one batch still match each other. A repeated id raises
        ``ValueError`` before its batch is written (earlier batches stay). ``workers > 1`` cleans
        and fingerprints in that many processes; matching stays in this one, in input order.
        """
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError(f"batch_size must be a positive int, got {batch_size!r}")
        if not isinstance(workers, int) or workers < 1:
            raise ConfigError(f"workers must be a positive int, got {workers!r}")
        with contextlib.ExitStack() as stack:
            pool = stack.enter_context(ProcessPoolExecutor(workers)) if workers > 1 else None
            batch: list[Document] = []
            for record in records:
                batch.append(as_document(record))
                if len(batch) >= batch_size:
                    yield from self._add_batch(batch, pool)
                    batch = []
            if batch:
                yield from self._add_batch(batch, pool)

    def _add_batch(self, batch: list[Document], pool: Executor | None = None) -> list[tuple[str | int, list[Match]]]:
        seen: set[str] = set()
        for doc in batch:
            if doc.id in seen or doc.id in self.index:
                raise ValueError(f"duplicate document id {doc.original_id!r}: it is already in the index")
            seen.add(doc.id)
        if pool is None:
            prints = fingerprint_documents((self.fingerprinter, self.clean, batch))
        else:
            chunks = [batch[i : i + WORKER_CHUNK] for i in range(0, len(batch), WORKER_CHUNK)]
            tasks = [(self.fingerprinter, self.clean, chunk) for chunk in chunks]
            prints = [pair for done in pool.map(fingerprint_documents, tasks) for pair in done]
        stored = self._stored_candidates([entry for entry, _ in prints])
        stories = self._stories([entry for entry, _ in prints])
        pending = MemoryIndex(self.index.meta)
        results, entries, links, counted = [], [], [], []
        for (entry, text), counts in zip(prints, stored, strict=True):
            matches = self._match(entry, text, pending, counts, stories)
            for match in matches:
                self._components().union(entry.id, match.other)
            counted.extend(self._count_story(entry, matches, stories))
            pending.add([entry])
            entries.append(entry)
            links.extend(without_text(m) for m in matches)
            results.append((entry.id, matches))
        self.index.add(entries, links)
        add_stories = getattr(self.index, "add_stories", None)
        if add_stories is not None and counted:  # after the batch: a crash in between counts it once less
            add_stories(counted)
        self._int_ids.update((doc.id, doc.original_id) for doc in batch if isinstance(doc.original_id, int))
        return [(self._original(doc_id), matches) for doc_id, matches in results]

    def _original(self, doc_id: str) -> str | int:
        return self._int_ids.get(doc_id, doc_id)

    def query(self, text: str, *, source: str | None = None, url: str | None = None) -> list[Match]:
        """The stored documents ``text`` matches, without adding it (match ids are ``""``)."""
        doc = document("", text, source, url)
        prepared = prepare_text(doc, self.clean, self.fingerprinter)
        entry = self.fingerprinter.fingerprint("", prepared, doc.source)
        return self._match(entry, prepared, None, stories=self._stories([entry]))

    def links(self) -> list[Match]:
        """Every link found so far, in the order found (passages as offsets: the index keeps no text)."""
        return list(self.index.links())

    def explain(self, doc_id: str | int) -> list[Match]:
        """The links that involve ``doc_id`` (as the newer or the earlier document)."""
        key = str(doc_id)
        if key not in self.index:
            raise KeyError(f"no document {doc_id!r} in the index")
        return [m for m in self.index.links() if key in (m.id, m.other)]

    def clusters(self) -> list[list[str | int]]:
        """Groups of the documents added so far (union of links), in insertion order.

        Ids added by this object keep their type (an int stays an int); those of earlier runs are
        the strings the index stores.
        """
        groups = components(self.index.ids(), ((m.id, m.other) for m in self.index.links()))
        return [[self._original(i) for i in group] for group in groups]  # type: ignore[arg-type]

    def __repr__(self) -> str:
        # a Redis URL may hold a password: name the index by its prefix
        path, prefix = getattr(self.index, "path", None), getattr(self.index, "prefix", None)
        where = repr(path) if path else f"{type(self.index).__name__}(prefix={prefix!r})" if prefix else "'memory'"
        return (f"Deduplicator(threshold={self.config.threshold!r}, index={where}, "
                f"documents={len(self.index)}, clean={self.clean})")

    def __len__(self) -> int:
        return len(self.index)

    def close(self) -> None:
        """Release the index (flushes nothing: every batch is already written)."""
        self.index.close()

    def __enter__(self) -> Deduplicator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
