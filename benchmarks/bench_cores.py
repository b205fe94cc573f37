"""How much faster two processes finish a fixed amount of CPU-bound work than one: the ceiling for
``workers=2`` on this machine, whatever newsclean does.

Each task is pure Python and ``regex`` work with no I/O and no shared data (a tokenizing loop over
generated text), so two processes could in principle finish twice the tasks in the same time. On a
virtual machine whose two vCPUs share a physical core or its caches with each other or other guests,
they do not: the ratio printed is what any process pool can reach here.

    python benchmarks/bench_cores.py --tasks 40 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import regex

_WORD = regex.compile(r"\p{L}+")
_TEXT = " ".join(f"word{i % 97} Über {i} straße “quoted” text" for i in range(4000))


def task(_: int) -> int:
    """About 50 ms of CPU: tokenize, casefold and count."""
    counts: dict[str, int] = {}
    for _round in range(3):
        for m in _WORD.finditer(_TEXT):
            w = m.group().casefold()
            counts[w] = counts.get(w, 0) + 1
    return len(counts)


def run(tasks: int, workers: int) -> float:
    started = time.perf_counter()
    if workers == 1:
        for i in range(tasks):
            task(i)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(task, range(tasks)))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("command: python " + " ".join([os.path.relpath(sys.argv[0]), *sys.argv[1:]]))
    print(f"cpus: {os.cpu_count()}, python {sys.version.split()[0]}")
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(args.rounds):
        for workers in (1, 2):
            best[workers] = min(best[workers], run(args.tasks, workers))
    for workers, seconds in best.items():
        print(f"  {workers} process(es): {args.tasks} tasks in {seconds:6.2f} s ({args.tasks / seconds:5.1f} tasks/s)")
    print(f"  two processes vs one: {best[1] / best[2]:.2f}x (2.00x would be perfect scaling)")


if __name__ == "__main__":
    main()
