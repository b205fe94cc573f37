"""Page chrome: navigation menus, tag and link lists, footers kept by a whole-page scraper.

Found by shape, not by words, so it works in any language and script: a run of several short
lines (a few words, no sentence punctuation) is a menu or link list. Runs above the first body
paragraph or below the last one are page chrome ("balanced"); runs between body paragraphs may
be a list inside the article, so removing them is "aggressive". Lists of full sentences, short
lists of two or three items, and verse whose lines end in punctuation are not runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from newsclean.cleaning.rules import Hints, Hit, Rule
from newsclean.cleaning.rules._shared import SENTENCE_END, Line, alternation, compile_rule, content_lines

MAX_ITEM_WORDS = 5
MAX_ITEM_CHARS = 40
MIN_RUN_LINES = 4
MIN_BODY_WORDS = 12
MIN_BODY_CHARS = 40
MIN_CHARS_PER_WORD = 15
"""A body paragraph: sentence-final punctuation and MIN_BODY_WORDS words, or, in scripts written
without spaces (many characters per 'word'), MIN_BODY_CHARS characters. A short footer sentence
('Copyright 2024 Example. All rights reserved.') is not body."""
MIN_KEPT_HEADLINE_WORDS = 3
"""The last line of a run just above the body, with this many words, may be a short headline."""

_ITEM_ENDINGS = (*SENTENCE_END, ",", ";", ":", "、", "，", "；", "：")


def _is_item(line: Line) -> bool:
    """A short line without sentence punctuation: a menu entry, tag or link text."""
    text = line.text
    return len(text) <= MAX_ITEM_CHARS and not text.endswith(_ITEM_ENDINGS) and line.words <= MAX_ITEM_WORDS


def _is_body(line: Line) -> bool:
    if not line.text.endswith(tuple(SENTENCE_END)):
        return False
    words = line.words
    unspaced = len(line.text) >= MIN_CHARS_PER_WORD * words
    return words >= MIN_BODY_WORDS or (unspaced and len(line.text) >= MIN_BODY_CHARS)


def _worded(lines: Sequence[Line]) -> int:
    """Lines with a letter in them. A line of digits or symbols ('0', '|', '•': a counter or a
    separator) may sit inside a menu but is no evidence of one: it does not count toward
    MIN_RUN_LINES."""
    return sum(1 for line in lines if any(c.isalpha() for c in line.text))


def _runs(lines: Sequence[Line]) -> Iterator[tuple[int, int]]:
    """Index ranges ``[i, j)`` of maximal runs of item lines with at least MIN_RUN_LINES worded ones."""
    start = None
    for index, line in enumerate([*lines, None]):
        if line is not None and _is_item(line):
            start = index if start is None else start
            continue
        if start is not None and index - start >= MIN_RUN_LINES and _worded(lines[start:index]) >= MIN_RUN_LINES:
            yield start, index
        start = None


def _chrome_runs(text: str, *, edges: bool) -> Iterator[Hit]:
    """Hits for runs at the page edges (``edges=True``) or between body paragraphs."""
    lines = content_lines(text)
    runs = list(_runs(lines))
    if not runs:  # most articles: decided without looking for body paragraphs
        return
    body = [i for i, line in enumerate(lines) if _is_body(line)]
    if not body:
        return
    first, last = body[0], body[-1]
    for start, end in runs:
        at_edge = end <= first or start > last
        if at_edge != edges:
            continue
        if end == first and lines[end - 1].words >= MIN_KEPT_HEADLINE_WORDS and lines[first].blank_before:
            end -= 1  # a short headline right above the body
        if _worded(lines[start:end]) < MIN_RUN_LINES:
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

_TAG_LABEL = alternation(
    [
        "tags", "tagged", "topics", "related topics", "filed under", "categories", "category", "keywords",
        "schlagwörter", "schlagworte", "themen", "etiquetas", "temas", "mots-clés", "mots clés", "sujets",
        "argomenti", "tag", "tematy", "tagi", "теги", "темы", "标签", "关键词", "الكلمات المفتاحية",
    ]
)
# Each tag is a short phrase without sentence punctuation: "Tags: Chicago, ICE, Immigration".
# A tag's characters exclude the list's separators and its words are possessive: when '/' or '·'
# could sit inside a tag or between two, a line such as 'Tags: a/a/a/...!' had 2^n ways to fail.
_TAG = r"[^\s,;.!?|·•/]{1,30}+(?:\s[^\s,;.!?|·•/]{1,30}+){0,4}+"
_TAG_LIST = rf"(?i:{_TAG_LABEL})\s?:\s?{_TAG}(?:\s?[,;|·•/]\s?{_TAG}){{0,30}}"
_SKIP_LINK = alternation(
    [
        "skip to main content", "skip to content", "skip to navigation", "skip to main navigation",
        "skip to search", "skip to footer", "jump to navigation", "jump to main content", "jump to content",
        "back to top", "scroll to top", "toggle navigation", "open menu", "close menu", "main menu", "menu",
        "search", "zum inhalt springen", "direkt zum inhalt", "zur navigation", "nach oben",
        "ir al contenido", "ir al contenido principal", "volver arriba", "aller au contenu",
        "aller au contenu principal", "retour en haut", "vai al contenuto", "torna su",
        "ir para o conteúdo", "przejdź do treści", "перейти к содержанию", "跳到主要内容", "返回顶部",
    ]
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="chrome.tag_list",
        family="chrome",
        tier="balanced",
        scope="line",
        description="A tag or topic list ('Tags: Chicago, ICE, Immigration', 'Filed under: ...', "
        "'Schlagwörter: ...'): a label and a colon, then short comma-separated phrases without "
        "sentence punctuation.",
        pattern=compile_rule(_TAG_LIST),
        examples=(
            "Tags: Chicago, ICE, Immigration",
            "Filed under: Politics / Immigration / Chicago",
            "Topics: Maria Okafor; Harbor Authority",
            "Schlagwörter: Chicago, Einwanderung, Razzien",
            "Etiquetas: Chicago, inmigración",
        ),
        keep=(
            "Topics: the council discussed taxes, schools and roads.",
            "Categories of workers affected include nurses, teachers and drivers.",
        ),
    ),
    Rule(
        name="chrome.skip_link",
        family="chrome",
        tier="safe",
        scope="line",
        description="Accessibility and navigation links alone on a line ('Skip to main content', "
        "'Back to top', 'Menu', 'Zum Inhalt springen', 'Ir al contenido').",
        pattern=compile_rule(rf"[\s↑^»›]{{0,2}}{_SKIP_LINK}[\s↑^»›]{{0,2}}", ignore_case=True),
        examples=("Skip to main content", "Back to top ↑", "Menu", "Zum Inhalt springen", "Ir al contenido", "Aller au contenu"),
        keep=("Skip to the next part of the hearing, the judge said.", "Back to top form, the striker scored twice."),
    ),
    Rule(
        name="chrome.edge_menu",
        family="chrome",
        tier="balanced",
        scope="document",
        description="A run of 4+ consecutive short lines (<= 5 words, <= 40 characters, no sentence "
        "punctuation; a line of digits or symbols such as a '0' counter does not count toward the 4) "
        "above the first or below the last body paragraph: navigation, tag lists, "
        "footers. Found by shape, so any language. A short headline ending the run right above the "
        "body is kept; documents without a body paragraph are left alone.",
        function=find_edge_chrome,
        examples=(
            f"Home\nNews\nSport\nWeather\nCulture\n\nBudget passes after long night\n\n{_BODY_EN}",
            f"{_BODY_DE}\n\nImpressum\nDatenschutz\nKontakt\nAGB\nKarriere",
            f"Inicio\nNacional\nInternacional\nDeportes\n\n{_BODY_ES}",
            f"首页\n新闻\n体育\n财经\n科技\n\n{_BODY_ZH}",
            f"0\nHome\nNews\nSport\nWeather\n\n{_BODY_EN}",
            f"{_BODY_EN}\n\nAbout us\nContact\nPrivacy\nTerms of use\n\nCopyright 2024 Example. All rights reserved.",
        ),
        keep=(
            f"{_BODY_EN}\n\nThe plan has three parts:\nRoads\nSchools\n\n{_BODY_EN}",
            f"Budget passes after long night\n\n{_BODY_EN}\n\n{_BODY_EN}",
            f"{_BODY_EN}\n\n- The budget grows by 4%.\n- Taxes stay the same.\n- Bus fares rise.\n- Parks get more money.",
            "Home\nNews\nSport\nWeather",
            f"0\nShare\nSave\nPrint\n\n{_BODY_EN}\n\n{_BODY_EN}",
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
