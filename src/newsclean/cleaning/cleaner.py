"""The cleaning engine: normalize, apply the selected rules, cut what they found, explain it.

Pipeline for one article (:meth:`Cleaner.clean`):

1. type-check (a ``str``; bytes must be decoded by the caller); HTML is read first by
   :mod:`newsclean.cleaning.html` (``html=``), whose markup removals and metadata join the result;
2. :func:`newsclean.cleaning.normalize.normalize`: every offset below points into this normalized text;
3. on a whole page's text, the body locator's removals (:mod:`newsclean.cleaning.body`: every line
   outside the article region, ``body.outside``); every selected rule's ``find``
   (:func:`newsclean.cleaning.rules.select`), plus, in ``clean_many``, the
   corpus pass (:mod:`newsclean.cleaning.corpus`). Some rules look at context (a name alone between two
   paragraphs is a caption), and a removal can expose new context, so the rules run again on the
   cleaned text until they find nothing more (at most :data:`MAX_PASSES` passes); what they find
   later is mapped back to offsets in the normalized text (:mod:`newsclean.cleaning.offsets`). This is what
   makes cleaning idempotent;
4. a hit that covers the whole text of a line also takes the line's newline;
5. the ``max_removed_ratio`` guard: if the non-``safe`` hits would remove more than that share of the
   visible characters the ``safe`` hits leave, only the ``safe`` hits are kept (a page that is "all
   noise" more likely fooled a rule), and the text they leave is settled again, guard included;
6. overlapping hits are united. **Policy**: the union is named after the rule that comes first in
   registry order (the order :func:`~newsclean.cleaning.rules.select` returns; extra rules after the
   registry's, the corpus pass last), because families are ordered from most to least specific;
7. the output is the normalized text minus the removals, normalized again, so blank lines left by a
   cut collapse and ``clean(clean(x).text).text == clean(x).text``;
8. metadata: what the hits' rules extracted (:func:`newsclean.cleaning.metadata.merge`), plus the dateline at
   the start of the first body paragraph, which stays in the text.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsclean.cleaning.body import RULE_NAME as BODY_RULE
from newsclean.cleaning.body import locate
from newsclean.cleaning.html import HtmlPage, read_page, with_page
from newsclean.cleaning.metadata import find_dateline, merge
from newsclean.cleaning.normalize import NormalizedText, is_settled, normalize, normalize_cut
from newsclean.cleaning.offsets import map_back, same_except_whitespace
from newsclean.cleaning.rules import Hints, Hit, LineScreen, Rule, find_all, select
from newsclean.cleaning.segment import first_line, whole_line_span
from newsclean.config import CleanConfig
from newsclean.errors import ConfigError
from newsclean.results import CleanResult, Removal

if TYPE_CHECKING:
    from newsclean.cleaning.corpus import RepeatedLines

MAX_PASSES = 3
"""Rule passes over one article: the first, then re-runs while removals expose more noise."""

MAX_GUARD_DEPTH = 2
"""How many times the text left by the ``safe`` hits is settled again after the guard fires."""

GUARD_NOTE = "removal_guard"
"""Metadata key set when ``max_removed_ratio`` kept an article whole (its value names the guard)."""


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A hit together with who made it: rule name, position in rule order, whether it is ``safe``."""

    rule: str
    order: int
    safe: bool
    hit: Hit


@dataclass(frozen=True, slots=True)
class Analysis:
    """The per-document part of cleaning, done before the corpus pass (and in worker processes)."""

    normalized: NormalizedText
    hits: tuple[RuleHit, ...]
    hints: Hints = field(default_factory=Hints)
    guarded: bool = False  # the max_removed_ratio guard kept the non-safe hits out
    cleaned: str | None = None  # the output text when the corpus pass adds nothing (made where the hits were)
    # What finish() would work out again when the corpus pass adds nothing: the hits the guard keeps,
    # its notes and the removals they make.
    kept: tuple[RuleHit, ...] | None = None
    notes: Mapping[str, object] = field(default_factory=dict)
    removed: tuple[Removal, ...] = ()
    page: HtmlPage | None = None  # HTML in: what the page's markup told (newsclean.cleaning.html)


