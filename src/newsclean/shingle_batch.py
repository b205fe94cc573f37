"""Shingles of many texts in one pass: :func:`chunk_shingles` gives what :func:`~newsclean.shingle.matching_shingles` gives per text.

Per text, tokenizing and hashing takes some twenty numpy calls on arrays of a few thousand
elements, so call overhead is much of the cost. Here the texts of a batch are casefolded, joined
with a newline (never part of a token) and tokenized, hashed and combined as one array; tokens
and shingles are then assigned back to their text. Texts that NFKC would change (rare) and texts
with fewer tokens than a shingle take the per-text path and are spliced in.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from newsclean.shingle import (
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

MAX_BATCH_CODES = 1 << 18  # code points hashed together: bounds the cached power tables (2 x 2 MB)


def _folded(text: str) -> str:
    return text.lower() if text.isascii() else text.casefold()  # lower() is casefold() for ASCII, faster


def _casefolded_by_table(texts: list[str]) -> np.ndarray | None:
    """Code points of the casefolded texts joined by newlines, or None when a character needs ``str.casefold``."""
    codes = code_points("\n".join(texts))
    if len(codes) and int(codes.max()) >= len(bmp_casefold()):
        return None
    folded = bmp_casefold()[codes]
    return None if (folded == MULTI_CHAR_FOLD).any() else folded


def _joined_codes(texts: list[str], config: ShingleConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(codes, flags, starts)``: the normalized code points of the texts joined by newlines, and where each begins."""
    codes = _casefolded_by_table(texts)
    if codes is None:
        texts = [_folded(t) for t in texts]
        codes = code_points("\n".join(texts))
    lengths = np.array([len(t) + 1 for t in texts], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    flags = char_classes(codes)
    inner = inner_apostrophes(flags)
    if inner is not None:
        removed = np.concatenate(([0], np.cumsum(inner)))
        starts = starts - removed[starts]
        codes, flags = codes[~inner], flags[~inner]
    if config.fold_digits:
        codes = fold_digits(codes, flags)
    return codes, flags, starts


def _batch_shingles(texts: list[str], config: ShingleConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(grams, owner, words)`` of NFKC-normalized texts; texts with fewer tokens than a shingle get none here."""
    codes, flags, text_starts = _joined_codes(texts, config)
    token_starts, token_ends = _token_bounds(codes, flags)
    hashes = span_hashes(codes, token_starts, token_ends)
    owner = np.searchsorted(text_starts, token_starts, side="right") - 1
    words = np.bincount(owner, minlength=len(texts))
    size = config.size
    if len(hashes) < size:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64), words
    grams = combine(hashes, size)
    inside = owner[: len(grams)] == owner[size - 1 :]  # the shingle does not cross into the next text
    return grams[inside], owner[: len(grams)][inside], words


def _batches(texts: list[str]) -> list[list[int]]:
    """Positions of texts grouped so each group has at most :data:`MAX_BATCH_CODES` characters (a longer text alone)."""
    groups: list[list[int]] = [[]]
    size = 0
    for position, text in enumerate(texts):
        if groups[-1] and size + len(text) > MAX_BATCH_CODES:
            groups.append([])
            size = 0
        groups[-1].append(position)
        size += len(text) + 1
    return groups


def chunk_shingles(texts: list[str], config: ShingleConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(grams, counts, words)``: every text's shingle hashes concatenated in order, how many each has, its word count.

    Texts must already be prepared with :func:`~newsclean.shingle.matching_text`.
    """
    normalized = [unicodedata.is_normalized("NFKC", t) for t in texts]
    parts, owners = [], []
    words = np.zeros(len(texts), dtype=np.int64)
    for group in _batches(texts):
        chosen = [i for i in group if normalized[i]]
        if chosen:
            grams, owner, counted = _batch_shingles([texts[i] for i in chosen], config)
            index = np.array(chosen, dtype=np.int64)
            parts.append(grams)
            owners.append(index[owner])
            words[index] = counted
    alone = [i for i, ok in enumerate(normalized) if not ok or 0 < words[i] < config.size]
    for position in alone:
        grams, words[position] = matching_shingles(texts[position], config)
        parts.append(grams)
        owners.append(np.full(len(grams), position, dtype=np.int64))
    if not parts:
        return np.empty(0, dtype=np.uint32), np.zeros(len(texts), dtype=np.int64), words
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable") if alone else slice(None)  # groups come in text order
    return np.concatenate(parts)[order], np.bincount(owner, minlength=len(texts)), words
