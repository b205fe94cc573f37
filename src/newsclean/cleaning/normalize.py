"""Normalization: make scraped text canonical before any rule looks at it.

Each step is one small ``str -> str`` function with a docstring and examples (run by
``tests/test_normalize.py`` as doctests). :data:`STEPS` lists them in the order they run, each with the
:class:`~newsclean.config.CleanConfig` switch that turns it on (``None``: always on, because later code
relies on it). :func:`normalize` runs the enabled steps and reports which ones changed the text, as
ftfy's explanations do.

Why these steps, in this order:

``repair_unicode``
    ftfy: mojibake, HTML entities, terminal escapes, C1 controls, ligatures. It costs ~2.4 ms per 3 KB,
    so it runs only when :data:`FTFY_TRIGGER` (one compiled regex search) finds something ftfy could fix.
``drop_invalid``
    lone surrogates become U+FFFD and control characters (NUL, C0/C1 except tab and newline) go,
    so the output can always be encoded as UTF-8 JSON. Always on.
``nfc``
    canonical composition, so "é" typed two ways compares equal (switched with ``fix_unicode``).
``whitespace``
    one kind of space, one kind of newline, at most one blank line between paragraphs.
``typography``
    invisible or look-alike characters that carry no meaning (soft hyphens, non-breaking hyphens).
    Quotes, dashes and the ellipsis are kept as written: they are correct typography and changing
    them would alter quotations.
``rejoin``
    paragraphs a scraper broke in the middle of a sentence are joined again (conservatively).

The steps are run to a fixed point (at most :data:`MAX_ROUNDS` rounds), so ``normalize`` is idempotent
even when one step exposes work for an earlier one (a zero-width space hiding a mojibake pair).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import ftfy

from newsclean.cleaning.rejoin import mendable_break, rejoin
from newsclean.config import CleanConfig

FTFY_CONFIG = ftfy.TextFixerConfig(
    # Curly quotes are correct typography in news copy; straightening them alters quotations.
    uncurl_quotes=False,
    # Fullwidth forms are the right punctuation in Chinese and Japanese text.
    fix_character_width=False,
    # Line breaks are the ``whitespace`` step's job, so the explanation names the right step.
    fix_line_breaks=False,
    # NFC is its own step (``nfc``), which also runs when ftfy is skipped.
    normalization=None,
    # We only need the fixed text; building explanations costs time.
    explain=False,
    # Our input is extracted text, not HTML: a "<" in it (a comparison, a stray tag) must not switch
    # entity decoding off for the whole article, or cutting one line would change another.
    unescape_html=True,
)
"""The one ftfy configuration; every non-default value has its reason beside it."""

# Continuation bytes 0x80-0xBF as Latin-1 or Windows-1252 shows them, the second half of UTF-8 mojibake.
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
# Characters that are a problem on their own: controls, C1 controls (terminal escapes start with ESC),
# Latin ligatures, surrogates (pairs ftfy can recombine).
_ALONE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufb00-\ufb06\ud800-\udfff"
# One character class first, so the search skips ahead fast (stdlib ``re``: ~10x faster here than
# ``regex`` or an alternation); the lookbehinds then say which kind of trigger was found.
FTFY_TRIGGER = re.compile(
    rf"""
    [\u00c2-\u00f4&{_ALONE}]
    (?: (?<=[\u00c2-\u00f4]) [{_CONTINUATION}]                       # UTF-8 lead byte read as Latin-1
      | (?<=&) (?:\#\d|\#[xX][0-9a-fA-F]|[A-Za-z]{{2,31}};)          # an HTML entity: &amp; &#8217;
      | (?<=[{_ALONE}])                                             # a character ftfy fixes alone
    )
    """,
    re.VERBOSE,
)
"""Something ftfy could fix. No match means ftfy would return the text unchanged (minus NFC)."""

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_INVALID = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_ODD_BREAK = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")
_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_UNUSUAL_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\u2060\ufeff]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff]")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r" {2,}")
_LINE_EDGE_SPACE = re.compile(r" *\n *")


def repair_unicode(text: str) -> str:
    """Repair mojibake, HTML entities and stray control characters with ftfy (see :data:`FTFY_CONFIG`).

    Skipped, at the cost of one regex search, when :data:`FTFY_TRIGGER` finds nothing ftfy could fix;
    otherwise only the lines where it finds something go through ftfy (see :func:`_fix_lines`).

    >>> repair_unicode("The agencyâ€™s new head")
    'The agency’s new head'
    >>> repair_unicode("Tom &amp; Jerry\\nThe rest is clean.\\nIt&#8217;s fixed")
    'Tom & Jerry\\nThe rest is clean.\\nIt’s fixed'
    >>> repair_unicode("“Quoted” stays curly, Ｆｕｌｌ stays wide")
    '“Quoted” stays curly, Ｆｕｌｌ stays wide'
    """
    found = FTFY_TRIGGER.search(text)
    if found is None:
        return text
    if len(text) > FTFY_CONFIG.max_decode_length:
        return ftfy.fix_text(text, FTFY_CONFIG)  # ftfy may cut a long line anywhere: let it
    return _fix_lines(text, found)


def _fix_lines(text: str, found: re.Match[str]) -> str:
    """``ftfy.fix_text(text)``, running ftfy only on the lines where :data:`FTFY_TRIGGER` matches.

    ``fix_text`` fixes each line on its own (with ``unescape_html=True`` no line's content changes
    how another is fixed) and a trigger never spans a newline, so a line without one comes back
    unchanged: skipping it gives the same text. An article with mojibake in a few lines or one HTML
    entity then pays ftfy's ~0.8 us per character for those lines only.
    """
    pieces: list[str] = []
    done = 0
    while found is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        end = len(text) if end < 0 else end + 1
        pieces.append(text[done:start])
        pieces.append(ftfy.fix_text(text[start:end], FTFY_CONFIG))
        done = end
        found = FTFY_TRIGGER.search(text, end)
    pieces.append(text[done:])
    return "".join(pieces)


def drop_invalid(text: str) -> str:
    """Replace lone surrogates with U+FFFD and delete control characters other than tab and newlines.

    Lone surrogates cannot be encoded as UTF-8 and NUL breaks C tools; neither is ever article text.
    U+0085 (next line) is left for the ``whitespace`` step, which makes it a newline.

    >>> drop_invalid("a\\x00b\\ud800c")
    'ab\\ufffdc'
    >>> drop_invalid("tab\\tand\\nnewline")
    'tab\\tand\\nnewline'
    """
    if (text.isascii() and text.isprintable()) or not _INVALID.search(text):
        return text
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", text))


def nfc(text: str) -> str:
    """Compose characters canonically (NFC), so one letter has one spelling.

    >>> nfc("Cafe\\u0301") == "Caf\\u00e9"
    True
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def whitespace(text: str) -> str:
    """Unify spaces and line breaks: one space between words, ``\\n`` lines, at most one blank line.

    No-break, ideographic and other Unicode spaces and tabs become a plain space; zero-width spaces,
    word joiners and byte-order marks go (zero-width *joiners* stay: they shape Persian and emoji);
    ``\\r\\n``, ``\\r`` and Unicode line separators become ``\\n``; spaces at line ends go; the ends
    of the text are stripped.

    >>> whitespace("  One\\u00a0two\\r\\n\\r\\n\\r\\n\\tThree \\u200bfour  \\n")
    'One two\\n\\nThree four'
    """
    # Each substitution runs only when a cheap probe (``in`` or one character-class search) finds work.
    if _ODD_BREAK.search(text):
        text = _LINE_BREAK.sub("\n", text)
    if _UNUSUAL_SPACE.search(text):
        text = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", text))
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_EDGE_SPACE.sub("\n", text)
    return _collapse_blank_runs(text).strip()


def _collapse_blank_runs(text: str) -> str:
    """At most one blank line in a row (``whitespace``'s last step, and the tidying of cut text).

    >>> _collapse_blank_runs("a\\n\\n\\n\\n\\nb\\n\\n\\nc")
    'a\\n\\nb\\n\\nc'
    """
    while "\n\n\n" in text:  # str.replace finds the runs faster than a regex scans for them
        text = text.replace("\n\n\n", "\n\n")
    return text


_HYPHEN_VARIANT = re.compile("[\u2010\u2011]")


def typography(text: str) -> str:
    """Unify characters that look alike and mean the same; keep quotes, dashes and the ellipsis as written.

    Soft hyphens are invisible hyphenation hints and split words for search, so they go; the Unicode
    hyphen and non-breaking hyphen become ``-``. The ellipsis ``…`` is kept, like quotes and dashes:
    it is a character of the text, and matching for duplicates ignores punctuation anyway.

    >>> typography("anti\\u00adbodies, well\\u2011known… “yes” — ok……")
    'antibodies, well-known… “yes” — ok……'
    """
    if text.isascii():
        return text
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
    if "\u2010" in text or "\u2011" in text:
        text = _HYPHEN_VARIANT.sub("-", text)
    return text


@dataclass(frozen=True, slots=True)
class Step:
    """One normalization step and the ``CleanConfig`` flag that enables it (``None``: always on)."""

    name: str
    function: Callable[[str], str]
    switch: str | None


STEPS: tuple[Step, ...] = (
    Step("repair_unicode", repair_unicode, "fix_unicode"),
    Step("drop_invalid", drop_invalid, None),
    Step("nfc", nfc, "fix_unicode"),
    Step("whitespace", whitespace, "normalize_whitespace"),
    Step("typography", typography, "normalize_typography"),
    Step("rejoin", rejoin, "rejoin_paragraphs"),
)
"""Every step in the order it runs; names appear in ``CleanResult.fixes``."""

MAX_ROUNDS = 3
"""Rounds of the step sequence before giving up on a fixed point (two suffice for real text)."""


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The normalized text and the names of the steps that changed it, in order."""

    text: str
    fixes: tuple[str, ...]


# Every character some step other than ``rejoin`` acts on: what FTFY_TRIGGER starts with, controls
# and surrogates (``drop_invalid``), odd breaks and spaces (``whitespace``), soft hyphens, hyphen
# variants (``typography``). One character-class search, as FTFY_TRIGGER.
_STEP_CHARS = re.compile(
    rf"[\u00c2-\u00f4&{_ALONE}\r\u2028\u2029\t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\u2060"
    "\ufeff\u00ad\u2010\u2011]"
)
_SPACING = ("  ", " \n", "\n ", "\n\n\n")


@functools.lru_cache(maxsize=8)
def is_settled(text: str) -> bool:
    """Whether every step but ``rejoin`` leaves ``text`` unchanged, decided by the fast scans below.

    Cached: the cleaner asks it of the text ``normalize`` just returned (the same string object,
    whose hash is already known), to learn that the lines cut from it need no scan again.
    """
    return _only_rejoin_may_change(text)


def _only_rejoin_may_change(text: str) -> bool:
    """Whether every step but ``rejoin`` would return ``text`` unchanged: the common case of text that
    is already normalized (a cleaned article, or one cut from a normalized one), decided in a few scans.

    >>> _only_rejoin_may_change("One line.\\n\\nAnother “quoted” line.")
    True
    >>> _only_rejoin_may_change("Tom &amp; Jerry"), _only_rejoin_may_change("two  spaces")
    (False, False)
    """
    if not text:
        return True
    if text[0].isspace() or text[-1].isspace() or any(s in text for s in _SPACING):
        return False
    if _STEP_CHARS.search(text):
        return False
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def enabled_steps(config: CleanConfig) -> tuple[Step, ...]:
    """The steps ``config`` switches on, in running order."""
    return tuple(s for s in STEPS if s.switch is None or getattr(config, s.switch))


def normalize(text: str, config: CleanConfig | None = None) -> NormalizedText:
    """Run the enabled steps until the text stops changing; ``fixes`` names each step that changed it.

    >>> normalize("The agencyâ€™s office was closed\\r\\n\\r\\n\\r\\nfor\\u00a0a week.")
    NormalizedText(text='The agency’s office was closed for a week.', fixes=('repair_unicode', 'whitespace', 'rejoin'))
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() needs a str, got {type(text).__name__}")
    steps = enabled_steps(config or CleanConfig())
    settled = _settled(text, steps) if is_settled(text) else None
    return settled or _run_steps(text, steps)


def normalize_cut(text: str, config: CleanConfig, *, lines_of_settled: bool = False) -> str:
    """``normalize(text, config).text`` for text cut from normalized text, usually much faster.

    A cut leaves runs of blank lines and newlines at the ends. Only ``whitespace`` acts on those
    (no other step reads newline runs), so with it on, tidying them first changes nothing in the
    result, and the tidied text usually takes the fast path that the cut text would miss.
    ``lines_of_settled``: ``text`` is whole lines of a text :func:`is_settled` passed. The scans then
    need not run again: no characters, spaces or compositions appear that the lines did not have
    (a newline starts a new composition), only newline runs, which are tidied.

    >>> normalize_cut("\\nOne line.\\n\\n\\n\\nAnother.\\n", CleanConfig())
    'One line.\\n\\nAnother.'
    """
    if config.normalize_whitespace and ("\n\n\n" in text or text[:1] == "\n" or text[-1:] == "\n"):
        tidy = _collapse_blank_runs(text).strip("\n")
        if (lines_of_settled and not tidy[:1].isspace()) or _only_rejoin_may_change(tidy):
            steps = enabled_steps(config)
            return (_settled(tidy, steps) or _run_steps(tidy, steps)).text
    return normalize(text, config).text


def _settled(text: str, steps: tuple[Step, ...]) -> NormalizedText | None:
    """``text`` unchanged, if :func:`_only_rejoin_may_change` passed it and ``rejoin`` mends nothing."""
    if any(step.function is rejoin for step in steps) and mendable_break().search(text) and rejoin(text) != text:
        return None
    return NormalizedText(text, ())  # what _run_steps would return, in a fraction of the time


def _run_steps(text: str, steps: tuple[Step, ...]) -> NormalizedText:
    fixes: list[str] = []
    seen: dict[str, str] = {}  # the text each step last returned: no need to run it on that again
    for _ in range(MAX_ROUNDS):
        changed = False
        for step in steps:
            if seen.get(step.name) == text:
                continue
            fixed = step.function(text)
            seen[step.name] = fixed
            if fixed != text:
                changed = True
                text = fixed
                if step.name not in fixes:
                    fixes.append(step.name)
        if not changed:
            break
    return NormalizedText(text, tuple(fixes))


__all__ = ["FTFY_CONFIG", "FTFY_TRIGGER", "STEPS", "NormalizedText", "Step", "is_settled", "normalize", "normalize_cut"]
