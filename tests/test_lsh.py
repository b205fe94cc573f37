"""Band keys, winnowed passage keys and exact keys."""

from __future__ import annotations

import numpy as np
import pytest

from dedup_helpers import text
from newsclean.config import DedupConfig
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.keys import (
    BAND_PREFIX,
    EXACT_PREFIX,
    PASSAGE_PREFIX,
    PassageConfig,
    band_hashes,
    band_params,
    min_passage_keys,
    passage_keys,
)

FINGERPRINTER = Fingerprinter.from_config(DedupConfig(passage_window=8))


def _keys(body: str, prefix: bytes) -> set[bytes]:
    return {k for k in FINGERPRINTER.fingerprint("x", body).keys if k.startswith(prefix)}


def _passages(body: str) -> set[bytes]:
    return _keys(body, PASSAGE_PREFIX)


def _grams(body: str) -> np.ndarray:
    return FINGERPRINTER.fingerprint("x", body).grams


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7, 0.9])
@pytest.mark.parametrize("num_perm", [64, 128])
def test_band_params_follow_datasketch(threshold: float, num_perm: int) -> None:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert band_params(threshold, num_perm) == (lsh.b, lsh.r)


def test_band_params_choice() -> None:
    bands, rows = band_params(0.8, 128)
    assert bands * rows <= 128 and rows > band_params(0.5, 128)[1]
    with pytest.raises(ValueError, match="threshold"):
        band_params(1.5, 128)


def test_band_keys_equal_for_equal_bands_only() -> None:
    rows = np.random.default_rng(1).integers(0, 2**32, size=(1, 125), dtype=np.uint32)
    other = rows.copy()
    other[0, 0] += 1  # band 0 differs, every other band agrees
    keys, other_keys = band_hashes(rows, 25, 5)[0], band_hashes(other, 25, 5)[0]
    assert len(keys) == 25 and len(set(keys.tolist())) == 25
    assert keys[0] != other_keys[0] and np.array_equal(keys[1:], other_keys[1:])


def test_documents_have_a_band_key_per_band_and_copies_share_them() -> None:
    body = text(300, 1)
    bands = _keys(body, BAND_PREFIX)
    assert len(bands) == FINGERPRINTER.bands
    assert bands == _keys(body.upper(), BAND_PREFIX)
    assert not bands & _keys(text(300, 2), BAND_PREFIX)


@pytest.mark.parametrize("run_words", [12, 15, 30])
def test_any_shared_run_of_window_plus_shingle_words_shares_a_key(run_words: int) -> None:
    # The winnowing guarantee: window + shingle_size - 1 = 12 shared words always meet.
    for seed in range(20):
        passage = text(run_words, 1000 + seed)
        a = f"{text(150, seed)} {passage} {text(80, 500 + seed)}"
        b = f"{text(60, 200 + seed)} {passage} {text(200, 700 + seed)}"
        assert _passages(a) & _passages(b), seed


def test_unrelated_texts_share_no_passage_key() -> None:
    shared = _passages(text(400, 1)) & _passages(text(400, 2))
    assert not shared


def test_winnow_density_and_short_documents() -> None:
    grams = _grams(text(900, 5))
    one = np.zeros(len(grams), dtype=np.int64)
    values = passage_keys(grams, one, FINGERPRINTER.passage)
    # Expected density of winnowing is 2 / (window + 1).
    assert 0.15 < len(values) / len(grams) < 0.30
    assert len(passage_keys(grams[:3], one[:3], FINGERPRINTER.passage)) == 1  # shorter than a window: its minimum
    assert len(passage_keys(grams[:0], one[:0], FINGERPRINTER.passage)) == 0


def test_exact_key_depends_on_the_whole_sequence() -> None:
    assert _keys("a short text here", EXACT_PREFIX) == _keys("A SHORT text, here!", EXACT_PREFIX)
    assert _keys("a short text here", EXACT_PREFIX) != _keys("a short text there", EXACT_PREFIX)
    assert len(_keys("a short text here", EXACT_PREFIX)) == 1 and not _keys("", EXACT_PREFIX)


def test_passage_config_is_encoded_and_checked() -> None:
    assert str(PassageConfig(window=8, seed=1)) != str(PassageConfig(window=9, seed=1))
    with pytest.raises(ValueError, match="window"):
        PassageConfig(window=0)


def test_min_passage_keys_is_the_winnowing_guarantee() -> None:
    assert min_passage_keys(5, 8, 12, 12) == 1  # one 12-word run: one full window
    assert min_passage_keys(5, 8, 12, 40) == 3  # e.g. runs of 19 and 21 words: 1 + 2 windows
    assert min_passage_keys(5, 8, 40, 40) == 4  # one 40-word run: 36 shingles, 4 windows
    # And it holds: two texts sharing runs of 19 and 21 words share at least 3 keys.
    for seed in range(10):
        run_a, run_b = text(19, 100 + seed), text(21, 200 + seed)
        a = f"{text(100, seed)} {run_a} {text(50, 300 + seed)} {run_b} {text(60, 400 + seed)}"
        b = f"{text(30, 500 + seed)} {run_b} {text(90, 600 + seed)} {run_a} {text(20, 700 + seed)}"
        assert len(_passages(a) & _passages(b)) >= 3
