"""Matching-only normalization and shingle hashing."""

from __future__ import annotations

import numpy as np
import pytest

from newsclean.dedup.shingle import ShingleConfig, combine, repair_encoding, shingles, token_hashes, tokens

CONFIG = ShingleConfig()


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("“Don’t stop,” she said — again.", '"Don\'t stop," she said - again.'),
        ("ＦＵＬＬＷＩＤＴＨ Text", "fullwidth TEXT"),
        ("Straße in KÖLN", "STRASSE in köln"),
        ("The toll rose to 14 on 3 May", "the toll rose to 12 on 9 may"),
        ("Ο Πρωθυπουργός δήλωσε σήμερα", "ο πρωθυπουργός ΔΉΛΩΣΕ σήμερα"),
    ],
    ids=["quotes-dashes", "nfkc-width", "casefold", "digits-folded", "greek-case"],
)
def test_surface_variants_give_same_tokens(left: str, right: str) -> None:
    assert tokens(left, CONFIG) == tokens(right, CONFIG)


def test_digits_can_be_kept() -> None:
    kept = ShingleConfig(fold_digits=False)
    assert tokens("14 dead", kept) != tokens("12 dead", kept)
    assert str(kept) != str(CONFIG)


def test_unspaced_scripts_give_one_token_per_character() -> None:
    assert tokens("北京市政府今天宣布", CONFIG) == list("北京市政府今天宣布")
    assert tokens("東京タワーは", CONFIG) == list("東京タワーは")
    assert len(tokens("นายกรัฐมนตรี", CONFIG)) == len("นายกรัฐมนตรี")
    assert tokens("서울 시장은 오늘", CONFIG) == ["서울", "시장은", "오늘"]


def test_mojibake_is_repaired_before_tokenizing() -> None:
    clean = "José Müller’s “statement” — in São Paulo"
    mangled = clean.encode("utf-8").decode("windows-1252", errors="ignore")
    assert mangled != clean
    assert tokens(mangled, CONFIG) == tokens(clean, CONFIG)
    assert repair_encoding("plain ascii text") == "plain ascii text"


def test_hashes_are_stable_across_runs() -> None:
    # xxh32 of the UTF-8 token: fixed values, never Python's salted hash().
    assert token_hashes(["news"]).tolist() == token_hashes(["news"]).tolist()
    assert token_hashes(["a", "b", "a"]).dtype == np.uint32
    assert token_hashes(["a", "b", "a"])[0] == token_hashes(["a", "b", "a"])[2]


def test_shingles_are_in_text_order_and_order_sensitive() -> None:
    grams, words = shingles("one two three four five six seven", CONFIG)
    assert words == 7 and len(grams) == 3 and grams.dtype == np.uint32
    later, _ = shingles("two three four five six seven", CONFIG)
    assert grams[1:].tolist() == later.tolist()
    swapped, _ = shingles("two one three four five six seven", CONFIG)
    assert swapped[0] != grams[0]


def test_short_and_empty_documents() -> None:
    grams, words = shingles("just three words", CONFIG)
    assert (len(grams), words) == (1, 3)
    assert shingles("just three words", CONFIG)[0].tolist() != shingles("just three more", CONFIG)[0].tolist()
    empty, none = shingles("  — … !! ", CONFIG)
    assert (len(empty), none) == (0, 0)
    assert combine(np.empty(0, dtype=np.uint32), 5).dtype == np.uint32


def test_bad_input() -> None:
    with pytest.raises(TypeError, match="must be str"):
        shingles(b"bytes", CONFIG)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="shingle size"):
        ShingleConfig(size=0)
