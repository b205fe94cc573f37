"""Normalization: golden cases (tests/golden/normalize.json), the doctests, switches and the ftfy gate."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import newsclean.cleaning.normalize as normalize_module
from newsclean.cleaning.normalize import FTFY_TRIGGER, STEPS, normalize, repair_unicode
from newsclean.config import CleanConfig

CASES = json.loads((Path(__file__).parent / "golden" / "normalize.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_golden(case: dict) -> None:
    result = normalize(case["original"])
    assert result.text == case["expected"], case["comment"]
    assert list(result.fixes) == case["fixes"]


def test_doctests() -> None:
    failures, tried = doctest.testmod(normalize_module, optionflags=doctest.ELLIPSIS)
    assert tried >= 10
    assert failures == 0


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_idempotent(case: dict) -> None:
    once = normalize(case["original"]).text
    again = normalize(once)
    assert again.text == once
    assert again.fixes == ()


def test_every_step_can_be_switched_off() -> None:
    text = "Itâ€™s  here\r\n\r\n\r\nand\u00adthere at 10180 S.\n\nIndianapolis Ave. today"
    off = CleanConfig(
        fix_unicode=False, normalize_whitespace=False, normalize_typography=False, rejoin_paragraphs=False
    )
    assert normalize(text, off).text == text
    assert normalize(text, off).fixes == ()


@pytest.mark.parametrize(
    ("switch", "step"),
    [
        ("fix_unicode", "repair_unicode"),
        ("normalize_whitespace", "whitespace"),
        ("normalize_typography", "typography"),
        ("rejoin_paragraphs", "rejoin"),
    ],
)
def test_one_switch_removes_its_step(switch: str, step: str) -> None:
    text = "The agencyâ€™s  office at 10180 S.\r\n\r\nIndianapolis Ave. was closed for\u00ad a week"
    assert step in normalize(text).fixes
    assert step not in normalize(text, CleanConfig(**{switch: False})).fixes


def test_step_names_are_unique_and_switches_exist() -> None:
    names = [s.name for s in STEPS]
    assert len(names) == len(set(names))
    fields = set(CleanConfig.__dataclass_fields__)
    assert all(s.switch is None or s.switch in fields for s in STEPS)


@pytest.mark.parametrize(
    "text",
    ["plain ascii text, no entities", "Café crème — “quoted” and 東京", "R&D and AT&T", "naïve façade ü ß"],
)
def test_ftfy_gate_skips_clean_text(text: str) -> None:
    assert FTFY_TRIGGER.search(text) is None
    assert repair_unicode(text) == text


@pytest.mark.parametrize(
    "text", ["donâ€™t", "Ã©tÃ©", "&amp;", "&#8217;", "a\x00b", "\x1b[31mred", "ﬁnal", "\x93q\x94"]
)
def test_ftfy_gate_lets_fixable_text_through(text: str) -> None:
    assert FTFY_TRIGGER.search(text) is not None
    assert repair_unicode(text) != text


def test_normalize_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="str"):
        normalize(b"bytes")  # type: ignore[arg-type]


def test_surrogates_and_nul_never_survive() -> None:
    result = normalize("a\ud800b\x00c\udfff")
    assert "\x00" not in result.text
    result.text.encode("utf-8")  # raises if a lone surrogate survived
