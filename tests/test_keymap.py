"""The SQLite index's in-memory key map against a brute-force dictionary of the same pairs."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
import xxhash

from newsclean.dedup.index.codec import KeyHasher, batch_keys, hashes_blob
from newsclean.dedup.index.keymap import (
    KeyMap,
    Run,
    expand_spans,
    mark_present,
    may_be_present,
    presence_bitmap,
    repeated_pairs,
)


def random_documents(rng: np.random.Generator, count: int, first: int) -> list[tuple[int, np.ndarray]]:
    """Documents numbered from ``first``, each with sorted distinct keys drawn from a small pool
    (so buckets of many sizes form) plus a few keys near the uint64 extremes."""
    pool = np.r_[
        rng.integers(0, 2**63, 300, dtype=np.int64).astype(np.uint64), np.uint64(0), np.uint64(2**64 - 1)
    ]
    return [(first + n, np.unique(rng.choice(pool, rng.integers(0, 30)))) for n in range(count)]


def brute_force(documents: list[tuple[int, np.ndarray]]) -> dict[int, list[int]]:
    buckets: defaultdict[int, list[int]] = defaultdict(list)
    for number, keys in documents:
        for key in keys.tolist():
            buckets[key].append(number)
    return buckets


def filled(rng: np.random.Generator, batches: int, size: int) -> tuple[KeyMap, list[tuple[int, np.ndarray]]]:
    keymap, documents = KeyMap(), []
    for _ in range(batches):
        batch = random_documents(rng, int(rng.integers(1, size)), keymap.upto + 1)
        keymap.add_rows([(number, hashes_blob(keys)) for number, keys in batch])
        documents.extend(batch)
    return keymap, documents


@pytest.mark.parametrize("max_bucket", [None, 1, 5, 20])
def test_lookup_finds_exactly_the_brute_force_buckets(max_bucket: int | None) -> None:
    rng = np.random.default_rng(11)
    keymap, documents = filled(rng, batches=40, size=30)
    buckets = brute_force(documents)
    absent = rng.integers(0, 2**63, 50, dtype=np.int64).astype(np.uint64)
    queries = np.unique(np.r_[np.array(list(buckets), dtype=np.uint64), absent])
    positions, docs = keymap.lookup(queries, max_bucket=max_bucket)
    got: defaultdict[int, list[int]] = defaultdict(list)
    for position, doc in zip(positions.tolist(), docs.tolist(), strict=True):
        got[int(queries[position])].append(doc)
    want = {k: v for k, v in buckets.items() if max_bucket is None or len(v) <= max_bucket}
    assert {k: sorted(v) for k, v in got.items()} == want
    sizes = keymap.bucket_sizes(queries)
    assert sizes.tolist() == [len(buckets.get(int(q), [])) for q in queries]
    assert max(sizes) > 20 and min(sizes) == 0  # big, small and empty buckets were all asked


@pytest.mark.parametrize("max_bucket", [None, 3])
def test_shared_counts_count_each_distinct_key_of_each_list_once(max_bucket: int | None) -> None:
    rng = np.random.default_rng(3)
    keymap, documents = filled(rng, batches=12, size=20)
    buckets = brute_force(documents)
    stored = np.array(list(buckets), dtype=np.uint64)
    lists = [rng.choice(stored, rng.integers(0, 12)) for _ in range(30)]  # repeats within a list too
    lists[4] = np.r_[lists[4], np.uint64(12345)]
    hashes = np.concatenate(lists)
    numbers = np.repeat(np.arange(len(lists)), [len(keys) for keys in lists])
    asking, docs, counts = keymap.shared_counts(hashes, numbers, max_bucket=max_bucket)
    got = {(a, d): c for a, d, c in zip(asking.tolist(), docs.tolist(), counts.tolist(), strict=True)}
    want: defaultdict[tuple[int, int], int] = defaultdict(int)
    for number, keys in enumerate(lists):
        for key in set(keys.tolist()):
            bucket = buckets.get(key, [])
            if max_bucket is None or len(bucket) <= max_bucket:
                for doc in bucket:
                    want[number, doc] += 1
    assert got == dict(want)
    assert max(want.values()) > 1


def test_runs_merge_so_few_remain_and_answers_do_not_change() -> None:
    rng = np.random.default_rng(8)
    keymap, documents = filled(rng, batches=200, size=8)
    assert keymap.runs <= int(np.log2(len(keymap))) + 1
    queries = np.unique(np.array(list(brute_force(documents)), dtype=np.uint64))
    one_run = KeyMap()
    one_run.add_rows([(number, hashes_blob(keys)) for number, keys in documents])
    assert one_run.runs == 1
    assert np.array_equal(keymap.bucket_sizes(queries), one_run.bucket_sizes(queries))
    assert len(keymap) == len(one_run) == sum(len(keys) for _, keys in documents)
    assert keymap.distinct_keys() == len(queries)
    assert 13 * len(keymap) <= keymap.nbytes <= 14 * len(keymap) + 8


def test_merge_keeps_every_pair_sorted() -> None:
    older = Run.of(np.array([5, 1, 9], dtype=np.uint64), np.array([1, 1, 1], dtype=np.uint32))
    newer = Run.of(np.array([5, 0], dtype=np.uint64), np.array([2, 2], dtype=np.uint32))
    merged = older.merge(newer)
    assert merged.keys.tolist() == [0, 1, 5, 5, 9]
    assert merged.docs.tolist() == [2, 1, 1, 2, 1]  # equal keys: the older document first


def test_documents_must_come_in_ascending_numbers() -> None:
    keymap = KeyMap()
    keymap.add_rows([(3, hashes_blob(np.array([7], dtype=np.uint64)))])
    with pytest.raises(ValueError, match="not above 3"):
        keymap.add_rows([(3, hashes_blob(np.array([8], dtype=np.uint64)))])
    with pytest.raises(ValueError, match="document numbers"):
        keymap.add_rows([(2**33, b"")])
    keymap.add_rows([])
    assert (keymap.upto, len(keymap)) == (3, 1)


def test_an_empty_map_finds_nothing() -> None:
    positions, docs = KeyMap().lookup(np.array([1, 2], dtype=np.uint64), max_bucket=3)
    assert positions.size == docs.size == 0
    assert expand_spans(np.zeros(0, np.int64), np.zeros(0, np.int64)).size == 0


def test_batch_keys_hold_each_lists_distinct_key_hashes_as_blobs_and_sorted_pairs() -> None:
    rng = np.random.default_rng(6)
    pool = [f"key-{n}".encode() for n in range(40)]
    lists = [[pool[i] for i in rng.integers(0, 40, rng.integers(0, 30))] for _ in range(50)]
    keys = batch_keys(lists)
    assert len(keys.blobs) == len(lists)
    want = [{xxhash.xxh64_intdigest(k) for k in keys_of} for keys_of in lists]
    for blob, distinct in zip(keys.blobs, want, strict=True):
        assert sorted(np.frombuffer(blob, dtype="<u8").tolist()) == sorted(distinct)
    assert np.all(keys.keys[1:] >= keys.keys[:-1])
    pairs = sorted(zip(keys.keys.tolist(), keys.positions.tolist(), strict=True))
    assert pairs == sorted((h, n) for n, distinct in enumerate(want) for h in distinct)


def test_sorted_pairs_and_blob_rows_make_the_same_map() -> None:
    lists = [[b"a", b"b", b"a"], [], [b"b", b"c"]]
    keys = batch_keys(lists)
    from_rows, from_pairs = KeyMap(), KeyMap()
    from_rows.add_rows(list(zip([5, 6, 7], keys.blobs, strict=True)))
    from_pairs.add_sorted(keys.keys, (keys.positions + 5).astype(np.uint32), upto=7)
    queries = np.unique(keys.keys)
    assert from_rows.upto == from_pairs.upto == 7
    assert from_rows.bucket_sizes(queries).tolist() == from_pairs.bucket_sizes(queries).tolist()
    assert sorted(from_pairs.bucket_sizes(queries).tolist()) == [1, 1, 2]  # a, b (twice), c
    with pytest.raises(ValueError, match="above 7"):
        from_pairs.add_sorted(keys.keys, (keys.positions + 5).astype(np.uint32), upto=9)


def test_repeated_pairs_mark_every_later_copy_of_a_pair() -> None:
    rng = np.random.default_rng(9)
    hashes = rng.integers(0, 5, 300).astype(np.uint64)
    lists = np.sort(rng.integers(0, 6, 300))
    seen, want = set(), []
    for i, pair in enumerate(zip(hashes.tolist(), lists.tolist(), strict=True)):
        if pair in seen:
            want.append(i)
        seen.add(pair)
    assert sorted(repeated_pairs(hashes, lists, np.argsort(hashes)).tolist()) == want


def test_extend_makes_one_run_answering_like_batch_by_batch_adds() -> None:
    rng = np.random.default_rng(12)
    documents = random_documents(rng, 90, 1)
    rows = [(number, hashes_blob(keys)) for number, keys in documents]
    at_once, by_batch = KeyMap(), KeyMap()
    at_once.extend([rows[:30], [], rows[30:70], rows[70:]])
    for start in range(0, 90, 10):
        by_batch.add_rows(rows[start : start + 10])
    queries = np.unique(np.concatenate([keys for _, keys in documents]))
    assert at_once.runs == 1 and by_batch.runs > 1
    assert at_once.upto == by_batch.upto == 90
    assert np.array_equal(at_once.bucket_sizes(queries), by_batch.bucket_sizes(queries))
    with pytest.raises(ValueError, match="not above 90"):
        at_once.extend([rows[:1]])


def test_key_hasher_reuses_a_batch_only_for_the_very_same_keys() -> None:
    hasher = KeyHasher()
    keys = [f"key-{n}".encode() for n in range(6)]
    first, lists = hasher([keys[:2], keys[2:]])
    assert lists.tolist() == [0, 0, 1, 1, 1, 1]
    assert first.tolist() == [xxhash.xxh64_intdigest(k) for k in keys]
    again, lists = hasher([keys])  # the same objects, grouped otherwise: reused
    assert again is first and lists.tolist() == [0] * 6
    copies = [bytes(bytearray(k)) for k in keys]
    assert hasher([copies])[0] is not first  # equal but other objects: hashed again, same values
    assert hasher([copies])[0].tolist() == first.tolist()
    other = [*keys[:5], b"changed"]
    assert hasher([other])[0].tolist() == [xxhash.xxh64_intdigest(k) for k in other]


@pytest.mark.parametrize("step_bits", [3, 8, 23])
def test_a_rebuilt_presence_bitmap_equals_one_marked_run_by_run(step_bits: int) -> None:
    rng = np.random.default_rng(13)
    runs = [
        Run.of(
            rng.integers(0, 2**63, size, dtype=np.int64).astype(np.uint64) * np.uint64(2),
            np.ones(size, np.uint32),
        )
        for size in (700, 90, 5)
    ]
    width = 14
    marked = np.zeros(1 << (width - 3), dtype=np.uint8)
    for run in runs:
        mark_present(marked, 64 - width, run.keys)
    assert np.array_equal(presence_bitmap(runs, width, step_bits=step_bits), marked)
    queries = np.sort(np.r_[runs[0].keys[:50], rng.integers(0, 2**63, 500, dtype=np.int64).astype(np.uint64)])
    maybe = may_be_present(marked, 64 - width, queries)
    assert maybe[np.isin(queries, runs[0].keys)].all()  # a stored key is never ruled out
    assert maybe.mean() < 0.5  # and most others are


@pytest.mark.parametrize("announced", [0, 10, 10**6])
def test_extend_takes_any_announced_size_as_a_hint(announced: int) -> None:
    rng = np.random.default_rng(14)
    documents = random_documents(rng, 40, 1)
    rows = [(number, hashes_blob(keys)) for number, keys in documents]
    hinted, plain = KeyMap(), KeyMap()
    hinted.extend([rows[:15], rows[15:]], pairs=announced)
    plain.add_rows(rows)
    queries = np.unique(np.concatenate([keys for _, keys in documents]))
    assert len(hinted) == len(plain) == sum(len(keys) for _, keys in documents)
    assert np.array_equal(hinted.bucket_sizes(queries), plain.bucket_sizes(queries))
