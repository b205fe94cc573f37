"""Lines of a text with their offsets, so every removal can point back into the normalized text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.cleaning.rules import iter_lines, line_table


@dataclass(frozen=True, slots=True)
class Segment:
    """The stripped text of one line and its ``[start, end)`` offsets in the text it came from."""

    start: int
    end: int
    text: str


def lines(text: str) -> Iterator[Segment]:
    """Yield every non-blank line, stripped of surrounding whitespace, with its offsets.

    >>> [(s.start, s.end, s.text) for s in lines("One\\n\\n  two \\n")]
    [(0, 3, 'One'), (7, 10, 'two')]
    """
    for start, end in line_table(text):
        yield Segment(start, end, text[start:end])


def whole_line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to its whole line and the newline after it, if it covers the line's text.

    A removed line then leaves no empty line behind. A span inside a line is returned unchanged.

    >>> whole_line_span("keep\\n  AD \\nkeep", 7, 9)
    (5, 11)
    >>> whole_line_span("keep this AD", 10, 12)
    (10, 12)
    """
    line_start = text.rfind("\n", 0, start) + 1
    newline = text.find("\n", end)
    line_end = len(text) if newline < 0 else newline
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    return line_start, min(line_end + 1, len(text))


def first_line(text: str) -> str:
    """The first non-blank line of ``text`` (stripped), or ``""``; reads no further than that line.

    >>> first_line("\\n  \\n  Body starts here. \\nMore."), first_line(" \\n ")
    ('Body starts here.', '')
    """
    stripped = (text[start:end].strip() for start, end in iter_lines(text))
    return next((line for line in stripped if line), "")
