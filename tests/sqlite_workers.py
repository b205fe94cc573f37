"""Child processes for the SQLite crash and concurrency tests: real processes on one real file.

    python tests/sqlite_workers.py write PATH BATCHES BATCH_SIZE [HANG_AT|-] [TAG]
    python tests/sqlite_workers.py read PATH SECONDS BATCH_SIZE

``write`` adds ``BATCHES`` batches; with ``HANG_AT`` it stops inside that batch's transaction (rows
written, no COMMIT), prints ``inside`` and waits to be killed; ``TAG`` (default ``b``) starts its
ids, so two writers can add different documents. ``read`` queries until the writer's
``done`` marker file appears (or ``SECONDS`` pass) and prints a JSON report of what it saw.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from newsclean.dedup.index import IndexEntry, IndexMeta
from newsclean.dedup.index.sqlite import SQLiteIndex

META = IndexMeta(
    scheme="newsclean-minhash-v1/datasketch-affine32",
    num_perm=128,
    seed=1,
    bands=16,
    rows=8,
    shingle="test-shingle",
    passage="test-passage",
)


def batch_key(batch: int, tag: str = "b") -> bytes:
    """A key every document of one batch shares, so a reader can see a batch as a whole."""
    return f"batch:{tag}{batch}".encode()


def make_batch(batch: int, size: int, tag: str = "b") -> list[IndexEntry]:
    rng = np.random.default_rng(batch)
    return [
        IndexEntry(
            id=f"{tag}{batch:05d}-{i:04d}",
            source="worker.example",
            signature=rng.integers(0, 2**32, META.num_perm, dtype=np.uint64).astype(np.uint32),
            grams=rng.integers(0, 2**32, 400, dtype=np.uint64).astype(np.uint32),
            keys=(batch_key(batch, tag), *(rng.bytes(8) for _ in range(40))),
            words=404,
        )
        for i in range(size)
    ]


class HangingIndex(SQLiteIndex):
    """Stops inside one batch's open transaction, after its rows are written."""

    hang_at: int | None = None

    def _insert(self, entries, links) -> None:
        super()._insert(entries, links)
        if self.hang_at is not None and entries and entries[0].id.startswith(f"b{self.hang_at:05d}-"):
            print("inside", flush=True)
            time.sleep(3600)


def write(path: str, batches: int, size: int, hang_at: int | None, tag: str) -> None:
    index = HangingIndex(path, META)
    index.hang_at = hang_at
    start = sum(1 for doc_id in index.ids() if doc_id.startswith(tag)) // size
    for batch in range(start, start + batches):
        index.add(make_batch(batch, size, tag))
        print(f"committed {batch}", flush=True)
    index.close()
    Path(path + ".done").touch()


def read(path: str, seconds: float, size: int) -> None:
    index = SQLiteIndex(path, META)
    seen, reads, problems = 0, 0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not Path(path + ".done").exists():
        count = len(index)
        if count % size or count < seen:
            problems.append(f"saw {count} documents after {seen}")
        seen = max(seen, count)
        latest = count // size - 1
        if latest >= 0:
            found = index.candidates([batch_key(latest)])
            if len(found) != size:
                problems.append(f"batch {latest}: {len(found)} of {size} documents findable")
            got = index.get([f"b{latest:05d}-0000"])
            if len(got) != 1 or len(got[0].signature) != META.num_perm:
                problems.append(f"batch {latest}: first entry unreadable")
        reads += 1
    print(json.dumps({"reads": reads, "max_seen": seen, "problems": problems[:10]}), flush=True)
    index.close()


if __name__ == "__main__":
    command, path, *rest = sys.argv[1:]
    if command == "write":
        hang_at = int(rest[2]) if len(rest) > 2 and rest[2] != "-" else None
        write(path, int(rest[0]), int(rest[1]), hang_at, rest[3] if len(rest) > 3 else "b")
    else:
        read(path, float(rest[0]), int(rest[1]))
