"""What a document's verified matches say about it, as the fields of an output record.

``duplicate_of`` is the earlier document this one is a copy of: an exact copy or a near-duplicate,
never a document it only shares a passage with. Text reuse, a long passage shared with earlier
documents whose other text differs, is reported as ``reuses`` (their ids, best match first).
``kind`` is always set: ``"exact"``, ``"near_duplicate"``, ``"shared_passage"`` or ``"unique"``.

A pipeline that keeps only records whose ``duplicate_of`` is null keeps every distinct article,
the ones that reuse a passage included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from newsclean.results import Match

RecordKind = Literal["exact", "near_duplicate", "shared_passage", "unique"]
COPY_KINDS: frozenset[str] = frozenset({"exact", "near_duplicate"})
"""Match kinds that make a document a copy of the earlier one."""


@dataclass(frozen=True, slots=True)
class Links:
    """One document's place among earlier ones: ``duplicate_of``, ``reuses`` and ``kind``."""

    duplicate_of: str | None
    reuses: tuple[str, ...]
    kind: RecordKind

    def to_dict(self) -> dict[str, object]:
        return {"duplicate_of": self.duplicate_of, "reuses": list(self.reuses), "kind": self.kind}


def links_of(matches: Sequence[Match]) -> Links:
    """The record fields for a document whose verified matches are ``matches`` (best first).

    >>> from newsclean.results import Match
    >>> links_of([Match("b", "a", "shared_passage", 0.4)]).to_dict()
    {'duplicate_of': None, 'reuses': ['a'], 'kind': 'shared_passage'}
    >>> links_of([Match("c", "a", "shared_passage", 0.4), Match("c", "b", "near_duplicate", 0.9)]).kind
    'near_duplicate'
    >>> links_of([]).kind
    'unique'
    """
    copy = next((m for m in matches if m.kind in COPY_KINDS), None)
    reuses = tuple(dict.fromkeys(m.other for m in matches if m.kind not in COPY_KINDS))
    if copy is not None:
        return Links(copy.other, reuses, copy.kind)
    return Links(None, reuses, "shared_passage" if reuses else "unique")
