"""Matching-only normalization and word shingles.

What two documents are compared on is kept apart from the text newsclean outputs (as datatrove's
``TextNormConfig`` does): here a document becomes a sequence of word tokens that ignores case,
compatibility forms, quote and dash styles, punctuation and (by default) the value of digits, so
that a republished copy with curly quotes swapped for straight ones, an en dash for a hyphen, or a
mangled encoding still yields the same tokens.

Tokens are ``\\w+`` runs (an apostrophe inside a word is dropped, so ``don’t`` and ``don't`` are
both ``dont``). Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) yield one
token per character, so their shingles are character n-grams.

Every token is hashed from its code points with a polynomial hash in wrapping uint64 arithmetic
(stable across processes and machines, unlike ``hash()``), computed for all tokens of a text (or
of a chunk of texts, :mod:`newsclean.dedup.shingle_batch`) at once with numpy, from prefix sums of
``code_point * P**i``. That replaces a Python call per token, which was most
of the cost of fingerprinting. The ``size`` consecutive
token hashes of each shingle are then combined with numpy into one uint32.

Token boundaries come from a per-code-point class table (word, unspaced-script, digit,
apostrophe) built once from the same patterns :func:`tokens` uses, so both give the same tokens
(tested).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex
import xxhash

from newsclean.dedup.signature import xorshift_multiply

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
_MOJIBAKE_LEADS = "ÃÂâÅÐÑ"  # the hint's first characters: str.__contains__ rules most texts out at C speed

# Constants for combining token hashes (odd 64-bit multipliers, from splitmix64/murmur3).
_MIX_MUL = np.uint64(0x9E3779B97F4A7C15)
_MIX_FINAL = np.uint64(0xFF51AFD7ED558CCD)
_MIX_FINAL_2 = np.uint64(0xC4CEB9FE1A85EC53)
# Polynomial token hash: odd base (so it has an inverse modulo 2**64) and that inverse.
_POLY_BASE = 0x100000001B3 * 0x9E3779B97F4A7C15 % 2**64 | 1
_POLY_INVERSE = pow(_POLY_BASE, -1, 2**64)

# Per-code-point classes for the vectorized tokenizer (bit flags).
_IS_WORD, _IS_UNSPACED, _IS_DIGIT, _IS_APOSTROPHE = 1, 2, 4, 8
_CLASS_PATTERNS = (
    (_IS_WORD, regex.compile(rf"{_WORD}+", regex.VERSION1)),
    (_IS_UNSPACED, regex.compile(rf"{_UNSPACED}+", regex.VERSION1)),
    (_IS_DIGIT, regex.compile(r"\d+")),
    (_IS_APOSTROPHE, regex.compile(rf"{_APOSTROPHE}+")),
)
_BMP = 0x10000


@dataclass(frozen=True, slots=True, kw_only=True)
class ShingleConfig:
    """How a text becomes shingle hashes. ``str()`` encodes it for :class:`~newsclean.dedup.index.IndexMeta`.

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
        return f"words-v2:n={self.size}:digits={digits}:mojibake={mojibake}"


def repair_encoding(text: str) -> str:
    """Undo UTF-8-read-as-Windows-1252 mojibake, paying for ftfy only when it looks needed.

    >>> repair_encoding("JosÃ© said")
    'José said'
    """
    if text.isascii() or not any(lead in text for lead in _MOJIBAKE_LEADS) or not _MOJIBAKE_HINT.search(text):
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
    wide = hashes.astype(np.uint64, copy=False)
    acc = np.full(count, np.uint64(size), dtype=np.uint64)
    for offset in range(size):  # in place: no new array per step
        np.bitwise_xor(acc, wide[offset : offset + count], out=acc)
        np.multiply(acc, _MIX_MUL, out=acc)
    acc ^= acc >> np.uint64(31)
    acc *= _MIX_FINAL
    acc ^= acc >> np.uint64(32)
    return acc.astype(np.uint32)  # the low 32 bits


