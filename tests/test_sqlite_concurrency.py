"""Readers in other processes query one SQLite index while a writer process adds to it.

WAL mode lets each reader see the last committed batch, never a half-written one, and never block
the writer. Real processes (``tests/sqlite_workers.py``), one real file.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean.dedup.index.sqlite import SQLiteIndex
from newsclean.errors import IndexBackendError
from sqlite_workers import META, make_batch

WORKER = str(Path(__file__).with_name("sqlite_workers.py"))
BATCH = 100
BATCHES = 20


def test_readers_see_only_whole_batches_while_one_writer_adds(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    with SQLiteIndex(path, META) as index:  # readers open an existing index, as a crawler's would be
        index.add(make_batch(0, BATCH))
    readers = [
        subprocess.Popen(
            [sys.executable, WORKER, "read", str(path), "60", str(BATCH)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    writer = subprocess.run(
        [sys.executable, WORKER, "write", str(path), str(BATCHES - 1), str(BATCH)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    reports = [json.loads(reader.communicate(timeout=120)[0]) for reader in readers]

    assert writer.returncode == 0, writer.stderr
    assert writer.stdout.splitlines()[-1] == f"committed {BATCHES - 1}"
    for report in reports:
        assert report["problems"] == []
        assert report["reads"] > 10
        assert BATCH <= report["max_seen"] <= BATCHES * BATCH
    with SQLiteIndex(path, META) as index:
        assert len(index) == BATCHES * BATCH
        assert index.integrity_check() == "ok"


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "two-writers.sqlite"
    SQLiteIndex(path, META).close()
    writers = [
        subprocess.Popen(
            [sys.executable, WORKER, "write", str(path), "15", str(BATCH), "-", tag],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("x", "y")
    ]
    outputs = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    with SQLiteIndex(path, META) as index:
        assert index.integrity_check() == "ok"
        ids = list(index.ids())
    assert len(ids) == 30 * BATCH
    for tag in ("x", "y"):  # each writer's batches are whole and in its own order
        assert [i for i in ids if i.startswith(tag)] == [
            e.id for b in range(15) for e in make_batch(b, BATCH, tag)
        ]


def test_a_writer_that_cannot_get_the_lock_gets_an_index_backend_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    SQLiteIndex(path, META).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of its batch
    try:
        with SQLiteIndex(path, META, timeout=0.2) as index:
            with pytest.raises(IndexBackendError, match="locked"):
                index.add(make_batch(0, 3))
            assert len(index) == 0  # readers are not blocked by the writer
    finally:
        holder.execute("ROLLBACK")
        holder.close()
