"""Upgrade an SQLite index written in layout v1 (one row per key) to the current layout, in place.

Layout v1 kept every key as a row ``(key, doc)`` of a ``WITHOUT ROWID`` table, the key being its
64-bit xxhash minus 2**63. The current layout (:mod:`newsclean.dedup.index.sqlite`) keeps the same hashes,
unsigned, as one blob per document. So an upgrade needs no article text: it regroups the rows by
document, writes one ``doc_keys`` row per document and drops the key table, in one transaction.

    python -c "from newsclean.dedup.index.upgrade import upgrade_v1; upgrade_v1('crawl.sqlite')"

Run it while nothing else uses the file. Afterwards ``newsclean index vacuum`` gives back the space
of the dropped key table. The upgraded file keeps its page size (4 KiB for v1 files).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from newsclean.dedup.index.codec import hashes_blob
from newsclean.dedup.index.sqlite import _SCHEMA, BUSY_TIMEOUT, FORMAT, _connect, backend_errors
from newsclean.errors import IndexBackendError

V1_FORMAT = "newsclean-sqlite-v1"
_FETCH_ROWS = 1_000_000
_SIGN_BIT = np.uint64(1 << 63)


def upgrade_v1(path: str | Path) -> int:
    """Rewrite the v1 index file at ``path`` in the current layout; returns its number of documents.

    Raises :class:`~newsclean.errors.IndexBackendError` if the file is not a v1 index. On any
    failure the transaction is rolled back and the file stays v1.
    """
    path = str(path)
    if not Path(path).is_file():
        raise IndexBackendError(f"no index file at {path}")
    conn = _connect(path, BUSY_TIMEOUT)
    try:
        with backend_errors(path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                documents = _rewrite(conn, path)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
    finally:
        conn.close()
    return documents


def _rewrite(conn: sqlite3.Connection, path: str) -> int:
    """The upgrade inside the open transaction."""
    layout = dict(conn.execute("SELECT name, value FROM meta").fetchall()).get("format")
    if layout != V1_FORMAT:
        raise IndexBackendError(f"{path} has index layout {layout!r}, not {V1_FORMAT!r}: nothing to upgrade")
    keys, docs = _v1_pairs(conn)
    numbers = [row[0] for row in conn.execute("SELECT rowid FROM docs ORDER BY rowid")]
    for statement in _SCHEMA:
        conn.execute(statement)
    conn.executemany("INSERT INTO doc_keys VALUES (?, ?)", _blob_rows(keys, docs, numbers))
    conn.execute("DROP TABLE keys")
    conn.execute("UPDATE meta SET value = ? WHERE name = 'format'", (FORMAT,))
    return len(numbers)


def _v1_pairs(conn: sqlite3.Connection) -> tuple[np.ndarray, np.ndarray]:
    """Every v1 key row as ``(unsigned 64-bit key hashes, document numbers)``."""
    keys: list[np.ndarray] = [np.zeros(0, np.uint64)]
    docs: list[np.ndarray] = [np.zeros(0, np.int64)]
    cursor = conn.execute("SELECT key, doc FROM keys")
    while rows := cursor.fetchmany(_FETCH_ROWS):
        pairs = np.array(rows, dtype=np.int64)
        keys.append(pairs[:, 0].view(np.uint64) ^ _SIGN_BIT)  # v1 stored xxh64 - 2**63
        docs.append(pairs[:, 1])
    return np.concatenate(keys), np.concatenate(docs)


def _blob_rows(keys: np.ndarray, docs: np.ndarray, numbers: list[int]) -> list[tuple[int, bytes]]:
    """One ``(document, key blob)`` row per document number, an empty blob for a document without keys."""
    order = np.argsort(docs, kind="stable")
    keys, docs = keys[order], docs[order]
    wanted = np.asarray(numbers, dtype=np.int64)
    starts = np.searchsorted(docs, wanted, side="left").tolist()
    stops = np.searchsorted(docs, wanted, side="right").tolist()
    data = hashes_blob(keys)
    return [
        (number, data[start * 8 : stop * 8]) for number, start, stop in zip(numbers, starts, stops, strict=True)
    ]