@lru_cache(maxsize=1)
def _bmp_classes() -> np.ndarray:
    """Class flags of every Basic Multilingual Plane code point (built once per process, ~0.1 s)."""
    chars = "".join(map(chr, range(_BMP)))
    table = np.zeros(_BMP, dtype=np.uint8)
    for flag, pattern in _CLASS_PATTERNS:
        for match in pattern.finditer(chars):
            table[match.start() : match.end()] |= flag
    table.flags.writeable = False
    return table


MULTI_CHAR_FOLD = np.uint32(0xFFFFFFFF)  # in the casefold table: this character folds to several (ß -> ss)


@lru_cache(maxsize=1)
def bmp_casefold() -> np.ndarray:
    """``str.casefold`` of every BMP code point as a code point, :data:`MULTI_CHAR_FOLD` where it gives several.

    ``casefold`` works character by character (no context), so a text whose characters all fold
    to one character can be folded by a table lookup in numpy.
    """
    folds = [chr(code).casefold() for code in range(_BMP)]
    table = np.array([ord(f) if len(f) == 1 else MULTI_CHAR_FOLD for f in folds], dtype=np.uint32)
    table.flags.writeable = False
    return table


def _char_class(code: int) -> int:
    char = chr(code)
    return sum(flag for flag, pattern in _CLASS_PATTERNS if pattern.fullmatch(char))


