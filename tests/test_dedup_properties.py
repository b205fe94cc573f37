"""Properties of the dedup layers over generated input (hypothesis)."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup_helpers import FINGERPRINTER, words
from newsclean import cluster
from newsclean.dedup.shingle import ShingleConfig, shingles, token_spans, tokens
from newsclean.dedup.signature import SignatureConfig, minhash

CONFIG = ShingleConfig()


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_shingling_never_raises_and_counts_agree(text: str) -> None:
    grams, count = shingles(text, CONFIG)
    assert count == len(tokens(text, CONFIG))
    assert len(grams) == (0 if count == 0 else max(1, count - CONFIG.size + 1))
    FINGERPRINTER.fingerprint("x", text)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_spans_cover_one_token_each(text: str) -> None:
    shown, spans = token_spans(text, CONFIG)
    assert len(spans) == len(tokens(text, CONFIG))
    assert all(0 <= a < b <= len(shown) for a, b in spans)


@given(st.lists(st.integers(0, 2**32 - 1), max_size=300))
@settings(max_examples=100, deadline=None)
def test_signature_is_a_set_function_and_survives_pickle(values: list[int]) -> None:
    grams = np.array(values, dtype=np.uint32)
    config = SignatureConfig(num_perm=32)
    sig = minhash(grams, config)
    assert np.array_equal(sig, minhash(grams[::-1], config))
    assert np.array_equal(sig, minhash(np.concatenate([grams, grams]), config))
    assert np.array_equal(pickle.loads(pickle.dumps(sig)), sig)


@given(st.permutations(range(6)))
@settings(max_examples=15, deadline=None)
def test_clusters_do_not_depend_on_input_order(order: list[int]) -> None:
    base, other = words(200, 1), words(200, 2)
    texts = [
        " ".join(base),
        " ".join(base[:110]),
        " ".join(words(80, 3) + base[20:90] + words(60, 4)),
        " ".join(other),
        " ".join([*other[:100], "one", "edit", *other[100:]]),
        " ".join(words(150, 5)),
    ]
    groups = cluster([(i, texts[i]) for i in order], clean=False)
    assert {frozenset(g) for g in groups} == {frozenset({0, 1, 2}), frozenset({3, 4}), frozenset({5})}
