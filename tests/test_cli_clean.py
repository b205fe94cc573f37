"""``newsclean clean``: through ``main([...])`` and through the installed entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures"
ENTRY_POINT = shutil.which("newsclean", path=str(Path(sys.executable).parent))

GOOD = {
    "id": "good",
    "text": "ADVERTISEMENT\n\nThe council voted on Tuesday.",
    "url": "https://example.com/a",
}
NO_TEXT = {"id": "no-text", "body": "text under another name"}
NUMBER_TEXT = {"id": "number", "text": 42}


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def mixed_input(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "in.jsonl",
        [json.dumps(GOOD), "{not json", json.dumps(NO_TEXT), "[1, 2]", json.dumps(NUMBER_TEXT), ""],
    )


def test_malformed_lines_reported_other_records_kept(mixed_input: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(mixed_input), "-o", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert f"{mixed_input}:2: malformed JSON" in err
    assert f"{mixed_input}:4: expected a JSON object" in err
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["good", "no-text", "number"]
    good, no_text, number = records
    assert good["text"] == "The council voted on Tuesday."
    assert good["url"] == GOOD["url"]
    assert good["removed"][0]["rule"] == "ads.marker"
    assert no_text["body"] == NO_TEXT["body"] and "missing" in no_text["error"]
    assert number["text"] == 42 and "int" in number["error"]


def test_clean_run_exits_zero_and_explains_to_stdout_with_output_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "clean.jsonl"
    assert main(["clean", str(FIXTURES / "articles"), "-o", str(out), "--explain", "--no-progress"]) == 0
    captured = capsys.readouterr()
    records = read_jsonl(out)
    assert len(records) == 5
    assert "== 004_06701ce4044f146e" in captured.out
    assert "  [ads.marker] 'ADVERTISEMENT'" in captured.out
    assert '"copyright"' in captured.out
    assert captured.err == ""


def test_stdout_output_explains_to_stderr(tmp_path: Path, capsys) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD)])
    assert main(["clean", str(src), "--explain", "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["text"] == "The council voted on Tuesday."
    assert "[ads.marker]" in captured.err


def test_text_field_disable_and_tier(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"id": 1, "body": GOOD["text"]})])
    out = tmp_path / "out.jsonl"
    assert (
        main(
            ["clean", str(src), "-o", str(out), "--text-field", "body", "--disable", "ads", "--tier", "safe"]
        )
        == 0
    )
    assert read_jsonl(out)[0]["body"] == GOOD["text"]


def test_unknown_rule_is_a_usage_error(tmp_path: Path, capsys) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD)])
    assert main(["clean", str(src), "--disable", "no.such_rule"]) == 2
    assert "no.such_rule" in capsys.readouterr().err


def test_failed_run_leaves_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    assert main(["clean", str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.skipif(
    ENTRY_POINT is None, reason="the newsclean entry point is not installed in this environment"
)
def test_entry_point_subprocess(mixed_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [str(ENTRY_POINT), "clean", str(mixed_input), "-o", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert f"{mixed_input}:2:" in proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["good", "no-text", "number"]


@pytest.mark.skipif(
    ENTRY_POINT is None, reason="the newsclean entry point is not installed in this environment"
)
def test_entry_point_reads_stdin(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(ENTRY_POINT), "clean", "-"],
        input=json.dumps(GOOD) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"] == "The council voted on Tuesday."
