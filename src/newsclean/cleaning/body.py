"""The body locator: in a whole page's text, find the article and name everything around it.

Scrapers often hand over a page's whole visible text: menus, edition switchers, cookie notices,
teaser lists and footers around the article. Line rules catch chrome they have a pattern for; the
locator uses what they cannot: the *shape* of the text. An article is a run of long lines of
running text (many words, sentence punctuation); page chrome is runs of short lines without
sentence punctuation, separators (``|`` ``»`` ``·``), link lists and labels. No word lists: the
shape is the same in any language and script (unspaced scripts are counted by characters).

1. Every non-blank line gets a score (:func:`line_score`): positive for running text, growing
   with its length; negative for a short line, more so with separators or without sentence
   punctuation.
2. The article region is the contiguous run of lines with the highest total score (maximum
   subarray), so a heading, a short quote or a list inside the body is kept when body text
   surrounds it. Other runs nearly as strong and close to it (the body interrupted by a widget)
   join it (:func:`region`).
3. Only a *whole page* is cut (:func:`is_whole_page`): menu-like lines crowding together above
   the region (a page's navigation). An extractor's output (a body with a few
   residue lines) rarely has that shape and is left to the line rules (5 of 711 WCXB extractions
   are cut).

The lines outside become removals named ``body.outside``; the heading just above the region is
the page's headline (``metadata["title"]``, without a site-name suffix).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from newsclean.cleaning.rules import Hit
from newsclean.cleaning.rules._shared import Line, content_lines
from newsclean.cleaning.rules.headline import is_other_line

RULE_NAME = "body.outside"

_WIDE_CHAR = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}]"  # scripts written without spaces
_WIDE = regex.compile(_WIDE_CHAR)
_UNITS = regex.compile(rf"{_WIDE_CHAR}|[\w'’-]+")
_SEPARATORS = regex.compile(r"\s[|»·•›]\s|\s[|»·•›]$|^[|»·•›]\s")
_SENTENCE_END = regex.compile(r"[.!?。！？…:;][\"”’»)\]]*$")
_INNER_SENTENCE = regex.compile(r"\w[.!?。！？][\"”’»)]*\s+\p{Lu}|[。！？]")
# Code, table cells, figures and list items are short too, but inside an article: not menu items.
_NOT_MENU = regex.compile(r"[{}()\[\];=<>$#@*+%]|\d|^[\p{P}\p{S}]")

SHORT = 7
"""Below this many word units a line is a label, a menu item or a heading unless it is a sentence."""
LINE_PENALTY = 6.0
"""What every line costs: the score of a line is its length in word units minus this."""
MENU_UNITS = 4
"""A menu item, a label or a link has at most this many word units and no sentence punctuation."""
MIN_MENU_RUN = 5
"""A text is a whole page only with this many menu-like lines among ``MENU_WINDOW`` in a row above its article."""
MENU_WINDOW = 8
MENU_CHARS = 60
"""No menu-like line is longer: a text with fewer such short lines than ``MIN_MENU_RUN`` is not scored."""
LINK_LIST_WORDS = 5
"""A line of at least this many words, nearly all capitalized, without sentence punctuation: a
menu written on one line ("Home News Sport Weather About Us")."""
JOIN_RATIO = 0.2
"""Another strong run joins the region when it scores at least this share of the best one..."""
JOIN_GAP = 30
"""...and at most this many lines separate them."""
JOIN_SPAN = 200
"""How far beyond the gap a joining run is looked for."""


@dataclass(frozen=True, slots=True)
class Located:
    """Where the article is: line indexes ``[start, end)`` of its region (``None`` for a text
    without lines), and the removals outside it; the first carries the headline in its metadata."""

    region: tuple[int, int] | None
    hits: tuple[Hit, ...]
    title: str | None = None


def units(text: str) -> int:
    """Word units: words of spaced scripts, and characters of Chinese, Japanese, Korean and Thai halved.

    >>> units("The council voted."), units("市议会周二投票通过了预算。")
    (3, 6)
    """
    if text.isascii() or not _WIDE.search(text):
        return len(text.split())  # the common case, at C speed
    found = _UNITS.findall(text)
    wide = sum(1 for unit in found if len(unit) == 1 and not unit.isascii() and ord(unit) >= 0x0E00)
    return len(found) - wide + wide // 2


def line_score(text: str) -> float:
    """How much a line looks like running text (positive) or page chrome (negative).

    >>> line_score("Home") < 0 < line_score("The council voted on Tuesday to approve the budget for next year.")
    True
    """
    length = units(text)
    sentence = bool(_SENTENCE_END.search(text)) or bool(_INNER_SENTENCE.search(text))
    separators = len(_SEPARATORS.findall(text))
    if length < SHORT and not sentence:
        menu = 0 < length <= MENU_UNITS and not _NOT_MENU.search(text)  # is_menu_like, units and ending known
        score = -6.0 if menu else -1.0  # code, figures and list items sit inside articles
    elif is_link_list(text):
        score = -6.0
    else:
        score = length - LINE_PENALTY
        if not sentence:
            score *= 0.5  # a long line without sentence punctuation: a teaser list, a title, a breadcrumb
    return score - 3.0 * separators


def is_link_list(text: str) -> bool:
    """A menu written on one line: many words, nearly all capitalized, no sentence punctuation.

    >>> is_link_list("Home Commercial Cleaning Locations Industries Pricing About Us"), is_link_list("The Cat Sat")
    (True, False)
    """
    words = text.split()
    if len(words) < LINK_LIST_WORDS or _SENTENCE_END.search(text) or _INNER_SENTENCE.search(text):
        return False
    capitalized = sum(1 for word in words if word[0].isupper() or not word[0].isalpha())
    return capitalized >= 0.8 * len(words)


def is_menu_like(text: str) -> bool:
    """A line shaped like a menu item, a label or a link: a few words, no sentence punctuation,
    no figures, code or list marker.

    >>> is_menu_like("World News"), is_menu_like("- 2 cups of flour"), is_menu_like("It rained.")
    (True, False, False)
    """
    return 0 < units(text) <= MENU_UNITS and not _SENTENCE_END.search(text) and not _NOT_MENU.search(text)


def best_run(scores: Sequence[float], start: int = 0, end: int | None = None) -> tuple[int, int, float]:
    """``(first, stop, total)``: the contiguous run of ``scores[start:end]`` with the highest sum."""
    end = len(scores) if end is None else end
    best = (start, start, 0.0)
    run_start, total = start, 0.0
    for i in range(start, end):
        if total <= 0:
            run_start, total = i, 0.0
        total += scores[i]
        if total > best[2]:
            best = (run_start, i + 1, total)
    return best


def region(scores: Sequence[float]) -> tuple[int, int] | None:
    """The article region: the best run, joined with strong runs close before or after it (a
    widget interrupted the body); ``None`` when no run scores above zero.

    A run joins when it scores at least ``JOIN_RATIO`` of the best one and ends (or starts) at most
    ``JOIN_GAP`` lines away; it is looked for within ``JOIN_SPAN`` lines, so a long page costs
    linear time however many runs join.
    """
    first, stop, total = best_run(scores)
    if total <= 0:
        return None
    while first > 0:
        a, b, score = best_run(scores, max(0, first - JOIN_GAP - JOIN_SPAN), first)
        if score < JOIN_RATIO * total or b < first - JOIN_GAP or a == b:
            break
        first = a
    while stop < len(scores):
        a, b, score = best_run(scores, stop, min(len(scores), stop + JOIN_GAP + JOIN_SPAN))
        if score < JOIN_RATIO * total or a > stop + JOIN_GAP or a == b:
            break
        stop = b
    return first, stop


def is_whole_page(lines: Sequence[Line], first: int) -> bool:
    """Whether the text above the article region (which starts at line ``first``) holds page
    chrome: menu-like lines close together.

    A page's visible text nearly always opens with one (its navigation); an extractor's output
    rarely has one, and never above the article (code, tables and lists sit inside it).
    """
    flags = [is_menu_like(line.text) for line in lines[:first]]
    windows = range(max(1, len(flags) - MENU_WINDOW + 1))
    return any(sum(flags[i : i + MENU_WINDOW]) >= MIN_MENU_RUN for i in windows)


MAX_ROUNDS = 4
"""The region is located again in itself until nothing outside it looks like chrome (a fixed point,
so that cleaning the output again cuts nothing more)."""


def locate(text: str) -> Located:
    """The article region of ``text`` and, for a whole page, a removal for every line outside it."""
    lines = content_lines(text)
    whole = Located((0, len(lines)) if lines else None, ())
    if sum(1 for line in lines if len(line.text) <= MENU_CHARS) < MIN_MENU_RUN:
        return whole  # too few short lines for a page's menus
    scores = [line_score(line.text) for line in lines]
    first, stop = 0, len(lines)
    for _ in range(MAX_ROUNDS):
        found = region(scores[first:stop])
        if found is None or not is_whole_page(lines[first:stop], found[0]):
            break
        first, stop = first + found[0], first + found[1]
    if (first, stop) == (0, len(lines)):
        return whole
    title = headline(lines, first)
    hits = [*_outside(lines, 0, first), *_outside(lines, stop, len(lines))]
    if title:  # the headline travels with the first removal, for the cleaner's metadata
        hits[0] = Hit(hits[0].start, hits[0].end, {"title": title})
    return Located((first, stop), tuple(hits), title)


NEAR_TITLE = 15
"""Without the page title's help, the headline is the last heading at most this many lines above the article."""
TITLE_LOOKBACK = 40
"""The headline is among this many lines above the article region (bylines, dates, share links between)."""
_SITE_SUFFIX = regex.compile(r"\s+(?:[|–—·»:]|-{1,2}|::)\s+(?!.*\s(?:[|–—·»]|-{1,2}|::)\s).*$")
_TITLE_TOKENS = regex.compile(r"\w+")
_NOT_TITLE = regex.compile(r"^(?:\d[\d\s,./:-]*|[\p{P}\p{S}].*)$")  # a date, a count, a bullet
_TITLE_END = regex.compile(r"[.,;:…]$")  # a sentence or a label, not a headline


