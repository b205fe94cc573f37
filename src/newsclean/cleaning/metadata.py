"""Metadata from the removed residue (title, authors, credits, copyright) and the dateline.

Rules attach what they learn to their hits (``Hit.metadata``); :func:`merge` combines it with one
policy: list fields gather every distinct value in text order, any other field keeps the first value
found. The dateline ("CHICAGO — ", "(Bloomberg) -- ") is article text and stays in the text; it is
only *read* here, from the start of the first body paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import regex

LIST_FIELDS = frozenset({"authors", "credits", "pictured"})
"""Fields that hold several values; every other field holds one."""

DATELINE = regex.compile(
    r"""
    (?P<dateline>
        (?:\p{Lu}[\p{Lu}\p{M}.'’]+(?:[ -][\p{Lu}\p{M}.'’]+){0,4}   # the place, in capitals: ST. LOUIS
           (?:,[ ][^\n()—–]{1,40}?)?                           # a region or date: , Calif. / , 3. März
           (?:[ ]\([^()\n]{1,40}\))?                           # the agency: (AP)
        |\([^()\n]{1,40}\))                                    # the agency alone: (Bloomberg)
    )
    [ ]?(?:—|–|--|-)[ ]
    """,
    regex.VERBOSE,
)
"""A dateline opening the first paragraph: PLACE[, date] [(AGENCY)] — , or (AGENCY) -- ."""


def merge(found: Iterable[Mapping[str, object]]) -> dict[str, object]:
    """Combine hit metadata in text order: lists gather distinct values, other fields keep the first.

    >>> merge([{"authors": ["A"], "title": "T"}, {"authors": ["B", "A"], "title": "U"}])
    {'authors': ['A', 'B'], 'title': 'T'}
    """
    merged: dict[str, object] = {}
    for meta in found:
        for key, value in meta.items():
            if value is None or value == "" or value == []:
                continue
            if key in LIST_FIELDS or isinstance(value, (list, tuple)):
                _extend_unique(merged.setdefault(key, []), value)
            else:
                merged.setdefault(key, value)
    return merged


def _extend_unique(target: object, value: object) -> None:
    assert isinstance(target, list)
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if item not in target:
            target.append(item)


def find_dateline(first_paragraph: str) -> str | None:
    """The dateline at the start of the first body paragraph, without its dash; ``None`` if absent.

    >>> find_dateline("WASHINGTON (AP) — The Senate voted.")
    'WASHINGTON (AP)'
    >>> find_dateline("BERLIN, 3. März (Reuters) - Die Regierung hat beschlossen.")
    'BERLIN, 3. März (Reuters)'
    >>> find_dateline("(Reuters) -- The central bank raised rates again.")
    '(Reuters)'
    >>> find_dateline("Chicago — a city of neighborhoods.") is None
    True
    """
    m = DATELINE.match(first_paragraph, 0, min(len(first_paragraph), 120))
    return m.group("dateline").strip() if m else None
