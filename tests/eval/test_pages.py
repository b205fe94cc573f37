"""Real-page gate: the default Cleaner on WCXB's 711 dev article pages must not fall below the pinned floors.

The pages are not in the repository (``../shared/data/wcxb-dev``, or ``NEWSCLEAN_WCXB``); without
them the gate skips and says where it looked. Figures and their meaning: ``benchmarks/eval_pages.py``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import eval_pages

FLOORS = json.loads((Path(__file__).with_name("pages_floors.json")).read_text(encoding="utf-8"))
DATA = eval_pages.data_path()


@pytest.fixture(scope="module")
def pages() -> list[dict]:
    if not DATA.is_file():
        pytest.skip(f"no WCXB pages file at {DATA} (set NEWSCLEAN_WCXB to its path)")
    digest = hashlib.sha256(DATA.read_bytes()).hexdigest()
    if digest != FLOORS["data_sha256"]:
        pytest.skip(f"{DATA} is not the file the floors were measured on (sha256 {digest[:12]}…)")
    return eval_pages.load_pages(DATA)


@pytest.mark.slow
@pytest.mark.parametrize("field", [*eval_pages.FIELDS, eval_pages.HTML])
def test_real_page_figures_hold_their_floors(pages: list[dict], field: str) -> None:
    if field == eval_pages.HTML:
        pytest.importorskip("trafilatura", reason="HTML mode needs the html extra")
    scores = eval_pages.evaluate(pages, field, {}, workers=2 if field == eval_pages.HTML else 1)
    for split in eval_pages.SPLITS:
        figures = eval_pages.summary(s for s in scores if s.split == split)
        floors = FLOORS[field][split]
        for name, floor in floors.items():
            if name == "without":
                assert figures[name] <= floor + 1e-9, f"{field} [{split}] {name} {figures[name]:.4f} above {floor}"
            else:
                assert figures[name] >= floor - 1e-9, f"{field} [{split}] {name} {figures[name]:.4f} below {floor}"


def test_splits_are_by_domain() -> None:
    assert eval_pages.split_of("www.example.com") == eval_pages.split_of("example.com")
    assert {eval_pages.split_of(f"site{i}.example") for i in range(20)} == set(eval_pages.SPLITS)