def strip_site_name(title: str) -> str:
    """A page title without the site name after the last separator (" | Site", " - Site").

    >>> strip_site_name("Council votes on budget | The Daily Example"), strip_site_name("Q&A: a talk")
    ('Council votes on budget', 'Q&A: a talk')
    """
    stripped = _SITE_SUFFIX.sub("", title)
    return stripped if units(stripped) >= 2 else title


def _headline_like(text: str) -> bool:
    size = units(text)
    if not 2 <= size <= 30 or _TITLE_END.search(text) or _NOT_TITLE.search(text):
        return False
    return not is_other_line(text)  # a byline, a date, a credit


def _tokens(text: str) -> set[str]:
    return {token.casefold() for token in _TITLE_TOKENS.findall(text)}


def headline(lines: Sequence[Line], first: int) -> str | None:
    """The page's headline: the heading just above the article region that the page's first line
    (where a scraper puts the page's ``<title>``) also names, else a heading close above it sharing
    words with that line, else the nearest heading above it.
    """
    if not lines:
        return None
    page_title = _tokens(strip_site_name(lines[0].text))
    window = range(max(1, first - TITLE_LOOKBACK), min(first + 1, len(lines)))
    candidates = [i for i in window if _headline_like(lines[i].text)]
    tokens = {i: _tokens(lines[i].text) for i in candidates}
    shared = {i: len(tokens[i] & page_title) for i in candidates}
    named = [i for i in candidates if page_title and shared[i] >= 0.7 * len(tokens[i])]
    if named:
        return lines[max(named, key=lambda i: (shared[i], i))].text
    near = [i for i in candidates if i >= first - NEAR_TITLE and units(lines[i].text) >= 3 and not is_menu_like(lines[i].text)]
    if near:  # the one sharing the most words with the page title, else the nearest
        return lines[max(near, key=lambda i: (shared[i] >= 2, i))].text
    return strip_site_name(lines[0].text) if _headline_like(lines[0].text) and first > 0 else None


def _outside(lines: Sequence[Line], start: int, stop: int) -> list[Hit]:
    """One hit from the start of line ``start`` to the end of line ``stop - 1`` (none if empty)."""
    if start >= stop:
        return []
    return [Hit(lines[start].start, lines[stop - 1].end)]
