"""An index built with another ``--threshold``: say so in the option's words, not only in bands and rows.

:class:`~newsclean.errors.IndexMismatchError` names the stored signature parameters that differ
(``bands: index has 14, asked for 25``). An operator set none of those: they follow from
``--threshold``. :func:`threshold_hint` finds the thresholds that give the stored bands and rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from newsclean.config import DedupConfig
from newsclean.errors import IndexMismatchError

STEPS = [round(0.05 * n, 2) for n in range(1, 21)]
"""Thresholds tried when looking for the one an index was built with (the usual values: 0.05 apart)."""


def threshold_hint(location: str, threshold: float | None) -> str:
    """``" It was built with --threshold 0.7; this run asked for 0.5."``, or ``""`` when no threshold explains it."""
    from newsclean.dedup.index import open_existing
    from newsclean.dedup.keys import band_params

    asked = DedupConfig().threshold if threshold is None else threshold
    try:
        index = open_existing(location)
    except Exception:  # the hint is a courtesy: the original error says what is wrong
        return ""
    try:
        stored = (index.meta.bands, index.meta.rows)
        num_perm = index.meta.num_perm
    finally:
        index.close()
    if num_perm != DedupConfig().num_perm or stored == band_params(asked, num_perm):
        return ""
    matching = [t for t in STEPS if band_params(t, num_perm) == stored]
    if not matching:
        return ""
    values = " or ".join(f"--threshold {t:g}" for t in matching)
    return f" It was built with {values}; this run asked for --threshold {asked:g}: pass the same, or use a new index."


@contextlib.contextmanager
def named_mismatch(location: str | None, threshold: float | None) -> Iterator[None]:
    """Re-raise an :class:`IndexMismatchError` from inside with the ``--threshold`` the index was built with."""
    try:
        yield
    except IndexMismatchError as exc:
        hint = threshold_hint(location, threshold) if location and location != "memory" else ""
        if not hint:
            raise
        raise IndexMismatchError(f"{exc}{hint}") from exc
