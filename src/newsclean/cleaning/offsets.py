"""Mapping offsets in cleaned text back to the normalized text it was cut from.

After the removals are cut and the rest is normalized again, a rule may find more (a caption that
was "between paragraphs" is now last). To report that removal with offsets into the *normalized*
text, a position in the cleaned text is mapped back in two steps: cleaned -> cut text by counting
non-whitespace characters (re-normalization only changes whitespace; callers check that), and cut
text -> normalized text through the kept pieces. Both walks are linear and visit whitespace runs
only, so they stay fast on multi-megabyte texts.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from newsclean.results import Removal

_NONSPACE_RUN = regex.compile(r"\S+")


def same_except_whitespace(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` hold the same characters once all whitespace is ignored.

    >>> same_except_whitespace("a b\\n\\nc", "ab c")
    True
    """
    return "".join(a.split()) == "".join(b.split())


def nonspace_counts(text: str, positions: Sequence[int]) -> list[int]:
    """For each position, how many non-whitespace characters of ``text`` come before it.

    >>> nonspace_counts("ab  cd", [0, 2, 4, 5, 6])
    [0, 2, 2, 3, 4]
    """
    order = sorted(range(len(positions)), key=positions.__getitem__)
    counts = [0] * len(positions)
    runs = _NONSPACE_RUN.finditer(text)
    run = next(runs, None)
    before = 0  # non-space characters in runs that end before the current run
    for index in order:
        position = positions[index]
        while run is not None and run.end() <= position:
            before += run.end() - run.start()
            run = next(runs, None)
        inside = max(0, position - run.start()) if run is not None else 0
        counts[index] = before + inside
    return counts


def nonspace_positions(text: str, counts: Sequence[int]) -> list[int]:
    """For each ``k``, the position of the ``k``-th (0-based) non-whitespace character of ``text``.

    A ``k`` past the last one maps to ``len(text)``.

    >>> nonspace_positions("ab  cd", [0, 2, 3, 9])
    [0, 4, 5, 6]
    """
    order = sorted(range(len(counts)), key=counts.__getitem__)
    found = [len(text)] * len(counts)
    runs = _NONSPACE_RUN.finditer(text)
    run = next(runs, None)
    before = 0
    for index in order:
        k = counts[index]
        while run is not None and before + (run.end() - run.start()) <= k:
            before += run.end() - run.start()
            run = next(runs, None)
        if run is not None:
            found[index] = run.start() + (k - before)
    return found


class CutMap:
    """Positions in ``cut(text, removals)`` -> positions in ``text``."""

    def __init__(self, removals: Sequence[Removal]) -> None:
        self._cut_starts: list[int] = [0]  # where each kept piece starts in the cut text
        self._shifts: list[int] = [0]  # how far that piece moved left
        shift = 0
        for removal in removals:
            shift += removal.end - removal.start
            self._cut_starts.append(removal.start - (shift - (removal.end - removal.start)))
            self._shifts.append(shift)

    def __call__(self, position: int) -> int:
        """The position in the original text of the character at ``position`` in the cut text."""
        piece = bisect.bisect_right(self._cut_starts, position) - 1
        return position + self._shifts[piece]


def map_back(
    cleaned: str, cut_text: str, removals: Sequence[Removal], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Map ``[start, end)`` spans of ``cleaned`` to spans of the text ``removals`` were cut from.

    ``cleaned`` must equal ``cut_text`` up to whitespace. Spans holding no visible character are dropped.

    >>> text = "Keep this.\\nAD\\nCaption\\nKeep that."
    >>> removals = [Removal("ads.marker", "AD\\n", 11, 14)]
    >>> cut_text = "Keep this.\\nCaption\\nKeep that."
    >>> [text[s:e] for s, e in map_back(cut_text, cut_text, removals, [(11, 18)])]
    ['Caption']
    """
    ends = nonspace_counts(cleaned, [p for span in spans for p in span])
    firsts, lasts = ends[0::2], ends[1::2]
    wanted = [(first, last - 1) for first, last in zip(firsts, lasts, strict=True) if last > first]
    located = nonspace_positions(cut_text, [k for pair in wanted for k in pair])
    to_original = CutMap(removals)
    return [(to_original(located[i]), to_original(located[i + 1]) + 1) for i in range(0, len(located), 2)]
