"""The headline, repeated in the body.

Scraped text often starts with the headline and repeats it (as a page title, a share text, an
image alt). With a known title (``Hints.title``) every line equal to it goes. Without one, the
first lines are examined: a short line without sentence-final period, standing as its own
paragraph before body text, is taken as the headline; a normal first paragraph is kept. The
title goes to ``metadata["title"]``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from newsclean.rules import Hints, Hit, Rule, byline, timestamps
from newsclean.rules._shared import Line, content_lines, is_body_paragraph

MAX_HEADLINE_WORDS = 20
MIN_HEADLINE_WORDS = 3
MAX_LEADING_MARKER_WORDS = 2
"""Lines this short (ad labels, section names) may precede the headline."""
MAX_HEADLINE_POSITION = 3
"""The headline is among the first few non-blank lines."""

_NOT_WORD = regex.compile(r"[\p{P}\p{S}\s]+")
# Short top lines that are something else: a byline or a date is never the headline.
_NOT_HEADLINES = tuple(r for r in (*byline.RULES, *timestamps.RULES) if r.scope == "line")


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
    words = line.words
    if not MIN_HEADLINE_WORDS <= words <= MAX_HEADLINE_WORDS:
        return False
    if line.text.endswith((".", ",", ";", ":", "…")) or line.text[0].islower():
        return False
    if line.text.endswith((".”", '."', ".’", ".'")):
        return False
    return not any(rule.find(line.text) for rule in _NOT_HEADLINES)


def _guess_title(lines: list[Line]) -> Line | None:
    """The first headline-shaped line near the top that opens onto body text."""
    for index, line in enumerate(lines[:MAX_HEADLINE_POSITION]):
        if _looks_like_headline(line):
            following = lines[index + 1 : index + 4]
            if not following or following[0].blank_before == 0:
                return None
            return line if any(is_body_paragraph(f) for f in following) else None
        if line.words > MAX_LEADING_MARKER_WORDS:
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
        "period, followed by a blank line and a body paragraph, is the headline; it and its repeats "
        "go. A first line that is a sentence, or runs straight into the next line, is kept.",
        function=find_headline,
        examples=(
            f"City Council Approves Budget After Long Debate\n\n{_BODY}",
            f"ADVERTISEMENT\n\nMayor vows to fight new transit cuts\n\n{_BODY}\n\nMayor vows to fight new transit cuts",
            f"Bürgermeisterin kündigt Widerstand gegen Razzien an\n\n{_BODY}",
            f"¿Qué pasará con el metro de la ciudad?\n\n{_BODY}",
        ),
        keep=(
            f"The council approved the budget on Tuesday after a long debate.\n\n{_BODY}",
            f"Officials said the plan would go ahead\nafter the vote, despite protests.\n\n{_BODY}",
            "What happens next\n\nNot much, yet.",
            f"By Jane Doe and John Roe\n\n{_BODY}",
            _BODY,
        ),
    ),
)
