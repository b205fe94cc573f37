"""What every record command reads and writes: encodings, file kinds, folders, output files (through ``main``)."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest

from newsclean.cli import main

RECORD = {"id": "a", "text": "The council voted on Tuesday."}


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["clean", "run", "dedup"])
def test_output_files_honour_the_umask_and_keep_an_existing_mode(command: str, source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    old = os.umask(0o022)
    try:
        assert main([command, str(source), "-o", str(out), "--no-progress"]) == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)
        assert main([command, str(source), "-o", str(out), "--no-progress"]) == 0
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


@pytest.mark.parametrize("command", ["clean", "run", "dedup"])
def test_a_bad_output_path_fails_at_once_with_one_line(command: str, source: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    # stdin would block if it were read: the check must come before any input
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    for target, words in [(tmp_path, "is a folder"), (source / "x.jsonl", "is not a folder"),
                          (tmp_path / "missing" / "x.jsonl", "does not exist")]:
        assert main([command, str(source), "-o", str(target), "--no-progress"]) == 2
        err = capsys.readouterr().err
        assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "missing").exists()


def test_a_missing_index_folder_is_an_error_for_dedup(source: Path, tmp_path: Path, capsys) -> None:
    assert main(["dedup", str(source), "--index", str(tmp_path / "nope" / "i.sqlite")]) == 2
    assert "does not exist" in capsys.readouterr().err and not (tmp_path / "nope").exists()


def test_bytes_that_are_not_utf8_are_reported_per_record(tmp_path: Path, capsys) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(json.dumps(RECORD).encode() + b'\n{"id": "b", "text": "caf\xe9 au lait"}\n'
                     + json.dumps({**RECORD, "id": "c"}).encode() + b"\n")
    assert main(["clean", str(path), "--no-progress"]) == 1
    captured = capsys.readouterr()
    assert f"{path}:2: not UTF-8 (byte 0xe9 at column 25)" in captured.err
    assert [r["id"] for r in _lines(captured.out)] == ["a", "c"]
    assert "\ufffd" not in captured.out


def test_a_text_file_that_is_not_utf8_names_its_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "story.txt").write_bytes(b"First line.\nSecond caf\xe9.\n")
    assert main(["clean", str(tmp_path / "story.txt"), "--no-progress"]) == 1
    assert f"{tmp_path / 'story.txt'}:2: not UTF-8 (byte 0xe9 at column 11)" in capsys.readouterr().err


def test_a_byte_order_mark_is_accepted(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(RECORD).encode() + b"\n")
    assert main(["clean", str(path), "--no-progress"]) == 0
    assert _lines(capsys.readouterr().out)[0]["text"] == RECORD["text"]


def test_a_single_text_file_and_gzip_files_are_read(tmp_path: Path, capsys) -> None:
    (tmp_path / "story.txt").write_text("ADVERTISEMENT\n\nThe council voted on Tuesday.", encoding="utf-8")
    with gzip.open(tmp_path / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(RECORD) + "\n")
    with gzip.open(tmp_path / "other.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write("The mayor spoke on Wednesday.")
    for name, expected in [("story.txt", ("story", "The council voted on Tuesday.")),
                           ("more.jsonl.gz", ("a", RECORD["text"])),
                           ("other.txt.gz", ("other", "The mayor spoke on Wednesday."))]:
        assert main(["clean", str(tmp_path / name), "--no-progress"]) == 0
        (record,) = _lines(capsys.readouterr().out)
        assert (record["id"], record["text"]) == expected


def test_a_binary_file_is_one_clear_error(tmp_path: Path, capsys) -> None:
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["clean", str(path)]) == 2
    err = capsys.readouterr().err
    assert "is a binary file" in err and len(err.strip().splitlines()) == 1


def test_subfolders_are_read_with_recursive_and_named_without(tmp_path: Path, capsys) -> None:
    (tmp_path / "top.txt").write_text("The council voted on Tuesday.", encoding="utf-8")
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "deep.txt").write_text("The mayor spoke on Wednesday.", encoding="utf-8")
    assert main(["clean", str(tmp_path), "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert [r["id"] for r in _lines(captured.out)] == ["top"]
    assert "1 subfolder(s) not read" in captured.err and "--recursive" in captured.err
    assert main(["clean", str(tmp_path), "--recursive", "--no-progress"]) == 0
    assert [r["id"] for r in _lines(capsys.readouterr().out)] == ["deep", "top"]


def test_failing_records_are_reported_by_clean_and_a_missing_text_field_said_once(source: Path, capsys) -> None:
    source.write_text("".join(json.dumps({"id": i, "text": "x"}) + "\n" for i in range(3)), encoding="utf-8")
    assert main(["clean", str(source), "--text-field", "body", "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert err.count("has no 'body' field (its text fields: text)") == 1
    assert [f"{source}:{n}: field 'body' is missing" in err for n in (1, 2, 3)] == [True] * 3


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_knows_its_total_and_says_when_it_reads_stdin(source: Path, monkeypatch) -> None:
    from newsclean.cli.output import progress
    from newsclean.io import count_records

    source.write_text(json.dumps(RECORD) + "\n\n" + json.dumps(RECORD) + "\n", encoding="utf-8")
    assert count_records(str(source)) == 2 and count_records(None) is None
    monkeypatch.setattr(sys, "stderr", _Terminal())
    bar = progress([], False, "clean", count_records(str(source)))
    assert bar.total == 2  # type: ignore[attr-defined]
    waiting = progress([], False, "clean", None, stdin=True)
    assert "reading standard input" in waiting.desc  # type: ignore[attr-defined]
