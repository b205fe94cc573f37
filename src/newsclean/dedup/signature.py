"""MinHash signatures, bit-for-bit what datasketch 2.x's default ``affine32`` scheme computes.

Our shingle hashes are already uint32, so datasketch's ``hashfunc`` is the identity: each value is
pre-mixed with the MurmurHash3 finalizer (``fmix32``), then every permutation ``k`` maps it to
``a_k * h + b_k`` in uint32 (the wraparound is the modulus), and the signature keeps the minimum per
permutation. ``a``/``b`` are taken from ``datasketch.MinHash(num_perm, seed).permutations`` so a
signature made here equals ``MinHash(num_perm, seed, hashfunc=int).update_batch(grams)`` and can be
handed to ``datasketch.MinHashLSH`` (:func:`to_datasketch`).

datasketch 1.x used another scheme ("legacy"); its signatures are not comparable with these,
which is why :data:`SCHEME` is stored with every index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

SCHEME = "newsclean-minhash-v1/datasketch-affine32"
DATASKETCH_SCHEME = "affine32"
EMPTY_VALUE = np.uint32(0xFFFFFFFF)  # datasketch's value for a permutation that saw nothing
_CHUNK = 4096  # grams per numpy block: bounds memory at CHUNK * num_perm * 4 bytes

_FMIX_M1 = np.uint32(0x85EBCA6B)
_FMIX_M2 = np.uint32(0xC2B2AE35)


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureConfig:
    """MinHash size and seed; together with :data:`SCHEME` they make signatures comparable."""

    num_perm: int = 128
    seed: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.num_perm, int) or not 1 <= self.num_perm <= 4096:
            raise ValueError(f"num_perm must be an int in [1, 4096], got {self.num_perm!r}")
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {self.seed!r}")


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters ``(a, b)`` for ``(num_perm, seed)`` (read-only)."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=DATASKETCH_SCHEME).permutations
    a, b = np.array(a, dtype=np.uint32), np.array(b, dtype=np.uint32)
    a.flags.writeable = False
    b.flags.writeable = False
    return a, b


def fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before the permutations.

    >>> int(fmix32(np.array([1], dtype=np.uint32))[0])
    1364076727
    """
    return xorshift_multiply(values.astype(np.uint32, copy=True), (16, 13, 16), (_FMIX_M1, _FMIX_M2))


def xorshift_multiply(h: np.ndarray, shifts: tuple[int, ...], multipliers: tuple[np.integer, ...]) -> np.ndarray:
    """The murmur-style finalizer, in place: ``h ^= h >> s; h *= m`` per multiplier, then a last xorshift.

    Every input bit then affects every output bit (avalanche), which the permutations and LSH
    buckets rely on; the dtype of ``h`` (uint32 or uint64) sets the width.
    """
    for shift, multiplier in zip(shifts, multipliers, strict=False):
        h ^= h >> h.dtype.type(shift)
        h *= multiplier
    h ^= h >> h.dtype.type(shifts[-1])
    return h


def minhash(grams: np.ndarray, config: SignatureConfig) -> np.ndarray:
    """The MinHash signature (uint32, ``num_perm`` values) of a set of uint32 shingle hashes.

    An empty set gives datasketch's empty signature (every value ``2**32 - 1``).
    """
    a, b = permutations(config.num_perm, config.seed)
    signature = np.full(config.num_perm, EMPTY_VALUE, dtype=np.uint32)
    if len(grams) == 0:
        return signature
    mixed = fmix32(np.asarray(grams, dtype=np.uint32))  # repeated grams cannot change a minimum
    for start in range(0, len(mixed), _CHUNK):
        block = mixed[start : start + _CHUNK, None] * a + b
        np.minimum(signature, block.min(axis=0), out=signature)
    return signature


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Share of permutations on which two signatures agree: an unbiased estimate of Jaccard."""
    if sig_a.shape != sig_b.shape:
        raise ValueError(f"signatures differ in length: {sig_a.shape[0]} vs {sig_b.shape[0]}")
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)


def to_datasketch(signature: np.ndarray, config: SignatureConfig):
    """The signature as a ``datasketch.LeanMinHash`` (for ``MinHashLSH`` or ``jaccard``)."""
    from datasketch import LeanMinHash

    if len(signature) != config.num_perm:
        raise ValueError(f"signature has {len(signature)} values, config says num_perm={config.num_perm}")
    return LeanMinHash(seed=config.seed, hashvalues=signature, scheme=DATASKETCH_SCHEME)


def to_bytes(values: np.ndarray) -> bytes:
    """Little-endian uint32 bytes of a signature or gram array (what the stores keep)."""
    return np.asarray(values, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """Inverse of :func:`to_bytes`: a native uint32 array."""
    if len(data) % 4:
        raise ValueError(f"uint32 array bytes must be a multiple of 4 long, got {len(data)}")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
