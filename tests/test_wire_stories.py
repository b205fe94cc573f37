"""Thousands of copies of one story: every engine still puts each story's copies in one cluster.

Hot keys (a band or passage key held by thousands of copies) are met through their earliest
documents only (``DedupConfig.representatives``), so time and memory stay linear
(``benchmarks/bench_wire.py`` measures that); these tests check the clusters, not the time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclean import Deduplicator, cluster
from redis_server import redis_url_or_skip, unique_prefix_url
from wire_corpus import wire_corpus

COPIES = 3000


def _as_sets(clusters: list[list[object]]) -> list[set[str]]:
    return [set(map(str, c)) for c in clusters]


def _same(found: list[set[str]], expected: list[set[str]]) -> bool:
    return sorted(map(sorted, found)) == sorted(map(sorted, expected))


@pytest.fixture(scope="module")
def corpus():
    return wire_corpus(COPIES)


def test_cluster_puts_thousands_of_copies_together(corpus) -> None:
    found = _as_sets(cluster(corpus.docs, clean=False))
    assert _same(found, corpus.expected_clusters())
    assert max(map(len, found)) > 600  # each story has hundreds of copies


def test_copies_beyond_max_bucket_still_join_their_story(corpus) -> None:
    # Band keys are never dropped as boilerplate: the 600 copies of a story share them with far
    # more documents than max_bucket, and still meet the story's earliest copies.
    docs = corpus.docs[:1500]
    expected = [c & {d["id"] for d in docs} for c in corpus.expected_clusters()]
    found = _as_sets(cluster(docs, clean=False, max_bucket=50))
    assert _same(found, [c for c in expected if c])


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_the_incremental_path_finds_the_same_clusters(corpus, tmp_path: Path, backend: str) -> None:
    docs = corpus.docs[:1200]
    expected = [c for c in (c & {d["id"] for d in docs} for c in corpus.expected_clusters()) if c]
    where = str(tmp_path / "wire.sqlite") if backend == "sqlite" else unique_prefix_url(redis_url_or_skip())
    with Deduplicator(clean=False, index=where) as dedup:
        results = dict(dedup.add_many(docs, batch_size=200))
        assert _same(_as_sets(dedup.clusters()), expected)
    # every copy after the first of its story is linked to one earlier copy of the same story: the
    # first confirmed copy stands for its cluster, the other copies are not verified
    earlier: dict[int, int] = {}
    for doc in docs:
        story, found = corpus.story_of[doc["id"]], results[doc["id"]]
        if story is None:
            assert found == []
            continue
        if earlier.get(story):
            assert len(found) == 1 and corpus.story_of[found[0].other] == story
        earlier[story] = earlier.get(story, 0) + 1
    assert max(earlier.values()) > 200


def test_every_representatives_setting_gives_the_same_clusters(corpus) -> None:
    docs = corpus.docs[:300]
    with Deduplicator(clean=False, representatives=None) as every, Deduplicator(clean=False) as few:
        every_matches = dict(every.add_many(docs))
        few_matches = dict(few.add_many(docs))
        assert _same(_as_sets(every.clusters()), _as_sets(few.clusters()))
    for matches in (every_matches, few_matches):  # once a copy is confirmed, the rest of its cluster is skipped
        assert all(len(matches[d["id"]]) == 1 for d in docs[100:] if corpus.story_of[d["id"]] is not None)


def test_matches_do_not_depend_on_the_hash_seed() -> None:
    # Which copy is confirmed first depends on the order candidates come back in; that order must
    # not follow Python's per-process string hashing.
    import os
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from wire_corpus import wire_corpus\n"
        "import newsclean\n"
        "docs = wire_corpus(400).docs\n"
        "with newsclean.Deduplicator(clean=False) as d:\n"
        "    print(json.dumps([[i, [m.other for m in ms]] for i, ms in d.add_many(docs, batch_size=100)]))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
