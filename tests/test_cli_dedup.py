"""``newsclean dedup`` end to end: inputs, both formats, --explain, bad lines, a persistent index."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dedup_seeds import FIXTURES, seed_texts
from newsclean.cli import main

GROUPS = [["000", "001"], ["002", "003", "004"]]


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def _seed_records() -> list[dict[str, str]]:
    return [{"id": k, "text": v} for k, v in seed_texts().items()]


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_records_format_from_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dedup", str(FIXTURES), "--no-clean", "--no-progress"]) == 0
    out = _lines(capsys.readouterr().out)
    assert [r["id"][:3] for r in out] == ["000", "001", "002", "003", "004"]
    assert [r["cluster"][:3] for r in out] == ["000", "000", "002", "002", "002"]
    # the seeds only share passages (001 quotes 000): reuse, not copies, so duplicate_of stays null
    assert [r["duplicate_of"] for r in out] == [None] * 5
    assert [[other[:3] for other in r["reuses"]] for r in out] == [[], ["000"], [], ["002"], ["002", "003"]]
    assert [r["kind"] for r in out] == ["unique", "shared_passage", "unique", "shared_passage", "shared_passage"]


def test_drop_duplicates_keeps_reuse_and_drops_copies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _seed_records()
    reprint = {"id": "reprint", "text": records[0]["text"]}
    edited = {"id": "edited", "text": records[2]["text"].replace("threat", "danger", 1) + " Updated at noon."}
    source = _jsonl(tmp_path / "in.jsonl", [*records, reprint, edited])
    assert main(["dedup", str(source), "--no-clean", "--explain"]) == 0
    everything = {r["id"]: r for r in _lines(capsys.readouterr().out)}
    assert (everything["reprint"]["duplicate_of"], everything["reprint"]["kind"]) == ("000", "exact")
    assert (everything["edited"]["duplicate_of"], everything["edited"]["kind"]) == ("002", "near_duplicate")
    assert main(["dedup", str(source), "--no-clean", "--drop-duplicates"]) == 0
    kept = _lines(capsys.readouterr().out)
    assert [r["id"] for r in kept] == ["000", "001", "002", "003", "004"]  # the two copies are left out, reuse kept
    assert all(r["duplicate_of"] is None for r in kept)
    assert main(["dedup", str(source), "--no-clean", "--drop-duplicates", "--format", "clusters"]) == 2
    assert "--drop-duplicates needs --format records" in capsys.readouterr().err


def test_clusters_format_with_explain_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _jsonl(tmp_path / "in.jsonl", _seed_records())
    target = tmp_path / "out" / "clusters.jsonl"
    target.parent.mkdir()
    assert main(["dedup", str(source), "-o", str(target), "--format", "clusters", "--explain", "--no-clean"]) == 0
    clusters = _lines(target.read_text(encoding="utf-8"))
    assert [c["members"] for c in clusters] == GROUPS
    pair = clusters[1]["pairs"][0]
    assert pair["kind"] == "shared_passage" and pair["similarity"] > 0.2
    assert "We are all aware of the threat" in pair["passages"][0]["text"]
    readable = capsys.readouterr().out  # -o given: the account goes to stdout
    assert "== cluster 002 (3 documents): 002, 003, 004" in readable
    assert "003 -> 002: shared_passage" in readable


def test_stdin_records_without_id_and_bad_lines(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = list(seed_texts().values())
    lines = [
        json.dumps({"id": "1", "text": seeds[0]}),
        "{not json",
        json.dumps({"id": "3", "text": seeds[1], "url": "https://www.example.org/x"}),
        json.dumps({"id": "n", "text": 42}),
        json.dumps({"id": "d", "text": "short"}),
        json.dumps({"id": "d", "text": "again"}),
        "[1, 2]",
        json.dumps({"text": seeds[0] + " once more"}),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["dedup", "--no-clean", "--explain"]) == 1
    captured = capsys.readouterr()
    out = _lines(captured.out)
    assert [(r["id"], r["cluster"], r["duplicate_of"], r["reuses"]) for r in out] == [
        ("1", "1", None, []), ("3", "1", None, ["1"]), ("d", "d", None, [])]
    assert out[1]["matches"][0]["kind"] == out[1]["kind"] == "shared_passage"
    err = captured.err
    assert "<stdin>:2: malformed JSON" in err and "<stdin>:4: text of document 'n' must be str" in err
    assert "<stdin>:6: duplicate id 'd'" in err and "<stdin>:7: expected a JSON object" in err
    assert "<stdin>:8: record has no 'id' field" in err  # never its line number as an id
    assert "5 record(s) left out" in err and "== cluster 1 (2 documents): 1, 3" in err


def test_id_and_text_fields_and_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = [{"key": r["id"], "body": r["text"]} for r in _seed_records()]
    source = _jsonl(tmp_path / "in.jsonl", records)
    args = ["dedup", str(source), "--id-field", "key", "--text-field", "body", "--threshold", "0.8", "--no-clean"]
    assert main([*args, "--format", "clusters"]) == 0
    assert [c["members"] for c in _lines(capsys.readouterr().out)] == GROUPS


def test_persistent_index_across_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _seed_records()
    index = str(tmp_path / "index.sqlite")
    first, second = _jsonl(tmp_path / "a.jsonl", records[:3]), _jsonl(tmp_path / "b.jsonl", records[3:])
    assert main(["dedup", str(first), "--index", index, "--no-clean"]) == 0
    capsys.readouterr()
    assert main(["dedup", str(second), "--index", index, "--no-clean"]) == 0
    out = _lines(capsys.readouterr().out)
    assert [(r["id"], r["cluster"]) for r in out] == [("003", "002"), ("004", "002")]
    assert main(["dedup", str(second), "--index", index, "--no-clean", "--format", "clusters"]) == 1
    captured = capsys.readouterr()
    assert "duplicate id '003'" in captured.err
    assert [c["members"] for c in _lines(captured.out)] == GROUPS


def test_fatal_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dedup", str(tmp_path / "missing.jsonl"), "--no-clean"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["dedup", str(FIXTURES), "--threshold", "1.5", "--no-clean"]) == 2
    assert "threshold" in capsys.readouterr().err
