"""``newsclean rules``, ``--disable`` suggestions, and ``--explain``'s caps and ``--summary``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean import REGISTRY
from newsclean.cli import main
from newsclean.cli.output import MAX_QUOTED

PARAGRAPH = "The council voted on Tuesday to close the old bridge for repairs next spring, officials said."


def test_rules_lists_every_rule_with_its_family_and_description(capsys) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in REGISTRY.values():
        assert f"  {rule.name}  [{rule.tier}]" in out
    assert main(["rules", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["name"], r["family"], r["description"]) for r in listed] == [
        (r.name, r.family, r.description) for r in REGISTRY.values()
    ]


def test_rules_of_one_family(capsys) -> None:
    assert main(["rules", "ads", "--json"]) == 0
    assert {json.loads(line)["family"] for line in capsys.readouterr().out.splitlines()} == {"ads"}


@pytest.mark.parametrize("command", ["clean", "run"])
def test_a_misspelt_disable_name_gets_the_nearest_names(command: str, tmp_path: Path, capsys) -> None:
    assert main([command, str(tmp_path), "--disable", "timestamp", "ad.marker", "captions"]) == 2
    err = capsys.readouterr().err
    assert "'timestamp' (did you mean timestamps" in err and "'ad.marker' (did you mean ads.marker?)" in err
    assert "captions" not in err.replace("'captions'", "")  # a real family is not reported
    assert "newsclean rules" in err and len(err.strip().splitlines()) == 1


def test_explain_caps_the_quotes_per_document_and_summary_counts_rules(tmp_path: Path, capsys) -> None:
    text = "\n\n".join(f"{PARAGRAPH} Part {i}.\n\nADVERTISEMENT" for i in range(MAX_QUOTED + 4))
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "long", "text": text}) + "\n", encoding="utf-8")
    assert main(["clean", str(source), "--explain", "--summary", "-o", str(tmp_path / "out.jsonl")]) == 0
    out = capsys.readouterr().out
    assert out.count("[ads.marker]") == MAX_QUOTED and "… 4 more removal(s)" in out
    assert "== summary: 1 records, 0 failed" in out and f"{MAX_QUOTED + 4:6d}  ads.marker" in out


def test_run_summary_counts_records_by_kind(tmp_path: Path, capsys) -> None:
    story = " ".join([PARAGRAPH] * 6)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": story}) + "\n" for i in range(3)), encoding="utf-8")
    assert main(["run", str(source), "--summary", "-o", str(tmp_path / "out.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "     1  unique" in out and "     2  exact" in out
    assert main(["dedup", str(source), "--summary", "-o", str(tmp_path / "out.jsonl")]) == 0
    assert "     2  exact" in capsys.readouterr().out