def require_text(text: object, name: str = "text") -> str:
    """Return ``text`` if it is a ``str``; otherwise raise a TypeError saying what to do."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(f"{name} must be str, not bytes: decode it first, e.g. data.decode('utf-8')")
    raise TypeError(f"{name} must be str, got {type(text).__name__}")


def _optional_text(value: object, name: str) -> str | None:
    return None if value is None else require_text(value, name)


class Cleaner:
    """A configured cleaner: ``Cleaner(tier="safe", disable=["ads"])``; reuse it for many articles.

    ``config`` is a :class:`~newsclean.config.CleanConfig`; ``tier``, ``disable`` and any other
    ``CleanConfig`` field given as a keyword override it. ``extra_rules`` are applied after the
    registry's rules.
    """

    def __init__(
        self,
        config: CleanConfig | None = None,
        *,
        tier: str | None = None,
        disable: Iterable[str] | None = None,
        extra_rules: Iterable[Rule] = (),
        **fields: object,
    ) -> None:
        if config is not None and not isinstance(config, CleanConfig):
            raise ConfigError(f"config must be a CleanConfig, got {type(config).__name__}")
        overrides = dict(fields)
        if tier is not None:
            overrides["tier"] = tier
        if disable is not None:
            overrides["disable"] = disable
        unknown = set(overrides) - {f.name for f in dataclasses.fields(CleanConfig)}
        if unknown:
            raise ConfigError(f"unknown CleanConfig option(s): {', '.join(sorted(unknown))}")
        self.config = dataclasses.replace(config or CleanConfig(), **overrides)
        self.rules: tuple[Rule, ...] = select(self.config.tier, self.config.disable, tuple(extra_rules))
        # Line and span rules see one line or one match: a cut elsewhere does not change their verdict
        # (short of a paragraph rejoined across it), so only document rules, which read context, run
        # again on the cleaned text.
        self._ordered = tuple(enumerate(self.rules))
        self._context_rules = tuple((i, rule) for i, rule in self._ordered if rule.scope == "document")
        self._screen = LineScreen(self.rules)
        self._locate = self.config.locate_body and not {"body", BODY_RULE} & set(self.config.disable)

    def __repr__(self) -> str:
        return f"Cleaner({self.config!r}, rules={len(self.rules)})"

    @property
    def corpus_enabled(self) -> bool:
        """Whether ``clean_many`` runs the corpus pass (on unless switched off or disabled by name)."""
        off = {"corpus", "corpus.repeated_line"} & set(self.config.disable)
        return self.config.min_repeat_docs is not None and not off

    def analyze(self, text: str | None = None, *, html: str | bytes | None = None, title: str | None = None,
                url: str | None = None) -> Analysis:
        """Normalize ``text`` (or the article read from ``html``); find every rule hit, again on what a cut exposes."""
        hints = Hints(_optional_text(title, "title"), _optional_text(url, "url"))
        page = None
        if html is not None:
            if text is not None:
                raise TypeError("give text or html, not both")
            page = read_page(html, hints.url)
            text = page.text
        text = require_text(text)
        normalized = normalize(text, self.config)
        hits, guarded = self._settle(normalized.text, hints, MAX_GUARD_DEPTH)
        # Cut and re-normalize here, not in finish(): in clean_many's workers this part runs in parallel.
        kept, notes = self._guarded(hits, normalized.text)
        removed = unite(normalized.text, kept)
        cleaned = self._output_text(normalized.text, removed)
        return Analysis(normalized, tuple(hits), hints, guarded, cleaned, tuple(kept), notes, tuple(removed), page)

    def _settle(self, source: str, hints: Hints, depth: int) -> tuple[list[RuleHit], bool]:
        """The hits to cut from ``source``, and whether the ``max_removed_ratio`` guard fired.

        When it fires, only the ``safe`` hits stay, and the text they leave is settled in turn (as
        cleaning the output again would do), so the result is the same either way: idempotent.
        """
        hits = [_widen(source, h) for h in (*self._outside_body(source), *self._find(source, hints))]
        for _ in range(MAX_PASSES - 1):
            known = {_key(h) for h in hits}
            exposed = [h for h in self._find_exposed(source, hits, hints) if _key(h) not in known]
            if not exposed:
                break
            hits.extend(exposed)
        kept, notes = self._guarded(hits, source)
        if not notes:
            return hits, False
        removed = unite(source, kept)
        if depth == 0 or not removed:
            return kept, True
        cut_text = cut(source, removed)
        rest = self._renormalize(cut_text, source, removed)
        if not same_except_whitespace(rest, cut_text):
            return kept, True
        inner, _ = self._settle(rest, hints, depth - 1)
        return kept + _map_hits(inner, rest, cut_text, removed, source), True

    def finish(self, analysis: Analysis, corpus_hits: Sequence[Hit] = ()) -> CleanResult:
        """Cut the hits of ``analysis`` (and ``corpus_hits``) out of the text and explain the result."""
        from newsclean.cleaning.corpus import RULE_NAME

        source = analysis.normalized.text
        extra = [_widen(source, RuleHit(RULE_NAME, len(self.rules), False, h)) for h in corpus_hits]
        if not extra and analysis.kept is not None and analysis.cleaned is not None:
            hits, notes, removed = list(analysis.kept), dict(analysis.notes), list(analysis.removed)
            text = analysis.cleaned
        else:
            hits, notes = self._guarded([*analysis.hits, *extra], source)
            removed = unite(source, hits)
            text = self._output_text(source, removed)
        if analysis.guarded:
            notes[GUARD_NOTE] = "max_removed_ratio"
        metadata = merge(h.hit.metadata for h in sorted(hits, key=lambda h: (h.hit.start, h.order)))
        located_title = next((h.hit.metadata["title"] for h in hits if h.rule == BODY_RULE and "title" in h.hit.metadata), None)
        if located_title:  # on a whole page the locator knows the headline better than the top-line rule
            metadata["title"] = located_title
        if "dateline" not in metadata:
            dateline = find_dateline(first_line(text))
            if dateline:
                metadata["dateline"] = dateline
        metadata.update(notes)
        result = CleanResult(text, removed, metadata, source, analysis.normalized.fixes)
        return with_page(result, analysis.page) if analysis.page is not None else result

    def _outside_body(self, text: str) -> list[RuleHit]:
        """The body locator's removals: every line outside a whole page's article region.

        They count as ``safe`` for the ``max_removed_ratio`` guard: on a whole page most of the
        text is chrome, and the locator has its own test for that (:func:`~newsclean.cleaning.body.is_whole_page`).
        """
        if not self._locate:
            return []
        return [RuleHit(BODY_RULE, len(self.rules), True, hit) for hit in locate(text).hits]

    def _find(
        self, text: str, hints: Hints, rules: Sequence[tuple[int, Rule]] | None = None
    ) -> list[RuleHit]:
        """The hits of ``rules`` (default: all selected) in ``text``, tagged with rule order and tier."""
        if rules is None:
            chosen, found = self._ordered, find_all(self.rules, text, hints, self._screen)
        else:
            chosen, found = rules, find_all([rule for _, rule in rules], text, hints)
        return [
            RuleHit(rule.name, order, rule.tier == "safe", hit)
            for (order, rule), hits in zip(chosen, found, strict=True)
            for hit in hits
            if 0 <= hit.start < hit.end <= len(text)
        ]

    def _find_exposed(self, source: str, hits: list[RuleHit], hints: Hints) -> list[RuleHit]:
        """Hits the rules find only once ``hits`` are cut, as offsets into ``source``."""
        removed = unite(source, self._guarded(hits, source)[0])
        if not removed or not self._context_rules:
            return []
        cut_text = cut(source, removed)
        cleaned = self._renormalize(cut_text, source, removed)
        found = self._find(cleaned, hints, self._context_rules)
        if not found or not same_except_whitespace(cleaned, cut_text):
            return []
        return _map_hits(found, cleaned, cut_text, removed, source)

    def _guarded(self, hits: list[RuleHit], text: str) -> tuple[list[RuleHit], dict[str, object]]:
        """Apply ``max_removed_ratio``: past it, only ``safe`` hits stay, and a note says so."""
        if _exceeds_ratio(hits, text, self.config.max_removed_ratio):
            return [h for h in hits if h.safe], {GUARD_NOTE: "max_removed_ratio"}
        return hits, {}

    def clean(self, text: str | None = None, *, html: str | bytes | None = None, title: str | None = None,
              url: str | None = None) -> CleanResult:
        """Clean one article, given as ``text`` or as the page's ``html`` (str, or bytes decoded by
        the declared charset; needs the ``html`` extra); ``title`` and ``url`` help rules."""
        return self.finish(self.analyze(text, html=html, title=title, url=url))

    def clean_many(
        self,
        records: Iterable[str | dict],
        *,
        text_field: str = "text",
        html_field: str = "html",
        workers: int = 1,
        repeated: RepeatedLines | None = None,
    ) -> Iterator[dict]:
        """Clean a stream of records, text or HTML (see :func:`newsclean.cleaning.many.clean_many`); one output per input."""
        from newsclean.cleaning.many import clean_many

        return clean_many(self, records, text_field=text_field, html_field=html_field, workers=workers, repeated=repeated)

    def _output_text(self, source: str, removed: Sequence[Removal]) -> str:
        """``source`` without ``removed``, normalized again (nothing to do when nothing was cut)."""
        if not removed and self.config.normalize_whitespace:
            return source  # normalize() is idempotent
        return self._renormalize(cut(source, removed), source, removed)

    def _renormalize(self, text: str, source: str, removed: Sequence[Removal]) -> str:
        """Normalize ``text`` (``source`` minus ``removed``) the same way as the input, so cleaning
        the output again changes nothing."""
        whole_lines = all(_whole_line(source, r) for r in removed)
        return _renormalized(text, self.config, whole_lines and is_settled(source))


def _whole_line(text: str, removal: Removal) -> bool:
    """Whether ``removal`` runs from a line start to just past a newline (or to the end of ``text``)."""
    starts = removal.start == 0 or text[removal.start - 1] == "\n"
    return starts and (removal.end == len(text) or text[removal.end - 1] == "\n")


@functools.lru_cache(maxsize=8)
def _renormalized(text: str, config: CleanConfig, lines_of_settled: bool = False) -> str:
    """:meth:`Cleaner._renormalize`, cached: the re-run of the context rules and ``finish`` usually cut
    the same hits from the same text, so the second call is a lookup (a pure function of its arguments)."""
    text = normalize_cut(text, config, lines_of_settled=lines_of_settled)
    if not config.normalize_whitespace:
        text = _collapse_blank_lines(text)
    return text


def _map_hits(
    found: Sequence[RuleHit], cleaned: str, cut_text: str, removed: Sequence[Removal], source: str
) -> list[RuleHit]:
    """Hits found in ``cleaned`` (``cut_text`` re-normalized), moved to their offsets in ``source``."""
    spans = map_back(cleaned, cut_text, removed, [(h.hit.start, h.hit.end) for h in found])
    located = [h for h in found if "".join(cleaned[h.hit.start : h.hit.end].split())]
    return [
        _widen(source, dataclasses.replace(h, hit=dataclasses.replace(h.hit, start=start, end=end)))
        for h, (start, end) in zip(located, spans, strict=True)
    ]


def _key(rule_hit: RuleHit) -> tuple[str, int, int]:
    """What makes two hits the same: rule and span."""
    return rule_hit.rule, rule_hit.hit.start, rule_hit.hit.end


def _collapse_blank_lines(text: str) -> str:
    """Blank lines left by cuts, when the whitespace step is off: at most one in a row, none at the ends."""
    lines = text.split("\n")
    kept = [line for i, line in enumerate(lines) if line.strip() or (i > 0 and lines[i - 1].strip())]
    return "\n".join(kept).strip()


def _widen(text: str, rule_hit: RuleHit) -> RuleHit:
    """A hit covering a whole line takes the line's newline too (see :func:`whole_line_span`)."""
    start, end = whole_line_span(text, rule_hit.hit.start, rule_hit.hit.end)
    if (start, end) == (rule_hit.hit.start, rule_hit.hit.end):
        return rule_hit
    hit = Hit(start, end, rule_hit.hit.metadata)
    return RuleHit(rule_hit.rule, rule_hit.order, rule_hit.safe, hit)  # not dataclasses.replace: 5x cheaper


