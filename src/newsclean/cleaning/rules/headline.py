"""The headline, repeated in the body.

Scraped text often starts with the headline and repeats it (as a page title, a share text, an
image alt). With a known title (``Hints.title``) every line equal to it goes. Without one, the
top of the page is examined: below any menu items or ad labels, a short line without
sentence-final period that stands as its own paragraph (a blank line after it, or, in a scrape
with one line per paragraph, a next line that starts a sentence) and opens onto body text is the
headline. A normal first paragraph is kept. The title goes to ``metadata["title"]``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from newsclean.cleaning.rules import Hints, Hit, Rule, byline, captions, timestamps
from newsclean.cleaning.rules._shared import SENTENCE_END, Line, content_lines, is_body_paragraph, words_up_to

MAX_HEADLINE_WORDS = 20
MIN_HEADLINE_WORDS = 3
MAX_ITEM_WORDS = 5
"""Short lines without sentence punctuation (menus, ad labels, kickers) may precede the headline."""
MAX_LEADING_LINES = 15
"""The headline is among the first lines of the page."""
BODY_LOOKAHEAD = 5
"""Between the headline and the first body paragraph: at most this many byline, date or item lines."""

_NOT_WORD = regex.compile(r"[\p{P}\p{S}\s]+")
SENTENCE_WORDS = 14
"""A line this long, with a comma and mostly lower-case words, is a sentence, not a headline."""


def _sentence_like(text: str) -> bool:
    words = text.split()
    return len(words) >= SENTENCE_WORDS and sum(word[0].islower() for word in words) * 2 >= len(words)
# Short top lines that are something else: a byline, a photo credit or a date is never the headline.
_NOT_HEADLINES = tuple(r for r in (*byline.RULES, *captions.RULES, *timestamps.RULES) if r.scope == "line")


def headline_key(text: str) -> str:
    """Compare lines case-, punctuation- and whitespace-insensitively."""
    return _NOT_WORD.sub(" ", text).strip().casefold()


def _hits_for(lines: list[Line], title: str) -> Iterator[Hit]:
    key = headline_key(title)
    if not key:
        return
    longest = 2 * len(title) + 10  # punctuation and spacing differ, the words do not
    for line in lines:
        if len(line.text) <= longest and headline_key(line.text) == key:
            yield Hit(line.start, line.end, {"title": title.strip()})


def _looks_like_headline(line: Line) -> bool:
    if not MIN_HEADLINE_WORDS <= words_up_to(line.text, MAX_HEADLINE_WORDS) <= MAX_HEADLINE_WORDS:
        return False
    if line.text.endswith((".", ",", ";", ":", "…")) or line.text[0].islower():
        return False
    if line.text.endswith((".”", '."', ".’", ".'")):
        return False
    if ", " in line.text and _sentence_like(line.text):
        return False  # a long line with a clause, mostly in lower case: the article's first sentence
    return not is_other_line(line.text)


def is_other_line(text: str) -> bool:
    """A byline, credit or date line (``text`` is one stripped line): what those rules' ``find`` says."""
    whole = ((0, len(text)),)
    return any(rule.find_lines(text, whole) for rule in _NOT_HEADLINES)


def _is_short_item(line: Line) -> bool:
    return words_up_to(line.text, MAX_ITEM_WORDS) <= MAX_ITEM_WORDS and not line.text.endswith(tuple(SENTENCE_END))


def _starts_paragraph(line: Line, *, blank_separated: bool) -> bool:
    """The line after a headline begins a paragraph; it is not the rest of a broken sentence.

    In text with blank lines between paragraphs that takes a blank line; in a scrape with one
    line per paragraph it takes a line that does not start in lowercase.
    """
    return line.blank_before > 0 if blank_separated else not line.text[0].islower()


def _opens_onto_body(lines: list[Line], index: int, *, blank_separated: bool) -> bool:
    """Only repeats, bylines, dates and short items lie between line ``index`` and a body paragraph."""
    following = lines[index + 1 : index + 2 + BODY_LOOKAHEAD]
    if not following or not _starts_paragraph(following[0], blank_separated=blank_separated):
        return False
    key = headline_key(lines[index].text)
    for line in following:
        if is_body_paragraph(line):
            return True
        repeat = headline_key(line.text) == key
        if not (repeat or _is_short_item(line) or is_other_line(line.text)):
            return False
    return False


def _guess_title(lines: list[Line]) -> Line | None:
    """The first headline-shaped line near the top that opens onto body text.

    Only short items (menus, ad labels, kickers) may come before it; a longer line means the
    article started without a headline.
    """
    blank_separated = any(line.blank_before for line in lines[1:])
    for index, line in enumerate(lines[:MAX_LEADING_LINES]):
        if _looks_like_headline(line) and _opens_onto_body(lines, index, blank_separated=blank_separated):
            return line
        if not _is_short_item(line):
            return None
    return None


def find_headline(text: str, hints: Hints) -> Iterator[Hit]:
    """Lines equal to the caller's title, or else to the headline-shaped top line."""
    if hints.title is not None and not isinstance(hints.title, str):
        raise TypeError(f"title must be a string or None, not {type(hints.title).__name__}")
    lines = list(content_lines(text))
    if hints.title and hints.title.strip():
        yield from _hits_for(lines, hints.title)
        return
    title = _guess_title(lines)
    if title is not None:
        yield from _hits_for(lines, title.text)


_BODY = (
    "Officials said on Tuesday that the plan would go ahead despite the protests, "
    "which drew thousands of people to the square."
)

RULES: tuple[Rule, ...] = (
    Rule(
        name="headline.repeated",
        family="headline",
        tier="balanced",
        scope="document",
        description="With a known title (Hints.title), every line equal to it ignoring case, "
        "punctuation and spacing. Without one, a top line of 3-20 words with no sentence-final "
        "period, preceded only by short items (menus, ad labels) and followed by a new paragraph and, "
        "after at most a byline, a date or short items, a body paragraph, is the headline; it and its "
        "repeats go. A first line that is a sentence, or runs into the next line, is kept.",
        function=find_headline,
        examples=(
            f"City Council Approves Budget After Long Debate\n\n{_BODY}",
            f"ADVERTISEMENT\n\nMayor vows to fight new transit cuts\n\n{_BODY}\n\nMayor vows to fight new transit cuts",
            f"Bürgermeisterin kündigt Widerstand gegen Razzien an\n\n{_BODY}",
            f"Home\nNews\nSport\nCity budget passes after all-night session\nBy Jane Doe\nShare\n{_BODY}",
            f"¿Qué pasará con el metro de la ciudad?\n\n{_BODY}",
        ),
        keep=(
            f"The council approved the budget on Tuesday after a long debate.\n\n{_BODY}",
            f"Officials said the plan would go ahead\nafter the vote, despite protests.\n\n{_BODY}",
            "What happens next\n\nNot much, yet.",
            f"By Jane Doe and John Roe\n\n{_BODY}",
            f"Officials said the plan would go ahead\nafter the vote, despite protests that lasted for weeks and {_BODY}",
            f"Breaking news tonight\nOfficials said on Tuesday the plan would go ahead.\n\n{_BODY}",
            f"One of the most common questions people ask me is, “How do I even get started meditating?”\n\n{_BODY}",
            _BODY,
        ),
    ),
)
