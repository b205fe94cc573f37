"""HTML in from the CLI: ``.html``/``.htm`` files in a folder, and ``--html-field`` on JSONL."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsclean.cli import main

pytest.importorskip("trafilatura", reason="the html extra is not installed")

BODY = "".join(
    f"<p>Paragraph {i}: the river rose two metres overnight and hundreds of homes were evacuated, officials said.</p>"
    for i in range(6)
)
NAV = "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"


def page(headline: str) -> str:
    return (f"<html><head><meta charset='utf-8'><title>{headline} | Example</title></head><body>{NAV}"
            f"<article><h1>{headline}</h1>{BODY}</article><footer>Copyright 2025 Example</footer></body></html>")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_clean_reads_html_files_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(page("Floods hit the south"), encoding="utf-8")
    (folder / "b.htm.gz").write_bytes(gzip.compress(page("Rain returns").encode("utf-8")))
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(folder), "-o", str(out), "--no-progress"]) == 0
    records = read(out)
    assert [r["id"] for r in records] == ["a", "b"]
    assert all("html" not in r for r in records)  # HTML in, text out
    assert records[0]["metadata"]["title"] == "Floods hit the south"
    assert "Paragraph 5" in records[1]["text"] and "Copyright" not in records[1]["text"]
    assert "html.navigation" in {r["rule"] for r in records[0]["removed"]}


def test_html_field_on_jsonl_and_run(tmp_path: Path) -> None:
    source = tmp_path / "pages.jsonl"
    lines = [{"id": "1", "body": page("Floods hit the south")}, {"id": "2", "body": page("Floods hit the south")},
             {"id": "3", "text": "The council voted on Tuesday to close the old bridge for repairs next spring."}]
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["run", str(source), "--html-field", "body", "-o", str(out), "--no-progress"]) == 0
    records = read(out)
    assert [r["id"] for r in records] == ["1", "2", "3"]
    assert records[1]["duplicate_of"] == "1" and records[1]["kind"] == "exact"
    assert all("body" not in r for r in records)
    assert records[2]["kind"] == "unique"
