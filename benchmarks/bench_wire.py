"""Wire stories: time and peak memory when a few stories are reprinted thousands of times.

    python benchmarks/bench_wire.py                          # 1k, 4k, 16k, 64k documents
    python benchmarks/bench_wire.py --sizes 1000 4000 --cases cluster

The corpus (``tests/wire_corpus.py``): four stories, each copy with one sentence dropped, a figure
changed and a ``Story <i>.`` prefix, plus 10% unrelated articles. Cases, each run in a forked
child so that its peak RSS (``ru_maxrss``) is its own, on text already clean (``clean=False``:
cleaning costs the same per document however many copies there are):

* ``cluster``: ``newsclean.cluster(docs, clean=False)``, the batch engine;
* ``dedup-add``: ``Deduplicator(index=<SQLite file>).add`` one document at a time, the path of the
  Scrapy pipeline;
* ``cli``: ``newsclean dedup FILE.jsonl --no-clean -o OUT --index <SQLite file>`` as a subprocess.

Each line says whether the clusters are the corpus's own (every story's copies together, each
unrelated article alone), and the time ratio to the previous size (the target: x4-x5 for x4 the
documents).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests")]

import newsclean  # noqa: E402
from wire_corpus import WireCorpus, wire_corpus  # noqa: E402


def _same_clusters(found: list[list[str]], corpus: WireCorpus) -> bool:
    return sorted(sorted(map(str, c)) for c in found) == sorted(sorted(c) for c in corpus.expected_clusters())


def run_cluster(corpus: WireCorpus, tmp: Path) -> bool:
    return _same_clusters(newsclean.cluster(corpus.docs, clean=False), corpus)


def run_dedup_add(corpus: WireCorpus, tmp: Path) -> bool:
    with newsclean.Deduplicator(clean=False, index=str(tmp / "add.sqlite")) as dedup:
        for doc in corpus.docs:
            dedup.add(doc["id"], doc["text"], url=doc["url"])
        return _same_clusters(dedup.clusters(), corpus)


def run_cli(corpus: WireCorpus, tmp: Path) -> bool:
    source, out = tmp / "wire.jsonl", tmp / "out.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in corpus.docs), encoding="utf-8")
    command = [sys.executable, "-m", "newsclean", "dedup", str(source), "--no-clean", "--no-progress",
               "-o", str(out), "--index", str(tmp / "cli.sqlite")]
    subprocess.run(command, check=True)
    groups: dict[str, list[str]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        groups.setdefault(record["cluster"], []).append(record["id"])
    return _same_clusters(list(groups.values()), corpus)


CASES: dict[str, Callable[[WireCorpus, Path], bool]] = {"cluster": run_cluster, "dedup-add": run_dedup_add, "cli": run_cli}


def _child(case: str, size: int, queue: mp.Queue) -> None:
    corpus = wire_corpus(size)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        correct = CASES[case](corpus, Path(tmp))
        seconds = time.perf_counter() - started
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    queue.put((seconds, peak / 1024, correct))


def measure(case: str, size: int) -> tuple[float, float, bool]:
    """``(seconds, peak RSS in MB, clusters correct)`` of one case in a forked child."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(case, size, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000, 64000])
    parser.add_argument("--cases", nargs="+", choices=sorted(CASES), default=list(CASES))
    args = parser.parse_args(argv)
    print(f"# python benchmarks/bench_wire.py --sizes {' '.join(map(str, args.sizes))} --cases {' '.join(args.cases)}")
    print(f"{'case':<10}{'documents':>10}{'seconds':>10}{'x prev':>8}{'peak MB':>9}  clusters")
    failed = False
    for case in args.cases:
        previous = None
        for size in args.sizes:
            seconds, peak, correct = measure(case, size)
            ratio = f"{seconds / previous:.2f}" if previous else "-"
            print(f"{case:<10}{size:>10,}{seconds:>10.1f}{ratio:>8}{peak:>9.0f}  {'correct' if correct else 'WRONG'}", flush=True)
            previous = seconds
            failed |= not correct
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
