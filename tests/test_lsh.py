"""Band keys, winnowed passage keys and exact keys."""

from __future__ import annotations

import numpy as np
import pytest

from dedup_helpers import text
from newsclean.lsh import (
    PassageConfig,
    band_keys,
    band_params,
    exact_key,
    min_passage_keys,
    passage_keys,
    winnow,
)
from newsclean.shingle import ShingleConfig, shingles
from newsclean.signature import SignatureConfig, minhash

SHINGLE = ShingleConfig()
PASSAGE = PassageConfig(window=8)


def _grams(body: str) -> np.ndarray:
    return shingles(body, SHINGLE)[0]


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
    sig = minhash(_grams(text(300, 1)), SignatureConfig())
    other = sig.copy()
    other[0] += 1  # band 0 differs, every other band agrees
    keys, other_keys = band_keys(sig, 25, 5), band_keys(other, 25, 5)
    assert len(keys) == 25 and len(set(keys)) == 25
    assert keys[0] != other_keys[0] and keys[1:] == other_keys[1:]
    with pytest.raises(ValueError, match="need 640"):
        band_keys(sig, 32, 20)


@pytest.mark.parametrize("run_words", [12, 15, 30])
def test_any_shared_run_of_window_plus_shingle_words_shares_a_key(run_words: int) -> None:
    # The winnowing guarantee: window + shingle_size - 1 = 12 shared words always meet.
    for seed in range(20):
        passage = text(run_words, 1000 + seed)
        a = f"{text(150, seed)} {passage} {text(80, 500 + seed)}"
        b = f"{text(60, 200 + seed)} {passage} {text(200, 700 + seed)}"
        assert set(passage_keys(_grams(a), PASSAGE)) & set(passage_keys(_grams(b), PASSAGE)), seed


def test_unrelated_texts_share_no_passage_key() -> None:
    shared = set(passage_keys(_grams(text(400, 1)), PASSAGE)) & set(passage_keys(_grams(text(400, 2)), PASSAGE))
    assert not shared


def test_winnow_density_and_positions() -> None:
    grams = _grams(text(900, 5))
    values, positions = winnow(grams, PASSAGE)
    # Expected density of winnowing is 2 / (window + 1).
    assert 0.15 < len(values) / len(grams) < 0.30
    assert (np.diff(positions) > 0).all() and (np.diff(positions) <= PASSAGE.window).all()
    short_values, short_positions = winnow(grams[:3], PASSAGE)
    assert len(short_values) == 1 and 0 <= short_positions[0] < 3
    empty_values, _ = winnow(np.empty(0, dtype=np.uint32), PASSAGE)
    assert len(empty_values) == 0


def test_exact_key_depends_on_the_whole_sequence() -> None:
    assert exact_key(_grams("a short text here")) == exact_key(_grams("A SHORT text, here!"))
    assert exact_key(_grams("a short text here")) != exact_key(_grams("a short text there"))


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
        assert len(set(passage_keys(_grams(a), PASSAGE)) & set(passage_keys(_grams(b), PASSAGE))) >= 3
