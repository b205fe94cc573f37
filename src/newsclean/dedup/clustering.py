"""``cluster(docs)``: clusters of near-duplicates and text reuse, and ``cluster_matches`` with the links behind them.

Every engine runs the same steps: record -> document (:mod:`.documents`) -> fingerprints
(:mod:`.fingerprint`) -> candidate pairs from shared keys -> verified links (:mod:`.verify`) ->
components (:mod:`.components`). :func:`cluster` runs them with the batch engine (:mod:`.batch`),
which reads the documents once and keeps only compact fingerprints; with an ``index`` option, and
in :func:`cluster_matches` (whose matches quote passage text), it goes through the incremental
:class:`~newsclean.dedup.deduplicator.Deduplicator`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from newsclean.dedup.batch import cluster_batch
from newsclean.dedup.components import components
from newsclean.dedup.deduplicator import Deduplicator
from newsclean.dedup.documents import as_documents, make_config

if TYPE_CHECKING:
    from newsclean.results import Match


def cluster_matches(docs: object, **options: object) -> tuple[list[list[Hashable]], list[Match]]:
    """``(clusters, matches)``: the clusters of :func:`cluster` and every verified link behind them.

    Options are those of :class:`newsclean.Deduplicator` (``threshold``, ``clean``, ``index``,
    ``config`` or any :class:`~newsclean.config.DedupConfig` field), plus ``workers``: processes
    that clean and fingerprint (matching stays in this process). Match ids are ``str(id)``;
    passages carry the text they cover.
    """
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

    ``clean`` (default ``True``) runs :class:`newsclean.Cleaner` on every text before fingerprinting.
    Pass ``clean=False`` when the texts are cleaned already (by ``Cleaner.clean_many``, say), or they
    are cleaned a second time, which costs about a third of the throughput;
    :func:`newsclean.process` does both steps with one clean per document.
    """
    if options.get("index") is not None:
        return cluster_matches(docs, **options)[0]
    fields = dict(options)
    fields.pop("index", None)
    workers, clean = fields.pop("workers", 1), fields.pop("clean", True)
    config = make_config(fields.pop("config", None), fields.pop("threshold", None), fields)  # type: ignore[arg-type]
    return cluster_batch(docs, config, clean=bool(clean), workers=workers)  # type: ignore[arg-type]
