"""Properties of ``clean`` on arbitrary text (hypothesis): no crash, idempotent, never adds text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.cleaning.cleaner import clean, cut
from newsclean.cleaning.normalize import normalize

FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"
SEED_LINES = sorted(
    {
        line
        for path in FIXTURES.glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    }
)
NOISE = [
    "ADVERTISEMENT",
    "Advertisement",
    "By Jane Roe Staff writer",
    "© 2021 Example Media",
    "Lori Lightfoot",
    "Photo: AP",
    "/cdn.example.com/img/1.jpg)",
    "Updated 3:15 PM ET",
    "Share this article",
    "CHICAGO — ",
    "(Reuters) - ",
    "â€™",
    "&amp;",
    "\x00",
    "\ud800",
    "\u00a0",
    "\u200b",
    "…",
    "S.",
    "10180",
    "\r\n",
    "\n\n",
    " ",
]
ANY_CHAR = st.characters(exclude_categories=())  # includes lone surrogates and control characters
arbitrary_text = st.text(ANY_CHAR, max_size=300)
news_like_text = st.lists(
    st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(NOISE), st.text(ANY_CHAR, max_size=12)),
    max_size=25,
).map(lambda parts: "\n".join(parts))
texts = st.one_of(arbitrary_text, news_like_text)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _without_whitespace(text: str) -> str:
    return "".join(text.split())


def _is_subsequence(small: str, big: str) -> bool:
    position = iter(big)
    return all(char in position for char in small)


@SETTINGS
@given(arbitrary_text)
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once
    once.encode("utf-8")


@SETTINGS
@given(texts)
def test_clean_is_idempotent(text: str) -> None:
    first = clean(text).text
    assert clean(first).text == first


@SETTINGS
@given(texts)
def test_clean_never_adds_text(text: str) -> None:
    result = clean(text)
    added = Counter(result.text.split()) - Counter(result.normalized.split())
    assert not added
    assert _is_subsequence(_without_whitespace(result.text), _without_whitespace(result.normalized))


@SETTINGS
@given(texts)
def test_removals_in_bounds_and_replayable(text: str) -> None:
    result = clean(text)
    previous_end = 0
    for removal in result.removed:
        assert previous_end <= removal.start < removal.end <= len(result.normalized)
        assert result.normalized[removal.start : removal.end] == removal.text
        previous_end = removal.end
    assert cut(result.normalized, result.removed).split() == result.text.split()
