"""The five seed articles (fixtures/articles), keyed by the three-digit file-stem prefix."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
EXPECTED_SEED_CLUSTERS = [["000", "001"], ["002", "003", "004"]]


def seed_texts() -> dict[str, str]:
    """id -> text for every seed article, in file order."""
    return {p.stem.split("_")[0]: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))}
