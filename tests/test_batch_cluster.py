"""The batch engine behind cluster(): same clusters as the incremental Deduplicator path, lazily, leanly."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup_corpus import generate, score
from dedup_helpers import text, words
from dedup_seeds import EXPECTED_SEED_CLUSTERS, seed_texts
from newsclean import cluster
from newsclean.config import DedupConfig
from newsclean.dedup.batch import CHUNK, group_pairs, key_slices
from newsclean.dedup.clustering import cluster_matches
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.keys import densify, pack, passage_keys
from newsclean.dedup.shingle import (
    ShingleConfig,
    code_points,
    fast_token_hashes,
    span_hashes,
    tokens,
)
from newsclean.dedup.signature import EMPTY_VALUE
from newsclean.dedup.verify import verify
from newsclean.errors import ConfigError
from test_shingle_batch import PIECES as _PIECES


def test_labelled_set_clusters_equal_the_incremental_path() -> None:
    docs = generate().docs
    incremental, _ = cluster_matches(docs, clean=False)  # Deduplicator + MemoryIndex, the old path
    assert cluster(docs, clean=False) == incremental


def test_seed_clusters_and_other_settings_equal_the_incremental_path() -> None:
    assert cluster(seed_texts(), clean=False) == EXPECTED_SEED_CLUSTERS
    docs = generate(seed=11, bases=12).docs
    for options in ({"threshold": 0.8}, {"shingle_size": 4, "min_passage_words": 8}):
        assert cluster(docs, clean=False, **options) == cluster_matches(docs, clean=False, **options)[0], options


def test_near_duplicates_alone_are_found_at_least_as_well() -> None:
    # Without passage keys only band LSH proposes candidates, and near the threshold it finds a
    # pair with probability ~0.55 under either signature, so the two paths may differ pair by pair;
    # both verify every link exactly, so neither precision nor recall may drop noticeably.
    corpus = generate(seed=11, bases=12)
    batch = score(cluster(corpus.docs, clean=False, min_shared_words=None), corpus)["all"]
    incremental = score(cluster_matches(corpus.docs, clean=False, min_shared_words=None)[0], corpus)["all"]
    assert batch.precision >= incremental.precision - 0.02, (batch, incremental)
    assert batch.recall >= incremental.recall - 0.02, (batch, incremental)


def test_iterator_is_read_once_and_in_chunks() -> None:
    base = words(300, 5)
    consumed: list[int] = []

    def stream():
        for i in range(CHUNK + 3):
            consumed.append(i)
            body = " ".join(base) if i in (0, CHUNK + 2) else text(60, 1000 + i)
            yield (f"d{i}", body)

    clusters = cluster(stream(), clean=False)
    assert consumed == list(range(CHUNK + 3))
    assert ["d0", f"d{CHUNK + 2}"] in clusters  # a copy in a later chunk still finds its original
    assert sum(map(len, clusters)) == CHUNK + 3


def test_workers_give_the_same_clusters() -> None:
    docs = generate(seed=3, bases=10).docs
    assert cluster(docs, clean=False, workers=2) == cluster(docs, clean=False)


def test_bad_input_gives_clear_errors() -> None:
    with pytest.raises(ValueError, match="duplicate document id 'a'"):
        cluster([("a", "x"), ("b", "y"), ("a", "z")], clean=False)
    with pytest.raises(ConfigError, match="workers"):
        cluster({"a": "x"}, clean=False, workers=0)
    with pytest.raises(TypeError, match="not a string"):
        cluster("abc", clean=False)
    with pytest.raises(TypeError, match="must be str"):
        cluster([("a", b"bytes")], clean=False)
    with pytest.raises(ConfigError, match="unknown"):
        cluster({"a": "x"}, clean=False, shingles=3)


def _brute_pairs(keys: list[int], max_bucket: int | None) -> set[tuple[int, int]]:
    pairs = set()
    for key in set(keys):
        members = [doc for doc, k in enumerate(keys) if k == key]
        for rank, later in enumerate(members):
            if max_bucket is None or rank <= max_bucket:
                pairs.update((later, earlier) for earlier in members[:rank])
    return pairs


@given(st.lists(st.integers(0, 6), max_size=40), st.sampled_from([None, 2, 3]))
@settings(max_examples=60, deadline=None)
def test_group_pairs_pairs_each_document_with_earlier_holders_of_its_key(keys: list[int], max_bucket: int | None) -> None:
    packed = np.sort(pack(np.array(keys, dtype=np.uint64), np.arange(len(keys))))
    found = group_pairs(packed, max_bucket)
    as_set = {(int(p >> np.uint64(32)), int(p & np.uint64(0xFFFFFFFF))) for p in found}
    assert len(as_set) == len(found)
    assert as_set == _brute_pairs(keys, max_bucket)


def test_densify_fills_empty_bins_and_keeps_equal_rows_equal() -> None:
    rows = np.full((3, 8), EMPTY_VALUE, dtype=np.uint32)
    rows[0, [1, 5]] = [10, 20]
    rows[1, [1, 5]] = [10, 20]
    dense = densify(rows.copy())
    assert not (dense[:2] == EMPTY_VALUE).any()
    assert np.array_equal(dense[0], dense[1])
    assert (dense[2] == EMPTY_VALUE).all()  # nothing to borrow from
    assert dense[0, 1] == 10 and dense[0, 5] == 20 and dense[0, 2] != dense[0, 3]


@given(st.lists(_PIECES, max_size=30), st.booleans())
@settings(max_examples=200, deadline=None)
def test_vectorized_tokenizer_gives_the_tokens_of_tokens(pieces: list[str], fold_digits: bool) -> None:
    config = ShingleConfig(fold_digits=fold_digits)
    body = "".join(pieces)
    expected = tokens(body, config)
    lengths = np.array([len(t) for t in expected], dtype=np.int64)
    starts = np.cumsum(lengths + 1) - lengths - 1
    reference = span_hashes(code_points(" ".join(expected)), starts, starts + lengths)
    assert np.array_equal(fast_token_hashes(body, config), reference)


@given(st.lists(st.lists(st.integers(0, 2**32 - 1), max_size=40), min_size=1, max_size=6), st.integers(1, 12))
@settings(max_examples=80, deadline=None)
def test_a_documents_passage_keys_do_not_depend_on_its_chunk(docs: list[list[int]], window: int) -> None:
    config = Fingerprinter.from_config(DedupConfig(passage_window=window)).passage
    grams_of = [np.array(d, dtype=np.uint32) for d in docs]
    owner = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    found = passage_keys(np.concatenate(grams_of), owner, config)
    alone = [passage_keys(g, np.zeros(len(g), dtype=np.int64), config) for g in grams_of]
    expected = [pack(keys >> np.uint64(32), np.full(len(keys), i)) for i, keys in enumerate(alone) if len(keys)]
    assert np.array_equal(found, np.unique(np.concatenate(expected)) if expected else np.empty(0, dtype=np.uint64))


@given(st.lists(st.integers(0, 5), max_size=60), st.integers(1, 7))
@settings(max_examples=60, deadline=None)
def test_key_slices_cover_everything_without_splitting_a_key(keys: list[int], size: int) -> None:
    packed = np.sort(pack(np.array(keys, dtype=np.uint64), np.arange(len(keys))))
    cuts = key_slices(packed, size)
    assert np.array_equal(np.concatenate([packed[c] for c in cuts]) if cuts else packed[:0], packed)
    for left, right in pairwise(cuts):
        assert packed[left][-1] >> np.uint64(32) != packed[right][0] >> np.uint64(32)


def test_verify_without_explanation_decides_the_same() -> None:
    config = DedupConfig()
    fingerprinter = Fingerprinter.from_config(config)
    base = words(300, 21)
    near = fingerprinter.fingerprint("b", " ".join([*base[:150], "one", "edit", *base[150:]]))
    reuse = fingerprinter.fingerprint("c", " ".join(words(100, 22) + base[40:110] + words(100, 23)))
    original = fingerprinter.fingerprint("a", " ".join(base))
    for newer in (near, reuse):
        full, brief = verify(newer, original, config), verify(newer, original, config, explain=False)
        assert full is not None and brief is not None
        assert (brief.kind, brief.similarity) == (full.kind, full.similarity)
    assert verify(near, original, config).passages and not verify(near, original, config, explain=False).passages
    assert verify(reuse, original, config, explain=False).passages  # the passages are the decision there
