"""Real-page duplicate gate: pairwise precision and recall per kind on the WCXB-built labelled set.

The set is built by ``tests/eval/dedup_pages.py`` from ``../shared/data/wcxb-dev`` (or
``NEWSCLEAN_WCXB``); without the file the gate skips and says where it looked. Floors are the
figures measured when they were pinned (``dedup_pages_floors.json``), for the batch engine
(``newsclean.cluster``) on raw whole-page text and on cleaned text; the targets are precision
0.99 and recall 0.95 for every kind, and the floors below them are the misses docs/dedup.md names.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dedup_pages

FLOORS = json.loads(Path(__file__).with_name("dedup_pages_floors.json").read_text(encoding="utf-8"))
DATA = dedup_pages.data_path()


@pytest.fixture(scope="module")
def labelled() -> dedup_pages.LabelledSet:
    if not DATA.is_file():
        pytest.skip(f"no WCXB pages file at {DATA} (set NEWSCLEAN_WCXB to its path)")
    digest = hashlib.sha256(DATA.read_bytes()).hexdigest()
    if digest != FLOORS["data_sha256"]:
        pytest.skip(f"{DATA} is not the file the floors were measured on (sha256 {digest[:12]}…)")
    return dedup_pages.build(dedup_pages.load_pages(DATA), FLOORS["bases"])


def test_the_set_covers_every_kind(labelled: dedup_pages.LabelledSet) -> None:
    kinds = set(labelled.kind.values())
    assert {*dedup_pages.POSITIVE, *dedup_pages.NEGATIVE, "original"} <= kinds
    assert len(labelled.docs) >= 400


@pytest.mark.slow
@pytest.mark.parametrize("text", ["raw", "cleaned"])
def test_pairwise_figures_hold_their_floors(labelled: dedup_pages.LabelledSet, text: str) -> None:
    scores, _ = dedup_pages.evaluate(labelled, text)
    print("\n" + dedup_pages.report(scores))
    for kind, (precision, recall) in FLOORS[text].items():
        assert scores[kind].precision >= precision - 1e-9, f"{text} {kind} precision {scores[kind].precision:.4f}"
        assert scores[kind].recall >= recall - 1e-9, f"{text} {kind} recall {scores[kind].recall:.4f}"
