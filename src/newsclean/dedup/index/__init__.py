"""Index backends and :func:`open_index`, which picks one from a path or URL."""

from __future__ import annotations

from newsclean.dedup.index.base import Index, IndexEntry, IndexMeta, candidates_many
from newsclean.dedup.index.memory import MemoryIndex
from newsclean.errors import ConfigError


def open_index(location: str | None, meta: IndexMeta) -> Index:
    """Open (or create) the index at ``location`` for signatures made with ``meta``.

    ``None`` or ``"memory"``: in process. ``redis://host:port/db``: a Redis server
    (``newsclean[redis]``). Anything else is a path to an SQLite file (``.sqlite``, ``.db``,
    or ``sqlite:///path``).
    """
    if location is None or location in ("memory", "memory://"):
        return MemoryIndex(meta)
    if not isinstance(location, str):
        raise ConfigError(f"index must be a path or URL string, got {type(location).__name__}")
    if location.startswith(("redis://", "rediss://", "unix://")):
        from newsclean.dedup.index.redis import RedisIndex

        return RedisIndex(location, meta)
    if "://" in location and not location.startswith("sqlite://"):
        raise ConfigError(
            f"unknown index scheme in {location!r}: use a file path, sqlite:///PATH or redis://"
        )
    from newsclean.dedup.index.sqlite import SQLiteIndex

    path = location[len("sqlite://") :] if location.startswith("sqlite://") else location
    return SQLiteIndex(path, meta)


def open_existing(location: str) -> Index:
    """Open the existing index at ``location`` (SQLite path or Redis URL) with the parameters stored in it."""
    if not isinstance(location, str):
        raise ConfigError(f"index must be a path or URL string, got {type(location).__name__}")
    if location.startswith(("redis://", "rediss://", "unix://")):
        from newsclean.dedup.index.redis import RedisIndex

        return RedisIndex.open_existing(location)
    from newsclean.dedup.index.sqlite import SQLiteIndex

    return SQLiteIndex.open_existing(location.removeprefix("sqlite://"))


__all__ = ["Index", "IndexEntry", "IndexMeta", "MemoryIndex", "candidates_many", "open_existing", "open_index"]
