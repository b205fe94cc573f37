"""Which shingles are body prose: the only text a shared passage may rest on.

Pages of sister sites, or of one newspaper group, share their template: a terms-and-privacy
footer, a menu of car makes, an edition switcher, a paywall notice. Shared, such text looks like
reuse to a passage test that counts words. The cleaning side already tells page chrome from an
article by the shape of its lines (:mod:`newsclean.cleaning.body`): a shingle is **prose** when it
starts on a line inside the article region that the body locator finds (the whole text when it
finds no page chrome) and whose :func:`~newsclean.cleaning.body.line_score` is positive (running
text: long enough, sentence punctuation, not a one-line menu or a list of capitalized names).

The flag travels inside the shingle hash itself, in its top bit (:data:`CHROME_BIT`), so that every
engine, index and stored entry carries it without a new field: a prose shingle never equals a
chrome shingle, and :mod:`newsclean.dedup.verify` reads which is which from the value. That costs
one bit of the 32-bit hash (collisions stay negligible at article sizes).
"""

from __future__ import annotations

import numpy as np

from newsclean.cleaning.body import line_score, locate
from newsclean.cleaning.rules._shared import content_lines
from newsclean.dedup.shingle import TOKEN_RE

CHROME_BIT = np.uint32(1 << 31)
"""Set on the hash of a shingle that starts outside body prose."""
_HASH_BITS = np.uint32((1 << 31) - 1)


def prose_tokens(text: str, words: int) -> np.ndarray | None:
    """Per token of ``text`` (``words`` of them), whether it lies on a body-prose line; ``None`` when all do.

    ``None`` too when the tokens cannot be placed on lines (a count that differs from ``words``,
    as NFKC can make): then every shingle counts as prose, the behaviour without this check.

    >>> prose_tokens("The council voted on Tuesday to approve the budget for next year.", 12) is None
    True
    >>> prose_tokens("Home\\nThe council voted on Tuesday to approve the budget for next year.", 13).tolist()[:3]
    [False, True, True]
    """
    lines = content_lines(text)
    if not lines:
        return None
    located = locate(text).region or (0, len(lines))
    prose = np.zeros(len(lines), dtype=bool)
    prose[located[0] : located[1]] = [line_score(line.text) > 0 for line in lines[located[0] : located[1]]]
    if prose.all():
        return None
    starts = np.fromiter((m.start() for m in TOKEN_RE.finditer(text)), dtype=np.int64)
    if len(starts) != words:
        return None
    line_starts = np.fromiter((line.start for line in lines), dtype=np.int64, count=len(lines))
    return prose[np.searchsorted(line_starts, starts, side="right") - 1]


def flag_grams(grams: np.ndarray, texts: list[str], counts: np.ndarray, words: np.ndarray) -> np.ndarray:
    """``grams`` (every text's shingles, ``counts[i]`` of text ``i``) with :data:`CHROME_BIT` set
    on the shingles that start outside body prose and cleared on the others."""
    flagged = grams & _HASH_BITS
    offset = 0
    for text, count, length in zip(texts, counts.tolist(), words.tolist(), strict=True):
        mask = prose_tokens(text, length) if count > 1 else None
        if mask is not None:
            chrome = ~mask[:count]  # shingle i starts at token i
            flagged[offset : offset + count][chrome] |= CHROME_BIT
        offset += count
    return flagged


def is_prose(grams: np.ndarray) -> np.ndarray:
    """Which of ``grams`` are body prose (top bit clear)."""
    return grams < CHROME_BIT


def unflagged(grams: np.ndarray) -> np.ndarray:
    """``grams`` without the prose flag: the shingle hashes alone (exact copies, all-shingle Jaccard)."""
    return grams & _HASH_BITS


def prose_grams(grams: np.ndarray) -> np.ndarray:
    """The body-prose shingles of one document, in order."""
    return grams[is_prose(grams)]
