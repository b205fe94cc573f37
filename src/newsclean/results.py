"""Result records: what cleaning and deduplication return. Frozen dataclasses, JSON-ready via ``to_dict``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of text removed by one rule.

    ``start``/``end`` are offsets into the *normalized* text (``CleanResult.normalized``), so every
    removal can be replayed and audited; ``rule`` is a ``Rule.name`` or ``"corpus.repeated_line"``.
    """

    rule: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        # Spelled out: asdict() deep-copies field by field, several times slower, and clean_many
        # makes one of these per removal.
        return {"rule": self.rule, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The outcome of cleaning one article.

    ``text`` is the cleaned article; ``removed`` lists every removal sorted by ``start``;
    ``metadata`` holds what the residue told us (title, authors, dateline, credits, copyright);
    ``normalized`` is the text after normalization and before removals; ``fixes`` names the
    normalization steps that changed the text.
    """

    text: str
    removed: list[Removal] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)
    normalized: str = ""
    fixes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "metadata": dict(self.metadata),
            "fixes": list(self.fixes),
        }


MatchKind = Literal["near_duplicate", "shared_passage", "exact"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of words two documents share: word offsets ``[start, end)`` in each document."""

    start: int
    end: int
    other_start: int
    other_end: int
    text: str | None = None  # filled in when the caller still has the text

    @property
    def words(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Match:
    """A verified link between two documents: ``id`` matches the earlier document ``other``.

    ``kind`` says why: a near-duplicate (``similarity`` is the estimated Jaccard of their shingles),
    or a shared passage (``similarity`` is the share of the shorter document the passages cover).
    """

    id: str
    other: str
    kind: MatchKind
    similarity: float
    shared_words: int = 0
    passages: tuple[Passage, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "other": self.other,
            "kind": self.kind,
            "similarity": round(self.similarity, 4),
            "shared_words": self.shared_words,
            "passages": [asdict(p) for p in self.passages],
        }
