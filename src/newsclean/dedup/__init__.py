"""The dedup side: near-duplicates and text reuse from cleaned text.

shingles (:mod:`.shingle`, :mod:`.shingle_batch`) -> signatures (:mod:`.signature`) -> keys
(:mod:`.keys`) -> fingerprints (:mod:`.fingerprint`, the one path every engine uses) -> candidates
and verification (:mod:`.verify`) -> components (:mod:`.clustering`). :mod:`.deduplicator` is the
incremental :class:`Deduplicator` over an index (:mod:`.index`), :mod:`.batch` the engine behind
:func:`newsclean.cluster`. Imports go down only: this package may use :mod:`newsclean.cleaning`
(to clean before fingerprinting), :mod:`.index` uses nothing above it.
"""

from __future__ import annotations

from newsclean._lazy import lazy_exports

_EXPORTS = {
    "Deduplicator": "newsclean.dedup.deduplicator",
    "Document": "newsclean.dedup.documents",
    "cluster": "newsclean.dedup.clustering",
    "cluster_matches": "newsclean.dedup.clustering",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
