"""Score the rules against a labelled set: which noise lines they remove, which real lines they keep.

The labelled set lives in ``tests/eval/``: ``lines.jsonl`` and ``holdout*.jsonl`` (one line per
record, scored as a one-line document; the hold-out lines were written before being run through
the rules) and ``documents*.jsonl`` (whole small articles, for the rules that need
context: headline, captions, chrome). Both the eval test and ``docs/rules.md`` use these figures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsclean.cleaning.rules import Hints, Rule

LINE_FILES = ("lines.jsonl", "holdout.jsonl", "holdout2.jsonl")
DOCUMENT_FILES = ("documents.jsonl", "documents_holdout.jsonl")
MIN_COVERED_SHARE = 0.9
"""A noise line counts as removed when the hits cover this share of its non-space characters."""


@dataclass(frozen=True, slots=True)
class EvalLine:
    """One labelled line: ``noise`` lines should go, the others must stay."""

    text: str
    noise: bool
    family: str | None = None
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class EvalDoc:
    """Labelled lines joined by ``separator`` into one document, with an optional title hint."""

    lines: tuple[EvalLine, ...]
    separator: str = "\n\n"
    title: str | None = None
    id: str = ""


@dataclass(frozen=True, slots=True)
class EvalFigures:
    """Counts over all labelled lines, and the lines that were scored wrong."""

    noise_lines: int
    keep_lines: int
    found: int
    wrongly_removed: int
    misses: tuple[str, ...] = field(default=())
    false_removals: tuple[str, ...] = field(default=())
    languages: tuple[str, ...] = field(default=())

    @property
    def precision(self) -> float:
        """Of the lines the rules removed, the share that were noise."""
        removed = self.found + self.wrongly_removed
        return self.found / removed if removed else 1.0

    @property
    def recall(self) -> float:
        """Of the noise lines, the share the rules removed."""
        return self.found / self.noise_lines if self.noise_lines else 1.0

    @property
    def keep_rate(self) -> float:
        """Of the real lines, the share left untouched."""
        return 1.0 - self.wrongly_removed / self.keep_lines if self.keep_lines else 1.0

    def summary(self) -> str:
        return (
            f"{self.noise_lines} noise lines, {self.keep_lines} article lines "
            f"({len(self.languages)} languages): precision {self.precision:.3f}, "
            f"recall {self.recall:.3f}, article lines kept {self.keep_rate:.3f}"
        )


def _line_from(record: dict[str, object]) -> EvalLine:
    label = record.get("label")
    if label not in ("noise", "keep") or not isinstance(record.get("text"), str):
        raise ValueError(f"eval record needs 'text' and label 'noise' or 'keep': {record!r}")
    return EvalLine(str(record["text"]), label == "noise", record.get("family"), str(record.get("lang", "en")))  # type: ignore[arg-type]


def load_eval(directory: Path) -> list[EvalDoc]:
    """Read the line files and the document files from ``directory``."""
    docs: list[EvalDoc] = []
    for name in LINE_FILES:
        for number, raw in enumerate((directory / name).read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                docs.append(EvalDoc((_line_from(json.loads(raw)),), id=f"{name}:{number}"))
    for name in DOCUMENT_FILES:
        for raw in (directory / name).read_text(encoding="utf-8").splitlines():
            if raw.strip():
                record = json.loads(raw)
                lines = tuple(_line_from(item) for item in record["lines"])
                docs.append(EvalDoc(lines, record.get("separator", "\n\n"), record.get("title"), record.get("id", "")))
    return docs


def _covered(rules: Sequence[Rule], text: str, hints: Hints) -> bytearray:
    mask = bytearray(len(text))
    for rule in rules:
        for hit in rule.find(text, hints):
            mask[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    return mask


def _is_removed(mask: bytearray, text: str, start: int) -> tuple[bool, bool]:
    """(mostly covered, touched at all) for the line ``text`` starting at ``start``."""
    chars = [i for i, c in enumerate(text) if not c.isspace()]
    covered = sum(mask[start + i] for i in chars)
    return covered >= MIN_COVERED_SHARE * max(len(chars), 1), covered > 0


def evaluate(docs: Iterable[EvalDoc], rules: Sequence[Rule]) -> EvalFigures:
    """Run ``rules`` over every labelled document and count removals line by line."""
    noise = keep = found = wrong = 0
    misses: list[str] = []
    false_removals: list[str] = []
    languages: set[str] = set()
    for doc in docs:
        text = doc.separator.join(line.text for line in doc.lines)
        mask = _covered(rules, text, Hints(title=doc.title))
        offset = 0
        for line in doc.lines:
            removed, touched = _is_removed(mask, line.text, offset)
            offset += len(line.text) + len(doc.separator)
            languages.add(line.lang)
            if line.noise:
                noise += 1
                found += removed
                if not removed:
                    misses.append(line.text)
            else:
                keep += 1
                wrong += touched
                if touched:
                    false_removals.append(line.text)
    return EvalFigures(noise, keep, found, wrong, tuple(misses), tuple(false_removals), tuple(sorted(languages)))
