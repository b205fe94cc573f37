"""The real redis-server the Redis tests talk to (``.ci/run`` starts one; no mocks).

``NEWSCLEAN_TEST_REDIS_URL`` names it. Unset: the tests skip and say how to run them. Set but the
server does not answer: they skip locally, and fail when ``NEWSCLEAN_REQUIRE_REDIS=1`` (CI), so a
broken CI set-up cannot pass by skipping.
"""

from __future__ import annotations

import os
import uuid

import pytest

URL_VARIABLE = "NEWSCLEAN_TEST_REDIS_URL"
REQUIRE_VARIABLE = "NEWSCLEAN_REQUIRE_REDIS"


def redis_url_or_skip() -> str:
    """The test server's URL after a PING, or a skip/failure that says why."""
    url = os.environ.get(URL_VARIABLE)
    required = os.environ.get(REQUIRE_VARIABLE) == "1"
    if not url:
        reason = (
            f"{URL_VARIABLE} is not set: start `redis-server --port 6391 --bind 127.0.0.1 --save ''` "
            f"and set {URL_VARIABLE}=redis://127.0.0.1:6391/0 (.ci/run does this)"
        )
        if required:
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but {reason}")
        pytest.skip(reason)
    redis = pytest.importorskip("redis", reason="the redis extra is not installed")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        message = f"redis-server at {url} does not answer: {exc}"
        if required:
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but {message}")
        pytest.skip(message)
    return url


def unique_prefix_url(url: str) -> str:
    """``url`` with a prefix no other test (or test process) uses, so tests never see each other's data."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}prefix=newsclean-test-{uuid.uuid4().hex[:12]}"
