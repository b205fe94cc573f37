"""Clustering alone (no cleaning) on the benchmark corpus: speed and quality against its known parents.

The corpus (benchmarks/corpus.py) is written by another generator than the labelled set of the
tests (Zipf vocabulary, its own residue and variants), so it is an independent check of the
clustering: every residue/teaser/edited/reuse copy should join its parent and nothing else.

    python benchmarks/bench_dedup.py --docs 2000
    python benchmarks/bench_dedup.py --docs 2000 --workers 2
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsclean
from corpus import CorpusGenerator, Doc


def _true_groups(docs: list[Doc]) -> list[list[str]]:
    root: dict[str, str] = {}
    for d in docs:
        root[d.id] = root.get(d.parent, d.parent) if d.parent else d.id
    groups: dict[str, list[str]] = {}
    for d in docs:
        groups.setdefault(root[d.id], []).append(d.id)
    return list(groups.values())


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(g, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    docs = list(CorpusGenerator().generate(args.docs))
    newsclean.cluster([(d.id, d.text) for d in docs[:5]], clean=False)  # imports and caches, not timed
    started, cpu_started = time.perf_counter(), time.process_time()
    clusters = newsclean.cluster([(d.id, d.text) for d in docs], clean=False, workers=args.workers)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    cluster_of = {m: g[0] for g in clusters for m in g}
    joined, total = Counter(), Counter()
    for d in docs:
        if d.parent:
            total[d.kind] += 1
            joined[d.kind] += cluster_of[d.id] == cluster_of[d.parent]
    truth, predicted = _pairs(_true_groups(docs)), _pairs(clusters)
    print(f"command: python benchmarks/bench_dedup.py --docs {args.docs} --workers {args.workers}")
    print(
        f"{len(docs)} documents, {elapsed:.2f} s wall ({len(docs) / elapsed:.0f} documents/s), "
        f"{cpu:.2f} s CPU in this process ({len(docs) / cpu:.0f} documents/CPU-s), clean=False"
    )
    print("copies joined to their parent: " + ", ".join(f"{k} {joined[k]}/{total[k]}" for k in sorted(total)))
    correct = len(truth & predicted)
    print(f"pairwise precision {correct / max(1, len(predicted)):.4f}, recall {correct / max(1, len(truth)):.4f}")


if __name__ == "__main__":
    main()
