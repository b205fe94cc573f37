"""The rule registry: every noise rule newsclean knows, as data.

A rule is a record (:class:`Rule`), not a class. Each family module in this package defines a
module-level tuple ``RULES``; the registry collects them by discovering the modules, so adding a
rule touches one file and adding a family adds one file. Names are ``family.slug`` and stable: they
appear in every :class:`~newsclean.results.Removal`, in configuration (``Cleaner(disable=...)``),
in the tests, which parametrize over :data:`REGISTRY`, and in ``docs/rules.md``, generated from it.

How a rule finds text (``Rule.find``) depends on its ``scope``:

``line``
    ``pattern`` must *fullmatch* a whole line (surrounding blanks stripped); the line goes.
``span``
    every ``pattern`` match inside the text goes, the rest of its line stays.
``document``
    ``function(text, hints)`` looks at the whole document (context such as position, the lines
    around, the title) and returns :class:`Hit` objects.

Patterns use the ``regex`` module and must not contain nested unbounded quantifiers: the hostile
input tests feed multi-megabyte lines and assert linear time.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import regex

from newsclean.errors import ConfigError, RuleError

Scope = Literal["line", "span", "document"]
Tier = Literal["safe", "balanced", "aggressive"]
TIERS: tuple[Tier, ...] = ("safe", "balanced", "aggressive")


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

    def find(self, text: str, hints: Hints | None = None) -> list[Hit]:
        """Return the spans of ``text`` this rule would remove, in order."""
        hints = hints or Hints()
        if self.scope == "document":
            assert self.function is not None
            return list(self.function(text, hints))
        assert self.pattern is not None
        hits: list[Hit] = []
        if self.scope == "span":
            for m in self.pattern.finditer(text):
                if m.end() > m.start():
                    hits.append(Hit(m.start(), m.end(), self._meta(m)))
            return hits
        for start, end in iter_lines(text):
            lo, hi = _strip_bounds(text, start, end)
            if lo == hi:
                continue
            m = self.pattern.fullmatch(text, lo, hi)
            if m is not None:
                hits.append(Hit(lo, hi, self._meta(m)))
        return hits

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


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
    unknown = disabled - set(REGISTRY) - families - {"corpus", "corpus.repeated_line"}
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


__all__ = ["REGISTRY", "TIERS", "Hints", "Hit", "Rule", "iter_lines", "select"]
