"""Page chrome: navigation menus, tag and link lists, footers kept by a whole-page scraper.

Found by shape, not by words, so it works in any language and script: a run of several short
lines (a few words, no sentence punctuation) is a menu or link list. Runs above the first body
paragraph or below the last one are page chrome ("balanced"); runs between body paragraphs may
be a list inside the article, so removing them is "aggressive". Lists of full sentences, short
lists of two or three items, and verse whose lines end in punctuation are not runs.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsclean.rules import Hints, Hit, Rule
from newsclean.rules._shared import SENTENCE_END, Line, content_lines

MAX_ITEM_WORDS = 5
MAX_ITEM_CHARS = 40
MIN_RUN_LINES = 4
MIN_BODY_WORDS = 12
MIN_BODY_CHARS = 40
"""A body paragraph: sentence-final punctuation and this many words (or characters, for scripts
written without spaces)."""
MIN_KEPT_HEADLINE_WORDS = 3
"""The last line of a run just above the body, with this many words, may be a short headline."""

_ITEM_ENDINGS = (*SENTENCE_END, ",", ";", ":", "、", "，", "；", "：")


def _is_item(line: Line) -> bool:
    """A short line without sentence punctuation: a menu entry, tag or link text."""
    text = line.text
    return line.words <= MAX_ITEM_WORDS and len(text) <= MAX_ITEM_CHARS and not text.endswith(_ITEM_ENDINGS)


def _is_body(line: Line) -> bool:
    long_enough = line.words >= MIN_BODY_WORDS or len(line.text) >= MIN_BODY_CHARS
    return long_enough and line.text.endswith(tuple(SENTENCE_END))


def _runs(lines: list[Line]) -> Iterator[tuple[int, int]]:
    """Index ranges ``[i, j)`` of maximal runs of item lines at least MIN_RUN_LINES long."""
    start = None
    for index, line in enumerate([*lines, None]):
        if line is not None and _is_item(line):
            start = index if start is None else start
            continue
        if start is not None and index - start >= MIN_RUN_LINES:
            yield start, index
        start = None


def _chrome_runs(text: str, *, edges: bool) -> Iterator[Hit]:
    """Hits for runs at the page edges (``edges=True``) or between body paragraphs."""
    lines = list(content_lines(text))
    body = [i for i, line in enumerate(lines) if _is_body(line)]
    if not body:
        return
    first, last = body[0], body[-1]
    for start, end in _runs(lines):
        at_edge = end <= first or start > last
        if at_edge != edges:
            continue
        if end == first and lines[end - 1].words >= MIN_KEPT_HEADLINE_WORDS and lines[first].blank_before:
            end -= 1  # a short headline right above the body
        if end - start < MIN_RUN_LINES:
            continue
        for line in lines[start:end]:
            yield Hit(line.start, line.end)


def find_edge_chrome(text: str, hints: Hints) -> Iterator[Hit]:
    """Menu and link-list runs above the first or below the last body paragraph."""
    return _chrome_runs(text, edges=True)


def find_inner_chrome(text: str, hints: Hints) -> Iterator[Hit]:
    """Menu and link-list runs between body paragraphs."""
    return _chrome_runs(text, edges=False)


_BODY_EN = (
    "The city council approved the new budget on Tuesday after a debate that lasted more than "
    "six hours, with several members voting against it."
)
_BODY_DE = (
    "Der Stadtrat hat am Dienstag nach mehr als sechs Stunden Debatte den neuen Haushalt "
    "beschlossen, mehrere Mitglieder stimmten dagegen."
)
_BODY_ES = (
    "El consejo municipal aprobó el martes el nuevo presupuesto tras un debate de más de seis "
    "horas en el que varios miembros votaron en contra."
)
_BODY_ZH = "市议会周二在经过六个多小时的辩论后批准了新的预算，但有几名议员投了反对票，并表示将继续关注预算的执行情况和对居民的影响。"

RULES: tuple[Rule, ...] = (
    Rule(
        name="chrome.edge_menu",
        family="chrome",
        tier="balanced",
        scope="document",
        description="A run of 4+ consecutive short lines (<= 5 words, <= 40 characters, no sentence "
        "punctuation) above the first or below the last body paragraph: navigation, tag lists, "
        "footers. Found by shape, so any language. A short headline ending the run right above the "
        "body is kept; documents without a body paragraph are left alone.",
        function=find_edge_chrome,
        examples=(
            f"Home\nNews\nSport\nWeather\nCulture\n\nBudget passes after long night\n\n{_BODY_EN}",
            f"{_BODY_DE}\n\nImpressum\nDatenschutz\nKontakt\nAGB\nKarriere",
            f"Inicio\nNacional\nInternacional\nDeportes\n\n{_BODY_ES}",
            f"首页\n新闻\n体育\n财经\n科技\n\n{_BODY_ZH}",
        ),
        keep=(
            f"{_BODY_EN}\n\nThe plan has three parts:\nRoads\nSchools\n\n{_BODY_EN}",
            f"Budget passes after long night\n\n{_BODY_EN}\n\n{_BODY_EN}",
            f"{_BODY_EN}\n\n- The budget grows by 4%.\n- Taxes stay the same.\n- Bus fares rise.\n- Parks get more money.",
            "Home\nNews\nSport\nWeather",
            f"{_BODY_EN}\n\nRoses are red,\nviolets are blue,\nthe council is late,\nand so are you.",
        ),
    ),
    Rule(
        name="chrome.inner_menu",
        family="chrome",
        tier="aggressive",
        scope="document",
        description="A run of 4+ short unpunctuated lines between body paragraphs: usually a link list "
        "or widget left inside the article, but it can be a list that belongs to it, hence the "
        "aggressive tier.",
        function=find_inner_chrome,
        examples=(
            f"{_BODY_EN}\n\nPolitics\nBusiness\nOpinion\nVideo\n\n{_BODY_EN}",
            f"{_BODY_DE}\n\nBerlin\nHamburg\nMünchen\nKöln\n\n{_BODY_DE}",
            f"{_BODY_ES}\n\nPortada\nPolítica\nEconomía\nCultura\nDeportes\n\n{_BODY_ES}",
        ),
        keep=(
            f"{_BODY_EN}\n\nRoads\nSchools\nParks\n\n{_BODY_EN}",
            f"{_BODY_EN}\n\n- Taxes stay the same.\n- Bus fares rise.\n- Parks get more money.\n- Roads are fixed.\n\n{_BODY_EN}",
        ),
    ),
)
