"""Clustering alone (``cluster(docs, clean=False)``) at growing sizes: time, rate and peak memory.

Documents stream from JSONL files (``{"id", "text"}`` per line, e.g. written once from
benchmarks/corpus.py with several seeds, since generating is slower than clustering) or, without
``--jsonl``, straight from the generator (its time is then measured apart and subtracted). Each
size runs in a fresh process; peak RSS is that process's own plus its largest worker's.

    python benchmarks/bench_cluster_scale.py --sizes 10000 100000 --workers 2
    python benchmarks/bench_cluster_scale.py --sizes 1000000 --workers 2 --jsonl /tmp/corpus/shard*.jsonl
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsclean
from corpus import CorpusGenerator


def _read_jsonl(path: str) -> Iterator[tuple[str, str]]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record["id"], record["text"]


class TimedStream:
    """Yields ``(id, text)`` and adds up the time spent producing them (reading or generating)."""

    def __init__(self, n: int, files: list[str]) -> None:
        self.n, self.files, self.seconds = n, files, 0.0

    def _source(self) -> Iterator[tuple[str, str]]:
        if not self.files:
            return ((d.id, d.text) for d in CorpusGenerator().generate(self.n))
        return (pair for path in self.files for pair in _read_jsonl(path))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        source = islice(self._source(), self.n)
        while True:
            started = time.perf_counter()
            item = next(source, None)
            self.seconds += time.perf_counter() - started
            if item is None:
                return
            yield item


def _run(n: int, files: list[str], workers: int, queue: mp.Queue) -> None:
    newsclean.cluster([("a", "warm up the imports " * 20), ("b", "and caches")], clean=False)
    stream = TimedStream(n, files)
    started, cpu = time.perf_counter(), time.process_time()
    clusters = newsclean.cluster(stream, clean=False, workers=workers)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    joined = sum(len(c) for c in clusters if len(c) > 1)
    queue.put((n, total, stream.seconds, cpu, own, worker, len(clusters), joined))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--jsonl", nargs="*", default=[])
    args = parser.parse_args()
    print("command: python " + " ".join(sys.argv))
    ctx = mp.get_context("fork")
    for n in args.sizes:
        queue = ctx.Queue()
        proc = ctx.Process(target=_run, args=(n, args.jsonl, args.workers, queue))
        proc.start()
        n, total, feed, cpu, own, worker, count, joined = queue.get()
        proc.join()
        net = total - feed
        print(
            f"  {n:>8} docs, workers={args.workers}: {total:7.1f} s total, {feed:6.1f} s of it reading/generating; "
            f"{n / net:6.0f} docs/s net; main process CPU {cpu:6.1f} s; peak RSS main {own:5.0f} MB "
            f"+ largest worker {worker:5.0f} MB; {count} clusters, {joined} documents in multi-member clusters",
            flush=True,
        )


if __name__ == "__main__":
    main()
