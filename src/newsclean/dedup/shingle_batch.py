"""Shingles of many texts in one pass: :func:`chunk_shingles` gives what :func:`~newsclean.dedup.shingle.matching_shingles` gives per text.

Per text, tokenizing and hashing takes some twenty numpy calls on arrays of a few thousand
elements, so call overhead is much of the cost. Here the texts of a batch are joined with a
newline (never part of a token) and tokenized, hashed and combined as one array; tokens and
shingles are then assigned back to their text.

Most of the remaining cost is passes over the code-point array, so the common case makes as few
as it can: one lookup in :func:`fold_table` gives each code point's casefolded (and digit-folded)
value, its token classes, and whether it needs a closer look; token starts and ends come from one
scan of the word mask. The closer look is for text the table cannot fold (a character outside the
Basic Multilingual Plane, or one that casefolds to several, like ``ß``: such texts are folded with
``str.casefold``) and for characters that may make a text change under NFKC (those texts are
checked with ``unicodedata.is_normalized``, and the few that change take the per-text path, which
NFKC-normalizes word by word). Every path gives the per-text function's hashes exactly (tested).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import pairwise

import numpy as np

from newsclean.dedup.shingle import (
    _IS_APOSTROPHE,
    _IS_DIGIT,
    _IS_UNSPACED,
    _IS_WORD,
    MULTI_CHAR_FOLD,
    ShingleConfig,
    _token_bounds,
    bmp_casefold,
    char_classes,
    code_points,
    combine,
    fold_digits,
    inner_apostrophes,
    matching_shingles,
    span_hashes,
)

MAX_BATCH_CODES = 1 << 17  # code points hashed together: in cluster(), 2**17..2**19 measured best of 2**14..2**19

_FLAG_SHIFT = np.uint32(24)  # fold_table: class flags sit above the folded code point (< 2**21)
_CODE_MASK = np.uint32((1 << 21) - 1)
_MULTI = 16  # casefolds to several characters: str.casefold must do it
_MAYBE_CHANGED = 32  # NFKC may change a text holding this character: ask unicodedata.is_normalized
_BMP = 0x10000
_COMPOSITION_SCAN = 0x20000  # every canonical pair decomposition lies below (planes 0 and 1)


@lru_cache(maxsize=1)
def _composition_seconds() -> frozenset[int]:
    """Code points that are the second of a canonical pair decomposition (NFKC may compose them with the one before)."""
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul vowel and trailing jamo
    for code in range(_COMPOSITION_SCAN):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                seconds.add(int(parts[1], 16))
    return frozenset(seconds)


def _maybe_changed() -> np.ndarray:
    """Mask of the BMP code points a text may change under NFKC for; elsewhere its quick check says "yes".

    Safe characters are their own NFKC form, have combining class 0 (no reordering) and compose
    with nothing before them; lone surrogates are left to ``is_normalized``.
    """
    chars = [chr(code) for code in range(_BMP)]
    stable = np.array([unicodedata.is_normalized("NFKC", char) for char in chars])
    combining = np.array([unicodedata.combining(char) for char in chars]) != 0
    unsure = ~stable | combining
    unsure[list(_composition_seconds() & set(range(_BMP)))] = True
    unsure[0xD800:0xE000] = True
    return unsure


@lru_cache(maxsize=2)
def fold_table(fold_digits: bool) -> np.ndarray:
    """Per BMP code point, ``folded | flags << 24`` (uint32): one lookup does casefold, digit fold and classes.

    ``folded`` is ``str.casefold`` of the character (``0`` for digits of any script when
    ``fold_digits``, i.e. ``"0"``); ``flags`` are the token classes of the folded character
    (:func:`~newsclean.dedup.shingle.char_classes`), plus :data:`_MULTI` when it folds to several
    characters and :data:`_MAYBE_CHANGED` when NFKC might change a text that holds it.
    Built once per process (~0.03 s).
    """
    folds = bmp_casefold()
    multi = folds == MULTI_CHAR_FOLD
    folded = np.where(multi, 0, folds).astype(np.uint32)
    flags = char_classes(folded).astype(np.uint32)
    if fold_digits:
        folded = np.where(flags & _IS_DIGIT, np.uint32(ord("0")), folded)
    flags[multi] = _MULTI
    flags[_maybe_changed()] |= _MAYBE_CHANGED
    table = folded | (flags << _FLAG_SHIFT)
    table.flags.writeable = False
    return table


def warm_tables(config: ShingleConfig) -> None:
    """Build the lookup tables now: before a process pool forks, so that its workers share them."""
    fold_table(config.fold_digits)


def _joined(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, starts)``: code points of the texts, each followed by a newline, and where each begins."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    starts = np.cumsum(lengths) - lengths
    return code_points("\n".join(texts) + "\n"), starts


def _split(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(values, flags)``: the class flags of :func:`fold_table` values as their own contiguous array.

    The flags are read several times; a strided view of the values' top byte would make each read
    several times slower.
    """
    return values, (values >> _FLAG_SHIFT).astype(np.uint8)


