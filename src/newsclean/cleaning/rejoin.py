"""The ``rejoin`` step: mend a paragraph broken in the middle of a sentence.

Scrapers often break one paragraph in two at a line wrap, an inline link or an ad slot. A break is
mended only on evidence that the sentence goes on (see :func:`rejoin`); keeping a wrong break costs
less than merging two paragraphs. :func:`mendable_break` finds, in one search, the breaks that might
be mended, so ``normalize`` can skip the per-line loop for the many articles that have none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import regex

_SENTENCE_END = regex.compile(r"""[.!?…:;。！？؟।]["'”’»)\]]*$""")
# A line ends with a number and a one-letter abbreviation ("at 10180 S."): an address going on.
_ENDS_NUMBER_INITIAL = regex.compile(r"\d[\d,]*\s\p{Lu}\.$")
# Titles written before a name never end a sentence ("said Dr." / "Smith"). Not "St." or "Sr.",
# which end sentences ("on Main St.", "John Smith Sr.").
_NAME_TITLES = ("Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt",
                "Supt", "Rev", "Hon", "Nr", "No")
_ENDS_NAME_TITLE = regex.compile(rf"(?:^|\s)(?:{'|'.join(_NAME_TITLES)})\.$")
_TITLE_ENDINGS = tuple(f"{title}." for title in _NAME_TITLES)
_ENDS_DIGIT = regex.compile(r"\d$")
_STARTS_INITIAL = regex.compile(r"\p{Lu}\.\s")
# A lowercase start that is a brand name, not a continuation: "iPhone", "eBay".
_STARTS_CAMEL = regex.compile(r"\p{Ll}+\p{Lu}")
MIN_JOIN_WORDS = 4
"""A line with fewer words is a heading, label or caption, never the first half of a broken sentence."""
HEADING_CAPITALIZED_SHARE = 0.75
"""A line whose words are mostly capitalized is a headline (Title Case or ALL CAPS) and is never joined.

Not lower: German capitalizes every noun, so a broken German sentence is often 60% capitalized."""


HEADING_MAX_WORDS = 40
"""A line with more words is a paragraph, whatever its capitalization."""


def _looks_like_heading(head: str) -> bool:
    """Short lines and Title Case lines are headings: the text after them is a new paragraph.

    ``head`` is the line's beginning as :func:`_head` gives it (enough words to decide).
    """
    all_words = head.split()
    if len(all_words) < MIN_JOIN_WORDS:
        return True
    if len(all_words) > HEADING_MAX_WORDS:
        return False
    words = [w for w in all_words if w[0].isalpha()]
    capitalized = sum(1 for w in words if w[0].isupper())
    return bool(words) and capitalized / len(words) >= HEADING_CAPITALIZED_SHARE


def _head(line: str) -> str:
    """The first ``HEADING_MAX_WORDS + 1`` words of ``line``: all :func:`_looks_like_heading` needs.

    Bounded (``maxsplit``), so checking a line that grows by joins stays linear.

    >>> _head("  A  short\tline ")
    'A short line'
    """
    return " ".join(line.split(maxsplit=HEADING_MAX_WORDS + 1)[: HEADING_MAX_WORDS + 1])


_EDGE = 48
"""Characters of a line's end (or start) the break patterns look at: keeps them linear on huge lines."""


def _inside_name(tail: str) -> bool:
    """The line ends inside an address or a name ("at 10180 S.", "said Dr.").

    Both patterns end in "<space><capital>." or a title and "."; checking that first spares the
    regex searches on the line ends of ordinary sentences.
    """
    if not (tail.endswith(_TITLE_ENDINGS) or (len(tail) >= 3 and tail[-1] == "." and tail[-3].isspace())):
        return False
    return bool(_ENDS_NUMBER_INITIAL.search(tail) or _ENDS_NAME_TITLE.search(tail))


def _may_continue(tail: str, after: str) -> bool:
    """The tests of :func:`_continues` that need no heading test: almost every break fails them."""
    if not (after[0].islower() or tail[-1] == "." or tail[-1].isdigit()):
        return False
    if tail[-1] == ".":  # ends a sentence, unless inside a name
        return _inside_name(tail)
    return not _SENTENCE_END.search(tail) or _inside_name(tail)


def _continues(head: str, tail: str, after: str) -> bool:
    """Whether ``after`` carries on the sentence broken off by the line that starts with ``head`` and
    ends with ``tail`` (see :func:`rejoin`)."""
    if not _may_continue(tail, after) or _looks_like_heading(head):
        return False
    first = after[0]
    after = after[:_EDGE]
    if first.islower() and not _STARTS_CAMEL.match(after):
        return True
    if _inside_name(tail):
        return first.isupper() or first.isdigit()
    return bool(_ENDS_DIGIT.search(tail) and _STARTS_INITIAL.match(after))


