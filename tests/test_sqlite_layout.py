"""Layout v2 of the SQLite index on real files: key maps kept in step, reopening, v1 files refused."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import xxhash

from newsclean.dedup.index import IndexEntry, MemoryIndex, candidates_many
from newsclean.dedup.index.codec import to_blob
from newsclean.dedup.index.sqlite import FORMAT, SQLiteIndex
from newsclean.dedup.index.upgrade import upgrade_v1
from newsclean.errors import IndexBackendError
from sqlite_workers import META


def entries(rng: np.random.Generator, prefix: str, count: int, pool: list[bytes]) -> list[IndexEntry]:
    return [
        IndexEntry(
            id=f"{prefix}-{n}",
            source=None,
            signature=rng.integers(0, 2**32, META.num_perm, dtype=np.uint64).astype(np.uint32),
            grams=rng.integers(0, 2**32, 30, dtype=np.uint64).astype(np.uint32),
            keys=tuple(pool[i] for i in rng.integers(0, len(pool), rng.integers(0, 15))),  # repeats too
            words=34,
        )
        for n in range(count)
    ]


def test_two_handles_interleaving_batches_answer_like_the_memory_index(tmp_path: Path) -> None:
    """One handle adds right after its own lookups (its map takes its batch as written), the other
    in between (so the first finds a gap and reads the other's rows from the file)."""
    rng = np.random.default_rng(2)
    pool = [f"k{n}".encode() for n in range(120)]
    reference = MemoryIndex(META)
    path = tmp_path / "shared.sqlite"
    with SQLiteIndex(path, META) as first, SQLiteIndex(path, META) as second:
        for step in range(12):
            writer = first if step % 3 else second
            batch = entries(rng, f"s{step}", int(rng.integers(1, 20)), pool)
            lists = [list(e.keys) for e in batch] + [[b"absent", *pool[:3]]]
            for max_bucket in (None, 4):
                want = [reference.candidates(keys, max_bucket=max_bucket) for keys in lists]
                for handle in (first, second):
                    assert candidates_many(handle, lists, max_bucket=max_bucket) == want
            writer.add(batch)
            reference.add(batch)
        assert len(first) == len(second) == len(reference)
        assert first.stats()["keys"] == reference.stats()["keys"]


def test_a_new_process_reopens_and_finds_the_same_candidates(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    pool = [f"k{n}".encode() for n in range(60)]
    path = tmp_path / "reopen.sqlite"
    with SQLiteIndex(path, META) as index:
        for step in range(3):
            index.add(entries(rng, f"b{step}", 10, pool))
        lists = [pool[n : n + 5] for n in range(0, 60, 5)]
        want = candidates_many(index, lists, max_bucket=6)
    script = (
        "import json, sys\n"
        "from newsclean.dedup.index.sqlite import SQLiteIndex\n"
        "from sqlite_workers import META\n"
        "lists = [[k.encode() for k in keys] for keys in json.loads(sys.argv[2])]\n"
        "with SQLiteIndex(sys.argv[1], META) as index:\n"
        "    print(json.dumps(index.candidates_many(lists, max_bucket=6)))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", script, str(path), json.dumps([[k.decode() for k in keys] for keys in lists])],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent,
    )
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout) == want
    assert sum(map(len, want)) > 10


V1_SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT,
        words INTEGER NOT NULL, signature BLOB NOT NULL, grams BLOB NOT NULL)""",
    "CREATE TABLE keys (key BLOB NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID",
    """CREATE TABLE links (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, other TEXT NOT NULL, kind TEXT NOT NULL,
        similarity REAL NOT NULL, shared_words INTEGER NOT NULL, passages TEXT NOT NULL)""",
)


def make_v1_file(path: Path, stored: Sequence[IndexEntry] = ()) -> None:
    """An index as layout v1 wrote it: documents, and a row per key holding its xxh64 minus 2**63."""
    conn = sqlite3.connect(path)
    for statement in V1_SCHEMA:
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", "newsclean-sqlite-v1"), ("index_meta", json.dumps(META.to_dict(), sort_keys=True))],
    )
    for number, e in enumerate(stored, 1):
        row = (number, e.id, e.source, e.words, to_blob(e.signature), to_blob(e.grams))
        conn.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", row)
        hashes = {xxhash.xxh64_intdigest(k) - 2**63 for k in e.keys}
        conn.executemany("INSERT INTO keys VALUES (?, ?)", [(h, number) for h in hashes])
    conn.commit()
    conn.close()


@pytest.mark.parametrize("how", ["with-meta", "open-existing"])
def test_a_v1_file_is_refused_naming_both_layouts_and_what_to_do(tmp_path: Path, how: str) -> None:
    path = tmp_path / "old.sqlite"
    make_v1_file(path)
    with pytest.raises(IndexBackendError) as raised:
        SQLiteIndex(path, META) if how == "with-meta" else SQLiteIndex.open_existing(path)
    message = str(raised.value)
    assert "'newsclean-sqlite-v1'" in message and repr(FORMAT) in message
    assert "new index" in message and "upgrade_v1" in message
    conn = sqlite3.connect(path)  # refusing changed nothing
    assert conn.execute("SELECT value FROM meta WHERE name = 'format'").fetchone() == ("newsclean-sqlite-v1",)
    conn.close()


def test_a_v1_file_upgrades_in_place_and_answers_like_the_memory_index(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    pool = [f"k{n}".encode() for n in range(50)]
    stored = entries(rng, "old", 40, pool)
    path = tmp_path / "old.sqlite"
    make_v1_file(path, stored)
    reference = MemoryIndex(META)
    reference.add(stored)
    assert upgrade_v1(path) == 40
    with SQLiteIndex(path, META) as index:
        assert index.integrity_check() == "ok"
        assert list(index.ids()) == [e.id for e in stored]
        lists = [pool[n : n + 4] for n in range(0, 50, 4)]
        for max_bucket in (None, 3):
            assert candidates_many(index, lists, max_bucket=max_bucket) == [
                reference.candidates(keys, max_bucket=max_bucket) for keys in lists
            ]
        index.add(entries(rng, "new", 5, pool))  # and it goes on as a v2 index
        assert len(index) == 45
    with pytest.raises(IndexBackendError, match="nothing to upgrade"):
        upgrade_v1(path)
