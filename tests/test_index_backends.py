"""One conformance suite for every index backend: the memory index is the reference semantics.

SQLite runs on a real file in ``tmp_path``; Redis on the real server named by
``NEWSCLEAN_TEST_REDIS_URL`` (see ``tests/redis_server.py``), each test under its own prefix.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from newsclean.dedup.index import IndexEntry, IndexMeta, MemoryIndex, candidates_many, open_index
from newsclean.dedup.index.sqlite import SQLiteIndex
from newsclean.errors import IndexMismatchError
from newsclean.results import Match, Passage
from redis_server import redis_url_or_skip, unique_prefix_url
from sqlite_workers import META

Opener = Callable[[IndexMeta], object]


def make_entry(
    doc_id: str, keys: tuple[bytes, ...], *, source: str | None = "example.org", words: int = 120
) -> IndexEntry:
    """An entry with reproducible pseudo-random fingerprints, including values above 2**31."""
    rng = np.random.default_rng(abs(hash(doc_id)) % 2**32)
    return IndexEntry(
        id=doc_id,
        source=source,
        signature=rng.integers(0, 2**32, META.num_perm, dtype=np.uint64).astype(np.uint32),
        grams=rng.integers(0, 2**32, words - 4, dtype=np.uint64).astype(np.uint32),
        keys=keys,
        words=words,
    )


@pytest.fixture(params=["memory", "sqlite", "redis"], ids=["memory", "sqlite", "redis"])
def opener(request: pytest.FixtureRequest, tmp_path) -> Iterator[Opener]:
    """A function opening *the same* index (with the given meta) each time it is called."""
    opened: list[object] = []
    if request.param == "memory":
        shared: dict[str, MemoryIndex] = {}

        def open_memory(meta: IndexMeta) -> MemoryIndex:
            return shared.setdefault("index", MemoryIndex(meta))

        yield open_memory
        return
    location = (
        str(tmp_path / "index.sqlite")
        if request.param == "sqlite"
        else unique_prefix_url(redis_url_or_skip())
    )

    def open_stored(meta: IndexMeta):
        index = open_index(location, meta)
        opened.append(index)
        return index

    yield open_stored
    if request.param == "redis":
        open_index(location, META).drop()
    for index in opened:
        index.close()


@pytest.fixture
def index(opener: Opener):
    return opener(META)


def assert_same_entry(got: IndexEntry, want: IndexEntry, index: object) -> None:
    assert (got.id, got.source, got.words) == (want.id, want.source, want.words)
    # Persistent backends keep keys only in their key tables, not a second time per document.
    assert got.keys == ()  # every backend gives entries back without their keys: the buckets hold them
    assert got.signature.dtype == np.uint32
    assert np.array_equal(got.signature, want.signature)
    assert np.array_equal(got.grams, want.grams)


def test_open_index_picks_the_backend_from_the_location(tmp_path) -> None:
    assert isinstance(open_index(None, META), MemoryIndex)
    assert isinstance(open_index(str(tmp_path / "a.sqlite"), META), SQLiteIndex)
    assert isinstance(open_index(f"sqlite://{tmp_path / 'b.db'}", META), SQLiteIndex)
    assert (tmp_path / "b.db").is_file()


def test_add_then_len_contains_and_ids_in_insertion_order(index) -> None:
    assert len(index) == 0
    index.add([make_entry("b", (b"k1",)), make_entry("a", (b"k2",))])
    index.add([make_entry("c", (b"k1", b"k3"))])
    assert len(index) == 3
    assert list(index.ids()) == ["b", "a", "c"]
    assert "a" in index and "c" in index
    assert "zzz" not in index and 42 not in index


def test_get_returns_what_was_stored_in_the_order_asked(index) -> None:
    first = make_entry("doc-1", (b"\x00\xffband", b"passage:\x01"), source="site.example")
    second = make_entry("doc-2", (b"x",), source=None, words=7)
    index.add([first, second])
    got = index.get(["doc-2", "missing", "doc-1"])
    assert [e.id for e in got] == ["doc-2", "doc-1"]
    assert_same_entry(got[0], second, index)
    assert_same_entry(got[1], first, index)
    assert index.get([]) == []


def test_candidates_count_shared_keys_once_each(index) -> None:
    index.add(
        [make_entry("a", (b"k1", b"k2", b"k3")), make_entry("b", (b"k2",)), make_entry("c", (b"other",))]
    )
    assert index.candidates([b"k1", b"k2", b"k2", b"nope"]) == {"a": 2, "b": 1}
    assert index.candidates([b"nope"]) == {}
    assert index.candidates([]) == {}


def test_first_gives_the_earliest_documents_of_a_hot_key(index) -> None:
    # 600 holders: past the size where Redis keeps a set as a sorted intset; in three batches, so
    # SQLite's key map holds the key in more than one run.
    for start in (0, 200, 400):
        index.add([make_entry(f"h{i:03d}", (b"hot", f"own{i}".encode())) for i in range(start, start + 200)])
    for _ in range(2):  # the second lookup reads what the first one may have cached
        assert index.candidates([b"hot", b"own450"], first=3) == {"h000": 1, "h001": 1, "h002": 1, "h450": 1}
    found = candidates_many(index, [[b"hot"], [b"own7", b"hot"]], first=2)
    assert found == [{"h000": 1, "h001": 1}, {"h000": 1, "h001": 1, "h007": 1}]
    assert len(index.candidates([b"hot"])) == 600


def test_max_bucket_skips_keys_shared_by_too_many_documents(index) -> None:
    index.add([make_entry(f"d{i}", (b"common", f"own{i}".encode())) for i in range(5)])
    index.add([make_entry("x", (b"pair",)), make_entry("y", (b"pair",))])
    assert index.candidates([b"common", b"own1"], max_bucket=4) == {"d1": 1}
    assert index.candidates([b"common", b"own1"], max_bucket=5) == {f"d{i}": 1 + (i == 1) for i in range(5)}
    assert index.candidates([b"pair"], max_bucket=2) == {"x": 1, "y": 1}
    assert index.candidates([b"common"], max_bucket=None) == {f"d{i}": 1 for i in range(5)}


def test_candidates_many_answers_each_list_like_candidates(index) -> None:
    index.add([make_entry("a", (b"k1", b"k2", b"k3")), make_entry("b", (b"k2",)), make_entry("c", (b"k3",))])
    index.add([make_entry("d", (b"k3", b"k4"))])
    lists = [[b"k1", b"k2", b"k2", b"nope"], [], [b"nope"], [b"k3"], [b"k4", b"k3", b"k2"]]
    assert candidates_many(index, lists) == [
        {"a": 2, "b": 1},
        {},
        {},
        {"a": 1, "c": 1, "d": 1},
        {"a": 2, "b": 1, "c": 1, "d": 2},
    ]
    # k3 holds three documents and k2 two: a bucket limit of 2 drops k3 from every list asking for it.
    assert candidates_many(index, lists, max_bucket=2) == [
        {"a": 2, "b": 1},
        {},
        {},
        {},
        {"a": 1, "b": 1, "d": 1},
    ]
    assert candidates_many(index, []) == []


@pytest.mark.parametrize("max_bucket", [None, 1, 3])
def test_candidates_many_agrees_with_candidates_on_many_overlapping_lists(
    index, max_bucket: int | None
) -> None:
    rng = np.random.default_rng(5)
    pool = [f"key-{n}".encode() for n in range(200)]  # buckets of 0 to ~8 documents
    for batch in range(3):
        index.add(
            [
                make_entry(f"doc-{batch}-{n}", tuple(pool[i] for i in rng.choice(200, rng.integers(0, 12))))
                for n in range(25)
            ]
        )
    lists = [
        [pool[i] for i in rng.integers(0, 220, rng.integers(0, 25)) if i < 200] + [b"absent"]
        for _ in range(40)
    ]
    want = [index.candidates(keys, max_bucket=max_bucket) for keys in lists]
    assert candidates_many(index, lists, max_bucket=max_bucket) == want
    assert sum(map(len, want)) > 20  # the lists do find documents


def test_candidates_many_loops_over_candidates_for_backends_without_it() -> None:
    class OnlyCandidates:
        """An index written before ``candidates_many`` existed."""

        def __init__(self) -> None:
            self.inner = MemoryIndex(META)
            self.calls = 0

        def candidates(self, keys, *, max_bucket=None):
            self.calls += 1
            return self.inner.candidates(keys, max_bucket=max_bucket)

    old = OnlyCandidates()
    old.inner.add([make_entry("a", (b"k1",)), make_entry("b", (b"k1", b"k2"))])
    assert candidates_many(old, [[b"k1"], [], [b"k2"]], max_bucket=1) == [{}, {}, {"b": 1}]
    assert old.calls == 2  # empty lists are not asked


def test_links_round_trip_in_insertion_order(index) -> None:
    near = Match(id="b", other="a", kind="near_duplicate", similarity=0.8125)
    reuse = Match(
        id="c",
        other="a",
        kind="shared_passage",
        similarity=0.3333333333333333,
        shared_words=44,
        passages=(Passage(3, 47, 10, 54, "shared words here"), Passage(60, 70, 80, 90)),
    )
    index.add([make_entry("a", (b"k",))])
    index.add([make_entry("b", (b"k",))], [near])
    index.add([make_entry("c", (b"k",))], [reuse])
    assert list(index.links()) == [near, reuse]


def test_a_taken_id_rejects_the_whole_batch(index) -> None:
    index.add([make_entry("a", (b"k",))])
    with pytest.raises(ValueError, match="'a'"):
        index.add(
            [make_entry("new", (b"k", b"fresh")), make_entry("a", (b"k",))],
            [Match(id="new", other="a", kind="near_duplicate", similarity=0.9)],
        )
    assert list(index.ids()) == ["a"]
    assert "new" not in index
    assert index.candidates([b"fresh", b"k"]) == {"a": 1}
    assert list(index.links()) == []


def test_one_id_twice_in_a_batch_is_refused(index) -> None:
    with pytest.raises(ValueError, match="'twice'"):
        index.add([make_entry("twice", (b"k",)), make_entry("twice", (b"j",))])
    assert len(index) == 0


def test_stats_count_documents_keys_and_links(index) -> None:
    index.add(
        [make_entry("a", (b"k1", b"k2")), make_entry("b", (b"k2",))], [Match("b", "a", "near_duplicate", 0.7)]
    )
    stats = index.stats()
    assert (stats["documents"], stats["keys"], stats["links"]) == (2, 2, 1)
    assert stats["meta"] == META.to_dict()


def test_reopening_continues_the_same_index(opener: Opener) -> None:
    opener(META).add([make_entry("a", (b"k",))], [])
    again = opener(META)
    again.add([make_entry("b", (b"k",))])
    assert list(again.ids()) == ["a", "b"]
    assert again.candidates([b"k"]) == {"a": 1, "b": 1}


@pytest.mark.parametrize("field", ["num_perm", "seed", "bands", "shingle", "scheme"])
def test_other_parameters_are_refused_naming_the_field(opener: Opener, field: str) -> None:
    first = opener(META)
    if isinstance(first, MemoryIndex):
        pytest.skip("the memory index lives in one process: nothing stored to mismatch")
    first.add([make_entry("a", (b"k",))])
    value = getattr(META, field)
    other = dataclasses.replace(META, **{field: value + 1 if isinstance(value, int) else value + "-other"})
    with pytest.raises(IndexMismatchError, match=field):
        opener(other)


def test_persistent_indexes_survive_pickling(opener: Opener) -> None:
    index = opener(META)
    if isinstance(index, MemoryIndex):
        pytest.skip("the memory index is not shared across processes")
    index.add([make_entry("a", (b"k",))])
    copy = pickle.loads(pickle.dumps(index))
    try:
        assert copy.candidates([b"k"]) == {"a": 1}
        copy.add([make_entry("b", (b"k",))])
        assert list(index.ids()) == ["a", "b"]
    finally:
        copy.close()


def test_empty_batch_changes_nothing(index) -> None:
    index.add([])
    assert len(index) == 0 and list(index.links()) == []


def test_candidates_many_with_min_shared_keeps_only_ids_sharing_enough_keys(index) -> None:
    index.add([make_entry("a", (b"k1", b"k2", b"k3")), make_entry("b", (b"k2",)), make_entry("c", (b"k3", b"k1"))])
    index.add([make_entry("d", (b"k2",))])
    lists = [[b"k1", b"k2", b"k3"], [b"k2", b"k2"], [b"k1", b"k3"]]
    want = [{"a": 3, "c": 2}, {"a": 1, "b": 1, "d": 1}, {"a": 2, "c": 2}]
    assert candidates_many(index, lists, min_shared=[2, 1, 2]) == want
    assert candidates_many(index, lists, min_shared=3) == [{"a": 3}, {}, {}]
    # k2 holds three documents: over the limit, so no list counts it
    assert candidates_many(index, lists, max_bucket=2, min_shared=1) == [{"a": 2, "c": 2}, {}, {"a": 2, "c": 2}]
    with pytest.raises(ValueError, match="3 key lists"):
        candidates_many(index, lists, min_shared=[1, 1])
    with pytest.raises(ValueError, match=">= 1"):
        candidates_many(index, lists, min_shared=0)
