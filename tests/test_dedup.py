"""Deduplicator: incremental add/query/clusters, batches, backends, errors."""

from __future__ import annotations

import pytest

from dedup_helpers import text, words
from dedup_seeds import EXPECTED_SEED_CLUSTERS, seed_texts
from newsclean import Deduplicator
from newsclean.dedup.deduplicator import without_text
from newsclean.dedup.documents import source_of
from newsclean.dedup.index import MemoryIndex
from newsclean.errors import ConfigError, IndexMismatchError


def test_add_returns_earlier_matches_with_passage_text() -> None:
    passage = " ".join(words(60, 1))
    with Deduplicator(clean=False) as dedup:
        assert dedup.add("a", f"{text(200, 2)} {passage} {text(100, 3)}", source="one") == []
        assert dedup.add("b", text(300, 4), source="two") == []
        found = dedup.add("c", f"{text(80, 5)} {passage} {text(90, 6)}", source="three")
        assert [(m.id, m.other, m.kind) for m in found] == [("c", "a", "shared_passage")]
        assert found[0].passages[0].text == passage
        assert dedup.clusters() == [["a", "c"], ["b"]]
        assert len(dedup) == 3 and dedup.explain("a") == [without_text(m) for m in found]
        assert dedup.links()[0].passages[0].text is None  # the index keeps offsets, not text


def test_query_does_not_add() -> None:
    body = text(200, 10)
    with Deduplicator(clean=False) as dedup:
        dedup.add("a", body)
        assert [m.other for m in dedup.query(body + " plus a tail")] == ["a"]
        assert len(dedup) == 1 and dedup.query(text(200, 11)) == []


def test_add_many_matches_within_a_batch_and_writes_once_per_batch() -> None:
    class CountingIndex(MemoryIndex):
        calls = 0

        def add(self, entries, links=()):  # type: ignore[no-untyped-def]
            CountingIndex.calls += 1
            super().add(entries, links)

    seeds = seed_texts()
    with Deduplicator(clean=False) as probe:
        meta = probe.index.meta
    index = CountingIndex(meta)
    with Deduplicator(clean=False, index=index) as dedup:
        results = list(dedup.add_many(seeds.items(), batch_size=3))
        assert [doc_id for doc_id, _ in results] == list(seeds)
        assert CountingIndex.calls == 2
        assert dedup.clusters() == EXPECTED_SEED_CLUSTERS
        assert {m.other for m in dict(results)["004"]} == {"002", "003"}


def test_duplicate_id_is_refused_and_named() -> None:
    with Deduplicator(clean=False) as dedup:
        dedup.add("a", "some text")
        with pytest.raises(ValueError, match="'a'"):
            dedup.add("a", "other text")
        with pytest.raises(ValueError, match="'b'"):
            list(dedup.add_many([("b", "x"), ("b", "y")]))
        assert len(dedup) == 1


def test_bad_arguments() -> None:
    with Deduplicator(clean=False) as dedup:
        with pytest.raises(TypeError, match="must be str"):
            dedup.add("a", 42)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="id must be str or int"):
            dedup.add(None, "text")  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match="batch_size"):
            list(dedup.add_many([], batch_size=0))
        with pytest.raises(KeyError):
            dedup.explain("missing")
    with pytest.raises(ConfigError, match="threshold"):
        Deduplicator(threshold=2.0)
    with pytest.raises(ConfigError, match="unknown Deduplicator option"):
        Deduplicator(num_perms=64)
    with pytest.raises(ConfigError, match="index must be"):
        Deduplicator(index=3.5)  # type: ignore[arg-type]


def test_sqlite_index_persists_and_checks_parameters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "dedup.sqlite")
    seeds = seed_texts()
    with Deduplicator(clean=False, index=path) as dedup:
        list(dedup.add_many(list(seeds.items())[:3]))
    with Deduplicator(clean=False, index=path) as dedup:
        list(dedup.add_many(list(seeds.items())[3:]))
        assert dedup.clusters() == EXPECTED_SEED_CLUSTERS
        assert {m.kind for m in dedup.links()} == {"shared_passage"}
    with pytest.raises(IndexMismatchError, match="num_perm"):
        Deduplicator(clean=False, index=path, num_perm=64)


def test_redis_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from redis_server import redis_url_or_skip, unique_prefix_url

    url = unique_prefix_url(redis_url_or_skip())
    with Deduplicator(clean=False, index=url) as dedup:
        list(dedup.add_many(seed_texts().items(), batch_size=2))
        assert dedup.clusters() == EXPECTED_SEED_CLUSTERS


def test_source_from_url() -> None:
    assert source_of(None, "https://www.Example.com/a/b") == "example.com"
    assert source_of("wire", "https://example.com") == "wire"
    assert source_of(None, None) is None
    with pytest.raises(TypeError):
        source_of(None, 5)  # type: ignore[arg-type]


def test_same_source_boilerplate_does_not_link_but_duplicates_do() -> None:
    footer = " ".join(words(70, 20))
    body = text(250, 21)
    with Deduplicator(clean=False) as dedup:
        dedup.add("a", f"{body} {footer}", url="https://outlet.example/1")
        assert dedup.add("b", f"{text(250, 22)} {footer}", url="https://outlet.example/2") == []
        assert [m.kind for m in dedup.add("c", f"{body} {footer}", url="https://outlet.example/3")] == ["exact"]
        # Another site reproducing those 70 words is reuse, not boilerplate: it links to all three.
        found = dedup.add("d", f"{text(250, 23)} {footer}", url="https://other.example/")
        assert [(m.other, m.kind) for m in found] == [("a", "shared_passage"), ("b", "shared_passage"), ("c", "shared_passage")]
