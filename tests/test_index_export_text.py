"""``newsclean index export`` and docs/dedup.md agree on passage text: the index keeps offsets, no text."""

from __future__ import annotations

import json
from pathlib import Path

from dedup_seeds import FIXTURES
from newsclean.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_export_gives_passage_offsets_without_text_as_the_docs_say(tmp_path: Path, capsys) -> None:
    index = str(tmp_path / "crawl.sqlite")
    assert main(["run", str(FIXTURES), "--index", index, "-o", str(tmp_path / "out.jsonl")]) == 0
    assert main(["index", "export", index]) == 0
    links = [r for r in map(json.loads, capsys.readouterr().out.splitlines()) if r["type"] == "link"]
    passages = [p for link in links for p in link["passages"]]
    assert passages and all(p["text"] is None and p["end"] > p["start"] >= 0 for p in passages)
    dedup_md = " ".join((DOCS / "dedup.md").read_text(encoding="utf-8").split())
    assert "No text is stored, not even of shared passages" in dedup_md
    assert "keep the shared passages' text" not in dedup_md
