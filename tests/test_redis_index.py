"""Redis-specific behaviour the conformance suite cannot show: naming, discovery, failures.

Discovery and server loss run on a private ``redis-server`` this module starts on a Unix socket in
``tmp_path`` (no TCP port at all), so they can count the indexes on it and stop it; the rest uses
the shared test server (``tests/redis_server.py``).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsclean.dedup.index import open_index
from newsclean.dedup.index.redis import RedisIndex, default_prefix
from newsclean.errors import IndexBackendError, MissingExtraError
from redis_server import REQUIRE_VARIABLE, redis_url_or_skip
from sqlite_workers import META, make_batch

pytest.importorskip("redis", reason="the redis extra is not installed")


@pytest.fixture
def private_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A redis-server of our own on a Unix socket: ``(url, process)``."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but there is no redis-server binary")
        pytest.skip("no redis-server binary on PATH (apt-get install redis-server)")
    socket = tmp_path / "redis.sock"
    args = [binary, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*args, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"unix://{socket}?db=0", process
    process.terminate()
    process.wait(timeout=10)


def test_the_default_prefix_follows_the_parameters() -> None:
    url = redis_url_or_skip()
    other = dataclasses.replace(META, seed=META.seed + 1)
    with open_index(url, META) as first, open_index(url, META) as again, open_index(url, other) as different:
        try:
            assert first.prefix == again.prefix == default_prefix(META)
            assert different.prefix != first.prefix
            first.add(make_batch(0, 2))
            assert len(again) == 2 and len(different) == 0  # same parameters, same index
        finally:
            first.drop()
            different.drop()


def test_a_named_prefix_is_used_as_given() -> None:
    url = redis_url_or_skip()
    with open_index(f"{url}?prefix=crawl-{os.getpid()}", META) as index:
        try:
            assert index.prefix == f"crawl-{os.getpid()}:"
            index.add(make_batch(0, 1))
            assert index.stats()["documents"] == 1
        finally:
            index.drop()
        assert len(index) == 0


def test_open_existing_finds_the_one_index_on_a_server(private_server) -> None:
    url, _ = private_server
    with pytest.raises(IndexBackendError, match="found: none"):
        RedisIndex.open_existing(url)
    open_index(url, META).add(make_batch(0, 3))
    with RedisIndex.open_existing(url) as found:
        assert found.meta == META and len(found) == 3
    open_index(url, dataclasses.replace(META, bands=META.bands + 1)).close()
    with pytest.raises(IndexBackendError, match="exactly one"):
        RedisIndex.open_existing(url)
    with RedisIndex.open_existing(f"{url}&prefix={default_prefix(META)}") as named:
        assert len(named) == 3


def test_a_lost_server_is_an_index_backend_error(private_server) -> None:
    url, process = private_server
    index = open_index(url, META)
    index.add(make_batch(0, 2))
    process.terminate()
    process.wait(timeout=10)
    with pytest.raises(IndexBackendError, match="RedisIndex"):
        len(index)
    with pytest.raises(IndexBackendError):
        index.add(make_batch(1, 2))


def test_an_unreachable_server_is_named_in_the_error() -> None:
    with pytest.raises(IndexBackendError, match=r"cannot reach Redis index at redis://127\.0\.0\.1:1/0"):
        open_index("redis://127.0.0.1:1/0", META)


def test_without_the_redis_package_the_error_gives_the_pip_command(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # what an installation without the extra sees
    with pytest.raises(MissingExtraError, match=r"pip install 'newsclean\[redis\]'"):
        open_index("redis://127.0.0.1:6379/0", META)
