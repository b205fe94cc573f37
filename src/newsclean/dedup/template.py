"""Template passages: text that many stories share is a site template, not reuse.

A consent plugin's notice, a newspaper group's footer or a syndication notice is body-shaped
prose, so :mod:`newsclean.dedup.prose` lets it through; what gives it away is how many documents
hold it whose other text differs. As CCNet and C4 count repeated lines, and passim its series,
each passage key's **story count** is kept: the documents holding it that are not a copy of an
earlier document (:func:`is_copy`: an exact or near-duplicate copy, or one whose passages shared
with it cover half its prose, as a truncated or edited copy's do). Copies of one wire story are one
story, so a story reprinted a thousand times does not make its own text a template.

A shared passage is template when most of its keys are held by more than
``DedupConfig.max_passage_stories`` stories, and it then does not count towards a
``shared_passage`` link, unless the passages cover at least half of the shorter document's
prose: a truncated or teaser copy is mostly that passage, and its other text does not differ.

The counts come from where the engine sees the documents: the batch engine counts the whole
corpus (:func:`story_counts`); the incremental :class:`~newsclean.dedup.deduplicator.Deduplicator`
counts the documents stored before (the index keeps the counts across runs) and the new one.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np

from newsclean.config import DedupConfig
from newsclean.dedup.keys import PassageConfig, passage_keys
from newsclean.dedup.links import COPY_KINDS
from newsclean.dedup.prose import is_prose
from newsclean.results import Match, Passage

_LOW32 = np.uint64(0xFFFFFFFF)
TEMPLATE_GAP = 30
"""Words between two passages of one template block: a passage this close to a template passage
(in the newer document) continues the block (a notice's less common sentences) and is template too."""
COPY_COVERAGE = 0.5
"""Passages covering this share of the shorter document's prose make it a copy: never template."""

Counts = Callable[[np.ndarray], np.ndarray]
"""Story counts of passage key values (uint32), one per value (0 for a key never seen)."""


def is_copy(match: Match, grams: np.ndarray) -> bool:
    """Whether ``match`` makes its newer document (shingles ``grams``) a copy, not a new story: an
    exact or near-duplicate link, or passages covering half its prose (a truncated or edited copy)."""
    if match.kind in COPY_KINDS:
        return True
    return match.shared_words >= COPY_COVERAGE * int(is_prose(grams).sum())


def passage_values(grams: np.ndarray, passage: Passage, config: DedupConfig) -> np.ndarray:
    """The passage keys (winnowed values) of the shingles a passage of the newer document spans."""
    run = grams[passage.start : max(passage.start + 1, passage.end - config.shingle_size + 1)]
    packed = passage_keys(run, np.zeros(len(run), dtype=np.int64), PassageConfig(window=config.passage_window, seed=config.seed))
    return (packed >> np.uint64(32)).astype(np.uint32)


def is_template(grams: np.ndarray, passage: Passage, counts: Counts, config: DedupConfig) -> bool:
    """Whether most of the passage's keys are held by more than ``max_passage_stories`` stories."""
    limit = config.max_passage_stories
    if limit is None:
        return False
    values = passage_values(grams, passage, config)
    return bool(len(values)) and int(np.count_nonzero(counts(values) > limit)) * 2 > len(values)


def reuse_passages(
    a_grams: np.ndarray, b_grams: np.ndarray, passages: list[Passage], counts: Counts | None, config: DedupConfig
) -> list[Passage]:
    """``passages`` (of ``a`` in ``b``) without the template ones; all of them for a copy, or without counts."""
    if counts is None or config.max_passage_stories is None or not passages:
        return passages
    shorter = min(int(is_prose(a_grams).sum()), int(is_prose(b_grams).sum()))
    if sum(p.words for p in passages) >= COPY_COVERAGE * shorter:
        return passages
    template = [is_template(a_grams, p, counts, config) for p in passages]
    return [p for p, flagged in zip(passages, _spread(passages, template), strict=True) if not flagged]


def _spread(passages: list[Passage], template: list[bool]) -> list[bool]:
    """``template`` with every passage within :data:`TEMPLATE_GAP` words of a template one flagged too."""
    order = sorted(range(len(passages)), key=lambda i: passages[i].start)
    flagged = list(template)
    for sequence in (order, order[::-1]):
        for before, after in pairwise(sequence):
            a, b = passages[before], passages[after]
            gap = b.start - a.end if b.start >= a.end else a.start - b.end
            if flagged[before] and gap <= TEMPLATE_GAP:
                flagged[after] = True
    return flagged


def story_counts(packed: np.ndarray, copies: np.ndarray) -> Counts:
    """Story counts over sorted packed passage keys ``key << 32 | document``, leaving out the
    documents marked in ``copies`` (each an exact or near-duplicate copy of an earlier one)."""
    docs = (packed & _LOW32).astype(np.int64)
    keys = (packed[~copies[docs]] >> np.uint64(32)).astype(np.uint32) if len(packed) else np.empty(0, np.uint32)
    values, number = np.unique(keys, return_counts=True)

    def counts(asked: np.ndarray) -> np.ndarray:
        if not len(values):
            return np.zeros(len(asked), dtype=np.int64)
        at = np.minimum(np.searchsorted(values, asked), len(values) - 1)
        return np.where(values[at] == asked, number[at], 0)

    return counts


def mapping_counts(stored: dict[int, int]) -> Counts:
    """Story counts from a mapping value -> count (the incremental path's)."""

    def counts(asked: np.ndarray) -> np.ndarray:
        return np.fromiter((stored.get(int(v), 0) for v in asked), dtype=np.int64, count=len(asked))

    return counts
