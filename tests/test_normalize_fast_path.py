"""The fast path of ``normalize``: its scans skip a step only when the step would change nothing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.cleaning import normalize as nz
from newsclean.cleaning import rejoin as rj
from newsclean.config import CleanConfig

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "articles").glob("*.txt"))

_PIECES = st.sampled_from(
    ["\n", "\n\n", "\n\n\n", " ", "\u00a0", "the", "Council", "voted", "on", "Main", "St.", "Dr.", "Mrs.",
     "No.", "S.", "10180", "٣", "²", "é", "École", "iPhone", "ünd", "ⓐ", "ª", "Ärger", ".", ",", "”", "said",
     "officials", "and", "The", "raid", "at", "Route", "66", "x."]
)


def _unmended(text: str) -> bool:
    """What the fast path concludes: no break in ``text`` could be mended."""
    return nz._only_rejoin_may_change(text) and not rj.mendable_break().search(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=60).map(" ".join) | st.lists(_PIECES, max_size=60).map("".join))
def test_rejoin_changes_nothing_where_the_break_scan_finds_nothing(text: str) -> None:
    if _unmended(text):
        assert nz.rejoin(text) == text


def test_the_break_scan_finds_the_breaks_rejoin_mends_in_the_fixtures() -> None:
    for path in FIXTURES:
        text = nz.normalize(path.read_text(encoding="utf-8")).text
        broken = text.replace(", ", ",\n\n").replace(" the ", " the\n\n")  # breaks before lowercase words
        assert nz.rejoin(broken) != broken and not _unmended(broken)
        assert _unmended(text) <= (nz.rejoin(text) == text)


def test_no_character_past_the_scanned_range_is_lowercase_or_a_digit() -> None:
    beyond = (chr(c) for c in range(rj._LAST_CASED, 0x110000))
    assert not any(c.islower() or c.isdigit() for c in beyond)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=80))
def test_the_fast_check_never_skips_a_step_that_would_change_the_text(text: str) -> None:
    if nz._only_rejoin_may_change(text):
        for step in nz.STEPS:
            if step.name != "rejoin":
                assert step.function(text) == text, step.name


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join), st.lists(st.integers(0, 40), max_size=6))
def test_a_tidied_cut_normalizes_as_the_cut_does(text: str, drop: list[int]) -> None:
    source = nz.normalize(text).text
    lines = source.split("\n")
    cut = "\n".join("" if i in drop else line for i, line in enumerate(lines))  # whole lines cut out
    assert nz.normalize_cut(cut, CleanConfig()) == nz.normalize(cut).text
    off = CleanConfig(normalize_whitespace=False)
    assert nz.normalize_cut(cut, off) == nz.normalize(cut, off).text


def test_cutting_lines_from_the_fixtures_normalizes_as_before() -> None:
    for path in FIXTURES:
        lines = nz.normalize(path.read_text(encoding="utf-8")).text.split("\n")
        cut = "\n".join(line for i, line in enumerate(lines) if i % 5 != 1)
        assert nz.normalize_cut(cut, CleanConfig()) == nz.normalize(cut).text


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join), st.lists(st.integers(0, 40), max_size=6))
def test_whole_lines_of_a_settled_text_normalize_without_the_scans(text: str, drop: list[int]) -> None:
    source = nz.normalize(text).text
    if not nz.is_settled(source):
        return
    lines = source.split("\n")
    cut = "".join(line + "\n" for i, line in enumerate(lines) if i not in drop)  # lines with their newline
    assert nz.normalize_cut(cut, CleanConfig(), lines_of_settled=True) == nz.normalize(cut).text


_MOJIBAKE_LINES = st.sampled_from(
    ["The agency’s head", "Tom &amp; Jerry", "It&#8217;s late", "café – résumé", "plain ascii line",
     "Ｆｕｌｌ width", "ﬁnancial ﬂows", "“quoted”", "x < y &lt; z", "", "a\x1b[31mred\x1b[0m"]
)


def _as_cp1252(line: str) -> str:
    return line.encode("utf-8").decode("cp1252", errors="replace")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_MOJIBAKE_LINES, st.booleans()), max_size=12))
def test_ftfy_on_the_flagged_lines_equals_ftfy_on_the_whole_text(lines: list[tuple[str, bool]]) -> None:
    text = "\n".join(_as_cp1252(line) if broken else line for line, broken in lines)
    assert nz.repair_unicode(text) == nz.ftfy.fix_text(text, nz.FTFY_CONFIG)


def test_ftfy_runs_only_on_the_lines_it_can_fix(monkeypatch) -> None:
    seen: list[str] = []
    real = nz.ftfy.fix_text
    monkeypatch.setattr(nz.ftfy, "fix_text", lambda text, config: seen.append(text) or real(text, config))
    text = "Clean first line.\nThe agencyâ€™s new head\nClean last line."
    assert nz.repair_unicode(text) == "Clean first line.\nThe agency’s new head\nClean last line."
    assert seen == ["The agencyâ€™s new head\n"]
