"""MinHash signatures must equal datasketch 2.x's affine32 signatures bit for bit."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from dedup_seeds import seed_texts
from newsclean.dedup.shingle import ShingleConfig, shingles
from newsclean.dedup.signature import (
    EMPTY_VALUE,
    SignatureConfig,
    estimate_jaccard,
    from_bytes,
    minhash,
    permutations,
    to_bytes,
    to_datasketch,
)


def _identity(value: np.uint32) -> int:
    return int(value)


def _datasketch(grams: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    reference = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
    reference.update_batch(grams)
    return reference.hashvalues


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (256, 42)])
def test_equals_datasketch(num_perm: int, seed: int) -> None:
    grams = np.random.default_rng(seed).integers(0, 2**32, size=5000, dtype=np.uint32)  # > one chunk
    ours = minhash(grams, SignatureConfig(num_perm=num_perm, seed=seed))
    assert ours.dtype == np.uint32
    assert np.array_equal(ours, _datasketch(grams, num_perm, seed))


def test_equals_datasketch_on_real_text() -> None:
    grams, _ = shingles(seed_texts()["000"], ShingleConfig())
    assert np.array_equal(minhash(grams, SignatureConfig()), _datasketch(grams, 128, 1))


def test_empty_set_is_datasketch_empty() -> None:
    sig = minhash(np.empty(0, dtype=np.uint32), SignatureConfig(num_perm=32))
    assert np.array_equal(sig, MinHash(num_perm=32).hashvalues)
    assert (sig == EMPTY_VALUE).all()


def test_datasketch_lsh_accepts_our_signatures() -> None:
    config = SignatureConfig()
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, size=400, dtype=np.uint32)
    near = np.concatenate([base[:380], rng.integers(0, 2**32, size=20, dtype=np.uint32)])
    other = rng.integers(0, 2**32, size=400, dtype=np.uint32)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    lsh.insert("base", to_datasketch(minhash(base, config), config))
    lsh.insert("other", to_datasketch(minhash(other, config), config))
    assert lsh.query(to_datasketch(minhash(near, config), config)) == ["base"]
    estimate = estimate_jaccard(minhash(base, config), minhash(near, config))
    assert estimate == pytest.approx(to_datasketch(minhash(base, config), config).jaccard(
        to_datasketch(minhash(near, config), config)))
    assert 0.75 < estimate < 1.0


def test_permutations_are_cached_and_read_only() -> None:
    a, _ = permutations(128, 1)
    assert permutations(128, 1)[0] is a
    assert (a & 1).all()  # odd multipliers: bijections
    with pytest.raises(ValueError):
        a[0] = 2


def test_serialization_is_little_endian_and_round_trips() -> None:
    sig = minhash(np.arange(100, dtype=np.uint32), SignatureConfig(num_perm=16))
    data = to_bytes(sig)
    assert data[:4] == int(sig[0]).to_bytes(4, "little")
    assert np.array_equal(from_bytes(data), sig)
    assert np.array_equal(pickle.loads(pickle.dumps(sig)), sig)
    with pytest.raises(ValueError, match="multiple of 4"):
        from_bytes(b"abc")


def test_bad_parameters() -> None:
    with pytest.raises(ValueError, match="num_perm"):
        SignatureConfig(num_perm=0)
    with pytest.raises(ValueError, match="num_perm=16"):
        to_datasketch(np.zeros(8, dtype=np.uint32), SignatureConfig(num_perm=16))
    with pytest.raises(ValueError, match="differ in length"):
        estimate_jaccard(np.zeros(8, dtype=np.uint32), np.zeros(16, dtype=np.uint32))
