"""Where ``workers=2`` loses against two cores: wall time and CPU of this process and of its workers.

Runs ``Cleaner().clean_many`` alone, ``cluster(..., clean=False)`` alone (on texts cleaned first,
untimed) and the two chained (the end-to-end pipeline of ``bench_pipeline.py``), each with
``workers=1`` and ``workers=2``, alternating, best of ``--rounds``. CPU is ``process_time`` of this
process (its pool threads included) and ``RUSAGE_CHILDREN`` of the worker processes, per article:
``workers=2`` can reach 2x only if the parent and workers together spend no more CPU than one
process does alone, and the parent needs no more than one core.

    python benchmarks/bench_cluster_workers.py --docs 4000 --rounds 2
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsclean
from corpus import CorpusGenerator


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _measured(run: Callable[[], object]) -> tuple[float, float, float]:
    """``(wall, parent CPU, workers' CPU)`` seconds of one run (workers end with their pools)."""
    children, parent, started = _children_cpu(), time.process_time(), time.perf_counter()
    run()
    return time.perf_counter() - started, time.process_time() - parent, _children_cpu() - children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    docs = [(d.id, d.text) for d in CorpusGenerator().generate(args.docs)]

    def records() -> object:
        return ({"id": i, "text": t} for i, t in docs)

    cleaned = [(r["id"], r["text"]) for r in newsclean.Cleaner().clean_many(records())]
    runs: dict[str, Callable[[int], object]] = {
        "clean_many": lambda w: sum(1 for _ in newsclean.Cleaner().clean_many(records(), workers=w)),
        "cluster": lambda w: newsclean.cluster(iter(cleaned), clean=False, workers=w),
        "pipeline": lambda w: newsclean.cluster(
            ((r["id"], r["text"]) for r in newsclean.Cleaner().clean_many(records(), workers=w)),
            clean=False,
            workers=w,
        ),
    }
    best: dict[tuple[str, int], tuple[float, float, float]] = {}
    for _ in range(args.rounds):
        for name, run in runs.items():
            for workers in (1, 2):
                wall, parent, children = _measured(lambda run=run, workers=workers: run(workers))
                old = best.get((name, workers), (float("inf"),) * 3)
                best[(name, workers)] = (min(old[0], wall), min(old[1], parent), min(old[2], children))
    n = args.docs
    print(f"{n} articles, best of {args.rounds} rounds (each figure its own minimum), per article:")
    for (name, workers), (wall, parent, children) in best.items():
        print(
            f"  {name:<10} workers={workers}: wall {wall / n * 1e6:6.0f} us ({n / wall:5.0f}/s)"
            f"  CPU parent {parent / n * 1e6:5.0f} us + workers {children / n * 1e6:5.0f} us"
            f" = {(parent + children) / n * 1e6:5.0f} us"
        )
    for name in runs:
        one, two = best[(name, 1)], best[(name, 2)]
        print(
            f"  {name:<10} workers=2 vs 1: {one[0] / two[0]:.2f}x faster, "
            f"{(two[1] + two[2]) / (one[1] + one[2]):.2f}x the CPU"
        )


if __name__ == "__main__":
    main()
