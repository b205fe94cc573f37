"""``links_of``: duplicate_of only for copies, reuse reported apart, kind always set."""

from __future__ import annotations

import pytest

from newsclean.dedup.links import links_of
from newsclean.results import Match


def test_no_matches_is_unique() -> None:
    assert links_of([]).to_dict() == {"duplicate_of": None, "reuses": [], "kind": "unique"}


def test_shared_passage_is_reuse_not_duplicate() -> None:
    links = links_of([Match("b", "a", "shared_passage", 0.3, 80)])
    assert links.duplicate_of is None
    assert links.reuses == ("a",)
    assert links.kind == "shared_passage"


@pytest.mark.parametrize("kind", ["exact", "near_duplicate"])
def test_copy_sets_duplicate_of_even_when_not_first(kind: str) -> None:
    matches = [Match("c", "a", "shared_passage", 0.6, 90), Match("c", "b", kind, 0.95)]
    links = links_of(matches)
    assert (links.duplicate_of, links.kind, links.reuses) == ("b", kind, ("a",))


def test_reuses_keep_order_without_repeats() -> None:
    matches = [Match("d", "b", "shared_passage", 0.5), Match("d", "a", "shared_passage", 0.4),
               Match("d", "b", "shared_passage", 0.2)]
    assert links_of(matches).reuses == ("b", "a")
