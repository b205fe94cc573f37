"""Index throughput and size: add + query in batches, as :class:`newsclean.Deduplicator` uses an index.

    python benchmarks/bench_index.py                      # 30,000 articles, SQLite in a temp dir
    python benchmarks/bench_index.py -n 50000 --batch 1000
    python benchmarks/bench_index.py --redis redis://127.0.0.1:6391/0 -n 10000

Articles come from ``benchmarks/corpus.py`` (3-5 KB, ~15% near-duplicates) and are fingerprinted
first, untimed, on every core: fingerprinting is the Deduplicator's cost, not the index's. The timed
loop then does, per batch, what ``Deduplicator.add_many`` asks of its index: the candidates of
every article's band and exact keys and of its passage keys, ``get`` of the ids that can pass
verification, then one ``add(batch)`` (one transaction). Lookups run two ways on fresh indexes in
the same process: "per article" (two ``candidates`` calls per article, the path before batching)
and "batched" (one ``candidates_many`` call per batch, the Deduplicator's path now); the run
checks that both find the same candidates for every article. Reported: articles/s for that loop
(wall clock, and CPU time of this process, which is steadier on a shared machine), its query and
add shares, and the file size per article, extrapolated to a million articles (before and after
``VACUUM``).

Two key sets are measured: every key the default ``DedupConfig`` makes (LSH bands, the exact key
and ~135 winnowed passage keys per article), and the band and exact keys alone (what
``DedupConfig(min_shared_words=None)`` makes: near-duplicates only, no text-reuse detection). The
index's cost is per key, so this shows where the time goes.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CorpusGenerator
from newsclean.config import DedupConfig
from newsclean.dedup import split_keys
from newsclean.fingerprint import Fingerprinter
from newsclean.index import Index, IndexEntry, candidates_many, open_index
from newsclean.lsh import PASSAGE_PREFIX, passage_key_minimum

MILLION = 1_000_000


@dataclass(frozen=True, slots=True)
class Result:
    backend: str
    keys: str
    lookups: str
    articles: int
    batch: int
    seconds: float
    cpu_seconds: float
    query_seconds: float
    add_seconds: float
    articles_per_second: float
    articles_per_cpu_second: float
    candidates_per_article: float
    keys_per_article: float
    bytes: int | None
    bytes_after_vacuum: int | None

    def per_million_gb(self, size: int | None) -> float | None:
        return None if size is None else size / self.articles * MILLION / 1e9


def _fingerprint_chunk(args: tuple[int, int, int]) -> list[IndexEntry]:
    """Entries for documents ``[start, stop)`` of the corpus with ``seed`` (one worker's share)."""
    seed, start, stop = args
    fingerprinter = Fingerprinter.from_config(DedupConfig())
    docs = CorpusGenerator(seed=seed).generate(stop)
    return [fingerprinter.fingerprint(d.id, d.text) for i, d in enumerate(docs) if i >= start]


def fingerprint_corpus(count: int, seed: int, workers: int) -> list[IndexEntry]:
    """Fingerprint ``count`` corpus documents on ``workers`` processes (each regenerates its prefix)."""
    bounds = [count * k // workers for k in range(workers + 1)]
    chunks = [(seed, bounds[k], bounds[k + 1]) for k in range(workers)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return [entry for part in pool.map(_fingerprint_chunk, chunks) for entry in part]


def chosen_ids(other: dict[str, int], passage: dict[str, int], min_shared: int) -> list[str]:
    """The candidate ids the Deduplicator fetches: any band or exact key shared, or at least
    ``min_shared`` passage keys (fewer cannot pass its passage test)."""
    return sorted(set(other) | {doc_id for doc_id, count in passage.items() if count >= min_shared})


def lookup_each(
    index: Index, chunk: Sequence[IndexEntry], max_bucket: int | None, min_shared: int
) -> list[list[str]]:
    """Candidate ids per article, two ``candidates`` calls per article (the path before batching)."""
    found = []
    for entry in chunk:
        other, passage = split_keys(entry)
        counts = [index.candidates(keys, max_bucket=max_bucket) if keys else {} for keys in (other, passage)]
        found.append(chosen_ids(*counts, min_shared))
    return found


def lookup_batch(
    index: Index, chunk: Sequence[IndexEntry], max_bucket: int | None, min_shared: int
) -> list[list[str]]:
    """Candidate ids per article from one ``candidates_many`` call per batch (the Deduplicator's path)."""
    key_lists = [keys for entry in chunk for keys in split_keys(entry)]
    minimums = [1, min_shared] * len(chunk)
    counts = candidates_many(index, key_lists, max_bucket=max_bucket, min_shared=minimums)
    return [chosen_ids(counts[2 * i], counts[2 * i + 1], min_shared) for i in range(len(chunk))]


LOOKUPS = {"per article": lookup_each, "batched": lookup_batch}


def without_passage_keys(entries: Sequence[IndexEntry]) -> list[IndexEntry]:
    """The entries ``DedupConfig(min_shared_words=None)`` would make: band and exact keys only."""
    return [replace(e, keys=tuple(k for k in e.keys if not k.startswith(PASSAGE_PREFIX))) for e in entries]


def run(
    location: str,
    backend: str,
    keys: str,
    lookups: str,
    entries: Sequence[IndexEntry],
    batch: int,
    max_bucket: int | None,
) -> tuple[Result, list[list[str]]]:
    """Add ``entries`` in batches, looking each batch up first; the figures and every article's candidates."""
    config = DedupConfig()
    meta = Fingerprinter.from_config(config).meta()
    min_shared = passage_key_minimum(config)
    index = open_index(location, meta)
    if backend == "redis":  # start empty: a run stopped half-way leaves its documents behind
        index.drop()
        index = open_index(location, meta)
    query_seconds = add_seconds = 0.0
    found: list[list[str]] = []
    memory_before = int(index.stats().get("server_used_memory_bytes", 0))
    cpu_began = time.process_time()
    for start in range(0, len(entries), batch):
        chunk = entries[start : start + batch]
        began = time.perf_counter()
        for ids in LOOKUPS[lookups](index, chunk, max_bucket, min_shared):
            found.append(ids)
            index.get(ids)
        middle = time.perf_counter()
        index.add(chunk)
        query_seconds += middle - began
        add_seconds += time.perf_counter() - middle
    cpu_seconds = time.process_time() - cpu_began
    size = after = None
    if backend == "sqlite":
        index.close()
        size = sum(p.stat().st_size for p in Path(location).parent.glob(Path(location).name + "*"))
        index = open_index(location, meta)
        index.vacuum()
        after = Path(location).stat().st_size
    else:  # what the server's memory grew by; not exact if other clients write meanwhile
        size = int(index.stats()["server_used_memory_bytes"]) - memory_before
        index.drop()
    index.close()
    seconds = query_seconds + add_seconds
    result = Result(
        backend=backend,
        keys=keys,
        lookups=lookups,
        articles=len(entries),
        batch=batch,
        seconds=round(seconds, 2),
        cpu_seconds=round(cpu_seconds, 2),
        query_seconds=round(query_seconds, 2),
        add_seconds=round(add_seconds, 2),
        articles_per_second=round(len(entries) / seconds),
        articles_per_cpu_second=round(len(entries) / cpu_seconds),
        candidates_per_article=round(sum(map(len, found)) / len(entries), 2),
        keys_per_article=round(sum(len(e.keys) for e in entries) / len(entries), 1),
        bytes=size,
        bytes_after_vacuum=after,
    )
    return result, found


def report(result: Result) -> str:
    lines = [
        f"{result.backend}, {result.keys}, {result.lookups} lookups: {result.articles} articles in batches of {result.batch}: "
        f"{result.articles_per_second} articles/s add + query, {result.articles_per_cpu_second} per CPU second "
        f"({result.seconds} s: query {result.query_seconds} s, add {result.add_seconds} s); "
        f"{result.keys_per_article} keys and {result.candidates_per_article} candidates per article",
    ]
    if result.backend == "redis" and result.bytes is not None:
        lines.append(
            f"  server memory: {result.bytes / result.articles:.0f} bytes/article -> "
            f"{result.per_million_gb(result.bytes):.2f} GB per million articles"
        )
    elif result.bytes is not None:
        lines.append(
            f"  file: {result.bytes / result.articles:.0f} bytes/article -> "
            f"{result.per_million_gb(result.bytes):.2f} GB per million articles "
            f"({result.per_million_gb(result.bytes_after_vacuum):.2f} GB after VACUUM)"
        )
    return "\n".join(lines)


def run_one(
    args: argparse.Namespace, backend: str, keys: str, lookups: str, entries: Sequence[IndexEntry]
) -> tuple[Result, list[list[str]]]:
    """One timed run on a fresh index: a new SQLite file, or the bench prefix of the Redis server."""
    if backend == "redis":
        url = f"{args.redis}{'&' if '?' in args.redis else '?'}prefix=newsclean-bench"
        return run(url, backend, keys, lookups, entries, args.batch, args.max_bucket)
    with tempfile.TemporaryDirectory() as tmp:
        return run(
            str(Path(tmp) / "bench.sqlite"), backend, keys, lookups, entries, args.batch, args.max_bucket
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=30_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-bucket", type=int, default=DedupConfig().max_bucket)
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--redis", metavar="URL", help="also run against this Redis server (its own prefix)")
    parser.add_argument(
        "--lookups", choices=["both", *LOOKUPS], default="both", help="lookup path(s) to time"
    )
    parser.add_argument("--json", action="store_true", help="print results as JSON lines")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    entries = fingerprint_corpus(args.articles, args.seed, max(1, args.workers))
    print(
        f"fingerprinted {len(entries)} articles in {time.perf_counter() - began:.1f} s (untimed)",
        file=sys.stderr,
    )
    key_sets = {"all keys": entries, "band+exact keys": without_passage_keys(entries)}
    modes = list(LOOKUPS) if args.lookups == "both" else [args.lookups]
    for name, chosen in key_sets.items():
        for backend in ["sqlite", "redis"] if args.redis else ["sqlite"]:
            answers = []
            for mode in modes:
                result, found = run_one(args, backend, name, mode, chosen)
                answers.append(found)
                print(json.dumps(asdict(result)) if args.json else report(result), flush=True)
            if len(answers) > 1:
                print(
                    f"  same candidates for every article: {all(a == answers[0] for a in answers)}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
