"""A writer killed with SIGKILL mid-batch: the file stays sound and holds only whole batches.

The writer is a real child process (``tests/sqlite_workers.py``) on a real file in ``tmp_path``.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsclean.dedup.index.sqlite import SQLiteIndex
from sqlite_workers import META, batch_key, make_batch

WORKER = str(Path(__file__).with_name("sqlite_workers.py"))
BATCH = 200

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def start_writer(path: Path, batches: int, hang_at: int | None = None) -> subprocess.Popen:
    args = [sys.executable, WORKER, "write", str(path), str(batches), str(BATCH)]
    if hang_at is not None:
        args.append(str(hang_at))
    return subprocess.Popen(args, stdout=subprocess.PIPE, text=True)


def wait_for_line(proc: subprocess.Popen, wanted: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line.strip() == wanted:
                return
            if not line:
                break
    proc.kill()
    pytest.fail(f"writer never printed {wanted!r} (exit code {proc.poll()})")


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL


def assert_whole_batches(path: Path) -> int:
    """Integrity check passes and every stored batch is complete; returns how many batches."""
    with SQLiteIndex(path, META) as index:
        assert index.integrity_check() == "ok"
        ids = list(index.ids())
        assert len(ids) % BATCH == 0, f"{len(ids)} documents: a partial batch survived"
        batches = len(ids) // BATCH
        assert ids == [e.id for b in range(batches) for e in make_batch(b, BATCH)]
        for b in range(batches):
            assert len(index.candidates([batch_key(b)])) == BATCH
        assert index.candidates([batch_key(batches)]) == {}
        return batches


def test_kill_inside_a_batch_loses_only_that_batch(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    writer = start_writer(path, batches=10, hang_at=3)
    wait_for_line(writer, "inside")
    assert (tmp_path / "crash.sqlite-wal").stat().st_size > 0  # the batch's rows were being written
    kill(writer)

    assert assert_whole_batches(path) == 3
    with SQLiteIndex(path, META) as index:  # the lost batch can simply be added again
        index.add(make_batch(3, BATCH))
        assert len(index) == 4 * BATCH


def test_kills_at_random_moments_never_leave_a_partial_batch(tmp_path: Path) -> None:
    path = tmp_path / "random-kill.sqlite"
    rng = random.Random(5)
    stored = 0
    for _round in range(3):
        writer = start_writer(path, batches=1000)
        wait_for_line(writer, f"committed {stored}")
        time.sleep(rng.uniform(0.0, 0.3))
        kill(writer)
        now = assert_whole_batches(path)
        assert now > stored
        stored = now
