"""Index throughput and size: add + query in batches, as :class:`newsclean.Deduplicator` uses an index.

    python benchmarks/bench_index.py                      # 30,000 articles, SQLite in a temp dir
    python benchmarks/bench_index.py -n 20000 --lookups batched --v1 3f076d9 --repeat 3
    python benchmarks/bench_index.py --redis redis://127.0.0.1:6391/0 -n 10000

Articles come from ``benchmarks/corpus.py`` (3-5 KB, ~15% near-duplicates) and are fingerprinted
first, untimed, on every core: fingerprinting is the Deduplicator's cost, not the index's. The timed
loop then does, per batch, what ``Deduplicator.add_many`` asks of its index: the candidates of
every article's band and exact keys and of its passage keys (split as the Deduplicator splits
them), ``get`` of the ids that can pass verification, then one ``add(batch)`` (one transaction).
Lookups run two ways on fresh indexes in the same process: "per article" (two ``candidates`` calls
per article) and "batched" (one ``candidates_many`` call per batch with the Deduplicator's
``min_shared`` minimums, its path now); the run checks that both find the same candidates for every
article. ``--v1 REV`` also runs the SQLite layout v1 (one row per key) from ``src/newsclean/index/
sqlite.py`` at git revision ``REV``, in the same process on the same articles, and checks it finds
the same candidates. Reported: articles/s for that loop (wall clock, and CPU time of this process,
which is steadier on a shared machine), its query and add shares, the file size per article
extrapolated to a million articles (before and after ``VACUUM``), and for layout v2 the time a new
process would take to build its key map on the first lookup, and that map's memory. On a shared
machine, ``--repeat K`` runs each case K times and reports the one that took the least CPU time.

Two key sets are measured: every key the default ``DedupConfig`` makes (LSH bands, the exact key
and ~135 winnowed passage keys per article), and the band and exact keys alone (what
``DedupConfig(min_shared_words=None)`` makes: near-duplicates only, no text-reuse detection).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CorpusGenerator
from newsclean.config import DedupConfig
from newsclean.dedup.deduplicator import split_keys
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.index import Index, IndexEntry, IndexMeta, candidates_many, open_index
from newsclean.dedup.keys import PASSAGE_PREFIX, passage_key_minimum

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
    split_cpu_seconds: float  # of the query time: the Deduplicator's split of keys, not the index's work
    add_seconds: float
    articles_per_second: float
    articles_per_cpu_second: float
    candidates_per_article: float
    keys_per_article: float
    bytes: int | None
    bytes_after_vacuum: int | None
    load_seconds: float | None = None  # v2: building the key map on a reopened index's first lookup
    keymap_bytes: int | None = None

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


Split = Sequence[tuple[list[bytes], list[bytes]]]  # per article: (band and exact keys, passage keys)


def lookup_each(index: Index, split: Split, max_bucket: int | None, min_shared: int) -> list[list[str]]:
    """Candidate ids per article, two ``candidates`` calls per article (the path before batching)."""
    found = []
    for other, passage in split:
        counts = [index.candidates(keys, max_bucket=max_bucket) if keys else {} for keys in (other, passage)]
        found.append(chosen_ids(*counts, min_shared))
    return found


def lookup_batch(index: Index, split: Split, max_bucket: int | None, min_shared: int) -> list[list[str]]:
    """Candidate ids per article from one ``candidates_many`` call per batch (the Deduplicator's path)."""
    key_lists = [keys for pair in split for keys in pair]
    minimums = [1, min_shared] * len(split)
    counts = candidates_many(index, key_lists, max_bucket=max_bucket, min_shared=minimums)
    return [chosen_ids(counts[2 * i], counts[2 * i + 1], min_shared) for i in range(len(split))]


LOOKUPS = {"per article": lookup_each, "batched": lookup_batch}


def without_passage_keys(entries: Sequence[IndexEntry]) -> list[IndexEntry]:
    """The entries ``DedupConfig(min_shared_words=None)`` would make: band and exact keys only."""
    return [replace(e, keys=tuple(k for k in e.keys if not k.startswith(PASSAGE_PREFIX))) for e in entries]


Opener = Callable[[str, IndexMeta], Index]


def run(
    location: str,
    backend: str,
    opener: Opener,
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
    index = opener(location, meta)
    if backend == "redis":  # start empty: a run stopped half-way leaves its documents behind
        index.drop()
        index = opener(location, meta)
    query_seconds = add_seconds = split_cpu_seconds = 0.0
    found: list[list[str]] = []
    memory_before = int(index.stats().get("server_used_memory_bytes", 0))
    cpu_began = time.process_time()
    for start in range(0, len(entries), batch):
        chunk = entries[start : start + batch]
        began, split_began = time.perf_counter(), time.process_time()
        split = [split_keys(entry) for entry in chunk]  # the Deduplicator's work, timed apart
        split_cpu_seconds += time.process_time() - split_began
        for ids in LOOKUPS[lookups](index, split, max_bucket, min_shared):
            found.append(ids)
            index.get(ids)
        middle = time.perf_counter()
        index.add(chunk)
        query_seconds += middle - began
        add_seconds += time.perf_counter() - middle
    cpu_seconds = time.process_time() - cpu_began
    size = after = load = keymap = None
    if backend.startswith("sqlite"):
        index.close()
        size = sum(p.stat().st_size for p in Path(location).parent.glob(Path(location).name + "*"))
        if backend == "sqlite":
            load, keymap = load_time(opener, location, meta)
        index = opener(location, meta)
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
        split_cpu_seconds=round(split_cpu_seconds, 2),
        add_seconds=round(add_seconds, 2),
        articles_per_second=round(len(entries) / seconds),
        articles_per_cpu_second=round(len(entries) / cpu_seconds),
        candidates_per_article=round(sum(map(len, found)) / len(entries), 2),
        keys_per_article=round(sum(len(e.keys) for e in entries) / len(entries), 1),
        bytes=size,
        bytes_after_vacuum=after,
        load_seconds=load,
        keymap_bytes=keymap,
    )
    return result, found


def load_time(opener: Opener, location: str, meta: IndexMeta) -> tuple[float, int]:
    """Seconds (wall) a fresh handle takes to answer its first lookup, which builds its key map; the map's bytes."""
    index = opener(location, meta)
    try:
        began = time.perf_counter()
        index.candidates([b"any key"])
        seconds = time.perf_counter() - began
        return round(seconds, 2), int(index.stats()["keymap_bytes"])
    finally:
        index.close()


def report(result: Result) -> str:
    lines = [
        f"{result.backend}, {result.keys}, {result.lookups} lookups: {result.articles} articles in batches of {result.batch}: "
        f"{result.articles_per_second} articles/s add + query, {result.articles_per_cpu_second} per CPU second "
        f"({result.seconds} s: query {result.query_seconds} s, add {result.add_seconds} s); "
        f"{round(result.articles / (result.cpu_seconds - result.split_cpu_seconds))} per CPU second "
        f"without the Deduplicator's key split ({result.split_cpu_seconds} s); "
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
    if result.load_seconds is not None and result.keymap_bytes is not None:
        lines.append(
            f"  key map: built in {result.load_seconds} s on a reopened index's first lookup; "
            f"{result.keymap_bytes / result.articles:.0f} bytes/article -> "
            f"{result.per_million_gb(result.keymap_bytes):.2f} GB per million articles in memory"
        )
    return "\n".join(lines)


def v1_opener(revision: str) -> Opener:
    """``SQLiteIndex`` of layout v1, loaded from ``src/newsclean/index/sqlite.py`` at git ``revision``."""
    source = subprocess.run(
        ["git", "show", f"{revision}:src/newsclean/index/sqlite.py"],
        cwd=Path(__file__).resolve().parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="bench-index-v1-"))
    (folder / "sqlite_v1.py").write_text(source)
    spec = importlib.util.spec_from_file_location("sqlite_v1", folder / "sqlite_v1.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.SQLiteIndex


def run_one(
    args: argparse.Namespace, backend: str, opener: Opener, keys: str, lookups: str, entries: Sequence[IndexEntry]
) -> tuple[Result, list[list[str]]]:
    """One timed run on a fresh index: a new SQLite file, or the bench prefix of the Redis server."""
    if backend == "redis":
        url = f"{args.redis}{'&' if '?' in args.redis else '?'}prefix=newsclean-bench"
        return run(url, backend, opener, keys, lookups, entries, args.batch, args.max_bucket)
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "bench.sqlite")
        return run(location, backend, opener, keys, lookups, entries, args.batch, args.max_bucket)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=30_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-bucket", type=int, default=DedupConfig().max_bucket)
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--redis", metavar="URL", help="also run against this Redis server (its own prefix)")
    parser.add_argument("--v1", metavar="REV", help="also run SQLite layout v1 from this git revision")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each case this many times, report the least CPU time"
    )
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
    openers: dict[str, Opener] = {"sqlite": open_index}
    if args.v1:
        openers["sqlite-v1"] = v1_opener(args.v1)
    if args.redis:
        openers["redis"] = open_index
    for name, chosen in key_sets.items():
        sqlite_answers: list[list[list[str]]] = []
        for backend, opener in openers.items():
            answers = []
            for mode in modes:
                runs = [run_one(args, backend, opener, name, mode, chosen) for _ in range(args.repeat)]
                result, found = min(runs, key=lambda done: done[0].cpu_seconds)
                answers.append(found)
                print(json.dumps(asdict(result)) if args.json else report(result), flush=True)
            if len(answers) > 1:
                print(
                    f"  same candidates for every article: {all(a == answers[0] for a in answers)}",
                    flush=True,
                )
            if backend.startswith("sqlite"):
                sqlite_answers.append(answers[0])
        if len(sqlite_answers) > 1:
            same = all(a == sqlite_answers[0] for a in sqlite_answers)
            print(f"  layouts v1 and v2 find the same candidates for every article: {same}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
