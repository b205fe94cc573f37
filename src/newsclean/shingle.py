"""Matching-only normalization and word shingles.

What two documents are compared on is kept apart from the text newsclean outputs (as datatrove's
``TextNormConfig`` does): here a document becomes a sequence of word tokens that ignores case,
compatibility forms, quote and dash styles, punctuation and (by default) the value of digits, so
that a republished copy with curly quotes swapped for straight ones, an en dash for a hyphen, or a
mangled encoding still yields the same tokens.

Tokens are ``\\w+`` runs (an apostrophe inside a word is dropped, so ``don’t`` and ``don't`` are
both ``dont``). Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) yield one
token per character, so their shingles are character n-grams.

Every token is hashed with xxhash (stable across processes and machines, unlike ``hash()``), and
the ``size`` consecutive token hashes of each shingle are combined with numpy into one uint32.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import regex
import xxhash

# One token per character for scripts that do not separate words with spaces (their digits excepted:
# digits fold to "0", which must not change how a text splits into tokens).
_UNSPACED = r"[[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]--\p{Nd}]"
_WORD = rf"[\w--{_UNSPACED}]"
_APOSTROPHE = "['’ʼ‘]"
# A word: word characters of spaced scripts, apostrophes allowed between them.
TOKEN_RE = regex.compile(rf"{_UNSPACED}|{_WORD}+(?:{_APOSTROPHE}{_WORD}+)*", regex.VERSION1)
# Same tokens as TOKEN_RE once apostrophes inside words are gone (TOKEN_RE gives spans in the original).
_PLAIN_TOKEN_RE = regex.compile(rf"{_UNSPACED}|{_WORD}+", regex.VERSION1)
_INNER_APOSTROPHE = regex.compile(rf"(?<={_WORD}){_APOSTROPHE}(?={_WORD})", regex.VERSION1)
_DIGIT = regex.compile(r"\d")
# Cheap pre-check for UTF-8 read as Windows-1252/Latin-1 (é -> Ã©, ’ -> â€™): only then pay for ftfy.
_MOJIBAKE_HINT = regex.compile(r"[ÃÂâÅÐÑ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")

# Constants for combining token hashes (odd 64-bit multipliers, from splitmix64/murmur3).
_MIX_MUL = np.uint64(0x9E3779B97F4A7C15)
_MIX_FINAL = np.uint64(0xFF51AFD7ED558CCD)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShingleConfig:
    """How a text becomes shingle hashes. ``str()`` encodes it for :class:`~newsclean.index.IndexMeta`.

    size
        words per shingle (5: long enough that unrelated news text rarely shares one).
    fold_digits
        map every digit to ``0``: a copy whose figures were updated ("12 dead" -> "14 dead")
        still shares its shingles. Dates and scores then stop telling articles apart, which the
        surrounding words do anyway.
    fix_mojibake
        repair UTF-8 decoded as Windows-1252 with ftfy before tokenizing (only when a cheap
        check sees the telltale byte pairs).
    """

    size: int = 5
    fold_digits: bool = True
    fix_mojibake: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.size, int) or not 1 <= self.size <= 16:
            raise ValueError(f"shingle size must be an int in [1, 16], got {self.size!r}")

    def __str__(self) -> str:
        digits = "fold" if self.fold_digits else "keep"
        mojibake = "fix" if self.fix_mojibake else "keep"
        return f"words-v1:n={self.size}:digits={digits}:mojibake={mojibake}"


def repair_encoding(text: str) -> str:
    """Undo UTF-8-read-as-Windows-1252 mojibake, paying for ftfy only when it looks needed.

    >>> repair_encoding("JosÃ© said")
    'José said'
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def matching_text(text: str, config: ShingleConfig) -> str:
    """The text tokens are read from (after any encoding repair); word offsets refer to it."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    return repair_encoding(text) if config.fix_mojibake else text


def normalize_for_matching(text: str, config: ShingleConfig) -> str:
    """NFKC, casefold, apostrophes inside words dropped, digits folded to ``0``."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _INNER_APOSTROPHE.sub("", text.casefold())
    return _DIGIT.sub("0", text) if config.fold_digits else text


def _pieces(shown: str, config: ShingleConfig) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every token with the span of the original word it came from, normalizing word by word.

    The slow path, for text that NFKC changes: a compatibility character can turn into
    punctuation (``Ŀ`` -> ``L·``), so one original word may give several tokens, or none.
    """
    for match in TOKEN_RE.finditer(shown):
        for piece in _PLAIN_TOKEN_RE.findall(normalize_for_matching(match.group(), config)):
            yield piece, match.span()


def tokens(text: str, config: ShingleConfig) -> list[str]:
    """Matching tokens of ``text`` in order.

    >>> tokens("“Don’t” — said O'Brien in 2024, 北京.", ShingleConfig())
    ['dont', 'said', 'obrien', 'in', '0000', '北', '京']
    """
    shown = matching_text(text, config)
    if unicodedata.is_normalized("NFKC", shown):  # the usual case: the whole string at C speed
        return _PLAIN_TOKEN_RE.findall(normalize_for_matching(shown, config))
    return [piece for piece, _ in _pieces(shown, config)]


def token_spans(text: str, config: ShingleConfig) -> tuple[str, list[tuple[int, int]]]:
    """``(matching_text, spans)``: the character span of every token of :func:`tokens`, to quote passages."""
    shown = matching_text(text, config)
    if unicodedata.is_normalized("NFKC", shown):
        return shown, [m.span() for m in TOKEN_RE.finditer(shown)]
    return shown, [span for _, span in _pieces(shown, config)]


def token_hashes(words: list[str]) -> np.ndarray:
    """xxh32 of every token (UTF-8), as uint32, in order."""
    cache = {w: xxhash.xxh32_intdigest(w.encode("utf-8", "surrogatepass")) for w in set(words)}
    return np.fromiter((cache[w] for w in words), dtype=np.uint32, count=len(words))


def combine(hashes: np.ndarray, size: int) -> np.ndarray:
    """Hash every run of ``size`` consecutive token hashes into one uint32 (order-sensitive).

    uint64 arithmetic (wrapping) then a fold to 32 bits; fewer than ``size`` tokens give one
    shingle of them all, no tokens give none.
    """
    n = len(hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint32)
    size = min(size, n)
    count = n - size + 1
    wide = hashes.astype(np.uint64)
    acc = np.full(count, np.uint64(size), dtype=np.uint64)
    for offset in range(size):
        acc = (acc ^ wide[offset : offset + count]) * _MIX_MUL
    acc ^= acc >> np.uint64(31)
    acc *= _MIX_FINAL
    acc ^= acc >> np.uint64(32)
    return (acc & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def shingles(text: str, config: ShingleConfig) -> tuple[np.ndarray, int]:
    """``(gram_hashes, word_count)``: the uint32 hash of every word shingle in text order."""
    words = tokens(text, config)
    return combine(token_hashes(words), config.size), len(words)