def _odd_texts(raw: np.ndarray, flags: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(fold_by_str, check_nfkc)`` masks over texts: which need ``str.casefold``, which an NFKC check.

    A text folded by ``str.casefold`` needs the NFKC check too: its characters beyond the BMP
    were not looked up.
    """
    marks = np.bitwise_or.reduceat(flags, starts)
    fold_by_str = (marks & _MULTI).astype(bool)
    if len(raw) and int(raw.max()) >= _BMP:
        fold_by_str |= np.maximum.reduceat(raw, starts) >= _BMP
    return fold_by_str, (marks & _MAYBE_CHANGED).astype(bool) | fold_by_str


def _without_inner_apostrophes(
    values: np.ndarray, flags: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drop apostrophes between word characters (``don't`` -> ``dont``) and shift the text starts to match."""
    if not (flags & _IS_APOSTROPHE).any():
        return values, flags, starts
    inner = inner_apostrophes(flags)
    if inner is None or not inner.any():
        return values, flags, starts
    removed = np.add.reduceat(inner, starts, dtype=np.int64)
    keep = ~inner
    return values[keep], flags[keep], starts - (np.cumsum(removed) - removed)


def _bounds(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token ``(starts, ends)``: runs of word characters from one scan, unless unspaced characters need the general rule."""
    if (flags & _IS_UNSPACED).any():
        return _token_bounds(np.empty(0), flags)
    word = np.zeros(len(flags) + 2, dtype=np.uint8)
    np.bitwise_and(flags, np.uint8(_IS_WORD), out=word[1:-1])
    edges = np.flatnonzero(word[1:] != word[:-1])  # a run's start and its end, alternately
    return edges[0::2], edges[1::2]


def _shingled(
    values: np.ndarray, flags: np.ndarray, starts: np.ndarray, config: ShingleConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(grams, owner, words)`` from the :func:`fold_table` values of joined texts (apostrophes handled)."""
    token_starts, token_ends = _bounds(flags)
    hashes = span_hashes(values, token_starts, token_ends, code_mask=_CODE_MASK)
    first = np.searchsorted(token_starts, starts)
    words = np.diff(np.append(first, len(token_starts)))
    size = config.size
    if len(hashes) < size:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64), words
    owner = np.repeat(np.arange(len(starts)), words)
    grams = combine(hashes, size)
    inside = owner[: len(grams)] == owner[size - 1 :]  # the shingle does not cross into the next text
    return grams[inside], owner[: len(grams)][inside], words


def _table_values(texts: list[str], config: ShingleConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(values, flags, starts)`` of texts the table can fold."""
    raw, starts = _joined(texts)
    return *_split(np.take(fold_table(config.fold_digits), raw, mode="clip")), starts


def _str_values(texts: list[str], config: ShingleConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(values, flags, starts)`` of texts the table cannot fold: ``str.casefold``, classes looked up one by one."""
    folded = [t.lower() if t.isascii() else t.casefold() for t in texts]  # lower() is casefold() for ASCII
    codes, starts = _joined(folded)
    flags = char_classes(codes)
    if config.fold_digits:
        codes = fold_digits(codes, flags)
    return codes, flags, starts


def _batch_shingles(
    texts: list[str], config: ShingleConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(grams, owner, words, changed)``: shingles of the texts, and a mask of those NFKC changes.

    Texts NFKC changes, and texts with fewer tokens than a shingle, get no grams here.
    """
    raw, starts = _joined(texts)
    values, flags = _split(np.take(fold_table(config.fold_digits), raw, mode="clip"))
    changed = np.zeros(len(texts), dtype=bool)
    if len(raw) and (int(flags.max()) >= _MULTI or int(raw.max()) >= _BMP):
        fold_by_str, check = _odd_texts(raw, flags, starts)
        for position in np.flatnonzero(check).tolist():
            changed[position] = not unicodedata.is_normalized("NFKC", texts[position])
        if fold_by_str.any():
            return _mixed_batch(texts, fold_by_str, changed, config)
    grams, owner, words = _shingled(*_without_inner_apostrophes(values, flags, starts), config)
    return (*_dropped(grams, owner, changed), words, changed)


def _mixed_batch(
    texts: list[str], fold_by_str: np.ndarray, changed: np.ndarray, config: ShingleConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_batch_shingles` when some texts need ``str.casefold``: the rest stay on the table path."""
    grams, owners = [], []
    words = np.zeros(len(texts), dtype=np.int64)
    for positions, values_of in (
        (np.flatnonzero(~fold_by_str), _table_values),
        (np.flatnonzero(fold_by_str), _str_values),
    ):
        joined = values_of([texts[i] for i in positions.tolist()], config)
        found, owner, counted = _shingled(*_without_inner_apostrophes(*joined), config)
        grams.append(found)
        owners.append(positions[owner])
        words[positions] = counted
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")
    return (*_dropped(np.concatenate(grams)[order], owner[order], changed), words, changed)


def _dropped(grams: np.ndarray, owner: np.ndarray, changed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(grams, owner)`` without the grams of ``changed`` texts."""
    if not changed.any():
        return grams, owner
    keep = ~changed[owner]
    return grams[keep], owner[keep]


def _batches(texts: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of texts of about :data:`MAX_BATCH_CODES` characters (at least one text each)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    ends = np.cumsum(lengths)
    cuts = np.flatnonzero(np.diff(ends // max(1, MAX_BATCH_CODES), prepend=0)) + 1  # after the text crossing a multiple
    bounds = sorted({0, *cuts.tolist(), len(texts)})
    return [(start, end) for start, end in pairwise(bounds) if end > start]


def chunk_shingles(texts: list[str], config: ShingleConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(grams, counts, words)``: every text's shingle hashes concatenated in order, how many each has, its word count.

    Texts must already be prepared with :func:`~newsclean.dedup.shingle.matching_text`.
    """
    parts, owners = [], []
    words = np.zeros(len(texts), dtype=np.int64)
    changed = np.zeros(len(texts), dtype=bool)
    for start, end in _batches(texts):
        grams, owner, words[start:end], changed[start:end] = _batch_shingles(texts[start:end], config)
        parts.append(grams)
        owners.append(owner + start)
    alone = np.flatnonzero(changed | ((words > 0) & (words < config.size))).tolist()
    for position in alone:
        grams, words[position] = matching_shingles(texts[position], config)
        parts.append(grams)
        owners.append(np.full(len(grams), position, dtype=np.int64))
    if not parts:
        return np.empty(0, dtype=np.uint32), np.zeros(len(texts), dtype=np.int64), words
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable") if alone else slice(None)  # batches come in text order
    return np.concatenate(parts)[order], np.bincount(owner, minlength=len(texts)), words
