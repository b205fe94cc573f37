"""Pattern pieces and small helpers that several rule families share.

Kept in one place so a person's name, a list of names or a date means the same thing to the
byline, contact, caption and timestamp rules. Every quantifier here is bounded: the pieces are
spliced into patterns that must stay linear on multi-megabyte lines.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import regex

# --- names ---------------------------------------------------------------------------------------
# A name token is a capitalized word (Müller, O'Brien, McDonald, Jean-Luc, SMITH) or an initial
# (J., J.-P.). Particles (van, de, von, al-) may sit between tokens; 1-4 tokens make a name.
_CAP_WORD = r"\p{Lu}[\p{Ll}\p{Lu}\p{M}'’]{0,24}(?:-\p{Lu}[\p{Ll}\p{Lu}\p{M}'’]{0,24})?"
_INITIAL = r"\p{Lu}\.(?:-?\p{Lu}\.)?"
_AND = r"(?i:and|und|y|et|e|i|og|en|и)"
_TOKEN = rf"(?!{_AND}\s)(?:{_INITIAL}|{_CAP_WORD})"  # "JANE DOE AND JOHN ROE": AND is no name
_PARTICLE = r"(?:van|von|der|den|de|da|di|du|del|della|des|la|le|ter|ten|zu|bin|ibn|al|el|dos|das|do)"
_SUFFIX = r"(?:,?\s(?:Jr\.|Sr\.|II|III|IV))"
_NEXT_TOKEN = rf"(?:(?:(?:\s{_PARTICLE}){{1,2}}(?:\s|-)|\s){_TOKEN})"
# Names never start with an article or determiner: "By The Numbers" is a heading.
_NOT_NAME_START = (
    r"(?!(?i:the|a|an|this|that|these|those|our|its|his|her|their|all|some|any|every|no|more|"
    r"der|die|das|ein|eine|el|los|las|les|une?|il|lo|gli)\s)"
)
NAME = rf"{_NOT_NAME_START}{_TOKEN}{_NEXT_TOKEN}{{0,3}}{_SUFFIX}?"
"""One person's name: 1-4 capitalized tokens or initials, particles allowed between them."""
FULL_NAME = rf"{_NOT_NAME_START}{_TOKEN}{_NEXT_TOKEN}{{1,3}}{_SUFFIX}?"
"""A name of 2-4 tokens: a lone capitalized word ('Monday', 'Berlin') is too weak on its own."""

NAME_SEPARATOR = rf"(?:\s{{0,2}}[,;&]\s{{1,2}}(?:{_AND}\s)?|\s{_AND}\s)"
"""Between names in a list: comma, semicolon, ampersand or 'and' in several languages."""

NAME_LIST = rf"{FULL_NAME}(?:{NAME_SEPARATOR}{NAME}){{0,5}}"
"""Up to six names, the first a full name: 'Jane Doe', 'Jane Doe and Roe', 'A. Ndiaye & C. Li'."""

_ORG_WORD = r"\p{Lu}[\p{L}\p{M}.&'’\-]{0,30}"
ORGANISATION = rf"(?:(?i:the)\s)?{_ORG_WORD}(?:\s(?:of\s|for\s)?{_ORG_WORD}){{0,4}}"
"""An organisation's name: optional 'The', then 1-5 capitalized words ('The Associated Press')."""

_SPLIT_NAMES = regex.compile(rf"{NAME_SEPARATOR}")

# Words that name a job, not a person: a greedy name match may swallow them ("Jo Lee Staff").
_ROLE_WORDS = frozenset(
    [
        "staff", "senior", "chief", "special", "contributing", "reporter", "reporters", "writer", "writers",
        "correspondent", "editor", "editors", "columnist", "contributor", "journalist", "producer",
        "photographer", "bureau", "associate", "political", "business", "sports", "science", "health",
        "news", "deputy", "managing", "executive", "international", "national",
    ]
)
# Words that make a "name" an organisation ("Associated Press", "Chicago Tribune").
OUTLET_WORDS = frozenset(
    [
        "press", "news", "times", "post", "agency", "media", "network", "journal", "herald", "tribune",
        "telegraph", "guardian", "daily", "radio", "tv", "television", "wire", "service", "staff", "bureau",
        "desk", "newsroom", "zeitung", "presse", "agencia", "agence",
    ]
)


