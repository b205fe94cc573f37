"""``process(records)``: scraped records in, clean records out, each with its place among near-duplicates.

One pass: every record is cleaned once (:meth:`newsclean.Cleaner.clean_many`, with the corpus pass
over lines repeated across a site), and the cleaned text is fingerprinted as it is
(``Deduplicator(clean=False)``), never cleaned a second time. Records come out one per input, in
input order, as soon as their chunk is matched, so a stream of any length runs in bounded memory
(beyond the index and one id per document).

Each output record keeps every input field and has:

``text`` (the ``text_field``)
    the cleaned text; ``removed`` and ``metadata`` as :meth:`~newsclean.Cleaner.clean_many` gives them.
``duplicate_of``, ``reuses``, ``kind``
    from :func:`newsclean.dedup.links.links_of`: the earlier document this one is a copy of (exact or
    near-duplicate), the earlier documents it shares a long passage with, and which of the two it is.
``cluster``
    the id of the earliest document of this record's cluster, among the documents seen up to this
    one (those of earlier runs included, with an index). Records already yielded are not rewritten
    when a later document joins their cluster to another; the merged clusters are
    ``Deduplicator.clusters()`` on the same index, or :func:`newsclean.cluster` on the same input.

A record the pipeline cannot use (no string text, no id, an id seen before) is yielded with an
``"error"`` field and without the dedup fields; it is not fingerprinted. Bad input never stops a run.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from newsclean.cleaning.cleaner import Cleaner
from newsclean.dedup.components import UnionFind
from newsclean.dedup.deduplicator import Deduplicator
from newsclean.dedup.documents import Document, document
from newsclean.dedup.links import links_of
from newsclean.errors import ConfigError
from newsclean.io import no_id

CHUNK = 1000
"""Records matched per index transaction (``Deduplicator.add_many``'s batch)."""


@dataclass
class _Clusters:
    """The cluster of every document seen so far: a union-find whose roots are earliest members.

    Keyed by the index's id (``str(id)``); ``originals`` maps this run's ids back to the caller's
    values, so a cluster id keeps its type (ids of earlier runs are the strings the index stores).
    """

    sets: UnionFind = field(default_factory=UnionFind)
    originals: dict[str, Hashable] = field(default_factory=dict)

    @classmethod
    def from_index(cls, dedup: Deduplicator) -> _Clusters:
        clusters = cls(UnionFind(dedup.index.ids()))
        for link in dedup.links():
            clusters.sets.union(link.id, link.other)
        return clusters

    def add(self, doc: Document, others: Iterable[str]) -> Hashable:
        """Record ``doc`` and its links; returns its cluster's id."""
        self.originals[doc.id] = doc.original_id
        self.sets.add(doc.id)
        for other in others:
            self.sets.union(doc.id, other)
        return self.original(self.sets.find(doc.id))  # type: ignore[arg-type]

    def original(self, doc_id: str) -> Hashable:
        return self.originals.get(doc_id, doc_id)


def process(
    records: Iterable[dict],
    *,
    cleaner: Cleaner | None = None,
    index: Any = None,
    threshold: float | None = None,
    text_field: str = "text",
    html_field: str = "html",
    id_field: str = "id",
    drop_duplicates: bool = False,
    workers: int = 1,
    **dedup_options: Any,
) -> Iterator[dict]:
    """Clean ``records`` and place each among the near-duplicates seen before it, in one pass.

    ``records``: dicts with an id (``id_field``) and a text (``text_field``) or a page's HTML
    (``html_field``, the ``html`` extra); ``url``, ``title``,
    ``source`` are used when present. ``cleaner``: the :class:`~newsclean.Cleaner` to use (default
    ``Cleaner()``). ``index``: ``None`` (memory, this call only), an SQLite path, a ``redis://`` URL
    or an open index: with a persistent one, a later call matches against every earlier run.
    ``threshold`` and ``dedup_options`` are those of :class:`~newsclean.Deduplicator`.
    ``drop_duplicates``: leave out records whose ``duplicate_of`` is set (copies), keeping every
    distinct article, those that reuse a passage included. ``workers``: processes for cleaning.
    The index is closed when the generator finishes or is closed.

    >>> story = "The council voted on Tuesday to close the old bridge for repairs next spring. " * 4
    >>> out = list(process([{"id": 1, "text": story}, {"id": 2, "text": "ADVERTISEMENT\\n\\n" + story}]))
    >>> [(r["id"], r["cluster"], r["duplicate_of"], r["kind"]) for r in out]
    [(1, 1, None, 'unique'), (2, 1, 1, 'exact')]
    >>> out[1]["removed"][0]["rule"]
    'ads.marker'
    """
    if not isinstance(id_field, str) or not id_field:
        raise ConfigError(f"id_field must be a non-empty string, got {id_field!r}")
    cleaner = Cleaner() if cleaner is None else cleaner
    if not isinstance(cleaner, Cleaner):
        raise ConfigError(f"cleaner must be a newsclean.Cleaner, got {type(cleaner).__name__}")
    cleaned = cleaner.clean_many(records, text_field=text_field, html_field=html_field, workers=workers)
    return _run(cleaned, Deduplicator(threshold, index=index, clean=False, **dedup_options),
                text_field, id_field, drop_duplicates)


def _run(cleaned: Iterator[dict], dedup: Deduplicator, text_field: str, id_field: str, drop: bool) -> Iterator[dict]:
    with dedup:
        clusters = _Clusters.from_index(dedup)
        seen: set[str] = set()
        while chunk := list(islice(cleaned, CHUNK)):
            docs = {n: doc for n, doc in enumerate(_documents(chunk, text_field, id_field, seen, dedup))
                    if doc is not None}
            found = dict(zip(docs, (m for _, m in dedup.add_many(docs.values(), batch_size=CHUNK)), strict=True))
            for n, record in enumerate(chunk):
                if n in docs:
                    links = links_of(found[n])
                    cluster = clusters.add(docs[n], (m.other for m in found[n]))
                    if drop and links.duplicate_of is not None:
                        continue
                    record["cluster"] = cluster
                    record["duplicate_of"] = None if links.duplicate_of is None else clusters.original(links.duplicate_of)
                    record["reuses"] = [clusters.original(i) for i in links.reuses]
                    record["kind"] = links.kind
                yield record


def _documents(
    chunk: list[dict], text_field: str, id_field: str, seen: set[str], dedup: Deduplicator
) -> Iterator[Document | None]:
    """One :class:`Document` per usable record of ``chunk`` (``None`` for the others, which get ``"error"``)."""
    for record in chunk:
        if "error" in record:
            yield None
            continue
        try:
            if record.get(id_field) is None:
                raise ValueError(no_id(id_field))
            doc = document(record[id_field], record[text_field], record.get("source"), record.get("url"))
            if doc.id in seen or doc.id in dedup.index:
                raise ValueError(f"duplicate id {doc.original_id!r}: a document with this id was seen before")
        except (TypeError, ValueError) as exc:
            record["error"] = str(exc)
            yield None
            continue
        seen.add(doc.id)
        yield doc
