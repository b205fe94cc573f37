"""Articles per second: the local engine (``newsclean.cluster``) against the Dask engine, same corpus, same clusters.

    python benchmarks/bench_dask.py                  # 2,000 articles, a 2-worker LocalCluster
    python benchmarks/bench_dask.py -n 5000 --partitions 16
    python benchmarks/bench_dask.py --scheduler tcp://10.0.0.5:8786

Articles come from ``benchmarks/corpus.py`` (3-5 KB, ~15% near-duplicates). Both engines clean,
fingerprint, link and cluster the same list; the clusters must be equal, or the script exits 1.
The local engine runs once in one process and once with ``workers=2`` (cleaning and fingerprinting
in two processes, matching in order in this one). The Dask time covers everything from
``dd.read_parquet`` of the corpus (written untimed as one Parquet shard per partition) to the
computed cluster column (graph building, shuffles, label rounds), not the start of the cluster;
the workers are warmed up on a small frame first, so imports are not counted.
The load average and the CPU seconds of every process involved (this one, the local engine's pool,
the Dask workers; the local cluster's scheduler runs in this process) are printed too, because on
a shared machine wall time depends on what else runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CorpusGenerator
from newsclean import cluster


@dataclass(frozen=True, slots=True)
class Timing:
    engine: str
    articles: int
    seconds: float
    articles_per_second: float
    cpu_seconds: float  # every process of the engine: the fairer figure on a shared machine


def timing(engine: str, articles: int, seconds: float, cpu_seconds: float) -> Timing:
    return Timing(engine, articles, round(seconds, 2), round(articles / seconds, 1), round(cpu_seconds, 2))


def cpu_now() -> float:
    """CPU seconds of this process and of its finished children (the local engine's worker pool)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def first_member_per_row(groups: list[list], ids: list) -> list:
    first = {member: group[0] for group in groups for member in group}
    return [first[i] for i in ids]


def run_local(docs: list[dict], clean: bool, workers: int) -> tuple[Timing, list]:
    started, cpu = time.perf_counter(), cpu_now()
    groups = cluster(docs, clean=clean, workers=workers)
    elapsed, cpu = time.perf_counter() - started, cpu_now() - cpu
    name = "local" if workers == 1 else f"local workers={workers}"
    return timing(name, len(docs), elapsed, cpu), first_member_per_row(groups, [d["id"] for d in docs])


def run_dask(docs: list[dict], clean: bool, partitions: int, scheduler: str | None, workers: int) -> tuple[Timing, list]:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from newsclean.dask import cluster_dataframe

    local = None if scheduler else LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with Client(scheduler or local) as client, tempfile.TemporaryDirectory() as shards:
        warm = dd.from_pandas(pd.DataFrame(docs[:40]), npartitions=2, sort=False)
        cluster_dataframe(warm, clean=clean).compute()
        size = -(-len(docs) // partitions)
        for i in range(partitions):
            pd.DataFrame(docs[i * size : (i + 1) * size]).to_parquet(Path(shards) / f"part-{i:04d}.parquet")
        frame = dd.read_parquet(shards)
        started, cpu = time.perf_counter(), cpu_now() + sum(client.run(time.process_time).values())
        rows = cluster_dataframe(frame, clean=clean).compute().tolist()
        elapsed = time.perf_counter() - started
        cpu = cpu_now() + sum(client.run(time.process_time).values()) - cpu
        count = len(client.scheduler_info()["workers"])
    if local is not None:
        local.close()
    return timing(f"dask {count} workers, {partitions} partitions", len(docs), elapsed, cpu), rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="local cluster workers (default 2)")
    parser.add_argument("--scheduler", help="an existing scheduler instead of a local cluster")
    parser.add_argument("--no-clean", action="store_true", help="fingerprint raw text (both engines)")
    parser.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    args = parser.parse_args(argv)
    docs = [{"id": d.id, "text": d.text} for d in CorpusGenerator().generate(args.articles)]
    clean = not args.no_clean
    cluster(docs[:40], clean=clean)  # imports and first-use caches, as the Dask workers are warmed up
    local, expected = run_local(docs, clean, 1)
    pooled, pooled_rows = run_local(docs, clean, 2)
    distributed, rows = run_dask(docs, clean, args.partitions, args.scheduler, args.workers)
    same = rows == expected and pooled_rows == expected
    results = [local, pooled, distributed]
    load = os.getloadavg()[0]
    if args.json:
        for r in results:
            print(json.dumps({**asdict(r), "same_clusters": same, "load": load}))
    else:
        print(f"{args.articles} articles, clean={clean}, load average {load:.1f} on {os.cpu_count()} cores")
        for r in results:
            print(f"  {r.engine:<32} {r.seconds:>8.2f} s  {r.articles_per_second:>8.1f} articles/s"
                  f"  {r.cpu_seconds:>8.2f} CPU s  {1000 * r.cpu_seconds / r.articles:>6.2f} CPU ms/article")
        print(f"  clusters equal: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
