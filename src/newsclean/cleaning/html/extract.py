"""The article's text from a parsed page: a maintained extractor first, newsclean's body locator as a check.

An extractor (trafilatura, from the ``html`` extra) reads the DOM well, but on some pages it keeps
only a fragment of the article: a summary box, the first section. The body locator reads the page's
visible text by its shape instead. When the locator's article region holds many times the words
the extractor kept, and most of the extractor's words are in it, the extractor lost the article and
the region is used: :func:`choose`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsclean.cleaning.body import locate
from newsclean.cleaning.rules import content_lines
from newsclean.errors import require

FALLBACK_RATIO = 4.0
"""The locator's region must hold this many times the extractor's words to replace its output."""
FALLBACK_CONTAINED = 0.6
"""And this share of the extractor's words must be in the region: the two found the same article."""
EXTRACTOR_OPTIONS: dict[str, object] = {"favor_recall": True, "include_comments": False}
"""Readers' comments are not the article; recall-favouring mode, as newsclean's rules then remove residue."""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Extraction:
    """The text handed to the rules, and which stage produced it (``"extractor"`` or ``"locator"``)."""

    text: str
    source: str


def extractor_text(html: str, url: str | None) -> str:
    """trafilatura's text for the page, ``""`` when it finds none."""
    trafilatura = require("trafilatura", "html")
    return trafilatura.extract(html, url=url, **EXTRACTOR_OPTIONS) or ""


def region_text(visible: str) -> str:
    """The body locator's article region of ``visible``, or all of it when it is not a whole page."""
    located = locate(visible)
    if located.region is None or not located.hits:
        return visible
    lines = content_lines(visible)
    start, stop = located.region
    return visible[lines[start].start : lines[stop - 1].end] if stop > start else ""


def choose(extracted: str, visible: str) -> Extraction:
    """The extractor's text, unless the locator's region of the visible text shows it lost the article.

    >>> body = "\\n".join(f"Paragraph {i} of the story says something long enough, and it ends." for i in range(12))
    >>> choose("Paragraph 0 of the story says something long enough, and it ends.", body).source
    'locator'
    >>> choose(body, body).source
    'extractor'
    """
    kept = Counter(_WORD.findall(extracted.lower()))
    kept_words = sum(kept.values())
    if kept_words and len(_WORD.findall(visible)) < FALLBACK_RATIO * kept_words:
        return Extraction(extracted, "extractor")  # the region can't hold enough more words: skip the locator
    region = region_text(visible)
    found = Counter(_WORD.findall(region.lower()))
    region_words = sum(found.values())
    contained = sum((kept & found).values()) / kept_words if kept_words else 1.0
    if region_words >= FALLBACK_RATIO * max(kept_words, 1) and contained >= FALLBACK_CONTAINED:
        return Extraction(region, "locator")
    return Extraction(extracted, "extractor")
