"""SQLite index: one file, standard library only, safe to kill and to share between processes.

Layout ``newsclean-sqlite-v2`` (``FORMAT`` below is stored with the data and checked on open):

- ``meta(name, value)``: the :class:`IndexMeta` as JSON and the layout version.
- ``docs``: one row per document; ``rowid`` is the insertion order. Signatures and grams are
  little-endian uint32 blobs, so a file written on one machine reads the same on any other.
- ``doc_keys(doc, hashes)``: one row per document (``doc`` = its ``docs.rowid``) holding its LSH
  band and passage keys as one blob of their distinct 64-bit xxhash values (little-endian uint64).
  A table of its own rather than a ``docs`` column, so rebuilding the key map reads ~1.3 KB per
  document instead of every signature and shingle page. :meth:`SQLiteIndex.get` returns entries
  with ``keys=()``: keys are stored only as hashes.
- ``links``: the matches found so far, in insertion order.
- ``stories(value, stories)``: per passage key value, how many stories hold it (documents that are
  not copies of an earlier one; :mod:`newsclean.dedup.template`), kept across runs.

There is no row per key: layout v1 had one (``keys(key, doc) WITHOUT ROWID``), and its B-tree cost
(~2 µs per row inserted, ~1 µs per key probed, ~160 keys per article) capped it near 2,000 articles
per CPU second. Lookups go to a :class:`~newsclean.dedup.index.keymap.KeyMap` in memory instead, built
from ``doc_keys`` on the first lookup and caught up before every later one by reading the rows
above the last document it holds (``rowid`` only grows: one writer at a time), so readers in other
processes see each batch a writer commits. The writer adds its own batch to its map after the
commit without reading it back. The map costs ~13 bytes per key in every process that looks keys
up (~2 GB per million articles with the default passage keys); opening an index costs nothing
until the first lookup.

Crash safety: WAL journal and one ``BEGIN IMMEDIATE ... COMMIT`` per :meth:`SQLiteIndex.add`, so a
killed process loses at most the batch it was writing and never leaves a half batch or a corrupt
file; the key map is only ever built from committed rows. ``synchronous=NORMAL``: in WAL mode this
still survives a killed process (the WAL is written before the commit returns), and only a power
cut or kernel crash can lose the last committed batches, never consistency; ``FULL`` would fsync
on every batch for durability a dedup index does not need (re-adding a lost batch is harmless).
Readers in other processes keep querying while one writer adds (WAL readers see the last
committed batch); ``busy_timeout`` makes a second writer wait instead of failing.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from newsclean.dedup.index.base import IndexEntry, IndexMeta
from newsclean.dedup.index.codec import (
    BatchKeys,
    KeyHasher,
    batch_keys,
    check_batch_ids,
    from_blob,
    link_row,
    row_link,
    to_blob,
)
from newsclean.dedup.index.keymap import MAX_DOC, KeyMap
from newsclean.errors import IndexBackendError
from newsclean.results import Match

FORMAT = "newsclean-sqlite-v2"
BUSY_TIMEOUT = 30.0  # seconds a writer waits while another one writes its batch
CACHE_KIB = 65_536  # page cache per connection
PAGE_BYTES = 16_384  # new files only: a document row (~4.3 KB) fits a page instead of spilling into overflow pages
LOAD_ROWS = 20_000  # documents read per step when the key map is built or caught up

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS docs (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT,
        words INTEGER NOT NULL,
        signature BLOB NOT NULL,
        grams BLOB NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS doc_keys (doc INTEGER PRIMARY KEY, hashes BLOB NOT NULL)",
    """CREATE TABLE IF NOT EXISTS links (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        other TEXT NOT NULL,
        kind TEXT NOT NULL,
        similarity REAL NOT NULL,
        shared_words INTEGER NOT NULL,
        passages TEXT NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS stories (value INTEGER PRIMARY KEY, stories INTEGER NOT NULL)",
)
_HAS_META_SQL = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
_NEW_KEYS_SQL = "SELECT doc, hashes FROM doc_keys WHERE doc > ? ORDER BY doc"
_NEW_PAIRS_SQL = "SELECT COALESCE(SUM(LENGTH(hashes)), 0) / 8 FROM doc_keys WHERE doc > ?"


