"""The cleaning engine: golden seeds, sentence preservation, hit union, metadata, guards, clean_many."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

import newsclean
from newsclean.cleaning.cleaner import Cleaner, RuleHit, clean, unite
from newsclean.cleaning.normalize import normalize
from newsclean.cleaning.rules import Hit, Rule
from newsclean.errors import ConfigError

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = sorted((FIXTURES / "articles").glob("*.txt"))
# Lines of each seed that are residue (the brief's list); every other sentence must survive cleaning.
RESIDUE = {
    "000": ["This is an archived article"],
    "001": ["Chicago Mayor Lori Lightfoot Rallies With Immigrant Rights Groups Against Recent ICE Raids"],
    "002": ["/cdn.vox-cdn.com/"],
    "003": [
        "Chicago Mayor Lightfoot says city will not help ICE with raids",
        "By Kevin Beese",
        "Lori Lightfoot",
        "Donald Trump",
    ],
    "004": [
        "ADVERTISEMENT",
        "Chicago Mayor Vows to Shield Migrants",
        "--With assistance",
        "To contact the",
        "©2019",
    ],
}
SENTENCE_BREAK = regex.compile(r"(?<=[.!?][”\"]?)\s+(?=[“\"\p{Lu}])")


def _seed_id(path: Path) -> str:
    return path.name[:3]


def test_seeds_present() -> None:
    assert [_seed_id(p) for p in SEEDS] == sorted(RESIDUE)


@pytest.mark.parametrize("seed", SEEDS, ids=_seed_id)
def test_golden_output(seed: Path) -> None:
    expected = (FIXTURES / "expected" / seed.name).read_text(encoding="utf-8").removesuffix("\n")
    assert clean(seed.read_text(encoding="utf-8")).text == expected


def _body_sentences(seed: Path) -> list[str]:
    residue = RESIDUE[_seed_id(seed)]
    body = [
        line
        for line in normalize(seed.read_text(encoding="utf-8")).text.split("\n")
        if line.strip() and not any(line.startswith(r) for r in residue)
    ]
    return [s for line in body for s in SENTENCE_BREAK.split(line) if s.strip()]


@pytest.mark.parametrize("seed", SEEDS, ids=_seed_id)
def test_every_body_sentence_kept(seed: Path) -> None:
    output = clean(seed.read_text(encoding="utf-8")).text
    sentences = _body_sentences(seed)
    assert len(sentences) >= 10
    missing = [s for s in sentences if s not in output]
    assert missing == []


@pytest.mark.parametrize("seed", SEEDS, ids=_seed_id)
def test_residue_removed(seed: Path) -> None:
    output = clean(seed.read_text(encoding="utf-8")).text
    lines = output.split("\n")
    for residue in RESIDUE[_seed_id(seed)]:
        assert not any(line.startswith(residue) for line in lines), residue


@pytest.mark.parametrize("seed", SEEDS, ids=_seed_id)
def test_removals_replay_on_normalized(seed: Path) -> None:
    result = clean(seed.read_text(encoding="utf-8"))
    assert result.removed == sorted(result.removed, key=lambda r: r.start)
    for removal in result.removed:
        assert result.normalized[removal.start : removal.end] == removal.text
        assert removal.rule in newsclean.REGISTRY or removal.rule == "corpus.repeated_line"
    assert clean(result.text).text == result.text


def test_seed_metadata() -> None:
    by_id = {_seed_id(p): clean(p.read_text(encoding="utf-8")).metadata for p in SEEDS}
    assert by_id["000"]["dateline"] == "CHICAGO"
    assert by_id["001"]["title"].startswith("Chicago Mayor Lori Lightfoot Rallies")
    assert by_id["003"]["authors"] == ["Kevin Beese"]
    assert by_id["004"]["title"] == "Chicago Mayor Vows to Shield Migrants From Raids by U.S. Agents"
    assert by_id["004"]["dateline"] == "(Bloomberg)"
    assert "Bloomberg" in str(by_id["004"]["copyright"])


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("WASHINGTON (AP) — The Senate passed the bill on Tuesday.", "WASHINGTON (AP)"),
        ("BERLIN, 3. März (Reuters) - Die Regierung hat am Montag beschlossen.", "BERLIN, 3. März (Reuters)"),
        ("ST. LOUIS — Flooding closed two highways.", "ST. LOUIS"),
        ("PARIS (AFP) – Le gouvernement a annoncé lundi un plan.", "PARIS (AFP)"),
    ],
)
def test_dateline_read_and_kept(text: str, dateline: str) -> None:
    result = clean(text)
    assert result.metadata["dateline"] == dateline
    assert result.text == text


@pytest.mark.parametrize(
    "text", ["Chicago — a city of neighborhoods, said the mayor.", "The vote - a close one - passed."]
)
def test_no_dateline_in_plain_sentences(text: str) -> None:
    assert "dateline" not in clean(text).metadata


def _rule(name: str, pattern: str, tier: str = "balanced", scope: str = "span") -> Rule:
    return Rule(
        name=name,
        family=name.split(".")[0],
        description="test rule",
        scope=scope,
        pattern=regex.compile(pattern),
        tier=tier,
    )


def test_union_named_after_first_rule_in_order() -> None:
    hits = [
        RuleHit("b.later", 1, False, Hit(3, 9)),
        RuleHit("a.first", 0, False, Hit(5, 12)),
        RuleHit("c.apart", 2, False, Hit(12, 14)),
    ]
    removals = unite("0123456789abcdef", hits)
    assert [(r.rule, r.start, r.end, r.text) for r in removals] == [
        ("a.first", 3, 12, "3456789ab"),
        ("c.apart", 12, 14, "cd"),
    ]


def test_extra_rules_and_whole_line_takes_newline() -> None:
    cleaner = Cleaner(extra_rules=[_rule("promo.line", r"Promo code \w+", scope="line")])
    result = cleaner.clean("First paragraph here.\n\nPromo code SAVE10\n\nSecond paragraph here.")
    assert result.text == "First paragraph here.\n\nSecond paragraph here."
    assert [(r.rule, r.text) for r in result.removed] == [("promo.line", "Promo code SAVE10\n")]


def test_span_removal_keeps_rest_of_line() -> None:
    cleaner = Cleaner(extra_rules=[_rule("promo.span", r"\[promo\] ?")])
    assert cleaner.clean("The mayor spoke [promo] on Friday.").text == "The mayor spoke on Friday."


def test_removed_ratio_guard_keeps_article() -> None:
    eater = _rule("greedy.all", r"(?s).+", scope="span")
    text = "A whole article that a bad rule would swallow entirely."
    result = Cleaner(extra_rules=[eater]).clean(text)
    assert result.text == text
    assert result.removed == []
    assert result.metadata["removal_guard"] == "max_removed_ratio"
    assert Cleaner(extra_rules=[eater], max_removed_ratio=None).clean(text).text == ""


def test_disable_and_tier() -> None:
    text = "ADVERTISEMENT\n\nThe council voted on Tuesday."
    assert clean(text).text == "The council voted on Tuesday."
    assert Cleaner(disable=["ads"]).clean(text).text == text
    with pytest.raises(ConfigError):
        Cleaner(tier="extreme")
    with pytest.raises(ConfigError, match="unknown CleanConfig"):
        Cleaner(colour="blue")


@pytest.mark.parametrize("bad", [b"bytes", 42, None, ["list"]])
def test_non_str_input_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="decode" if isinstance(bad, bytes) else "str"):
        clean(bad)  # type: ignore[arg-type]


def test_title_must_be_str() -> None:
    with pytest.raises(TypeError, match="title"):
        clean("text", title=b"x")  # type: ignore[arg-type]


def test_public_api_result_fields() -> None:
    result = newsclean.clean("Itâ€™s  here.\r\n\r\n\r\nADVERTISEMENT\r\nAnd there.")
    assert result.normalized.startswith("It’s here.")
    assert "repair_unicode" in result.fixes
    assert result.text == "It’s here.\n\nAnd there."
    assert result.to_dict()["removed"][0]["rule"] == "ads.marker"


def test_empty_and_blank_input() -> None:
    assert clean("").text == ""
    assert clean(" \n\t\n ").text == ""


def _last_short_line(text: str, hints: object) -> list[Hit]:
    """A context rule for the test: the last line goes when it has fewer than three words."""
    start = text.rfind("\n") + 1
    return [Hit(start, len(text))] if text[start:] and len(text[start:].split()) < 3 else []


def test_rules_rerun_on_exposed_context_with_offsets_into_normalized() -> None:
    rule = Rule(
        name="tail.short", family="tail", description="test", scope="document", function=_last_short_line
    )
    cleaner = Cleaner(extra_rules=[rule], disable=["captions"])
    result = cleaner.clean("A body sentence that stays here.\n\nAB CD\n\nXY")
    assert result.text == "A body sentence that stays here."
    assert [(r.rule, r.text.strip()) for r in result.removed] == [
        ("tail.short", "AB CD"),
        ("tail.short", "XY"),
    ]
    for removal in result.removed:
        assert result.normalized[removal.start : removal.end] == removal.text
    assert cleaner.clean(result.text).text == result.text


def test_guard_measures_what_safe_rules_leave() -> None:
    """Past the guard the safe removals still happen, and cleaning the output again changes nothing."""
    eater = _rule("greedy.body", r"(?s)Body.+", scope="span")
    text = "ADVERTISEMENT\n\nBody text that a bad rule would swallow whole."
    cleaner = Cleaner(extra_rules=[eater])
    result = cleaner.clean(text)
    assert result.text == "Body text that a bad rule would swallow whole."
    assert [r.rule for r in result.removed] == ["ads.marker"]
    assert cleaner.clean(result.text).text == result.text


def test_clean_many_keeps_fields_order_and_errors() -> None:
    records = [
        "ADVERTISEMENT\n\nA bare string article.",
        {
            "id": "a",
            "text": "ADVERTISEMENT\n\nFirst article.",
            "url": "https://example.com/a",
            "extra": [1, 2],
        },
        {"id": "missing"},
        {"id": "number", "text": 7},
    ]
    out = list(Cleaner().clean_many(records))
    assert out[0] == {
        "text": "A bare string article.",
        "removed": [{"rule": "ads.marker", "text": "ADVERTISEMENT\n", "start": 0, "end": 14}],
        "metadata": {},
    }
    assert out[1]["extra"] == [1, 2] and out[1]["url"] == "https://example.com/a"
    assert out[1]["text"] == "First article."
    assert out[2] == {"id": "missing", "error": "field 'text' is missing"}
    assert out[3]["text"] == 7 and "int" in out[3]["error"]
    assert records[1]["text"].startswith("ADVERTISEMENT")  # inputs are not modified


def test_clean_many_text_field() -> None:
    out = list(
        Cleaner().clean_many([{"body": "ADVERTISEMENT\n\nBody.", "text": "untouched"}], text_field="body")
    )
    assert out[0]["body"] == "Body." and out[0]["text"] == "untouched"


def test_clean_many_workers_give_the_same_records_in_order() -> None:
    records = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in SEEDS] * 3
    serial = list(Cleaner().clean_many(records))
    parallel = list(Cleaner().clean_many(records, workers=2))
    assert parallel == serial
    assert [r["id"] for r in parallel] == [r["id"] for r in records]


@pytest.mark.parametrize("kwargs", [{"workers": 0}, {"text_field": ""}, {"repeated": "yes"}])
def test_clean_many_bad_arguments(kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        list(Cleaner().clean_many(["text"], **kwargs))


def test_clean_many_rejects_a_single_record() -> None:
    with pytest.raises(TypeError, match="iterable"):
        Cleaner().clean_many("just one text")


def test_workers_need_a_picklable_cleaner() -> None:
    rule = Rule(
        name="local.lambda",
        family="local",
        description="test",
        scope="document",
        function=lambda text, hints: [],
    )
    with pytest.raises(ConfigError, match="pickled"):
        list(Cleaner(extra_rules=[rule]).clean_many(["text"], workers=2))
    assert [r["text"] for r in Cleaner(extra_rules=[rule]).clean_many(["text"])] == ["text"]


@pytest.mark.parametrize("config", [{}, {"normalize_whitespace": False}, {"max_removed_ratio": 0.01}], ids=str)
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_output_made_in_analyze_equals_the_one_finish_would_make(path: Path, config: dict) -> None:
    """analyze() cuts and re-normalizes ahead (in clean_many's workers); finish() must agree with it."""
    import dataclasses

    cleaner = Cleaner(**config)
    analysis = cleaner.analyze(path.read_text(encoding="utf-8"))
    assert analysis.cleaned is not None
    ahead = cleaner.finish(analysis)
    recomputed = cleaner.finish(dataclasses.replace(analysis, cleaned=None))
    assert ahead == recomputed
    if not config:
        assert ahead.removed, "the seed articles all carry some noise"
