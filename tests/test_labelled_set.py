"""Pairwise precision and recall on the generated labelled set (tests/dedup_corpus.py), per kind.

The figures are printed (``pytest -s``) and quoted in docs/dedup.md.
"""

from __future__ import annotations

import pytest

from dedup_corpus import NEGATIVE_KINDS, POSITIVE_KINDS, LabelledCorpus, Score, generate, report, score
from newsclean.dedup.clustering import cluster

MIN_PRECISION = 0.99
MIN_RECALL = 0.95


@pytest.fixture(scope="module")
def corpus() -> LabelledCorpus:
    return generate()


@pytest.fixture(scope="module")
def scores(corpus: LabelledCorpus) -> dict[str, Score]:
    found = score(cluster(corpus.docs, clean=False), corpus)
    print("\n" + report(found))
    return found


def test_corpus_is_large_and_covers_every_kind(corpus: LabelledCorpus) -> None:
    assert len(corpus.docs) >= 500
    kinds = set(corpus.kind.values())
    assert kinds == set(POSITIVE_KINDS) | set(NEGATIVE_KINDS)
    assert generate().docs == corpus.docs  # deterministic for a seed
    assert generate(seed=7, bases=3).docs != generate(seed=8, bases=3).docs


@pytest.mark.parametrize("kind", POSITIVE_KINDS)
def test_every_kind_is_found(scores: dict[str, Score], kind: str) -> None:
    found = scores[kind]
    assert found.true_pairs > 0
    assert found.recall >= MIN_RECALL, found
    assert found.precision >= MIN_PRECISION, found


@pytest.mark.parametrize("kind", ["same_topic", "short_quote", "short", "boilerplate"])
def test_must_stay_apart(scores: dict[str, Score], kind: str) -> None:
    # No true pairs: every predicted pair involving these documents is a false link.
    assert scores[kind].predicted_pairs <= (1 - MIN_PRECISION) * scores["all"].true_pairs, scores[kind]


def test_boilerplate_case_is_exercised(scores: dict[str, Score]) -> None:
    assert scores["boilerplate"].examined_pairs >= 100  # same-outlet originals sharing only a footer


def test_overall(scores: dict[str, Score]) -> None:
    assert scores["all"].precision >= MIN_PRECISION and scores["all"].recall >= MIN_RECALL, scores["all"]