@contextlib.contextmanager
def backend_errors(path: str) -> Iterator[None]:
    """Report SQLite's own failures (lock timeout, full disk, damaged file) as IndexBackendError."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise IndexBackendError(f"index {path}: {exc}") from exc


class SQLiteIndex:
    """An :class:`~newsclean.dedup.index.base.Index` in an SQLite file; see the module docstring."""

    def __init__(self, path: str | Path, meta: IndexMeta, *, timeout: float = BUSY_TIMEOUT) -> None:
        if not isinstance(meta, IndexMeta):
            raise TypeError(f"meta must be an IndexMeta, got {type(meta).__name__}")
        self.path = str(path)
        self.meta = meta
        self.timeout = float(timeout)
        self._keymap: KeyMap | None = None  # built on the first lookup
        self._hasher = KeyHasher()  # a batch looked up and then added is hashed once
        self._conn = _connect(self.path, self.timeout)
        self._init_or_check()

    @classmethod
    def open_existing(cls, path: str | Path) -> SQLiteIndex:
        """Open an index that already exists, with the parameters stored in it (for operators)."""
        if not Path(path).is_file():
            raise IndexBackendError(f"no index file at {path}")
        return cls(path, read_meta(path))

    def _init_or_check(self) -> None:
        """Check the stored parameters; create the tables first if the file is new.

        An existing index is only read here, so readers can open it while a writer holds the lock.
        """
        try:
            stored = self._stored_meta() or self._create()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise IndexBackendError(f"cannot use {self.path} as an index: {exc}") from exc
        try:
            _check_stored(stored, self.meta, self.path)
        except BaseException:
            self._conn.close()
            raise

    def _stored_meta(self) -> dict[str, str]:
        conn = self._conn
        if conn.execute(_HAS_META_SQL).fetchone() is None:
            return {}
        return dict(conn.execute("SELECT name, value FROM meta").fetchall())

    def _create(self) -> dict[str, str]:
        """Create the tables and record our parameters, unless another process just did."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = self._stored_meta()
            if not stored:
                for statement in _SCHEMA:
                    conn.execute(statement)
                stored = {"format": FORMAT, "index_meta": json.dumps(self.meta.to_dict(), sort_keys=True)}
                conn.executemany("INSERT INTO meta VALUES (?, ?)", list(stored.items()))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return stored

    # -- writes -------------------------------------------------------------------------------

    def add(self, entries: Sequence[IndexEntry], links: Sequence[Match] = ()) -> None:
        check_batch_ids(entries)
        conn = self._conn
        with backend_errors(self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                written = self._insert(entries, links)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        self._remember(written, len(entries))

    def _insert(self, entries: Sequence[IndexEntry], links: Sequence[Match]) -> tuple[int, BatchKeys]:
        """Write one batch inside the open transaction; returns its first document number and keys."""
        conn = self._conn
        taken = self._existing_ids([e.id for e in entries])
        if taken:
            raise ValueError(f"document id {taken[0]!r} is already in the index")
        (last,) = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM docs").fetchone()
        if last + len(entries) > MAX_DOC:
            raise IndexBackendError(f"index {self.path} is full: at most {MAX_DOC} documents")
        rows = [
            (last + i, e.id, e.source, int(e.words), to_blob(e.signature), to_blob(e.grams))
            for i, e in enumerate(entries, 1)
        ]
        keys = batch_keys([e.keys for e in entries], self._hasher)
        conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)
        numbers = range(last + 1, last + 1 + len(rows))
        conn.executemany("INSERT INTO doc_keys VALUES (?, ?)", zip(numbers, keys.blobs, strict=True))
        conn.executemany("INSERT INTO links VALUES (NULL, ?, ?, ?, ?, ?, ?)", map(link_row, links))
        return last + 1, keys

    def _remember(self, written: tuple[int, BatchKeys] | None, count: int) -> None:
        """Add a committed batch of ``count`` documents to the key map without reading it back, if
        it follows directly. If another writer committed in between (or the map is not built yet),
        the next lookup reads everything new from the file instead.
        """
        keymap = self._keymap
        if keymap is None or written is None or not count or written[0] != keymap.upto + 1:
            return
        first, keys = written
        keymap.add_sorted(keys.keys, (keys.positions + first).astype(np.uint32), upto=first + count - 1)

    def _existing_ids(self, ids: Sequence[str]) -> list[str]:
        found = {row[0] for row in self._query_in("SELECT id FROM docs WHERE id IN ({})", ids)}
        return [i for i in ids if i in found]

    # -- reads --------------------------------------------------------------------------------

    def _current_keymap(self) -> KeyMap:
        """The key map, built on first use and caught up with every batch committed since."""
        keymap = self._keymap if self._keymap is not None else KeyMap()
        pairs = 0  # a size hint, worth a query only when the whole index is read
        if self._keymap is None:
            (pairs,) = self._conn.execute(_NEW_PAIRS_SQL, (keymap.upto,)).fetchone()
        cursor = self._conn.execute(_NEW_KEYS_SQL, (keymap.upto,))
        keymap.extend(iter(lambda: cursor.fetchmany(LOAD_ROWS), []), pairs=int(pairs))
        self._keymap = keymap
        return keymap

    def candidates(
        self, keys: Iterable[bytes], *, max_bucket: int | None = None, first: int | None = None
    ) -> dict[str, int]:
        return self.candidates_many([list(keys)], max_bucket=max_bucket, first=first)[0]

    def candidates_many(
        self,
        key_lists: Sequence[Sequence[bytes]],
        *,
        max_bucket: int | None = None,
        min_shared: Sequence[int] | None = None,
        first: int | None = None,
    ) -> list[dict[str, int]]:
        """:meth:`candidates` for every list of ``key_lists``, answered together from the key map.

        ``min_shared``: per list, the fewest shared keys an id needs to be returned (see
        :func:`newsclean.dedup.index.candidates_many`); only those ids are looked up in ``docs``.
        ``first``: of each key, only its ``first`` earliest documents (across the key map's runs).
        """
        hashes, lists = self._hasher(key_lists)
        limit = None if max_bucket is None else int(max_bucket)
        minimums = None if min_shared is None else np.asarray(min_shared, dtype=np.int64)
        with backend_errors(self.path):
            keymap = self._current_keymap()
            asking, docs, counts = keymap.shared_counts(
                hashes, lists, max_bucket=limit, min_shared=minimums, first=first
            )
            ids = self._ids_of(np.unique(docs).tolist())
        found: list[dict[str, int]] = [{} for _ in key_lists]
        for number, doc, count in zip(asking.tolist(), docs.tolist(), counts.tolist(), strict=True):
            found[number][ids[doc]] = count
        return found

    def _ids_of(self, numbers: Sequence[int]) -> dict[int, str]:
        """Document number -> id, for the few documents a lookup found."""
        return dict(self._query_in("SELECT rowid, id FROM docs WHERE rowid IN ({})", numbers))

    def get(self, ids: Iterable[str]) -> list[IndexEntry]:
        wanted = list(ids)
        if not wanted:  # the usual answer for a new article: nothing to fetch
            return []
        sql = "SELECT id, source, words, signature, grams FROM docs WHERE id IN ({})"
        with backend_errors(self.path):
            found = {row[0]: row for row in self._query_in(sql, wanted)}
        return [_row_entry(found[i]) for i in wanted if i in found]

    def story_counts(self, values: Sequence[int]) -> dict[int, int]:
        """How many stories hold each passage key value (``newsclean.dedup.template``); unseen ones left out."""
        with backend_errors(self.path):
            return dict(self._query_in("SELECT value, stories FROM stories WHERE value IN ({})", list(values)))

    def add_stories(self, values: Iterable[int]) -> None:
        """Count one more story for each passage key value, in one transaction."""
        rows = [(int(v),) for v in values]
        if not rows:
            return
        sql = "INSERT INTO stories VALUES (?, 1) ON CONFLICT(value) DO UPDATE SET stories = stories + 1"
        with backend_errors(self.path):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(sql, rows)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query_in(self, sql: str, values: Sequence[object]) -> list[tuple]:
        """Run ``sql`` with its ``IN ({})`` filled in chunks below SQLite's parameter limit."""
        rows: list[tuple] = []
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            rows.extend(self._conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall())
        return rows

    def links(self) -> Iterator[Match]:
        sql = "SELECT id, other, kind, similarity, shared_words, passages FROM links ORDER BY rowid"
        return map(row_link, self._conn.execute(sql).fetchall())

    def ids(self) -> Iterator[str]:
        return (row[0] for row in self._conn.execute("SELECT id FROM docs ORDER BY rowid").fetchall())

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        return self._conn.execute("SELECT 1 FROM docs WHERE id = ?", (doc_id,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def stats(self) -> dict[str, object]:
        """Counts and sizes; builds the key map to count distinct keys (a full pass over them)."""
        with backend_errors(self.path):
            keymap = self._current_keymap()
            return {
                "backend": "sqlite",
                "format": FORMAT,
                "path": self.path,
                "documents": len(self),
                "keys": keymap.distinct_keys(),
                "key_rows": len(keymap),
                "keymap_bytes": keymap.nbytes,
                "links": int(self._conn.execute("SELECT COUNT(*) FROM links").fetchone()[0]),
                "bytes": _file_bytes(self.path),
                "meta": self.meta.to_dict(),
            }

    # -- maintenance --------------------------------------------------------------------------

    def integrity_check(self) -> str:
        """SQLite's own ``PRAGMA integrity_check``: ``"ok"`` or the problems it found."""
        return "\n".join(row[0] for row in self._conn.execute("PRAGMA integrity_check").fetchall())

    def vacuum(self) -> None:
        """Rebuild the file compactly; the copy VACUUM writes goes through the WAL, so fold it in after."""
        self._conn.execute("VACUUM")
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._keymap = None
        self._conn.close()

    def __enter__(self) -> SQLiteIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, object]:
        # A connection cannot cross processes, and the key map is rebuilt from the file on demand.
        return {"path": self.path, "meta": self.meta, "timeout": self.timeout}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["path"], state["meta"], timeout=state["timeout"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"SQLiteIndex({self.path!r})"


def _connect(path: str, timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute(f"PRAGMA page_size = {PAGE_BYTES}")  # must precede WAL; ignored for existing files
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.DatabaseError as exc:
        raise IndexBackendError(f"cannot open index file {path}: {exc}") from exc
    return conn


def _row_entry(row: Sequence[object]) -> IndexEntry:
    doc_id, source, words, signature, grams = row
    return IndexEntry(
        id=str(doc_id),
        source=source,  # type: ignore[arg-type]
        signature=from_blob(signature),  # type: ignore[arg-type]
        grams=from_blob(grams),  # type: ignore[arg-type]
        keys=(),
        words=int(words),  # type: ignore[arg-type]
    )


def _check_stored(stored: dict[str, str], meta: IndexMeta, path: str) -> None:
    layout = stored.get("format")
    if layout != FORMAT:
        raise IndexBackendError(
            f"{path} has index layout {layout!r}; this version of newsclean reads only {FORMAT!r}. "
            "Upgrade a v1 file in place with newsclean.dedup.index.upgrade.upgrade_v1(path), or build a new "
            "index by adding the documents again (e.g. newsclean dedup --index NEW.sqlite)."
        )
    meta.check(IndexMeta.from_dict(json.loads(stored["index_meta"])), f"index {path}")


def read_meta(path: str | Path) -> IndexMeta:
    """The :class:`IndexMeta` stored in an existing index file, without changing the file."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
        try:
            stored = dict(conn.execute("SELECT name, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise IndexBackendError(f"{path} is not a newsclean index: {exc}") from exc
    if "index_meta" not in stored:
        raise IndexBackendError(f"{path} is not a newsclean index: no stored parameters")
    return IndexMeta.from_dict(json.loads(stored["index_meta"]))


def _file_bytes(path: str) -> int:
    """The file plus its WAL and shared-memory files: what the index takes on disk now."""
    return sum(p.stat().st_size for p in (Path(path), Path(path + "-wal"), Path(path + "-shm")) if p.exists())
