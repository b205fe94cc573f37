"""Re-check a candidate pair and say why it is (or is not) a link.

LSH keys only propose candidates; this module decides, from what the index stores (signatures and
shingle hashes, never texts):

1. **exact**: the same token sequence. The only way a *short* document (fewer words than
   ``min_shared_words``, or than ``shingle_size`` when passages are off) links at all: a few shared
   words prove nothing. Empty documents never link.
2. **near_duplicate**: the Jaccard similarity of the two shingle sets is at least ``threshold``,
   computed exactly from the stored shingles (the signature's estimate only found the candidate).
   Counts within one source too: a page republished under two URLs is still a duplicate.
3. **shared_passage**: the shingles of one document found in the other form maximal runs; runs of
   at least ``min_passage_words`` words are passages, and the pair links when they total
   ``min_shared_words`` words. Ignored when both documents come from the same source: text shared
   only within one source is that source's boilerplate (passim's "series" rule), not republishing.
   A shared sentence or short quote (25 words) stays below the default 40.

Only **body prose** counts for 2 and 3 (:mod:`newsclean.dedup.prose`: the shape of the lines tells
page chrome, menus and name lists from running text): the near-duplicate Jaccard is that of the
prose shingles when both documents have at least ``short_limit`` of them, and a passage is a run of
shared prose shingles. Two pages of one template with different articles then share no evidence,
and a copy of an article inside another site's page is still a near-duplicate of it.
"""

from __future__ import annotations

import numpy as np

from newsclean.config import DedupConfig
from newsclean.dedup.index.base import IndexEntry
from newsclean.dedup.keys import sorted_set
from newsclean.dedup.prose import is_prose, prose_grams, unflagged
from newsclean.dedup.signature import estimate_jaccard
from newsclean.dedup.template import Counts, reuse_passages
from newsclean.results import Match, Passage


def short_limit(config: DedupConfig) -> int:
    """Documents with fewer words than this link only to exact copies."""
    return config.min_shared_words if config.min_shared_words is not None else config.shingle_size


def gram_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle-hash sets."""
    set_a, set_b = sorted_set(a), sorted_set(b)
    both = np.sort(np.concatenate((set_a, set_b)))
    common = int(np.count_nonzero(both[1:] == both[:-1]))
    union = len(set_a) + len(set_b) - common
    return common / union if union else 0.0


def body_grams(a: IndexEntry, b: IndexEntry, minimum: int) -> tuple[np.ndarray, np.ndarray]:
    """The shingles a near-duplicate is judged on: both documents' prose shingles when each has
    at least ``minimum``, else all of them (a page of lists, a short text)."""
    prose_a, prose_b = prose_grams(a.grams), prose_grams(b.grams)
    if min(len(prose_a), len(prose_b)) >= minimum:
        return prose_a, prose_b
    return unflagged(a.grams), unflagged(b.grams)


def shared_runs(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs ``[start, end)`` of consecutive shingles of ``a`` that also occur in ``b``."""
    return _runs(_present(a, np.sort(b)))


def _present(values: np.ndarray, sorted_other: np.ndarray) -> np.ndarray:
    """Which ``values`` occur in ``sorted_other`` (``np.isin`` by binary search: the other side is sorted already)."""
    if not len(sorted_other):
        return np.zeros(len(values), dtype=bool)
    found = np.searchsorted(sorted_other, values)
    found[found == len(sorted_other)] = 0
    return sorted_other[found] == values


def _runs(present: np.ndarray) -> list[tuple[int, int]]:
    if not present.any():
        return []
    edges = np.diff(np.concatenate(([0], present.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _first_positions(grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(grams, kind="stable")
    return grams[order], order


def find_passages(a: IndexEntry, b: IndexEntry, config: DedupConfig) -> list[Passage]:
    """Shared passages of at least ``min_passage_words`` words, as word offsets in ``a`` and ``b``.

    A passage ``a`` repeats is counted once: one whose span in ``b`` is already half covered by
    an earlier passage is left out.
    """
    size = config.shingle_size
    sorted_b, order_b = _first_positions(b.grams)
    covered = np.zeros(max(b.words, 1), dtype=bool)
    passages = []
    for start, end in _runs(_present(a.grams, sorted_b) & is_prose(a.grams)):
        words = end - start + size - 1
        if words < config.min_passage_words:
            continue
        first = int(order_b[np.searchsorted(sorted_b, a.grams[start])])
        last = int(order_b[np.searchsorted(sorted_b, a.grams[end - 1])])
        other_end = min(last + size if last >= first else first + words, b.words)
        if covered[first:other_end].sum() * 2 > other_end - first:
            continue
        covered[first:other_end] = True
        passages.append(Passage(start, start + words, first, other_end))
    return passages


def verify(
    a: IndexEntry, b: IndexEntry, config: DedupConfig, *, explain: bool = True, template: Counts | None = None
) -> Match | None:
    """The link from ``a`` (the newer document) to ``b``, or ``None`` if they do not belong together.

    ``explain=False`` leaves out the passages of a near-duplicate (they are not needed to decide,
    only to show why): what clustering alone needs. ``template``: the story counts of passage
    keys; passages that too many stories hold do not count as reuse (:mod:`newsclean.dedup.template`).
    """
    if a.words == 0 or b.words == 0:
        return None
    if a.words == b.words and np.array_equal(unflagged(a.grams), unflagged(b.grams)):
        return Match(a.id, b.id, "exact", 1.0, a.words, (Passage(0, a.words, 0, b.words),))
    if min(a.words, b.words) < short_limit(config):
        return None
    if estimate_jaccard(a.signature, b.signature) >= config.threshold / 2:
        jaccard = gram_jaccard(*body_grams(a, b, short_limit(config)))
        if jaccard >= config.threshold:
            passages = tuple(find_passages(a, b, config)) if explain else ()  # not needed to decide
            return Match(a.id, b.id, "near_duplicate", jaccard, sum(p.words for p in passages), passages)
    if config.min_shared_words is None or (a.source is not None and a.source == b.source):
        return None
    passages = reuse_passages(a.grams, b.grams, find_passages(a, b, config), template, config)
    shared = sum(p.words for p in passages)
    if shared < config.min_shared_words:
        return None
    similarity = min(1.0, shared / min(a.words, b.words))
    return Match(a.id, b.id, "shared_passage", similarity, shared, tuple(passages))
