"""Clustering alone, before and after: ``cluster(clean=False)`` of this tree (1 and 2 workers), of an
older tree, and the hand-written reference pipeline, each in a fresh process on the same articles.

CPU time is the main process's (steadier than the wall clock on a shared machine); peak RSS
includes the articles the benchmark holds. The older tree is a ``src`` directory, e.g.

    git archive 9c1e9bf src | tar -x -C /tmp/old
    python benchmarks/bench_cluster_compare.py --docs 10000 --before /tmp/old/src
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import resource, sys, time
sys.path[:0] = [{here!r}]
import newsclean
from corpus import CorpusGenerator
docs = [(d.id, d.text) for d in CorpusGenerator().generate({n})]
if sys.argv[1] == "reference":
    from reference import reference_pipeline
    run = lambda: reference_pipeline(docs)
else:
    newsclean.cluster(docs[:5], clean=False)
    run = lambda: newsclean.cluster(docs, clean=False, workers=int(sys.argv[1]))
wall, cpu = time.perf_counter(), time.process_time()
run()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--before", help="src directory of an older tree")
    args = parser.parse_args()
    print("command: python " + " ".join(sys.argv))
    code = CHILD.format(here=str(HERE), n=args.docs)
    runs = [("after", {}, "1"), ("after w=2", {}, "2"), ("reference", {}, "reference")]
    if args.before:
        runs.insert(0, ("before", {"PYTHONPATH": args.before}, "1"))
    best: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, env, arg in runs:  # alternate, so drift hits every pipeline
            out = subprocess.run(
                [sys.executable, "-c", code, arg], capture_output=True, text=True, env={**os.environ, **env}, check=True
            )
            wall, cpu, rss = map(float, out.stdout.split())
            row = best.setdefault(name, [float("inf"), float("inf"), 0.0])
            row[:] = [min(row[0], wall), min(row[1], cpu), max(row[2], rss)]
    for name, (wall, cpu, rss) in best.items():
        print(
            f"{name:<10} wall {wall:7.2f} s ({args.docs / wall:6.0f}/s)  CPU(main) {cpu:7.2f} s "
            f"({args.docs / cpu:6.0f}/CPU-s)  peak RSS {rss:.0f} MB"
        )


if __name__ == "__main__":
    main()
