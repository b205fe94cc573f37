"""Accuracy on real pages: a cleaner configuration scored on WCXB's 711 dev article pages.

    python benchmarks/eval_pages.py                         # both text fields, both splits
    python benchmarks/eval_pages.py --field whole_text --worst 20
    python benchmarks/eval_pages.py --set locate_body=false  # a CleanConfig field changed
    python benchmarks/eval_pages.py --raw                    # the input texts unchanged, for reference

The file (``../shared/data/wcxb-dev/articles.jsonl.gz``, or ``--data`` / ``NEWSCLEAN_WCXB``; its
README describes it) holds each page's whole visible text (``whole_text``), trafilatura's output
(``trafilatura_text``) and the human-reviewed main content. Records go through
``Cleaner(...).clean_many`` with their URL, as a pipeline would hand them over.

The benchmark's metric, per page, then averaged: tokens are ``re.findall(r"\\w+", text.lower())``;
precision and recall from the multiset overlap of predicted and reference tokens, F1 their
harmonic mean (an empty reference scores 1 when the prediction is empty too). Snippet rates: the
share of a page's ``with`` snippets (higher is better) and ``without`` snippets (lower is better)
found case-insensitively in the result, averaged over the pages that have such snippets. Title:
``metadata["title"]`` equal to the reference title (whitespace collapsed), over pages with one.

Pages are split by domain into a **tune** half (rules and weights were looked at on these) and a
**check** half (looked at only through these figures): newsclean is judged on other sites' pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xxhash

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "wcxb-dev" / "articles.jsonl.gz"
FIELDS = ("whole_text", "trafilatura_text")
MAX_LOSS = 0.02
"""A page loses too much when its result lacks more than this share of the reference words that
trafilatura alone (``trafilatura_text``) kept; ``loss_pages`` counts such pages."""
HTML = "html"
"""``--html``: the page's HTML through newsclean's HTML mode (``Cleaner.clean_many`` records with ``"html"``)."""
SPLITS = ("tune", "check")
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def data_path(given: str | None = None) -> Path:
    return Path(given or os.environ.get("NEWSCLEAN_WCXB") or DEFAULT_DATA)


def pages_or_none(given: str | None, program: str) -> list[dict] | None:
    """The pages of ``--data`` (or the default file), or ``None`` after saying on stderr where it looked."""
    path = data_path(given)
    if not path.is_file():
        print(f"{program}: no pages file at {path} (give --data or NEWSCLEAN_WCXB)", file=sys.stderr)
        return None
    return load_pages(path)


def load_pages(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def split_of(domain: str) -> str:
    """``"tune"`` or ``"check"``, fixed by the domain: one site's pages never sit on both sides."""
    return SPLITS[xxhash.xxh32_intdigest(domain.lower().removeprefix("www.").encode("utf-8")) % 2]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def prf(predicted: str, reference: str) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` of the multiset token overlap."""
    guess, truth = Counter(tokens(predicted)), Counter(tokens(reference))
    if not truth:
        return (1.0, 1.0, 1.0) if not guess else (0.0, 0.0, 0.0)
    if not guess:
        return 0.0, 0.0, 0.0
    overlap = sum((guess & truth).values())
    precision, recall = overlap / sum(guess.values()), overlap / sum(truth.values())
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def _found(snippets: Sequence[str], text: str) -> list[bool]:
    lowered = _SPACE.sub(" ", text.lower())
    return [_SPACE.sub(" ", s.lower()) in lowered for s in snippets]


def same_title(found: object, reference: str | None) -> bool:
    return isinstance(found, str) and reference is not None and _SPACE.sub(" ", found).strip() == _SPACE.sub(" ", reference).strip()


@dataclass(frozen=True, slots=True)
class PageScore:
    id: str
    url: str
    split: str
    precision: float
    recall: float
    f1: float
    with_found: list[bool]
    without_found: list[bool]
    title_right: bool | None  # None: the page has no reference title
    loss: float  # share of the reference words trafilatura alone kept that this result lost
    with_snippets: list[str]
    without_snippets: list[str]


def score_page(page: dict, text: str, title: object) -> PageScore:
    precision, recall, f1 = prf(text, page["main_content"])
    return PageScore(
        id=page["id"],
        url=page["url"],
        split=split_of(page["domain"]),
        precision=precision,
        recall=recall,
        f1=f1,
        with_found=_found(page["with"], text),
        without_found=_found(page["without"], text),
        title_right=None if not page.get("title") else same_title(title, page["title"]),
        loss=extractor_loss(page, text),
        with_snippets=list(page["with"]),
        without_snippets=list(page["without"]),
    )


def extractor_loss(page: dict, text: str) -> float:
    """The share of the reference words trafilatura alone kept (``trafilatura_text``) that ``text`` lost."""
    truth = Counter(tokens(page["main_content"]))
    kept = Counter(tokens(page["trafilatura_text"] or "")) & truth
    if not kept:
        return 0.0
    return sum((kept - Counter(tokens(text))).values()) / sum(kept.values())


def summary(scores: Iterable[PageScore]) -> dict[str, float]:
    scores = list(scores)
    n = len(scores) or 1
    withs = [sum(s.with_found) / len(s.with_found) for s in scores if s.with_found]
    withouts = [sum(s.without_found) / len(s.without_found) for s in scores if s.without_found]
    titled = [s.title_right for s in scores if s.title_right is not None]
    return {
        "pages": len(scores),
        "f1": sum(s.f1 for s in scores) / n,
        "precision": sum(s.precision for s in scores) / n,
        "recall": sum(s.recall for s in scores) / n,
        "with": sum(withs) / (len(withs) or 1),
        "without": sum(withouts) / (len(withouts) or 1),
        "title": sum(titled) / (len(titled) or 1),
        "loss_pages": sum(1 for s in scores if s.loss > MAX_LOSS),
        "max_loss": max((s.loss for s in scores), default=0.0),
    }


def clean_pages(pages: list[dict], field: str, config: dict[str, object], workers: int = 1) -> list[tuple[str, object]]:
    """``(text, title)`` per page from ``Cleaner(**config).clean_many``."""
    import newsclean

    records = [{"id": p["id"], field if field == HTML else "text": p[field] or "", "url": p["url"]} for p in pages]
    out = list(newsclean.Cleaner(**config).clean_many(records, workers=workers))
    return [(r["text"], (r.get("metadata") or {}).get("title")) for r in out]


def evaluate(
    pages: list[dict], field: str, config: dict[str, object], *, raw: bool = False, workers: int = 1
) -> list[PageScore]:
    results = [(p[field] or "", None) for p in pages] if raw else clean_pages(pages, field, config, workers)
    return [score_page(page, text, title) for page, (text, title) in zip(pages, results, strict=True)]


def _parse_settings(items: Sequence[str]) -> dict[str, object]:
    settings: dict[str, object] = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            settings[name] = json.loads(value)
        except json.JSONDecodeError:
            settings[name] = value
    return settings


def _line(label: str, figures: dict[str, float]) -> str:
    return (
        f"{label:<28}{figures['pages']:>6}  F1 {figures['f1']:.3f}  P {figures['precision']:.3f}  R {figures['recall']:.3f}"
        f"  with {figures['with']:.3f}  without {figures['without']:.3f}  title {figures['title']:.3f}"
        f"  lossy {figures['loss_pages']} (max {figures['max_loss']:.2f})"
    )


def _worst(scores: list[PageScore], count: int) -> None:
    for s in sorted(scores, key=lambda s: s.f1)[:count]:
        lost = [w for w, ok in zip(s.with_snippets, s.with_found, strict=True) if not ok][:2]
        left = [w for w, ok in zip(s.without_snippets, s.without_found, strict=True) if ok][:2]
        print(f"  {s.id} F1 {s.f1:.3f} P {s.precision:.3f} R {s.recall:.3f} {s.url[:90]}")
        for snippet in lost:
            print(f"      lost: {snippet[:100]!r}")
        for snippet in left:
            print(f"      left: {snippet[:100]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=None, help=f"the pages file (default {DEFAULT_DATA})")
    parser.add_argument("--field", choices=(*FIELDS, "both"), default="both")
    parser.add_argument("--set", nargs="*", default=[], metavar="FIELD=VALUE", help="CleanConfig fields (JSON values)")
    parser.add_argument("--raw", action="store_true", help="score the input texts unchanged")
    parser.add_argument("--html", action="store_true", help="the pages' HTML through newsclean's HTML mode (the html extra)")
    parser.add_argument("--worst", type=int, default=0, help="print this many worst pages per field")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--workers", type=int, default=1, help="processes for clean_many (same figures, sooner)")
    args = parser.parse_args(argv)
    pages = pages_or_none(args.data, "eval_pages")
    if pages is None:
        return 2
    config = _parse_settings(args.set)
    print(f"# python benchmarks/eval_pages.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    report: dict[str, dict[str, dict[str, float]]] = {}
    fields = (HTML,) if args.html else FIELDS if args.field == "both" else (args.field,)
    for field in fields:
        started = time.perf_counter()
        scores = evaluate(pages, field, config, raw=args.raw and field != HTML, workers=args.workers)
        seconds = time.perf_counter() - started
        report[field] = {"all": summary(scores), **{s: summary(x for x in scores if x.split == s) for s in SPLITS}}
        if not args.json:
            for part in ("all", *SPLITS):
                print(_line(f"{field} [{part}]", report[field][part]))
            print(f"  ({seconds:.1f} s)")
            _worst(scores, args.worst)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