def split_names(names: str) -> list[str]:
    """Split a matched name list into people, dropping job words a name swallowed and outlets.

    A list starts with a full name; a later one-word entry ("Jane Doe, CNN", "Jane Doe, Chicago")
    is an outlet or a place, not a person.
    """
    people = []
    for part in _SPLIT_NAMES.split(names):
        tokens = part.split()
        while len(tokens) > 1 and tokens[-1].lower() in _ROLE_WORDS:
            tokens.pop()
        if len(tokens) > 1 and not any(t.lower() in OUTLET_WORDS for t in tokens):
            people.append(" ".join(tokens))
    return people


# --- compiling -------------------------------------------------------------------------------------
def compile_rule(pattern: str, *, ignore_case: bool = False) -> regex.Pattern[str]:
    """Compile a rule pattern; case-folding is opt-in because names rely on \\p{Lu}."""
    flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    return regex.compile(pattern, flags)


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group of escaped alternatives, longest first so prefixes do not win."""
    items = sorted(set(words), key=len, reverse=True)
    if not items:
        raise ValueError("an alternation needs at least one word")
    return "(?:" + "|".join(regex.escape(w, literal_spaces=True) for w in items) + ")"


def credit_text(match: regex.Match[str]) -> Mapping[str, object]:
    """Metadata for a credit line: the whole matched line goes to ``credits``."""
    return {"credits": [match.group(0).strip(" -–—()[]")]}


# --- lines, for document rules -----------------------------------------------------------------------
class Line(NamedTuple):
    """A non-blank line: stripped bounds in the text, how many blank lines came before it.

    A named tuple, not a dataclass: every document rule of every cleaning pass reads a text's lines,
    and building them is then a measurable share of cleaning. ``words`` is counted when asked for,
    not when the line is made: most rules decide most lines without it (see :func:`words_up_to`).
    """

    start: int
    end: int
    text: str
    blank_before: int

    @property
    def words(self) -> int:
        """How many whitespace-separated words the line has."""
        return _count_words(self.text)


def content_lines(text: str) -> tuple[Line, ...]:
    """Every non-blank line with stripped offsets, noting the blank lines before it.

    Several document rules read the same text, and the cleaner runs them all on one text in a row:
    the lines are parsed once and shared (a small cache of this pure function; ``Line`` is immutable).

    >>> content_lines("Menu\\n\\n\\n  Two words ")
    (Line(start=0, end=4, text='Menu', blank_before=0), Line(start=9, end=18, text='Two words', blank_before=2))
    """
    return _parse_lines(text)


def _count_words(line: str) -> int:
    """``len(line.split())`` for a stripped, non-blank line, without the split when its only
    whitespace is single spaces (every other whitespace character is unprintable).

    >>> _count_words("one two  three"), _count_words("one\\ttwo"), _count_words("one two")
    (3, 2, 2)
    """
    if "  " not in line and line.isprintable():
        return line.count(" ") + 1
    return len(line.split())


def words_up_to(text: str, limit: int) -> int:
    """``min(len(text.split()), limit + 1)``: enough to compare a count with ``limit``, and a long
    line is split only that far.

    >>> words_up_to("one two three", 4), words_up_to("one two three four five six", 4)
    (3, 5)
    """
    return len(text.split(None, limit))


@functools.lru_cache(maxsize=4)
def _parse_lines(text: str) -> tuple[Line, ...]:
    # One pass over the raw lines, counting the blank ones on the way (line_table() reads this too).
    lines: list[Line] = []
    position = blanks = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position if stripped is raw else position + len(raw) - len(raw.lstrip())
            lines.append(Line(start, start + len(stripped), stripped, blanks))
            blanks = 0
        else:
            blanks += 1
        position += len(raw) + 1
    return tuple(lines)


SENTENCE_END = ".!?。！？…»\"”’)"
"""Characters a body sentence or paragraph usually ends with."""


def is_body_paragraph(line: Line, *, min_words: int = 15) -> bool:
    """A long line of running text: many words and sentence-final punctuation."""
    return line.text.endswith(tuple(SENTENCE_END)) and line.words >= min_words
