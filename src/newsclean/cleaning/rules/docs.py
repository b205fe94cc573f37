"""Print a Markdown reference of every registered rule: ``python -m newsclean.cleaning.rules.docs > docs/rules.md``.

The reference is generated so it cannot drift from the registry: each rule's name, family, tier,
scope and description, the examples it removes and the look-alikes it keeps. When the labelled
eval set (``tests/eval/`` in a source checkout) is present, the header carries its figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from newsclean.cleaning.rules import REGISTRY, TIERS, Hints, Rule, select
from newsclean.cleaning.rules._evaluation import evaluate, load_eval

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[4] / "tests" / "eval"
HOLDOUT_NOTE = (
    "Honest figures: each hold-out file was written before it was run through the rules, and its "
    "first run on the balanced tier is recorded here. `holdout.jsonl` (59 noise, 51 article lines, "
    "12 languages): precision 1.000, recall 0.898 (53/59). `holdout2.jsonl` (60 noise, 50 article "
    "lines, 16 languages): precision 1.000, recall 0.850 (51/60). `documents_holdout.jsonl` (five "
    "whole pages, 42 noise and 22 article lines, after correcting my own labels of headlines, "
    "which the rules remove by design): precision 1.000, recall 0.786 (33/42); the misses were a "
    "headline below a menu in a one-line-per-paragraph scrape and a footer menu above a short "
    "copyright sentence that counted as body. No article line was removed in any of them. The misses (e.g. 'Contenido patrocinado', 'Credit...Name/Outlet', 'Staff writer X "
    "contributed to this report.', 'Watch the full interview', 'Par X, envoyée spéciale') were then "
    "fixed by generalizing the rules, so the table above, which includes the hold-out lines, is "
    "optimistic: expect recall nearer 0.85-0.9 on unseen pages."
)
_TIER_NOTE = {
    "safe": "always on",
    "balanced": "the default",
    "aggressive": "opt-in: may remove lists that belong to the article",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> str:
    """One example as inline code, with newlines shown as ⏎ so documents stay on one line."""
    shown = text.replace("\n", "⏎")
    if len(shown) > 160:
        shown = shown[:157] + "..."
    return "`" + shown.replace("`", "'") + "`"


def _example(rule: Rule, example: str) -> str:
    """A line example as is; a document example with the lines the rule takes out of it."""
    if rule.scope != "document":
        return _quote(example)
    removed = " · ".join(_quote(example[h.start : h.end]) for h in rule.find(example, Hints()))
    return f"{removed} from {_quote(example)}"


def _eval_section(eval_dir: Path | None) -> list[str]:
    if eval_dir is None or not (eval_dir / "lines.jsonl").exists():
        return ["Eval figures: not available (run from a source checkout with `tests/eval/`).", ""]
    docs = load_eval(eval_dir)
    lines = [
        "## Quality on the labelled set",
        "",
        "Command: `pytest -s tests/eval` (figures recomputed when this file is generated). A noise "
        "line counts as removed when the hits cover 90% of it; an article line counts as wrongly "
        "removed if any hit touches it.",
        "",
        "| tier | noise lines | article lines | precision | recall | article lines kept |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for tier in TIERS:
        f = evaluate(docs, select(tier))
        lines.append(
            f"| {tier} | {f.noise_lines} | {f.keep_lines} | {f.precision:.3f} | {f.recall:.3f} | {f.keep_rate:.3f} |"
        )
    return [*lines, "", HOLDOUT_NOTE, ""]


def first_sentence(text: str) -> str:
    """Up to the first '. ' outside brackets: quoted examples inside a description contain periods."""
    depth = 0
    for index, char in enumerate(text):
        depth += char in "(["
        depth -= char in ")]"
        if char == "." and depth <= 0 and text[index + 1 : index + 2] in (" ", ""):
            return text[:index]
    return text


def _pages_section(eval_dir: Path | None) -> list[str]:
    """The real-page figures pinned by the gate (``tests/eval/pages_floors.json``), and the body locator."""
    floors = None if eval_dir is None else eval_dir / "pages_floors.json"
    lines = [
        "## The body locator (`body.outside`)",
        "",
        "Not a rule but a stage before them (`newsclean.cleaning.body`): on a whole page's text (navigation-shaped "
        "lines above the article), the best-scoring run of lines by shape (length in word units, sentence "
        "punctuation, separators, menu-like lines) is the article; every line outside it is removed as "
        "`body.outside` and the heading above it becomes `metadata[\"title\"]`. Text that is already an "
        "article (an extractor's output) is left to the rules. Switch: `Cleaner(locate_body=False)` or "
        "`disable=[\"body\"]`. Where a removal overlaps a rule's, it takes the rule's name.",
        "",
    ]
    if floors is None or not floors.is_file():
        return lines
    pinned = json.loads(floors.read_text(encoding="utf-8"))
    lines += [
        "## Quality on real pages",
        "",
        "WCXB's 711 dev article pages (`python benchmarks/eval_pages.py`; the floors `tests/eval/test_pages.py` "
        "holds), split by domain into the half the rules were tuned on and the half they were only checked on. "
        "F1, precision and recall of the benchmark's token metric; `with`/`without`: snippets of the article "
        "kept / of the page chrome left (lower is better); title: `metadata[\"title\"]` exact.",
        "",
        "| input | split | F1 | precision | recall | with | without | title |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for field in ("whole_text", "trafilatura_text"):
        for split in ("tune", "check"):
            f = pinned[field][split]
            lines.append(
                f"| {field} | {split} | {f['f1']:.3f} | {f['precision']:.3f} | {f['recall']:.3f} | "
                f"{f['with']:.3f} | {f['without']:.3f} | {f['title']:.3f} |"
            )
    return [*lines, ""]


def _summary_table(rules: Sequence[Rule]) -> list[str]:
    lines = ["| rule | tier | scope | what it removes |", "| --- | --- | --- | --- |"]
    for rule in rules:
        first = first_sentence(rule.description)
        lines.append(f"| [`{rule.name}`](#{rule.name.replace('.', '')}) | {rule.tier} | {rule.scope} | {_cell(first)} |")
    return [*lines, ""]


def _rule_section(rule: Rule) -> list[str]:
    limits = ""
    if rule.scope == "line":
        limits = f" · lines of at most {rule.max_chars} characters"
        limits += f" and {rule.max_words} word{'s' * (rule.max_words > 1)}" if rule.max_words else ""
    lines = [
        f"### {rule.name}",
        "",
        f"family `{rule.family}` · tier `{rule.tier}` · scope `{rule.scope}`{limits}",
        "",
        rule.description,
        "",
    ]
    if rule.examples:
        lines += ["Removes:", "", *(f"- {_example(rule, e)}" for e in rule.examples), ""]
    if rule.keep:
        lines += ["Keeps:", "", *(f"- {_quote(k)}" for k in rule.keep), ""]
    return lines


def _by_family(rules: Iterable[Rule]) -> Mapping[str, list[Rule]]:
    families: dict[str, list[Rule]] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    return families


def render(rules: Sequence[Rule], eval_dir: Path | None = DEFAULT_EVAL_DIR) -> str:
    """The whole reference as Markdown."""
    tiers = ", ".join(f"`{t}` ({_TIER_NOTE[t]})" for t in TIERS)
    out = [
        "# Noise rules",
        "",
        "<!-- generated by `python -m newsclean.cleaning.rules.docs > docs/rules.md`; do not edit by hand -->",
        "",
        f"{len(rules)} rules in {len(_by_family(rules))} families. Every removal names its rule. "
        f"Tiers: {tiers}; a tier runs its rules and those of the tiers before it. "
        "Scopes: `line` rules match a whole line, `span` rules part of a line, `document` rules "
        "look at the whole article. Disable a rule or a family with `Cleaner(disable=[...])`.",
        "",
        *_eval_section(eval_dir),
        *_pages_section(eval_dir),
        "## Summary",
        "",
        *_summary_table(rules),
    ]
    for family, members in _by_family(rules).items():
        out += [f"## {family}", ""]
        for rule in members:
            out += _rule_section(rule)
    return "\n".join(out).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsclean.cleaning.rules.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="labelled eval set directory")
    parser.add_argument("--no-eval", action="store_true", help="leave the eval figures out")
    args = parser.parse_args(argv)
    sys.stdout.write(render(list(REGISTRY.values()), None if args.no_eval else args.eval_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
