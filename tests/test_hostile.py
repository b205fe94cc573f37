"""Hostile input: huge articles and lines, endless repetition, NUL bytes, lone surrogates.

Each case must finish (the timeout is the only clock: no timing assertions) and give sane output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclean.cleaning.cleaner import Cleaner, clean

FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"
SEED = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))


def _check(text: str) -> str:
    result = clean(text)
    result.text.encode("utf-8")  # no lone surrogate survives
    assert "\x00" not in result.text
    assert all(0 <= r.start < r.end <= len(result.normalized) for r in result.removed)
    return result.text


@pytest.mark.timeout(60)
def test_five_megabyte_article() -> None:
    text = (SEED * (5_000_000 // len(SEED) + 1))[:5_000_000]
    out = _check(text)
    assert "Lightfoot estimated there are 180,000 undocumented immigrants in Chicago." in out


@pytest.mark.timeout(60)
def test_two_megabyte_line_without_newlines() -> None:
    line = ("The council voted on Tuesday, and the mayor said so, " * 40_000)[:2_000_000]
    assert _check(line) == line.strip()


@pytest.mark.timeout(60)
def test_two_megabyte_line_after_a_short_one() -> None:
    out = _check("A short opening line\n\n" + "x" * 2_000_000)
    assert out.endswith("x" * 1000)


@pytest.mark.timeout(60)
def test_hundred_thousand_repetitions_of_one_token() -> None:
    assert _check("spam " * 100_000) == ("spam " * 100_000).strip()
    assert _check("1" * 1_000_000) == "1" * 1_000_000


@pytest.mark.timeout(60)
def test_twenty_thousand_noise_lines() -> None:
    assert _check("ADVERTISEMENT\n" * 20_000) == ""


@pytest.mark.timeout(60)
def test_nul_bytes() -> None:
    assert _check("abc\x00" * 250_000) == "abc" * 250_000


@pytest.mark.timeout(60)
def test_lone_surrogates() -> None:
    out = _check("a\ud800b\udfff " * 100_000)
    assert out.startswith("a\ufffdb\ufffd a")


@pytest.mark.timeout(60)
def test_corpus_pass_on_many_identical_short_documents() -> None:
    records = [
        {"id": i, "text": "Subscribe to our newsletter today\n\nBody line number one."} for i in range(1500)
    ]
    out = list(Cleaner().clean_many(records))
    assert len(out) == 1500
    assert [r["id"] for r in out] == list(range(1500))