def char_classes(codes: np.ndarray) -> np.ndarray:
    """Class flags (word, unspaced, digit, apostrophe) of an array of code points."""
    table = _bmp_classes()
    if codes.dtype == np.uint8 or not len(codes) or int(codes.max()) < _BMP:
        return table[codes]
    astral = codes >= _BMP
    flags = table[np.where(astral, 0, codes)]
    for code in np.unique(codes[astral]).tolist():
        flags[codes == code] = _char_class(code)
    return flags


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as uint32 (lone surrogates kept as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@lru_cache(maxsize=4)
def _powers(capacity: int) -> tuple[np.ndarray, np.ndarray]:
    """``P**i`` and ``P**-i`` modulo ``2**64`` for ``i < capacity`` (read-only, cached by size class)."""
    forward = np.full(capacity, _POLY_BASE, dtype=np.uint64)
    inverse = np.full(capacity, _POLY_INVERSE, dtype=np.uint64)
    forward[0] = inverse[0] = 1
    forward, inverse = np.cumprod(forward), np.cumprod(inverse)
    forward.flags.writeable = inverse.flags.writeable = False
    return forward, inverse


def span_hashes(
    codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, *, code_mask: int | None = None
) -> np.ndarray:
    """uint64 hash of every ``codes[start:end]`` span: depends only on the span's code points.

    ``sum(code_j * P**(j - start))`` in wrapping uint64, from prefix sums of ``code_j * P**j``
    shifted back by ``P**-start`` (``P`` is odd, so invertible modulo ``2**64``), then a 64-bit
    finalizer. Keep ``codes`` below ~``2**18`` long: the power tables are cached per size class.
    ``code_mask`` keeps only those bits of each value (the batch path stores flags above the
    code point); the passes over the code points are done in place, as they are most of the cost.

    >>> codes = code_points("ab ab")
    >>> h = span_hashes(codes, np.array([0, 3]), np.array([2, 5]))
    >>> bool(h[0] == h[1])
    True
    """
    n = len(codes)
    forward, inverse = _powers(max(1024, 1 << n.bit_length()))
    weighted = codes.astype(np.uint64)
    if code_mask is not None:
        np.bitwise_and(weighted, np.uint64(code_mask), out=weighted)
    np.multiply(weighted, forward[:n], out=weighted)
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    np.cumsum(weighted, out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * inverse[starts]
    return xorshift_multiply(hashes, (33, 33, 33), (_MIX_FINAL, _MIX_FINAL_2))


def _token_bounds(codes: np.ndarray, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of tokens: maximal runs of word characters, and every unspaced character alone."""
    word = (flags & _IS_WORD).astype(bool)
    unspaced = (flags & _IS_UNSPACED).astype(bool)
    before = np.zeros(len(word), dtype=bool)
    before[1:] = word[:-1]
    after = np.zeros(len(word), dtype=bool)
    after[:-1] = word[1:]
    starts = np.flatnonzero((word & ~before) | unspaced)
    ends = np.flatnonzero((word & ~after) | unspaced) + 1
    return starts, ends


_ASCII_FOLD_DIGITS = bytes.maketrans(b"0123456789", b"0000000000")


def _casefolded_codes(text: str, config: ShingleConfig) -> np.ndarray:
    """Code points of ``text.casefold()``; ASCII text (most news) takes a byte-wide shortcut."""
    if not text.isascii():
        return code_points(text.casefold())
    data = text.lower().encode("ascii")  # lower() is casefold() for ASCII, and much faster
    if config.fold_digits:
        data = data.translate(_ASCII_FOLD_DIGITS)
    return np.frombuffer(data, dtype=np.uint8)


def inner_apostrophes(flags: np.ndarray) -> np.ndarray | None:
    """Mask of the apostrophes between two word characters (dropped: ``don't`` -> ``dont``), or None."""
    apostrophes = (flags & _IS_APOSTROPHE).astype(bool)
    if len(flags) <= 2 or not apostrophes.any():
        return None
    word = (flags & _IS_WORD).astype(bool)
    inner = np.zeros(len(flags), dtype=bool)
    inner[1:-1] = apostrophes[1:-1] & word[:-2] & word[2:]
    return inner


def fold_digits(codes: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """``codes`` with every digit (any script) replaced by ``0``."""
    digits = (flags & _IS_DIGIT).astype(bool)
    return np.where(digits, np.uint32(ord("0")), codes) if digits.any() else codes


def _normalized_codes(text: str, config: ShingleConfig) -> tuple[np.ndarray, np.ndarray]:
    """Code points and classes of :func:`normalize_for_matching` for NFKC-normalized ``text``, in numpy."""
    codes = _casefolded_codes(text, config)
    flags = char_classes(codes)
    inner = inner_apostrophes(flags)
    if inner is not None:
        codes, flags = codes[~inner], flags[~inner]
    if config.fold_digits and codes.dtype != np.uint8:  # byte-wide codes had their digits folded already
        codes = fold_digits(codes, flags)
    return codes, flags


def fast_token_hashes(text: str, config: ShingleConfig) -> np.ndarray:
    """uint64 hash of every token of :func:`tokens`, without a Python step per token.

    NFKC-normalized text (nearly all text) is tokenized in numpy; other text goes through
    :func:`tokens` (NFKC can turn one word into several tokens) and only the hashing is vectorized.
    """
    return _token_hashes_of(matching_text(text, config), config)


def _token_hashes_of(shown: str, config: ShingleConfig) -> np.ndarray:
    if unicodedata.is_normalized("NFKC", shown):
        codes, flags = _normalized_codes(shown, config)
        starts, ends = _token_bounds(codes, flags)
        return span_hashes(codes, starts, ends)
    pieces = [piece for piece, _ in _pieces(shown, config)]
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    starts = np.cumsum(lengths + 1) - lengths - 1
    return span_hashes(code_points(" ".join(pieces)), starts, starts + lengths)


def shingles(text: str, config: ShingleConfig) -> tuple[np.ndarray, int]:
    """``(gram_hashes, word_count)``: the uint32 hash of every word shingle in text order."""
    return matching_shingles(matching_text(text, config), config)


def matching_shingles(shown: str, config: ShingleConfig) -> tuple[np.ndarray, int]:
    """:func:`shingles` of a text :func:`matching_text` has already prepared (no second encoding check)."""
    hashes = _token_hashes_of(shown, config)
    return combine(hashes, config.size), len(hashes)
