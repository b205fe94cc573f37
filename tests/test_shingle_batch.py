"""The batch shingler's shortcuts (one table lookup per character, NFKC screened by table) change no hash."""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.dedup import shingle_batch
from newsclean.dedup.shingle import ShingleConfig, matching_shingles
from newsclean.dedup.shingle_batch import _MAYBE_CHANGED, _MULTI, chunk_shingles, fold_table

BMP = 0x10000


def _flags(table: np.ndarray) -> np.ndarray:
    return (table >> np.uint32(24)).astype(np.uint8)


@pytest.mark.parametrize("fold_digits", [True, False])
def test_table_folds_every_character_as_str_casefold(fold_digits: bool) -> None:
    table = fold_table(fold_digits)
    flags = _flags(table)
    codes = table & np.uint32((1 << 21) - 1)
    for code in range(BMP):
        folded = chr(code).casefold()
        if len(folded) != 1:
            assert flags[code] & _MULTI, hex(code)
            continue
        expected = "0" if fold_digits and unicodedata.category(folded) == "Nd" else folded
        assert chr(codes[code]) == expected, hex(code)


def test_characters_the_table_calls_safe_never_make_a_text_change_under_nfkc() -> None:
    safe = np.flatnonzero((_flags(fold_table(True)) & _MAYBE_CHANGED) == 0).tolist()
    assert all(unicodedata.is_normalized("NFKC", chr(code)) for code in safe)
    # Pairs: a safe character after any starter that composes with something, and random ones.
    firsts = sorted(
        {
            int(d.split()[0], 16)
            for d in map(unicodedata.decomposition, map(chr, range(BMP)))
            if d and not d.startswith("<") and len(d.split()) == 2
        }
        | set(range(0x1100, 0x1113))  # Hangul leading jamo
        | {0xAC00, 0xAC01}  # a Hangul LV and an LVT syllable
    )
    rng = random.Random(7)
    for first in firsts:
        for second in rng.sample(safe, 300):
            pair = chr(first) + chr(second)
            if unicodedata.is_normalized("NFKC", chr(first)):
                assert unicodedata.is_normalized("NFKC", pair), (hex(first), hex(second))


def test_known_troublemakers_are_flagged() -> None:
    flags = _flags(fold_table(True))
    for char in ["\u0301", "\u1161", "\u11a8", "ﬁ", "Ｆ", "²", "Ŀ", "\u2126", "\ud800"]:
        assert flags[ord(char)] & _MAYBE_CHANGED, repr(char)
    assert flags[ord("ß")] & _MULTI
    for char in "aZ9’“”—é北서":
        assert not flags[ord(char)] & (_MAYBE_CHANGED | _MULTI), repr(char)


MIXED = [
    "Plain English text with “curly quotes” — and O’Brien’s 12 figures, don't stop.",
    "Straße und GROSSE Änderungen in Köln, 2024 ist heute.",  # ß: str.casefold path
    "Emoji 😀 and 𝐀𝐁 math letters in a sentence of some length here.",  # astral: str.casefold path
    "Ligature ﬁne and ＦＵＬＬ width text that NFKC changes, many words long.",  # per-text path
    "Decomposed e\u0301 accents and cafe\u0301 society in a long enough sentence.",
    "한국어 문장은 띄어쓰기를 합니다 그리고 길이가 충분합니다",
    "北京市政府今天宣布了新的政策措施以及更多内容",
    "three short words",
    "",
    "  — … !! ",
    "Ο Πρωθυπουργός ΔΉΛΩΣΕ σήμερα ότι η κυβέρνηση θα συνεχίσει",
    "rock'n'roll isn’t dead, y’all; it’s ’90s music and more of it",
]


PIECES = st.sampled_from(
    ["Don’t", "O'Brien", "rock'n'roll", "aʼʼb", " ", "  ", "—", ", ", ".", "2024", "١٢", "北京", "東京タワー", "นายก",
     "서울", "ＦＵＬＬ", "x²", "ﬁne", "Straße", "İstanbul", "ΔΉΛΩΣΕ", "😀", "𝐀𝐁", "Ŀ", "_", "'", "’s", "\u0301e",
     "\u1100\u1161", "\ud800", "ǅ", "Ⅻ", "Ꭰ", "ﬀ", "\n", "word", "Word", "123"]
)


def _assert_equal_per_text(texts: list[str], config: ShingleConfig) -> None:
    grams, counts, words = chunk_shingles(texts, config)
    each = [matching_shingles(t, config) for t in texts]
    assert words.tolist() == [w for _, w in each]
    assert counts.tolist() == [len(g) for g, _ in each]
    assert grams.tolist() == [v for g, _ in each for v in g.tolist()]


@given(st.lists(st.lists(PIECES, max_size=12), max_size=8), st.booleans(), st.sampled_from([1 << 16, 16]))
@settings(max_examples=150, deadline=None)
def test_chunk_shingles_equal_per_text_shingles(texts_pieces: list[list[str]], fold_digits: bool, batch_codes: int) -> None:
    original = shingle_batch.MAX_BATCH_CODES
    shingle_batch.MAX_BATCH_CODES = batch_codes  # hypothesis runs many examples per test: no monkeypatch fixture
    try:
        _assert_equal_per_text(["".join(p) for p in texts_pieces], ShingleConfig(fold_digits=fold_digits))
    finally:
        shingle_batch.MAX_BATCH_CODES = original


@pytest.mark.parametrize("batch_codes", [1 << 16, 64, 1])
@pytest.mark.parametrize("fold_digits", [True, False])
def test_mixed_texts_equal_the_per_text_path(monkeypatch, batch_codes: int, fold_digits: bool) -> None:
    monkeypatch.setattr(shingle_batch, "MAX_BATCH_CODES", batch_codes)
    rng = random.Random(batch_codes)
    texts = [*MIXED, *(" ".join(rng.sample(MIXED, 3)) for _ in range(20))]
    _assert_equal_per_text(texts, ShingleConfig(fold_digits=fold_digits))


def test_no_texts() -> None:
    grams, counts, words = chunk_shingles([], ShingleConfig())
    assert (len(grams), len(counts), len(words)) == (0, 0, 0)