def _exceeds_ratio(hits: Sequence[RuleHit], text: str, max_ratio: float | None) -> bool:
    """Whether the non-``safe`` hits would remove more than ``max_ratio`` of what the ``safe`` ones leave.

    Measured in visible (non-whitespace) characters of the text left after the ``safe`` removals,
    so cleaning the output again (where those are gone) reaches the same decision: idempotent.
    """
    if max_ratio is None or all(h.safe for h in hits):
        return False  # no hits, or only safe ones: nothing for the guard to hold back
    # Bounds first: the non-safe hits remove at most their length, the safe ones leave at least the
    # rest. Articles with a few short noise lines are decided here without counting characters.
    unsafe_chars = sum(h.hit.end - h.hit.start for h in hits if not h.safe)
    safe_chars = sum(h.hit.end - h.hit.start for h in hits if h.safe)
    if unsafe_chars <= max_ratio * (_total_visible(text) - safe_chars):
        return False
    safe = _visible(text, unite(text, [h for h in hits if h.safe], with_text=False))
    remaining = _total_visible(text) - safe
    extra = _visible(text, unite(text, hits, with_text=False)) - safe
    return remaining > 0 and extra > max_ratio * remaining


def _visible(text: str, spans: Sequence[Removal]) -> int:
    """Non-whitespace characters of ``text`` inside the (disjoint) spans."""
    return sum(visible_chars(text[span.start : span.end]) for span in spans)


