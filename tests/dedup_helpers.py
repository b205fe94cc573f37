"""Small builders shared by the dedup tests: entries from text, random word lists."""

from __future__ import annotations

import random

from newsclean.config import DedupConfig
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.index import IndexEntry

CONFIG = DedupConfig()
FINGERPRINTER = Fingerprinter.from_config(CONFIG)
_SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "qui", "dan", "er", "sul", "po", "nik", "ba", "tro", "ely"]


def words(count: int, seed: int) -> list[str]:
    """``count`` pseudo-words from a seeded generator: unrelated seeds share almost no 5-grams."""
    rng = random.Random(seed)
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def text(count: int, seed: int) -> str:
    return " ".join(words(count, seed))


def entry(doc_id: str, body: str, source: str | None = None) -> IndexEntry:
    return FINGERPRINTER.fingerprint(doc_id, body, source)