def rejoin(text: str) -> str:
    """Join a paragraph broken in the middle of a sentence to its continuation, with one space.

    A break is mended when the line before it is not a heading (at least :data:`MIN_JOIN_WORDS` words,
    not mostly capitalized) and either it lacks sentence-final punctuation and the next line starts
    in lowercase, or it ends inside an address or a name ("at 10180 S." / "Indianapolis Ave.", "at
    10180" / "S. Indianapolis", "said Dr." / "Smith"). Anything else is left alone: keeping a wrong
    break costs less than merging two paragraphs.

    >>> rejoin("The raid occurred at Route 66 Pizza at 10180 S.\\n\\nIndianapolis Ave. on Tuesday.")
    'The raid occurred at Route 66 Pizza at 10180 S. Indianapolis Ave. on Tuesday.'
    >>> rejoin("Officials said the measure, which passed\\n\\nlate on Monday, would take effect.")
    'Officials said the measure, which passed late on Monday, would take effect.'
    >>> rejoin("Mayor Vows to Shield Migrants From Raids\\n\\nthe mayor said on Friday.")
    'Mayor Vows to Shield Migrants From Raids\\n\\nthe mayor said on Friday.'
    >>> rejoin("Die Regierung hat am Montag\\n\\nbeschlossen, das Gesetz zu ändern.")
    'Die Regierung hat am Montag beschlossen, das Gesetz zu ändern.'
    >>> rejoin("He bought the new phone last week\\n\\niPhone sales rose.")
    'He bought the new phone last week\\n\\niPhone sales rose.'
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    parts = [lines[0]]
    # The line being built, as its head (for the heading test) and tail (for the end patterns): a
    # joined line is judged whole, as it will be when the output is normalized again. The head is
    # taken from ``head_source`` only when a break passes the cheap test: most never need it.
    head_source, head, tail = lines[0], None, lines[0].strip()[-_EDGE:]
    i = 0
    while i < len(lines) - 1:
        k = _next_line_across_one_blank(lines, i)
        after = lines[k].strip()
        joins = False
        if tail and after and _may_continue(tail, after):
            head = _head(head_source) if head is None else head
            joins = _continues(head, tail, after)
        if joins:
            assert head is not None
            parts[-1] = parts[-1].rstrip()
            parts.append(" " + lines[k].lstrip())
            if len(head.split()) <= HEADING_MAX_WORDS:
                head = _head(head + " " + after)
            tail = (tail + " " + after)[-_EDGE:]
            i = k
        else:
            parts.append("\n" + lines[i + 1])
            head_source, head, tail = lines[i + 1], None, lines[i + 1].strip()[-_EDGE:]
            i += 1
    return "".join(parts)


def _next_line_across_one_blank(lines: list[str], i: int) -> int:
    """Index of the line after ``i``, skipping a single blank line when text follows it."""
    k = i + 1
    if not lines[k].strip() and k + 1 < len(lines) and lines[k + 1].strip():
        k += 1
    return k


_LAST_CASED = 0x30000
"""No character above this is lowercase or a digit (checked by the tests)."""


def _char_class(has: Callable[[str], bool]) -> str:
    """A ``re`` character-class body of every character for which ``has`` is true."""
    ranges: list[tuple[int, int]] = []
    for code in range(_LAST_CASED):
        if has(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


@functools.cache
def mendable_break() -> re.Pattern[str]:
    """A line break :func:`rejoin` might mend, in text that ``normalize``'s fast check passed.

    There a line has no space at its ends and at most one blank line follows it, so the tests of
    :func:`_may_continue` reduce to one search: the next line starts in lowercase, or this one ends in
    a digit or in "<space><character>." or a title and "." (made once, on first use: the classes are
    read from the Unicode database). Most articles have no such break: ``rejoin`` is then not run.
    """
    titles = "".join(f"|(?<={re.escape(title)}\\.\\n)" for title in _NAME_TITLES)
    return re.compile(
        rf"\n(?:(?<=[{_char_class(str.isdigit)}]\n)|(?<=\s.\.\n){titles}|\n?(?=[{_char_class(str.islower)}]))"
    )


__all__ = ["HEADING_CAPITALIZED_SHARE", "HEADING_MAX_WORDS", "MIN_JOIN_WORDS", "mendable_break", "rejoin"]
