"""The rule registry: every noise rule newsclean knows, as data.

A rule is a record (:class:`Rule`), not a class. Each family module in this package defines a
module-level tuple ``RULES``; the registry collects them by discovering the modules, so adding a
rule touches one file and adding a family adds one file. Names are ``family.slug`` and stable: they
appear in every :class:`~newsclean.results.Removal`, in configuration (``Cleaner(disable=...)``),
in the tests, which parametrize over :data:`REGISTRY`, and in ``docs/rules.md``, generated from it.

How a rule finds text (``Rule.find``) depends on its ``scope``:

``line``
    ``pattern`` must *fullmatch* a whole line (surrounding blanks stripped); the line goes. Only lines
    of at most ``max_chars`` characters are tried: noise lines are short and body paragraphs long,
    so a long paragraph is offered to the few rules that can remove one (see :func:`find_all`).
``span``
    every ``pattern`` match inside the text goes, the rest of its line stays.
``document``
    ``function(text, hints)`` looks at the whole document (context such as position, the lines
    around, the title) and returns :class:`Hit` objects.

Patterns use the ``regex`` module and must not contain nested unbounded quantifiers: the hostile
input tests feed multi-megabyte lines and assert linear time.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import regex

from newsclean.cleaning.rules._shared import alternation, compile_rule, content_lines
from newsclean.errors import ConfigError, RuleError

Scope = Literal["line", "span", "document"]
Tier = Literal["safe", "balanced", "aggressive"]
TIERS: tuple[Tier, ...] = ("safe", "balanced", "aggressive")

DEFAULT_MAX_CHARS = 160
"""The longest line a ``line`` rule tries unless it says otherwise: labels, bylines, credits and
dates fit; families whose notices run long (archive, consent, contact, copyright) set more."""

LineTable = Sequence[tuple[int, int]]
"""``(start, end)`` of every non-blank line of a text, surrounding whitespace stripped."""


@dataclass(frozen=True, slots=True)
class Hints:
    """What the caller knows about a document besides its text."""

    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A span ``[start, end)`` of the text a rule wants removed, and what it learned from it."""

    start: int
    end: int
    metadata: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One named noise rule.

    ``examples`` are texts the rule must find something in; ``keep`` are look-alike texts
    (real article sentences that share a trigger word) in which it must find nothing. For
    ``line`` and ``span`` rules an example is a line; for ``document`` rules a small document.
    ``extract`` turns a pattern match into metadata (authors from a byline, a copyright holder).
    ``max_chars`` (``line`` rules) is the longest stripped line the rule removes; every example must
    fit it. It is what keeps the engine fast: a body paragraph is longer than almost every limit.
    ``max_words`` (``line`` rules, optional) is the most whitespace-separated words such a line has:
    1 for a pattern that cannot match whitespace (a URL), so prose lines are not even tried.
    ``first_chars`` (``span`` rules, optional) holds every character a match can start with: the
    engine then looks for those with ``str.find`` and tries the pattern only there, instead of
    scanning the whole text with it.
    """

    name: str
    family: str
    description: str
    scope: Scope
    pattern: regex.Pattern[str] | None = None
    function: Callable[[str, Hints], Iterable[Hit]] | None = None
    extract: Callable[[regex.Match[str]], Mapping[str, object]] | None = None
    tier: Tier = "balanced"
    examples: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    max_chars: int = DEFAULT_MAX_CHARS
    max_words: int | None = None
    first_chars: str = ""

    def __post_init__(self) -> None:
        if not self.name.startswith(self.family + "."):
            raise RuleError(f"rule {self.name!r} must be named '{self.family}.<slug>'")
        if self.tier not in TIERS:
            raise RuleError(f"rule {self.name!r}: unknown tier {self.tier!r}; choose from {TIERS}")
        if self.scope == "document":
            if self.function is None or self.pattern is not None:
                raise RuleError(f"document rule {self.name!r} needs a function and no pattern")
        elif self.scope in ("line", "span"):
            if self.pattern is None or self.function is not None:
                raise RuleError(f"{self.scope} rule {self.name!r} needs a pattern and no function")
            if self.pattern.pattern in ("", "(?:)"):
                raise RuleError(f"rule {self.name!r} has an empty pattern")
        else:
            raise RuleError(f"rule {self.name!r}: unknown scope {self.scope!r}")
        if not self.description.strip():
            raise RuleError(f"rule {self.name!r} needs a description")
        if not isinstance(self.max_chars, int) or self.max_chars < 1:
            raise RuleError(f"rule {self.name!r}: max_chars must be a positive int, got {self.max_chars!r}")
        if self.max_words is not None and (not isinstance(self.max_words, int) or self.max_words < 1):
            raise RuleError(f"rule {self.name!r}: max_words must be None or a positive int, got {self.max_words!r}")

    def find(self, text: str, hints: Hints | None = None) -> list[Hit]:
        """Return the spans of ``text`` this rule would remove, in order."""
        hints = hints or Hints()
        if self.scope == "document":
            assert self.function is not None
            return list(self.function(text, hints))
        assert self.pattern is not None
        if self.scope == "span":
            matches = self._starting_matches(text) if self.first_chars else self.pattern.finditer(text)
            return [Hit(m.start(), m.end(), self._meta(m)) for m in matches if m.end() > m.start()]
        return self.find_lines(text, line_table(text))

    def find_lines(self, text: str, lines: LineTable) -> list[Hit]:
        """The hits of a ``line`` rule among ``lines`` (a :func:`line_table` of ``text``)."""
        assert self.pattern is not None
        hits: list[Hit] = []
        for lo, hi in lines:
            if self.fits(text, lo, hi):
                m = self.pattern.fullmatch(text, lo, hi)
                if m is not None:
                    hits.append(Hit(lo, hi, self._meta(m)))
        return hits

    def _starting_matches(self, text: str) -> Iterator[regex.Match[str]]:
        """``pattern.finditer(text)`` for a pattern whose matches all start with one of ``first_chars``."""
        assert self.pattern is not None
        upcoming = {c: text.find(c) for c in self.first_chars}  # each char's next position, found once
        while True:
            ahead = [i for i in upcoming.values() if i >= 0]
            if not ahead:
                return
            start = min(ahead)
            m = self.pattern.match(text, start)
            position = m.end() if m is not None and m.end() > start else start + 1
            if m is not None:
                yield m
            for char, i in upcoming.items():
                if 0 <= i < position:
                    upcoming[char] = text.find(char, position)

    def fits(self, text: str, lo: int, hi: int) -> bool:
        """Whether line ``text[lo:hi]`` is within ``max_chars`` and ``max_words``: only then is it tried."""
        if hi - lo > self.max_chars:
            return False
        if self.max_words is None:
            return True
        if self.max_words == 1 and text.find(" ", lo, hi) >= 0:
            return False  # a stripped line with a space inside has two words: no need to split it
        return len(text[lo:hi].split(None, self.max_words)) <= self.max_words

    def _meta(self, m: regex.Match[str]) -> Mapping[str, object]:
        return dict(self.extract(m)) if self.extract is not None else {}


def iter_lines(text: str) -> Iterable[tuple[int, int]]:
    """Yield ``(start, end)`` of every line of ``text``, newline excluded."""
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        yield start, end
        start = end + 1


@functools.lru_cache(maxsize=4)
def line_table(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every non-blank line of ``text``, surrounding whitespace stripped.

    The line and document rules of one cleaning pass all read the same text: it is split once,
    by :func:`~newsclean.cleaning.rules._shared.content_lines` (which the document rules read), and this
    table is cached beside it (a small cache of this pure function, whose result is immutable).

    >>> line_table("  Menu \\n\\nBody text.")
    ((2, 6), (9, 19))
    """
    return tuple((line.start, line.end) for line in content_lines(text))


