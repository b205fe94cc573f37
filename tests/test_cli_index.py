"""``newsclean index stats|vacuum|export`` on real SQLite files and a real Redis server."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsclean.cli import main
from newsclean.dedup.index import open_index
from newsclean.dedup.index.sqlite import SQLiteIndex
from newsclean.results import Match
from redis_server import redis_url_or_skip, unique_prefix_url
from sqlite_workers import META, make_batch

LINK = Match(id="b00001-0000", other="b00000-0000", kind="near_duplicate", similarity=0.75)


def fill(location: str) -> list:
    """Two batches and one link; returns the entries in insertion order."""
    entries = make_batch(0, 30) + make_batch(1, 20)
    index = open_index(location, META)
    index.add(entries[:30])
    index.add(entries[30:], [LINK])
    index.close()
    return entries


@pytest.fixture(params=["sqlite", "redis"], ids=["sqlite", "redis"])
def location(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        yield str(tmp_path / "crawl.sqlite")
        return
    url = unique_prefix_url(redis_url_or_skip())
    yield url
    open_index(url, META).drop()


def test_stats_prints_the_counts_as_json(location: str, capsys) -> None:
    fill(location)
    assert main(["index", "stats", location]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["documents"], stats["links"]) == (50, 1)
    assert stats["meta"] == META.to_dict()


def test_export_writes_meta_documents_and_links(location: str, tmp_path: Path) -> None:
    entries = fill(location)
    out = tmp_path / "export.jsonl"
    assert main(["index", "export", location, "-o", str(out), "--grams"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[0]["type"] == "meta" and records[0]["num_perm"] == META.num_perm
    docs = [r for r in records if r["type"] == "document"]
    assert [d["id"] for d in docs] == [e.id for e in entries]
    first = docs[0]
    assert np.array_equal(np.frombuffer(bytes.fromhex(first["signature"]), "<u4"), entries[0].signature)
    assert np.array_equal(np.frombuffer(bytes.fromhex(first["grams"]), "<u4"), entries[0].grams)
    assert (first["source"], first["words"], first["scheme"]) == ("worker.example", 404, META.scheme)
    assert [r for r in records if r["type"] == "link"] == [{"type": "link", **LINK.to_dict()}]


def test_vacuum_keeps_every_document(location: str, capsys) -> None:
    fill(location)
    assert main(["index", "vacuum", location]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["before"]["documents"] == report["after"]["documents"] == 50
    with open_index(location, META) as index:
        assert index.candidates([make_batch(1, 1)[0].keys[0]]) == {e.id: 1 for e in make_batch(1, 20)}


def test_vacuum_repacks_an_sqlite_file_and_empties_its_wal(tmp_path: Path, capsys) -> None:
    path = tmp_path / "grown.sqlite"
    with SQLiteIndex(path, META) as index:  # still open: its last batches sit in the WAL, not folded in
        for batch in range(10):
            index.add(make_batch(batch, 100))
        assert main(["index", "vacuum", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["after"]["bytes"] < report["before"]["bytes"]
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with SQLiteIndex(path, META) as index:
        assert index.integrity_check() == "ok" and len(index) == 1000


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.sqlite", "no index file"),
        (
            lambda p: (p / "notes.txt").write_text("not a database" * 100) and p / "notes.txt",
            "not a newsclean index",
        ),
    ],
    ids=["missing-file", "not-an-index"],
)
def test_a_bad_location_is_one_clear_error(tmp_path: Path, capsys, make, message: str) -> None:
    path = make(tmp_path)
    assert main(["index", "stats", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_dedup_with_an_index_matches_across_runs(tmp_path: Path, capsys) -> None:
    fixtures = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "articles").glob("*.txt"))
    articles = {p.stem: p.read_text(encoding="utf-8") for p in fixtures}
    first, *_ = articles
    index = str(tmp_path / "runs.sqlite")
    day1 = write_jsonl(tmp_path / "day1.jsonl", [{"id": k, "text": articles[k]} for k in list(articles)[:3]])
    day2 = write_jsonl(
        tmp_path / "day2.jsonl",
        [{"id": k, "text": articles[k]} for k in list(articles)[3:]]
        + [{"id": "reprint", "text": articles[first]}],
    )
    assert main(["dedup", day1, "--index", index, "--no-progress", "-o", str(tmp_path / "out1.jsonl")]) == 0
    assert main(["dedup", day2, "--index", index, "--no-progress", "-o", str(tmp_path / "out2.jsonl")]) == 0
    out2 = {r["id"]: r for r in map(json.loads, (tmp_path / "out2.jsonl").read_text().splitlines())}
    assert out2["reprint"]["duplicate_of"] == first  # stored by the first run
    capsys.readouterr()
    assert main(["index", "stats", index]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == len(articles) + 1