@functools.lru_cache(maxsize=4)
def _total_visible(text: str) -> int:
    """:func:`visible_chars` of a whole text: the guard asks it for one text several times in a row."""
    return visible_chars(text)


# Every character ``str.isspace`` accepts except the space and the newline.
_OTHER_WHITESPACE = re.compile(r"[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def visible_chars(text: str) -> int:
    """Non-whitespace characters of ``text``; counted, not split, when spaces and newlines are its
    only whitespace (normalized text).

    >>> visible_chars("two words\\n\\n and\\tmore")
    15
    """
    if _OTHER_WHITESPACE.search(text):
        return sum(map(len, text.split()))
    return len(text) - text.count(" ") - text.count("\n")


def unite(text: str, hits: Iterable[RuleHit], *, with_text: bool = True) -> list[Removal]:
    """Merge overlapping hits into removals sorted by start, each named after its first rule in order.

    Hits that only touch (one ends where the next starts) stay separate removals.
    """
    removals: list[Removal] = []
    group: list[RuleHit] = []
    group_end = -1
    for rule_hit in sorted(hits, key=lambda h: (h.hit.start, h.order)):
        if group and rule_hit.hit.start < group_end:
            group.append(rule_hit)
            group_end = max(group_end, rule_hit.hit.end)
            continue
        if group:
            removals.append(_removal(text, group, group_end, with_text))
        group, group_end = [rule_hit], rule_hit.hit.end
    if group:
        removals.append(_removal(text, group, group_end, with_text))
    return removals


def _removal(text: str, group: list[RuleHit], end: int, with_text: bool) -> Removal:
    start = group[0].hit.start
    name = min(group, key=lambda h: h.order).rule
    return Removal(name, text[start:end] if with_text else "", start, end)


def cut(text: str, removals: Sequence[Removal]) -> str:
    """``text`` without the (sorted, disjoint) removals.

    >>> cut("keep AD keep", [Removal("ads.marker", "AD ", 5, 8)])
    'keep keep'
    """
    pieces: list[str] = []
    position = 0
    for removal in removals:
        pieces.append(text[position : removal.start])
        position = removal.end
    pieces.append(text[position:])
    return "".join(pieces)


def clean(text: str | None = None, *, html: str | bytes | None = None, title: str | None = None,
          url: str | None = None) -> CleanResult:
    """Clean one article, as text or as a page's HTML, with the default configuration (see :class:`Cleaner`).

    >>> clean("CHICAGO — The council voted on Tuesday.").metadata["dateline"]
    'CHICAGO'
    """
    return _default_cleaner().clean(text, html=html, title=title, url=url)


def _default_cleaner() -> Cleaner:
    # A fresh Cleaner is cheap (select() filters a tuple); no module-level instance to share state.
    return Cleaner()


__all__ = ["Analysis", "Cleaner", "RuleHit", "clean", "cut", "require_text", "unite"]
