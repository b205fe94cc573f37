"""Story counts: a passage many stories hold is template, not reuse; copies are one story; indexes keep the counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dedup_helpers import words
from newsclean.dedup.clustering import cluster
from newsclean.dedup.deduplicator import Deduplicator
from newsclean.dedup.index.redis import RedisIndex
from redis_server import redis_url_or_skip, unique_prefix_url


def _prose(count: int, seed: int) -> str:
    tokens = words(18 * count, seed)
    return "\n".join(" ".join(tokens[i : i + 18]).capitalize() + "." for i in range(0, len(tokens), 18))


NOTICE = _prose(5, 99)  # a 90-word consent notice, sentence-shaped like any body prose


def _site(n: int, *, notice: bool = True) -> dict[str, str]:
    """An article of its own on its own site, ending with the shared notice."""
    text = _prose(15, n) + ("\n" + NOTICE if notice else "")
    return {"id": f"s{n}", "text": text, "url": f"https://site{n}.example/a"}


def test_a_notice_held_by_many_stories_links_nothing() -> None:
    docs = [_site(n) for n in range(5)]
    assert cluster(docs, clean=False) == [[d["id"]] for d in docs]


def test_the_same_passage_in_two_stories_is_reuse() -> None:
    docs = [_site(n) for n in range(2)]
    assert cluster(docs, clean=False) == [["s0", "s1"]]
    assert cluster(docs, clean=False, max_passage_stories=None) == [["s0", "s1"]]


def test_copies_of_one_story_count_once_so_its_reuse_still_links() -> None:
    """Five reprints and a truncated copy of an article hold its statement; a sixth site quoting it still links."""
    article = _site(1, notice=False)
    statement = "\n".join(article["text"].split("\n")[3:8])
    reprints = [{"id": f"r{n}", "text": article["text"], "url": f"https://wire{n}.example/x"} for n in range(5)]
    truncated = {"id": "t", "text": "\n".join(article["text"].split("\n")[:8]), "url": "https://teaser.example/t"}
    quoting = {"id": "q", "text": _prose(15, 50) + "\n" + statement, "url": "https://quote.example/q"}
    docs = [article, *reprints, truncated, quoting]
    assert cluster(docs, clean=False) == [[d["id"] for d in docs]]
    with Deduplicator(clean=False) as dedup:
        found = dict(dedup.add_many(docs))
    assert [m.kind for m in found["q"]][:1] == ["shared_passage"]


def test_max_passage_stories_none_counts_every_passage() -> None:
    docs = [_site(n) for n in range(5)]
    assert cluster(docs, clean=False, max_passage_stories=None) == [[d["id"] for d in docs]]


@pytest.fixture(params=["sqlite", "redis"])
def location(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "stories.sqlite")
        return
    url = unique_prefix_url(redis_url_or_skip())
    yield url
    RedisIndex.open_existing(url).drop()


def test_an_index_keeps_the_counts_across_runs(location: str) -> None:
    """Run 1 stores four sites with the notice; in run 2 a fifth site's notice is template at once."""
    with Deduplicator(index=location, clean=False) as dedup:
        first = dict(dedup.add_many([_site(n) for n in range(4)]))
    assert first["s1"] and first["s1"][0].kind == "shared_passage"  # two stories: reuse, as far as run 1 knew
    with Deduplicator(index=location, clean=False) as dedup:
        counts = dedup.index.story_counts([int.from_bytes(k[1:], "little") for k in dedup.fingerprinter.fingerprint(
            "x", NOTICE).keys if k.startswith(b"P")])
        assert counts and max(counts.values()) == 4
        assert dedup.add("s9", _site(9)["text"], url="https://site9.example/a") == []
