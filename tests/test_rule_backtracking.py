"""Lines built from a pattern's own fragments, repeated, must not make a rule backtrack for seconds.

Random text does not build the repeated fragments a pattern needs, so fuzzing missed these; each
case here took seconds to minutes before its pattern was rewritten. ``regex``'s ``timeout`` turns a
hang into a failure instead of a stalled test run.
"""

from __future__ import annotations

import pytest

from newsclean.cleaning.rules import REGISTRY

BY_NAME = REGISTRY
GENEROUS = 2.0  # seconds: the bad patterns took 4-55 s at these sizes, the fixed ones milliseconds


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        ("chrome.tag_list", "Tags: Chicago, " + "/a" * 28 + "!"),
        ("chrome.tag_list", "Tags: Chicago, " + "/a" * 200 + "!"),
        ("chrome.tag_list", "Schlagwörter: " + "a·" * 60 + "!"),
    ],
)
def test_repeated_fragments_do_not_backtrack(rule: str, line: str) -> None:
    pattern = BY_NAME[rule].pattern
    assert pattern is not None
    pattern.fullmatch(line, timeout=GENEROUS)  # line rules match whole lines; TimeoutError when it backtracks
