"""``Deduplicator`` ids keep their type as ``cluster`` keeps them, and the object has a readable repr."""

from __future__ import annotations

from pathlib import Path

import newsclean
from dedup_seeds import seed_texts
from redis_server import redis_url_or_skip, unique_prefix_url

STORY = "the quick brown fox jumps over the lazy dog near the river bank " * 6


def test_int_ids_stay_ints_as_in_cluster() -> None:
    docs = [(1, STORY), (2, STORY), ("x", STORY), (3, "a different text about the council budget " * 6)]
    with newsclean.Deduplicator(clean=False) as dedup:
        added = [doc_id for doc_id, _ in dedup.add_many(docs)]
        assert added == [1, 2, "x", 3]
        assert dedup.clusters() == newsclean.cluster(docs, clean=False) == [[1, 2, "x"], [3]]


def test_ids_of_earlier_runs_are_the_strings_the_index_stores(tmp_path: Path) -> None:
    index = str(tmp_path / "i.sqlite")
    with newsclean.Deduplicator(index=index, clean=False) as first:
        list(first.add_many([(1, STORY)]))
    with newsclean.Deduplicator(index=index, clean=False) as second:
        list(second.add_many([(2, STORY)]))
        assert second.clusters() == [["1", 2]]


def test_repr_names_threshold_index_and_size(tmp_path: Path) -> None:
    with newsclean.Deduplicator(0.7) as dedup:
        dedup.add_many(seed_texts().items()).__next__()
        assert repr(dedup) == "Deduplicator(threshold=0.7, index='memory', documents=5, clean=True)"
    path = str(tmp_path / "crawl.sqlite")
    with newsclean.Deduplicator(index=path) as dedup:
        assert repr(dedup) == f"Deduplicator(threshold=0.5, index={path!r}, documents=0, clean=True)"


def test_repr_of_a_redis_index_shows_no_url() -> None:
    # a URL may carry a password, so the repr names the prefix, never the URL
    with newsclean.Deduplicator(index=unique_prefix_url(redis_url_or_skip())) as dedup:
        text = repr(dedup)
        dedup.index.drop()  # type: ignore[attr-defined]
    assert "prefix='newsclean-test-" in text and "redis://" not in text
