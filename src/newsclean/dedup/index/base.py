"""The storage interface behind :class:`newsclean.Deduplicator`.

An index is a key -> ids multimap (LSH band keys and passage keys) plus an id -> entry store and
the links found so far. It knows nothing of hashing: the LSH layer computes keys, the index keeps
them. Backends: :mod:`.memory` (default, in process), :mod:`.sqlite` (a file, crash-safe),
:mod:`.redis` (a server shared by several crawlers). :func:`newsclean.dedup.index.open_index` picks one
from a path or URL.

Every backend records the :class:`IndexMeta` it was created with and refuses to open with other
parameters (:class:`~newsclean.errors.IndexMismatchError`): signatures made with another scheme,
``num_perm``, seed or shingling are not comparable, and mixing them would silently give wrong
matches.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from newsclean.errors import IndexMismatchError
from newsclean.results import Match

LEGACY_KEYS = "minhash-bands-v1"
"""The band keys of indexes written before the key scheme was recorded: bands of the MinHash signature."""


@dataclass(frozen=True, slots=True)
class IndexMeta:
    """The parameters every stored signature depends on; stored with the index and checked on open."""

    scheme: str  # signature scheme, e.g. "newsclean-minhash-v1/datasketch-affine32"
    num_perm: int
    seed: int
    bands: int
    rows: int
    shingle: str  # str(ShingleConfig)
    passage: str  # str(PassageConfig)
    keys: str = LEGACY_KEYS  # how band keys are made (newsclean.dedup.keys.KEY_SCHEME)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> IndexMeta:
        return cls(
            scheme=str(data["scheme"]),
            num_perm=int(data["num_perm"]),  # type: ignore[arg-type]
            seed=int(data["seed"]),  # type: ignore[arg-type]
            bands=int(data["bands"]),  # type: ignore[arg-type]
            rows=int(data["rows"]),  # type: ignore[arg-type]
            shingle=str(data["shingle"]),
            passage=str(data["passage"]),
            keys=str(data.get("keys", LEGACY_KEYS)),
        )

    def check(self, stored: IndexMeta, where: str) -> None:
        """Raise :class:`IndexMismatchError` naming every field that differs from ``stored``."""
        mine, theirs = self.to_dict(), stored.to_dict()
        diff = [f"{k}: index has {theirs[k]!r}, asked for {mine[k]!r}" for k in mine if mine[k] != theirs[k]]
        if diff == [f"keys: index has {theirs['keys']!r}, asked for {mine['keys']!r}"]:
            raise IndexMismatchError(
                f"{where} holds band keys of the older scheme {theirs['keys']!r}; this version makes {mine['keys']!r}. "
                f"Convert it once with `newsclean index rekey OLD NEW` (it keeps every document and link): "
                "see docs/integrations.md."
            )
        if str(mine["shingle"]).startswith(f"{theirs['shingle']}:"):
            raise IndexMismatchError(
                f"{where} holds shingles of an earlier version ({theirs['shingle']!r}, without the body-prose "
                f"flag that {mine['shingle']!r} adds), and an index keeps no texts to add it from. Build a new "
                "index from the original records (`newsclean dedup RECORDS --index NEW`); see docs/dedup.md."
            )
        if diff:
            raise IndexMismatchError(
                f"{where} was built with other signature parameters ({'; '.join(diff)}). "
                "Open it with the parameters it was built with, or build a new index."
            )


@dataclass(frozen=True, slots=True, eq=False)
class IndexEntry:
    """What the index keeps of one document: no text, only its fingerprints.

    ``signature`` is the document's MinHash (uint32, ``num_perm`` values, datasketch's affine32
    scheme); ``grams`` the hashes of its word shingles in text order (uint32), used to verify and
    locate shared passages; ``keys`` the LSH band keys and passage keys it is findable under;
    ``words`` its length in words.
    """

    id: str
    source: str | None
    signature: np.ndarray
    grams: np.ndarray
    keys: tuple[bytes, ...]
    words: int


@runtime_checkable
class Index(Protocol):
    """A store of :class:`IndexEntry` objects and their keys. Writes go in batches, one transaction each."""

    meta: IndexMeta

    def add(self, entries: Sequence[IndexEntry], links: Sequence[Match] = ()) -> None:
        """Store entries (ids must be new) and the links found for them, atomically."""

    def candidates(self, keys: Iterable[bytes], *, max_bucket: int | None = None) -> dict[str, int]:
        """Ids stored under any of ``keys``, with how many of the keys each shares.

        Buckets holding more than ``max_bucket`` ids are skipped: a key that common is boilerplate.
        A backend may also take ``first``: of each bucket only the ``first`` earliest ids (so a key
        held by thousands of copies costs a constant); :func:`candidates_many` passes it when the
        backend's signature has it.
        """

    def get(self, ids: Iterable[str]) -> list[IndexEntry]:
        """The stored entries for ``ids`` (unknown ids are left out), without their keys (``keys=()``)."""

    # Optional, not part of the protocol check (so indexes written before it still qualify):
    # ``candidates_many(key_lists, *, max_bucket=None[, min_shared=None][, first=None]) -> list[dict[str, int]]``,
    # the answers of ``candidates`` for many key lists at once (``min_shared``: a list of minimum
    # counts, one per key list). :func:`candidates_many` uses it when present.

    def links(self) -> Iterator[Match]:
        """Every stored link, in insertion order."""

    def ids(self) -> Iterator[str]:
        """Every stored id, in insertion order."""

    def __contains__(self, doc_id: object) -> bool: ...

    def __len__(self) -> int: ...

    def stats(self) -> dict[str, object]:
        """Counts and sizes for an operator (documents, keys, links, bytes)."""

    def close(self) -> None: ...


def candidates_many(
    index: Index,
    key_lists: Sequence[Sequence[bytes]],
    *,
    max_bucket: int | None = None,
    min_shared: int | Sequence[int] | None = None,
    first: int | None = None,
) -> list[dict[str, int]]:
    """``[index.candidates(keys, max_bucket=max_bucket) for keys in key_lists]``, in one go if the backend can.

    A persistent backend answers a whole batch's lookups at once (one pass over its keys instead
    of a seek per key and a round trip per list). Backends without a native ``candidates_many``
    method get the loop, so any :class:`Index` works here.

    ``min_shared`` (one number for every list, or one per list) leaves out the ids sharing fewer
    of a list's keys: the caller drops them anyway, and a backend that knows can skip turning
    document numbers into ids for them (with boilerplate passages, most candidates share one key).
    ``first`` keeps of each bucket only its earliest ids, where the backend can (see
    :meth:`Index.candidates`); a backend that cannot returns every id, which is slower, not wrong.
    """
    minimums = _minimums(min_shared, len(key_lists))
    native = getattr(index, "candidates_many", None)
    options: dict[str, object] = {"max_bucket": max_bucket}
    if first is not None and _takes(native if native is not None else index.candidates, "first"):
        options["first"] = first
    if native is not None and minimums is not None and _takes(native, "min_shared"):
        return native(key_lists, min_shared=minimums, **options)
    if native is not None:
        found = native(key_lists, **options)
    else:
        found = [index.candidates(keys, **options) if keys else {} for keys in key_lists]
    if minimums is None:
        return found
    return [{i: n for i, n in counts.items() if n >= least} for counts, least in zip(found, minimums, strict=True)]


def _takes(method: object, name: str) -> bool:
    return name in inspect.signature(method).parameters  # type: ignore[arg-type]


def _minimums(min_shared: int | Sequence[int] | None, lists: int) -> list[int] | None:
    """``min_shared`` as one checked minimum per list (``None``: no minimum)."""
    if min_shared is None:
        return None
    minimums = [min_shared] * lists if isinstance(min_shared, int) else list(min_shared)
    if len(minimums) != lists:
        raise ValueError(f"min_shared has {len(minimums)} values for {lists} key lists")
    if not all(isinstance(m, int) and not isinstance(m, bool) and m >= 1 for m in minimums):
        raise ValueError("min_shared values must be ints >= 1")
    return minimums
