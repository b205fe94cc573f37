"""Speed of two versions of newsclean side by side in one process (A/B): the new package against an old copy.

    python benchmarks/ab_speed.py --old /tmp/ab --docs 3000 --rounds 3

``--old DIR`` holds a copy of an earlier revision renamed to ``newsclean_old`` (make it as the
docstring of ``benchmarks/ab_outputs.py`` says). Rounds alternate old and new on the same
generated articles (``benchmarks/corpus.py``) and each case reports the best round of each and
new/old as a speed ratio (above 1: the new package is faster). Cases:

* ``clean``: ``newsclean.clean(text)`` per article (the generated articles are extracted text:
  a body with residue lines);
* ``pipeline``: ``Cleaner().clean_many`` then ``cluster(clean=False)``, what
  ``bench_pipeline.py`` times;
* ``cluster``: ``cluster(cleaned texts, clean=False)``: the batch engine alone;
* ``dedup-memory``: ``Deduplicator(clean=False).add_many`` on the cleaned texts (in memory):
  fingerprinting and matching of the incremental path;
* ``dedup-sqlite``: the same with an SQLite index in a temporary directory (the ``--index`` path).

CPU time of this process is what is compared (``time.process_time``): steadier than wall time
on a shared machine.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import CorpusGenerator  # noqa: E402


def _cases(pkg: ModuleType, texts: list[tuple[str, str]], cleaned: list[tuple[str, str]]) -> dict[str, Callable[[], object]]:
    def pipeline() -> object:
        records = pkg.Cleaner().clean_many({"id": i, "text": t} for i, t in texts)
        return pkg.cluster(((r["id"], r["text"]) for r in records), clean=False)

    def dedup(index: str | None) -> Callable[[], object]:
        def run() -> object:
            with tempfile.TemporaryDirectory() as tmp:
                where = None if index is None else str(Path(tmp) / index)
                with pkg.Deduplicator(clean=False, index=where) as d:
                    return sum(len(found) for _, found in d.add_many(cleaned))

        return run

    return {
        "clean": lambda: [pkg.clean(text).text for _, text in texts],
        "pipeline": pipeline,
        "cluster": lambda: pkg.cluster(cleaned, clean=False),
        "dedup-memory": dedup(None),
        "dedup-sqlite": dedup("index.sqlite"),
    }


def _cpu(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.process_time()
    out = fn()
    return time.process_time() - started, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", default="/tmp/ab", help="directory holding the package newsclean_old")
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="case names to run")
    args = parser.parse_args(argv)
    sys.path.insert(0, args.old)
    old, new = importlib.import_module("newsclean_old"), importlib.import_module("newsclean")
    texts = [(d.id, d.text) for d in CorpusGenerator(seed=11).generate(args.docs)]
    cleaned = [(r["id"], r["text"]) for r in new.Cleaner().clean_many({"id": i, "text": t} for i, t in texts)]
    cases = {"old": _cases(old, texts, cleaned), "new": _cases(new, texts, cleaned)}
    names = [n for n in cases["new"] if args.only is None or n in args.only]
    print(f"# python benchmarks/ab_speed.py --old {args.old} --docs {args.docs} --rounds {args.rounds}")
    print(f"{'case':<14}{'old CPU s':>11}{'new CPU s':>11}{'new/old speed':>15}  same result")
    for name in names:
        best = {"old": float("inf"), "new": float("inf")}
        results = {}
        for round_number in range(args.rounds):
            order = ("old", "new") if round_number % 2 == 0 else ("new", "old")
            for side in order:
                seconds, results[side] = _cpu(cases[side][name])
                best[side] = min(best[side], seconds)
        same = results["old"] == results["new"]
        print(f"{name:<14}{best['old']:>11.2f}{best['new']:>11.2f}{best['old'] / best['new']:>14.2f}x  {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
