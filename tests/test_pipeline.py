"""``newsclean.process``: records in, clean records out with their place among near-duplicates, in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsclean
from dedup_seeds import EXPECTED_SEED_CLUSTERS, seed_texts
from newsclean.dedup import documents
from newsclean.dedup.links import links_of
from redis_server import redis_url_or_skip, unique_prefix_url

STORY = (
    "The council voted on Tuesday to close the old bridge for repairs next spring, officials said. "
    "Engineers found cracks in two of the supports during an inspection in March. "
    "The bridge carries about twelve thousand cars a day between the two halves of the town. "
)


def _records() -> list[dict]:
    return [{"id": k, "text": v, "site": "seed"} for k, v in seed_texts().items()]


def _groups(out: list[dict]) -> list[list[object]]:
    by_cluster: dict[object, list[object]] = {}
    for record in out:
        by_cluster.setdefault(record["cluster"], []).append(record["id"])
    return list(by_cluster.values())


@pytest.fixture(params=["sqlite", "redis"])
def index_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "crawl.sqlite")
    return unique_prefix_url(redis_url_or_skip())


def test_every_record_once_in_order_with_its_fields_and_the_clusters_of_cluster() -> None:
    records = _records()
    out = list(newsclean.process(records))
    assert [r["id"] for r in out] == [r["id"] for r in records]
    cleaner = newsclean.Cleaner()
    for got, want in zip(out, cleaner.clean_many(_records()), strict=True):
        assert got["site"] == "seed" and got["text"] == want["text"] and got["removed"] == want["removed"]
        assert got["metadata"] == want["metadata"]
        assert set(got) >= {"cluster", "duplicate_of", "reuses", "kind"}
    assert [[i for i in g] for g in _groups(out)] == EXPECTED_SEED_CLUSTERS
    assert _groups(out) == newsclean.cluster({r["id"]: r["text"] for r in out}, clean=False)


def test_links_come_from_links_of_on_the_deduplicators_matches() -> None:
    out = list(newsclean.process(_records()))
    with newsclean.Deduplicator(clean=False) as dedup:
        expected = [links_of(m).to_dict() for _, m in dedup.add_many((r["id"], r["text"]) for r in out)]
    assert [{k: r[k] for k in ("duplicate_of", "reuses", "kind")} for r in out] == expected
    assert [r["kind"] for r in out] == ["unique", "shared_passage", "unique", "shared_passage", "shared_passage"]
    assert all(r["duplicate_of"] is None for r in out)  # text reuse is no copy: every seed is kept


def test_each_document_is_cleaned_once() -> None:
    # The Deduplicator's own cleaner (used when clean=True) must never run: process() hands it cleaned text.
    before = documents._cleaner.cache_info()
    out = list(newsclean.process([{"id": 1, "text": STORY}, {"id": 2, "text": "ADVERTISEMENT\n\n" + STORY}]))
    after = documents._cleaner.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
    # the copy is exact only once the ad marker is gone: the dedup side saw the cleaned text
    assert [(r["duplicate_of"], r["kind"]) for r in out] == [(None, "unique"), (1, "exact")]


def test_ids_keep_their_type() -> None:
    out = list(newsclean.process([{"id": 7, "text": STORY}, {"id": 8, "text": STORY}]))
    assert [(r["id"], r["cluster"], r["duplicate_of"]) for r in out] == [(7, 7, None), (8, 7, 7)]


def test_incremental_across_runs_with_an_index(index_location: str) -> None:
    records = _records()
    first = list(newsclean.process([records[0], records[2]], index=index_location))
    assert [r["kind"] for r in first] == ["unique", "unique"]
    second = list(newsclean.process(records[1:2] + records[3:], index=index_location))
    assert [(r["id"], r["cluster"]) for r in second] == [("001", "000"), ("003", "002"), ("004", "002")]
    assert [r["reuses"][0] for r in second] == ["000", "002", "002"]  # documents of the first run
    third = list(newsclean.process([records[0]], index=index_location))  # an id stored by an earlier run
    assert "duplicate id '000'" in third[0]["error"] and "cluster" not in third[0]


def test_drop_duplicates_keeps_every_distinct_article() -> None:
    seeds = list(seed_texts().values())
    records = [
        {"id": "a", "text": seeds[0]},
        {"id": "b", "text": seeds[0]},
        {"id": "c", "text": seeds[1]},
        {"id": "d", "text": seeds[0] + " An extra closing line here."},
    ]
    everything = list(newsclean.process(records))
    assert [(r["duplicate_of"], r["kind"]) for r in everything] == [
        (None, "unique"), ("a", "exact"), (None, "shared_passage"), ("a", "near_duplicate")
    ]
    assert everything[2]["reuses"] == ["a", "b"]
    kept = list(newsclean.process(records, drop_duplicates=True))
    assert [(r["id"], r["cluster"]) for r in kept] == [("a", "a"), ("c", "a")]  # the reuse is kept


def test_bad_records_are_yielded_with_an_error_and_the_rest_go_on() -> None:
    records = [{"text": STORY}, {"id": "x", "body": STORY}, {"id": "y", "text": STORY}, {"id": "y", "text": STORY}]
    out = list(newsclean.process(records))
    assert [r.get("error", "")[:30] for r in out] == [
        "record has no 'id' field (pass",
        "field 'text' is missing",
        "",
        "duplicate id 'y': a document w",
    ]
    assert "cluster" not in out[0] and out[2]["kind"] == "unique"


def test_options_are_checked_when_called() -> None:
    with pytest.raises(newsclean.ConfigError, match="cleaner must be"):
        newsclean.process([], cleaner="tier=safe")  # type: ignore[arg-type]
    with pytest.raises(newsclean.ConfigError, match="unknown Deduplicator option"):
        newsclean.process([], shingles=3)