class LineScreen:
    """Which ``line`` rules could match a line, judged from its first characters and remembered.

    A line rule is tried with ``fullmatch`` on every line that fits its ``max_chars``, and on body
    text almost every try fails within the first characters; the call itself is then most of the
    cost. ``regex``'s partial matching says whether a pattern could match *some* line that starts
    with given characters (after the whitespace character before it, for a lookbehind), so rules
    that could not are skipped. Lines start with few distinct pairs of characters, so the answer is
    remembered per pair (up to ``size`` of them). The hits are exactly those of trying every rule.

    A pattern may look back at most one character before a line (the whitespace in front of it).
    """

    def __init__(self, rules: Sequence[Rule], size: int = 20_000, *, remember: bool = True) -> None:
        self.rules = tuple(rules)
        self.line_rules = tuple((i, r) for i, r in enumerate(self.rules) if r.scope == "line")
        self.other_rules = tuple((i, r) for i, r in enumerate(self.rules) if r.scope != "line")
        self._size = size
        self._remember = remember  # off: every line is offered to every line rule (a one-off call)
        self._known: dict[str, tuple[Ranked, ...]] = {}
        self._all = _ranked(self.line_rules)

    def candidates(self, text: str, lo: int, hi: int) -> tuple[tuple[int, Rule], ...]:
        """The ``(position, rule)`` pairs that may fullmatch ``text[lo:hi]``, whatever its length."""
        return tuple(sorted((i, rule) for _, i, rule in self.ranked(text, lo, hi)))

    def ranked(self, text: str, lo: int, hi: int) -> tuple[Ranked, ...]:
        """:meth:`candidates` as ``(max_chars, position, rule)``, longest limit first: a caller walking
        them stops at the first limit shorter than its line."""
        if not self._remember:
            return self._all
        before = text[lo - 1] if lo else ""
        key = before + text[lo : min(hi, lo + SCREEN_CHARS)]
        found = self._known.get(key)
        if found is None:
            if len(self._known) >= self._size:
                self._known.clear()  # a bounded memo: the common starts come back at once
            start = len(before)
            found = self._known[key] = _ranked(
                (i, r) for i, r in self.line_rules if r.pattern.fullmatch(key, start, partial=True) is not None  # type: ignore[union-attr]
            )
        return found


