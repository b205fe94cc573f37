"""``newsclean run``: one pass from scraped records to clean records with their clusters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup_seeds import EXPECTED_SEED_CLUSTERS, FIXTURES, seed_texts
from newsclean.cli import main


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_run_on_the_fixtures_cleans_and_clusters_like_clean_then_dedup(tmp_path: Path, capsys) -> None:
    assert main(["run", str(FIXTURES), "--no-progress"]) == 0
    out = _lines(capsys.readouterr().out)
    assert main(["clean", str(FIXTURES), "--no-progress", "-o", str(tmp_path / "clean.jsonl")]) == 0
    cleaned = _lines((tmp_path / "clean.jsonl").read_text(encoding="utf-8"))
    assert [(r["id"], r["text"], r["removed"]) for r in out] == [(r["id"], r["text"], r["removed"]) for r in cleaned]
    groups: dict[str, list[str]] = {}
    for r in out:
        groups.setdefault(r["cluster"], []).append(r["id"][:3])
    assert list(groups.values()) == EXPECTED_SEED_CLUSTERS
    assert [r["kind"] for r in out] == ["unique", "shared_passage", "unique", "shared_passage", "shared_passage"]


def test_run_with_an_index_and_drop_duplicates_across_two_runs(tmp_path: Path, capsys) -> None:
    seeds = list(seed_texts().values())
    index = str(tmp_path / "crawl.sqlite")
    monday = _jsonl(tmp_path / "mon.jsonl", [{"id": "a", "text": seeds[0], "url": "https://x.org/a"}])
    tuesday = _jsonl(tmp_path / "tue.jsonl", [{"id": "b", "text": seeds[0]}, {"id": "c", "text": seeds[1]}])
    assert main(["run", str(monday), "--index", index, "-o", str(tmp_path / "mon.out")]) == 0
    assert main(["run", str(tuesday), "--index", index, "--drop-duplicates", "-o", str(tmp_path / "tue.out")]) == 0
    kept = _lines((tmp_path / "tue.out").read_text(encoding="utf-8"))
    assert [(r["id"], r["cluster"], r["duplicate_of"], r["reuses"], r["kind"]) for r in kept] == [
        ("c", "a", None, ["a", "b"], "shared_passage")  # b, a copy of Monday's a, is left out (but indexed)
    ]


def test_run_reports_each_failing_record_with_file_and_line(tmp_path: Path, capsys) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Some text."}\n{not json\n{"text": "no id"}\n{"id": "b", "body": "x"}\n',
                      encoding="utf-8")
    assert main(["run", str(source), "--no-progress"]) == 1
    captured = capsys.readouterr()
    assert f"{source}:2: malformed JSON" in captured.err
    assert f"{source}:3: record has no 'id' field" in captured.err
    assert f"{source}:4: field 'text' is missing" in captured.err
    assert "3 record(s) failed" in captured.err
    assert [r.get("error") is None for r in _lines(captured.out)] == [True, False, False]


@pytest.mark.parametrize("option", ["-o", "--index"])
def test_a_missing_parent_folder_is_an_error_before_the_run(tmp_path: Path, option: str, capsys) -> None:
    target = tmp_path / "no" / "such" / "file"
    assert main(["run", str(FIXTURES), option, str(target)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
