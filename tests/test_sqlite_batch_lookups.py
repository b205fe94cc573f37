"""The Deduplicator's batched lookups on a real SQLite file find exactly what one-by-one lookups find."""

from __future__ import annotations

import numpy as np
import pytest

from dedup_helpers import text, words
from dedup_seeds import seed_texts
from newsclean import Deduplicator
from newsclean.dedup.deduplicator import split_keys
from newsclean.dedup.index import IndexEntry
from newsclean.dedup.index.sqlite import SQLiteIndex
from newsclean.dedup.keys import PASSAGE_PREFIX


def corpus() -> dict[str, str]:
    """Seed articles plus generated ones that reuse a passage or repeat an article with a new tail,
    so matches fall both within one batch and across batches."""
    passage = " ".join(words(70, 100))
    docs = dict(seed_texts())
    for n in range(12):
        docs[f"gen-{n}"] = f"{text(150, 200 + n)} {passage if n % 3 == 0 else ''} {text(120, 300 + n)}"
    for n in range(0, 12, 4):
        docs[f"copy-{n}"] = f"{docs[f'gen-{n}']} {text(15, 400 + n)}"
    return docs


def matches_of(results) -> dict[str, list[tuple[str, str, float, int]]]:  # type: ignore[no-untyped-def]
    return {
        doc_id: [(m.other, m.kind, round(m.similarity, 6), m.shared_words) for m in found]
        for doc_id, found in results
    }


class CountingIndex(SQLiteIndex):
    """Counts how the Deduplicator asks for candidates."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.single_calls = self.batch_calls = 0

    def candidates(self, keys, *, max_bucket=None):  # type: ignore[no-untyped-def]
        self.single_calls += 1
        return super().candidates(keys, max_bucket=max_bucket)

    def candidates_many(self, key_lists, *, max_bucket=None):  # type: ignore[no-untyped-def]
        self.batch_calls += 1
        return super().candidates_many(key_lists, max_bucket=max_bucket)


@pytest.mark.parametrize("batch_size", [3, 7, 100])
def test_batched_sqlite_lookups_match_one_by_one_memory_lookups(tmp_path, batch_size: int) -> None:  # type: ignore[no-untyped-def]
    docs = corpus()
    with Deduplicator(clean=False) as reference:
        want = matches_of((doc_id, reference.add(doc_id, body)) for doc_id, body in docs.items())
    assert sum(map(len, want.values())) >= 8  # near-duplicates and shared passages were found
    with Deduplicator(clean=False, index=str(tmp_path / "i.sqlite")) as dedup:
        got = matches_of(dedup.add_many(docs.items(), batch_size=batch_size))
    assert got == want


def test_the_deduplicator_asks_twice_per_batch_and_sees_earlier_sessions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs = list(corpus().items())
    path = tmp_path / "i.sqlite"
    with Deduplicator(clean=False, index=str(path)) as first:
        list(first.add_many(docs[:10], batch_size=5))
        meta = first.index.meta
    index = CountingIndex(path, meta)
    with Deduplicator(clean=False, index=index) as dedup:
        results = dict(dedup.add_many(docs[10:], batch_size=5))
        batches = -(-len(docs[10:]) // 5)
        # one call for the band and exact keys, one for the passage keys (their own bucket limit)
        assert (index.batch_calls, index.single_calls) == (2 * batches, 0)
        # copy-0 repeats gen-0, which the first session stored
        assert any(m.other == "gen-0" for m in results["copy-0"])


@pytest.mark.parametrize(
    "keys",
    [(), (b"Pa", b"Pb"), (b"E1", b"B2", b"Pa", b"Pb"), (b"Pa", b"E1", b"Pb"), (b"E1", b"Pa", b"B2"), (b"", b"P")],
    ids=["none", "passages-only", "passages-last", "mixed", "passage-in-the-middle", "empty-key"],
)
def test_split_keys_keeps_both_groups_in_order_whatever_the_key_order(keys: tuple[bytes, ...]) -> None:
    entry = IndexEntry("x", None, np.zeros(4, np.uint32), np.zeros(4, np.uint32), keys, 4)
    other, passage = split_keys(entry)
    assert passage == [k for k in keys if k.startswith(PASSAGE_PREFIX)]
    assert other == [k for k in keys if not k.startswith(PASSAGE_PREFIX)]