Ranked = tuple[int, int, "Rule"]
"""A line rule as :meth:`LineScreen.ranked` gives it: ``(max_chars, position, rule)``."""


def _ranked(rules: Iterable[tuple[int, Rule]]) -> tuple[Ranked, ...]:
    return tuple(sorted(((r.max_chars, i, r) for i, r in rules), key=lambda t: (-t[0], t[1])))


SCREEN_CHARS = 2
"""Characters of a line :class:`LineScreen` judges by: two rule out most rules on body lines, and
few enough distinct pairs occur that nearly every line's answer is already known."""


def find_all(
    rules: Sequence[Rule], text: str, hints: Hints | None = None, screen: LineScreen | None = None
) -> list[list[Hit]]:
    """The hits of every rule in ``text``, one list per rule: ``[r.find(text, hints) for r in rules]``.

    Faster than that: the lines are split once for all ``line`` rules, and a line is offered only
    to the rules whose ``max_chars`` (and ``max_words``) it fits and, with a :class:`LineScreen` of
    these ``rules``, that could match a line with its first characters. The screen ranks those by
    ``max_chars``, so a long line stops at the first rule whose limit it exceeds.
    """
    hints = hints or Hints()
    if screen is None:
        screen = LineScreen(rules, remember=False)
    elif screen.rules is not rules and screen.rules != tuple(rules):
        raise ValueError("find_all(): the screen was made for other rules")
    found: list[list[Hit]] = [[] for _ in rules]
    for lo, hi in line_table(text) if screen.line_rules else ():
        for max_chars, i, rule in screen.ranked(text, lo, hi):
            if hi - lo > max_chars:
                break  # every later rule's limit is shorter still
            if rule.max_words is None or rule.fits(text, lo, hi):
                m = rule.pattern.fullmatch(text, lo, hi)  # type: ignore[union-attr]
                if m is not None:
                    found[i].append(Hit(lo, hi, rule._meta(m)))
    for i, rule in screen.other_rules:
        found[i] = rule.find(text, hints)
    return found


def _discover() -> Mapping[str, Rule]:
    rules: dict[str, Rule] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "docs":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for rule in getattr(module, "RULES", ()):
            if rule.family != info.name:
                raise RuleError(f"rule {rule.name!r} is in module {info.name!r} but says family {rule.family!r}")
            if rule.name in rules:
                raise RuleError(f"duplicate rule name {rule.name!r}")
            rules[rule.name] = rule
    return MappingProxyType(rules)


REGISTRY: Mapping[str, Rule] = _discover()
"""Every rule, by name, in family order then definition order (the order they are applied)."""


def select(
    tier: Tier = "balanced",
    disable: Iterable[str] = (),
    extra: Iterable[Rule] = (),
) -> tuple[Rule, ...]:
    """The rules a configuration applies.

    ``tier`` keeps rules at or below that aggressiveness; ``disable`` drops rules by name or whole
    families by family name; ``extra`` rules are appended after the registry's.
    """
    if tier not in TIERS:
        raise ConfigError(f"unknown tier {tier!r}; choose one of {', '.join(TIERS)}")
    limit = TIERS.index(tier)
    disabled = set(disable)
    families = {r.family for r in REGISTRY.values()}
    unknown = disabled - set(REGISTRY) - families - {"corpus", "corpus.repeated_line", "body", "body.outside"}
    if unknown:
        raise ConfigError(f"cannot disable unknown rules or families: {', '.join(sorted(unknown))}")
    chosen = [
        r
        for r in REGISTRY.values()
        if TIERS.index(r.tier) <= limit and r.name not in disabled and r.family not in disabled
    ]
    for rule in extra:
        if not isinstance(rule, Rule):
            raise ConfigError(f"extra_rules must hold Rule objects, got {type(rule).__name__}")
        if rule.name in REGISTRY or any(r.name == rule.name for r in chosen):
            raise ConfigError(f"extra rule {rule.name!r} clashes with an existing rule name")
        chosen.append(rule)
    return tuple(chosen)


__all__ = [
    "DEFAULT_MAX_CHARS", "REGISTRY", "TIERS", "Hints", "Hit", "LineScreen", "LineTable", "Rule", "alternation",
    "compile_rule", "content_lines", "find_all", "iter_lines", "line_table", "select",
]
