"""Articles per second: the local engine (``newsclean.cluster``) against the Dask engine, same corpus, same clusters.

    python benchmarks/bench_dask.py                  # 2,000 articles, a 2-worker LocalCluster
    python benchmarks/bench_dask.py -n 5000 --partitions 16
    python benchmarks/bench_dask.py --scheduler tcp://10.0.0.5:8786

Articles come from ``benchmarks/corpus.py`` (3-5 KB, ~15% near-duplicates). Both engines clean,
fingerprint, link and cluster the same list; the clusters must be equal, or the script exits 1.
The local engine runs once in one process and once with ``workers=2`` (cleaning and fingerprinting
in two processes, matching in order in this one). The Dask time covers everything from the
dataframe to the computed cluster column (graph building, shuffles, label rounds), not the start
of the cluster; the workers are warmed up on a small frame first, so imports are not counted.
The load average is printed, because this machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
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


def timing(engine: str, articles: int, seconds: float) -> Timing:
    return Timing(engine, articles, round(seconds, 2), round(articles / seconds, 1))


def first_member_per_row(groups: list[list], ids: list) -> list:
    first = {member: group[0] for group in groups for member in group}
    return [first[i] for i in ids]


def run_local(docs: list[dict], clean: bool, workers: int) -> tuple[Timing, list]:
    started = time.perf_counter()
    groups = cluster(docs, clean=clean, workers=workers)
    elapsed = time.perf_counter() - started
    name = "local" if workers == 1 else f"local workers={workers}"
    return timing(name, len(docs), elapsed), first_member_per_row(groups, [d["id"] for d in docs])


def run_dask(docs: list[dict], clean: bool, partitions: int, scheduler: str | None, workers: int) -> tuple[Timing, list]:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from newsclean.dask import cluster_dataframe

    local = None if scheduler else LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with Client(scheduler or local) as client:
        warm = dd.from_pandas(pd.DataFrame(docs[:40]), npartitions=2, sort=False)
        cluster_dataframe(warm, clean=clean).compute()
        frame = dd.from_pandas(pd.DataFrame(docs), npartitions=partitions, sort=False)
        started = time.perf_counter()
        rows = cluster_dataframe(frame, clean=clean).compute().tolist()
        elapsed = time.perf_counter() - started
        count = len(client.scheduler_info()["workers"])
    if local is not None:
        local.close()
    return timing(f"dask {count} workers, {partitions} partitions", len(docs), elapsed), rows


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
            print(f"  {r.engine:<32} {r.seconds:>8.2f} s  {r.articles_per_second:>8.1f} articles/s")
        print(f"  clusters equal: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
