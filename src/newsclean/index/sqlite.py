"""SQLite index: one file, standard library only, safe to kill and to share between processes.

Layout (``FORMAT`` below is stored with the data):

- ``meta(name, value)``: the :class:`IndexMeta` as JSON and the layout version, checked on open.
- ``docs``: one row per document; ``rowid`` is the insertion order. Signatures and grams are
  little-endian uint32 blobs, so a file written on one machine reads the same on any other.
- ``keys(key, doc)``: the LSH band and passage keys as 64-bit xxhash integers, ``WITHOUT ROWID``
  with ``(key, doc)`` as the primary key, so the table *is* the key index (no second copy of every
  key) and a row costs ~12 bytes whatever the key length. Two keys sharing a 64-bit hash only add a
  false candidate, which the caller's similarity re-check drops. A document's keys are not stored a
  second time with it: :meth:`SQLiteIndex.get` returns entries with ``keys=()`` (the Deduplicator
  re-checks candidates from signatures and grams; keys would add ~1.3 KB per article).
- ``links``: the matches found so far, in insertion order.

Speed: the cost is per key row (~160 per article with the default ``DedupConfig``), so a batch
is handled in key order. :meth:`SQLiteIndex.candidates_many` answers a whole batch's lookups from
its sorted distinct key hashes, and :meth:`SQLiteIndex.add` inserts a batch's key rows sorted by
key, so each page of the key table is visited once per batch rather than once per key.

Crash safety: WAL journal and one ``BEGIN IMMEDIATE ... COMMIT`` per :meth:`SQLiteIndex.add`, so a
killed process loses at most the batch it was writing and never leaves a half batch or a corrupt
file. ``synchronous=NORMAL``: in WAL mode this still survives a killed process (the WAL is written
before the commit returns), and only a power cut or kernel crash can lose the last committed
batches, never consistency; ``FULL`` would fsync on every batch for durability a dedup index does not
need (re-adding a lost batch is harmless). Readers in other processes keep querying while one writer
adds (WAL readers see the last committed batch); ``busy_timeout`` makes a second writer wait instead
of failing.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xxhash

from newsclean.errors import IndexBackendError
from newsclean.index.base import IndexEntry, IndexMeta
from newsclean.index.codec import check_batch_ids, from_blob, link_row, row_link, to_blob
from newsclean.results import Match

FORMAT = "newsclean-sqlite-v1"
BUSY_TIMEOUT = 30.0  # seconds a writer waits while another one writes its batch
CACHE_KIB = 65_536  # page cache per connection: the key b-tree's inner pages stay in memory
_INT64_OFFSET = 1 << 63

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
    """CREATE TABLE IF NOT EXISTS keys (
        key BLOB NOT NULL,
        doc INTEGER NOT NULL,
        PRIMARY KEY (key, doc)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS links (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        other TEXT NOT NULL,
        kind TEXT NOT NULL,
        similarity REAL NOT NULL,
        shared_words INTEGER NOT NULL,
        passages TEXT NOT NULL
    )""",
)

# Candidates in one statement. With a bucket limit, a key is first checked to hold at most
# ``limit`` ids by counting no further than ``limit + 1`` rows, so a boilerplate key shared by
# millions of documents costs ``limit + 1`` steps, not millions.
_CANDIDATES_SQL = """
    SELECT d.id, COUNT(*) FROM keys k JOIN docs d ON d.rowid = k.doc
    WHERE k.key IN (SELECT value FROM json_each(?1))
    GROUP BY k.doc
"""
_CANDIDATES_LIMITED_SQL = """
    WITH asked(key) AS (SELECT DISTINCT value FROM json_each(?1)),
    small(key) AS (
        SELECT key FROM asked
        WHERE (SELECT COUNT(*) FROM (SELECT 1 FROM keys WHERE keys.key = asked.key LIMIT ?2 + 1)) <= ?2
    )
    SELECT d.id, COUNT(*) FROM small JOIN keys k ON k.key = small.key JOIN docs d ON d.rowid = k.doc
    GROUP BY k.doc
"""


# A whole batch's lookups (:meth:`SQLiteIndex.candidates_many`) in two statements: the batch's
# distinct key hashes go in sorted, so the key table is read in key order and each of its pages is
# fetched once per batch instead of once per key. Most keys of a new article are in no bucket: one
# existence probe each drops them; the few present are kept if they hold at most ``?2`` ids
# (counted no further than ``?2 + 1``) and joined to their documents. Which of the lists asked for a key is worked out in Python.
_PRESENT_KEYS_SQL = "SELECT value FROM json_each(?1) WHERE EXISTS (SELECT 1 FROM keys WHERE keys.key = value)"
_PRESENT_CANDIDATES_SQL = """
    WITH found(key) AS (
        SELECT value FROM json_each(?1)
        WHERE (SELECT COUNT(*) FROM (SELECT 1 FROM keys WHERE keys.key = value LIMIT ?2 + 1)) <= ?2
    )
    SELECT f.key, d.id FROM found f CROSS JOIN keys k ON k.key = f.key CROSS JOIN docs d ON d.rowid = k.doc
"""
_NO_BUCKET_LIMIT = 1 << 62

# A batch's key rows, inserted in key order (documents numbered from ?2 in list order): uniformly
# spread hash keys would otherwise touch a different page of the key table for every row.
_ADD_KEYS_SQL = """
    INSERT OR IGNORE INTO keys
    SELECT k.value, ?2 + l.key FROM json_each(?1) l, json_each(l.value) k ORDER BY 1, 2
"""


_HAS_META_SQL = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"


@contextlib.contextmanager
def backend_errors(path: str) -> Iterator[None]:
    """Report SQLite's own failures (lock timeout, full disk, damaged file) as IndexBackendError."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise IndexBackendError(f"index {path}: {exc}") from exc


def key_hash(key: bytes) -> int:
    """A key as the signed 64-bit integer SQLite stores (xxh64, stable across processes)."""
    return xxhash.xxh64_intdigest(key) - _INT64_OFFSET


class SQLiteIndex:
    """An :class:`~newsclean.index.base.Index` in an SQLite file; see the module docstring."""

    def __init__(self, path: str | Path, meta: IndexMeta, *, timeout: float = BUSY_TIMEOUT) -> None:
        if not isinstance(meta, IndexMeta):
            raise TypeError(f"meta must be an IndexMeta, got {type(meta).__name__}")
        self.path = str(path)
        self.meta = meta
        self.timeout = float(timeout)
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
            for statement in _SCHEMA:
                conn.execute(statement)
            stored = self._stored_meta()
            if not stored:
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
                self._insert(entries, links)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _insert(self, entries: Sequence[IndexEntry], links: Sequence[Match]) -> None:
        conn = self._conn
        taken = self._existing_ids([e.id for e in entries])
        if taken:
            raise ValueError(f"document id {taken[0]!r} is already in the index")
        (last,) = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM docs").fetchone()
        rows = [
            (
                last + i,
                e.id,
                e.source,
                int(e.words),
                to_blob(e.signature),
                to_blob(e.grams),
            )
            for i, e in enumerate(entries, 1)
        ]
        conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.execute(_ADD_KEYS_SQL, (_hashed_lists(e.keys for e in entries), last + 1))
        conn.executemany("INSERT INTO links VALUES (NULL, ?, ?, ?, ?, ?, ?)", map(link_row, links))

    def _existing_ids(self, ids: Sequence[str]) -> list[str]:
        found = {row[0] for row in self._query_in("SELECT id FROM docs WHERE id IN ({})", ids)}
        return [i for i in ids if i in found]

    # -- reads --------------------------------------------------------------------------------

    def candidates(self, keys: Iterable[bytes], *, max_bucket: int | None = None) -> dict[str, int]:
        asked = json.dumps([key_hash(k) for k in set(keys)])
        with backend_errors(self.path):
            if max_bucket is None:
                return dict(self._conn.execute(_CANDIDATES_SQL, (asked,)).fetchall())
            return dict(self._conn.execute(_CANDIDATES_LIMITED_SQL, (asked, int(max_bucket))).fetchall())

    def candidates_many(
        self, key_lists: Sequence[Sequence[bytes]], *, max_bucket: int | None = None
    ) -> list[dict[str, int]]:
        """:meth:`candidates` for every list of ``key_lists`` in one sorted pass (see ``_PRESENT_KEYS_SQL``)."""
        limit = _NO_BUCKET_LIMIT if max_bucket is None else int(max_bucket)
        asked = AskedKeys.of(key_lists)
        conn = self._conn
        with backend_errors(self.path):
            conn.execute("BEGIN")  # both statements read the same committed state
            try:
                present = [row[0] for row in conn.execute(_PRESENT_KEYS_SQL, (asked.distinct_json(),))]
                rows = conn.execute(_PRESENT_CANDIDATES_SQL, (json.dumps(present), limit)).fetchall()
            finally:
                conn.execute("COMMIT")
        found: list[dict[str, int]] = [{} for _ in key_lists]
        lists_by_key = asked.lists_by_key(row[0] for row in rows)
        for key, doc_id in rows:
            for number in lists_by_key[key]:
                counts = found[number]
                counts[doc_id] = counts.get(doc_id, 0) + 1
        return found

    def get(self, ids: Iterable[str]) -> list[IndexEntry]:
        wanted = list(ids)
        sql = "SELECT id, source, words, signature, grams FROM docs WHERE id IN ({})"
        with backend_errors(self.path):
            found = {row[0]: row for row in self._query_in(sql, wanted)}
        return [_row_entry(found[i]) for i in wanted if i in found]

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
        count = lambda sql: int(self._conn.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "backend": "sqlite",
            "path": self.path,
            "documents": len(self),
            "keys": count("SELECT COUNT(*) FROM (SELECT DISTINCT key FROM keys)"),
            "key_rows": count("SELECT COUNT(*) FROM keys"),
            "links": count("SELECT COUNT(*) FROM links"),
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
        self._conn.close()

    def __enter__(self) -> SQLiteIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, object]:
        # A connection cannot cross processes; the copy reopens the same file.
        return {"path": self.path, "meta": self.meta, "timeout": self.timeout}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["path"], state["meta"], timeout=state["timeout"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"SQLiteIndex({self.path!r})"


def _connect(path: str, timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.DatabaseError as exc:
        raise IndexBackendError(f"cannot open index file {path}: {exc}") from exc
    return conn


@dataclass(frozen=True, slots=True)
class AskedKeys:
    """A batch of key lists as parallel arrays sorted by key hash: which lists asked for which key.

    A dictionary of every asked key would cost more Python time than the lookup itself; the few
    keys found are looked up here by binary search.
    """

    hashes: np.ndarray  # int64, sorted; one entry per distinct (hash, list) pair
    numbers: np.ndarray  # the list each hash came from

    @classmethod
    def of(cls, key_lists: Sequence[Sequence[bytes]]) -> AskedKeys:
        sizes = np.fromiter((len(keys) for keys in key_lists), dtype=np.int64, count=len(key_lists))
        hashes = np.fromiter(
            (key_hash(k) for keys in key_lists for k in keys), dtype=np.int64, count=int(sizes.sum())
        )
        numbers = np.repeat(np.arange(len(key_lists), dtype=np.int64), sizes)
        order = np.lexsort((numbers, hashes))
        hashes, numbers = hashes[order], numbers[order]
        fresh = np.ones(len(hashes), dtype=bool)
        fresh[1:] = (hashes[1:] != hashes[:-1]) | (numbers[1:] != numbers[:-1])
        return cls(hashes[fresh], numbers[fresh])

    def distinct_json(self) -> str:
        """The distinct hashes, sorted, as a JSON array for ``json_each``."""
        distinct = np.ones(len(self.hashes), dtype=bool)
        distinct[1:] = self.hashes[1:] != self.hashes[:-1]
        return json.dumps(self.hashes[distinct].tolist())

    def lists_by_key(self, keys: Iterable[int]) -> dict[int, list[int]]:
        """For each of ``keys`` (found ones: few), the numbers of the lists that asked for it."""
        wanted = np.unique(np.fromiter(keys, dtype=np.int64))
        starts = np.searchsorted(self.hashes, wanted, side="left")
        stops = np.searchsorted(self.hashes, wanted, side="right")
        return {
            key: self.numbers[start:stop].tolist()
            for key, start, stop in zip(wanted.tolist(), starts.tolist(), stops.tolist(), strict=True)
        }


def _hashed_lists(key_lists: Iterable[Iterable[bytes]]) -> str:
    """Lists of keys as a JSON array of arrays of their stored 64-bit hashes, for ``json_each``."""
    return json.dumps([[key_hash(key) for key in keys] for keys in key_lists])


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
    if stored.get("format") != FORMAT:
        raise IndexBackendError(
            f"{path} has index layout {stored.get('format')!r}, this version reads {FORMAT!r}"
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
