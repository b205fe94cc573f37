"""Every registered rule finds its own examples, leaves its look-alikes alone and stays linear."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.cleaning.rules import DEFAULT_MAX_CHARS, REGISTRY, TIERS, Hints, LineScreen, Rule, find_all
from newsclean.cleaning.rules._shared import compile_rule
from newsclean.errors import RuleError

RULES = list(REGISTRY.values())
NAMES_FILE = Path(__file__).with_name("rule_names.txt")


def _strip(text: str) -> str:
    return text.strip()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_examples_are_found(rule: Rule) -> None:
    for example in rule.examples:
        hits = rule.find(example, Hints())
        assert hits, f"{rule.name} finds nothing in example {example!r}"
        if rule.scope == "line":
            covered = example[hits[0].start : hits[0].end]
            assert covered == _strip(example), f"{rule.name} covers {covered!r}, not the whole line"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_keeps_are_not_found(rule: Rule) -> None:
    for keep in rule.keep:
        hits = rule.find(keep, Hints())
        assert not hits, f"{rule.name} wrongly removes {[keep[h.start : h.end] for h in hits]!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_is_documented_by_enough_cases(rule: Rule) -> None:
    assert len(rule.examples) >= 3, f"{rule.name} needs at least 3 examples"
    assert len(rule.keep) >= 2, f"{rule.name} needs at least 2 look-alikes to keep"
    assert rule.tier in TIERS
    assert rule.description.strip()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_hits_are_well_formed(rule: Rule) -> None:
    for example in rule.examples:
        for hit in rule.find(example, Hints()):
            assert 0 <= hit.start < hit.end <= len(example)
            assert isinstance(dict(hit.metadata), dict)


def test_names_are_unique_and_namespaced() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        family, _, slug = rule.name.partition(".")
        assert family == rule.family and slug and slug.replace("_", "").isalnum(), rule.name


def test_a_title_hint_that_is_not_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="title must be a string"):
        REGISTRY["headline.repeated"].find("Some text", Hints(title=42))  # type: ignore[arg-type]


def test_checked_in_names_match_the_registry() -> None:
    listed = [line.strip() for line in NAMES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert listed == list(REGISTRY), "rules were added or renamed: update tests/rule_names.txt"


_HOSTILE = {
    "long_line": ("x7 Ab-c.d, By Jo (Photo: AP/" * 80_000)[:2_000_000],
    "repeated_token": "a " * 100_000,
    "long_url": "https://cdn.example.com/" + "a/" * 500_000 + "x.jpg",
    "long_name_list": "By " + "Jo Lee, " * 200_000,
    "many_short_lines": "Home\nNews\n\nJane Doe\n\n" * 20_000 + "The council met on Tuesday. " * 10,
    "repeated_headline": ("A Headline Of Six Words Here\n\n" + "The council met and voted. " * 4 + "\n\n") * 5_000,
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
@pytest.mark.parametrize("kind", sorted(_HOSTILE))
def test_rule_is_linear_on_hostile_input(rule: Rule, kind: str) -> None:
    text = _HOSTILE[kind]
    hits = rule.find(text, Hints(title="a a a"))
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)


def test_rules_reference_is_generated_from_the_registry() -> None:
    from newsclean.cleaning.rules.docs import render

    text = render(RULES)
    for rule in RULES:
        assert f"### {rule.name}" in text
    committed = Path(__file__).parents[1] / "docs" / "rules.md"
    assert committed.read_text(encoding="utf-8") == text, "regenerate: python -m newsclean.cleaning.rules.docs > docs/rules.md"


_NEWSY = st.sampled_from(
    ["By", "Jane", "Doe", "Photo:", "©", "2019", "ADVERTISEMENT", "Share", "\n", "\n\n", " ", ".", ",", "—", "Ü"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), _NEWSY), max_size=40).map(" ".join), st.none() | st.text(max_size=20))
def test_every_rule_returns_hits_inside_the_text(text: str, title: str | None) -> None:
    for rule in RULES:
        for hit in rule.find(text, Hints(title=title)):
            assert 0 <= hit.start < hit.end <= len(text), rule.name
            if rule.scope == "line":
                assert "\n" not in text[hit.start : hit.end], rule.name


@pytest.mark.parametrize("rule", [r for r in RULES if r.scope == "line"], ids=lambda r: r.name)
def test_every_example_fits_its_rules_max_chars(rule: Rule) -> None:
    longest = max(len(example.strip()) for example in rule.examples)
    assert longest <= rule.max_chars, f"{rule.name}: an example of {longest} chars, max_chars {rule.max_chars}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.max_words is not None], ids=lambda r: r.name)
def test_every_example_fits_its_rules_max_words_and_longer_lines_could_not_match(rule: Rule) -> None:
    assert rule.pattern is not None
    for example in rule.examples:
        assert len(example.split()) <= rule.max_words, example
        # max_words must not change what the rule finds: with the limit lifted, the pattern does not
        # match the example with more words either (here: a word added on either side).
        for longer in (f"{example.strip()} and more", f"See {example.strip()}"):
            if len(longer.split()) > rule.max_words:
                assert rule.pattern.fullmatch(longer) is None, longer


def test_a_line_with_more_words_than_max_words_is_not_tried() -> None:
    rule = Rule(name="test.ad", family="test", description="Ad words.", scope="line",
                pattern=compile_rule(r"ad(?:\s+ad)*"), max_words=2)
    assert [(h.start, h.end) for h in rule.find("ad\nad ad\nad  ad   ad\n\tad\tad ")] == [(0, 2), (3, 8), (22, 27)]
    with pytest.raises(RuleError, match="max_words"):
        Rule(name="test.ad", family="test", description="Ad words.", scope="line", pattern=compile_rule("ad"),
             max_words=0)


def _ad_rule(max_chars: int = DEFAULT_MAX_CHARS) -> Rule:
    return Rule(
        name="test.ad",
        family="test",
        description="A line of 'ad' words.",
        scope="line",
        pattern=compile_rule(r"ad(?: ad)*"),
        max_chars=max_chars,
    )


def test_a_line_longer_than_max_chars_is_not_tried() -> None:
    short, long = "ad ad", " ".join(["ad"] * 100)
    text = f"{short}\n\n{long}\n  {short}  "
    assert [(h.start, h.end) for h in _ad_rule(10).find(text)] == [(0, 5), (len(text) - 7, len(text) - 2)]
    assert len(_ad_rule(1000).find(text)) == 3


@pytest.mark.parametrize("bad", [0, -5, 2.5])
def test_max_chars_must_be_a_positive_int(bad: object) -> None:
    with pytest.raises(RuleError, match="max_chars"):
        _ad_rule(bad)  # type: ignore[arg-type]


_PAGE = (
    "Home\nNews\nSport\nWeather\n\nCity Budget Passes After Long Night\n\nBy Jane Doe and John Roe\n\n"
    "ADVERTISEMENT\n\nThe city council approved the new budget on Tuesday after a debate that lasted more than "
    "six hours, with several members voting against it and others saying it did not go far enough.\n\n"
    "Photo: Jane Doe/Getty Images\n\n© 2024 Example Media Group. All rights reserved.\n\nShare this article"
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PAGE.split("\n")), max_size=30).map("\n".join), st.none() | st.text(max_size=20))
def test_find_all_equals_each_rule_finding_on_its_own(text: str, title: str | None) -> None:
    rules = [*RULES, _ad_rule(3)]
    hints = Hints(title=title)
    assert find_all(rules, text, hints) == [rule.find(text, hints) for rule in rules]
    page_hits = find_all(rules, _PAGE)
    assert page_hits == [rule.find(_PAGE) for rule in rules]
    assert sum(map(len, page_hits)) >= 5  # menu, byline, ad marker, credit, copyright, share


def _screened(rules: list[Rule], text: str, hints: Hints | None = None) -> list:
    return find_all(tuple(rules), text, hints, LineScreen(tuple(rules)))


def _labelled_lines() -> list[str]:
    import json

    folder = Path(__file__).parent / "eval"
    return [json.loads(row)["text"] for name in ("lines.jsonl", "holdout.jsonl", "holdout2.jsonl")
            for row in (folder / name).read_text(encoding="utf-8").splitlines() if row.strip()]


def test_the_line_screen_changes_no_hit_on_examples_look_alikes_and_labelled_lines() -> None:
    # Each case as a line of its own, after a blank line and after a space, so a pattern's view of
    # the character before the line (a lookbehind, a word boundary) is exercised both ways.
    cases = [c for r in RULES for c in (*r.examples, *r.keep)] + _labelled_lines()
    text = "\n\n".join(cases) + "\n" + "\n ".join(cases)
    assert _screened(RULES, text) == find_all(RULES, text)
    assert sum(map(len, find_all(RULES, text))) > 300


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), _NEWSY), max_size=40).map(" ".join))
def test_the_line_screen_changes_no_hit_on_any_text(text: str) -> None:
    rules = [*RULES, _ad_rule(3)]
    assert _screened(rules, text) == find_all(rules, text)


def test_a_screen_remembers_line_starts_within_its_bound_and_refuses_other_rules() -> None:
    screen = LineScreen(tuple(RULES), size=3)
    text = "\n".join(f"{chr(65 + i)}{i} and more" for i in range(10))
    find_all(tuple(RULES), text, None, screen)
    assert 0 < len(screen._known) <= 3
    with pytest.raises(ValueError, match="other rules"):
        find_all(RULES[:3], text, None, screen)


def test_ranked_candidates_are_the_candidates_longest_limit_first() -> None:
    screen = LineScreen(tuple(RULES))
    for case in [c for r in RULES for c in (*r.examples, *r.keep)]:
        ranked = screen.ranked(case, 0, len(case))
        limits = [max_chars for max_chars, _, _ in ranked]
        assert limits == sorted(limits, reverse=True)
        assert all(rule.max_chars == max_chars and RULES[i] is rule for max_chars, i, rule in ranked)
        assert screen.candidates(case, 0, len(case)) == tuple(sorted((i, r) for _, i, r in ranked))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), _NEWSY, st.sampled_from(["\u2028", "\r", "\x0c", "\n \n"])), max_size=30)
       .map("".join))
def test_content_lines_are_the_line_table_with_blank_lines_counted(text: str) -> None:
    from newsclean.cleaning.rules import line_table
    from newsclean.cleaning.rules._shared import content_lines

    lines = content_lines(text)
    assert [(line.start, line.end) for line in lines] == list(line_table(text))
    previous_end = 0
    for i, line in enumerate(lines):
        assert line.text == text[line.start : line.end]
        assert line.blank_before == text.count("\n", previous_end, line.start) - (1 if i else 0)
        assert line.words == len(line.text.split())
        previous_end = line.end


@pytest.mark.parametrize("rule", [r for r in RULES if r.first_chars], ids=lambda r: r.name)
def test_first_chars_change_no_hit(rule: Rule) -> None:
    assert rule.scope == "span" and rule.pattern is not None
    cases = [*rule.examples, *rule.keep, _PAGE, "((((( [[ (Photo: X) ((Foto: dpa)] [x", ""]
    for text in [*cases, "\n".join(cases), " ".join(cases * 3)]:
        expected = [(m.start(), m.end()) for m in rule.pattern.finditer(text) if m.end() > m.start()]
        assert [(h.start, h.end) for h in rule.find(text)] == expected
        for hit in rule.find(text):
            assert text[hit.start] in rule.first_chars


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "[", "]", "Photo", ":", "by", "Jane", "Doe", "/", "AP", "Foto", " ",
                                 "dpa", "Getty Images", "\n", "x"]), max_size=40).map("".join))
def test_first_chars_find_what_finditer_finds(text: str) -> None:
    for rule in (r for r in RULES if r.first_chars):
        expected = [(m.start(), m.end()) for m in rule.pattern.finditer(text) if m.end() > m.start()]
        assert [(h.start, h.end) for h in rule.find(text)] == expected
