"""End to end: newsclean (``Cleaner().clean_many`` + ``cluster``) against the hand-written reference pipeline.

Both run on the same generated 3-5 KB articles in one process, alternating, best of ``--rounds``;
peak memory is measured in a forked child per pipeline (``ru_maxrss`` of that child). Quality is
printed beside the speed: the seed fixtures' clusters and the labelled set's precision and recall.

    python benchmarks/bench_pipeline.py --docs 10000 --rounds 2          # ratio on one core
    python benchmarks/bench_pipeline.py --docs 10000 --workers 2 --only newsclean
    python benchmarks/bench_pipeline.py --scale 10000 100000 1000000 --workers 2   # newsclean alone

``--scale`` reads each corpus from a JSONL file it writes first (untimed): generating articles in
the timed process would take a core from the workers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import newsclean  # noqa: E402
from corpus import CorpusGenerator  # noqa: E402
from reference import reference_pipeline  # noqa: E402


def newsclean_pipeline(docs: Iterable[tuple[str, str]], workers: int = 1) -> list[list[str]]:
    """The library's end-to-end job: clean every article, then cluster the cleaned texts."""
    cleaned = newsclean.Cleaner().clean_many(({"id": i, "text": t} for i, t in docs), workers=workers)
    return newsclean.cluster(((r["id"], r["text"]) for r in cleaned), clean=False, workers=workers)


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def _child_peak(fn: Callable[[], object], queue: mp.Queue) -> None:
    fn()
    queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def peak_rss_mb(fn: Callable[[], object]) -> float:
    """Peak resident memory (MB) of a forked child that runs ``fn`` (includes the inherited corpus)."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child_peak, args=(fn, queue))
    proc.start()
    value = queue.get()
    proc.join()
    return float(value)


def quality() -> str:
    """Seed clusters and labelled-set precision/recall, as the clustering issue measures them."""
    import dedup_corpus

    fixtures = sorted((HERE.parent / "fixtures" / "articles").glob("*.txt"))
    seeds = newsclean.cluster({f.stem[:3]: f.read_text(encoding="utf-8") for f in fixtures})
    corpus = dedup_corpus.generate()
    scores = dedup_corpus.score(newsclean.cluster(corpus.docs), corpus)
    worst_p = min(s.precision for k, s in scores.items() if s.predicted_pairs)
    worst_r = min(s.recall for k, s in scores.items() if s.true_pairs)
    return (
        f"seed clusters {seeds}; labelled set: worst per-kind precision {worst_p:.4f}, recall {worst_r:.4f}"
    )


def compare(n: int, rounds: int, workers: int, only: str | None) -> None:
    docs = [(d.id, d.text) for d in CorpusGenerator().generate(n)]
    mb = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
    pipelines: dict[str, Callable[[], object]] = {
        "reference": lambda: reference_pipeline(docs),
        "newsclean": lambda: newsclean_pipeline(docs, workers=workers),
    }
    if only:
        pipelines = {only: pipelines[only]}
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, fn in pipelines.items():  # alternate, so drift hits both
            elapsed, _clusters = _timed(fn)
            best[name] = min(best.get(name, float("inf")), elapsed)
    print(f"{n} articles, {mb:.1f} MB, best of {rounds} rounds, workers={workers}")
    for name, fn in pipelines.items():
        t = best[name]
        print(
            f"  {name:<10} {n / t:>9.0f} articles/s {mb / t:>7.2f} MB/s  {t:>8.2f} s  peak RSS {peak_rss_mb(fn):>7.0f} MB"
        )
    if len(best) == 2:
        print(f"  ratio newsclean/reference: {best['reference'] / best['newsclean']:.1f}x")


def corpus_file(n: int, folder: Path) -> Path:
    """``n`` generated articles as JSONL in ``folder`` (written once, untimed, then reused)."""
    path = folder / f"articles-{n}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for d in CorpusGenerator().generate(n):
                out.write(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n")
        partial.rename(path)
    return path


def _read(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record["id"], record["text"]


def _child_run(path: Path, workers: int, queue: mp.Queue) -> None:
    started = time.perf_counter()
    clusters = newsclean_pipeline(_read(path), workers=workers)
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((wall, own, worker, len(clusters)))


def scale(sizes: list[int], workers: int, folder: Path) -> None:
    """newsclean alone on growing corpora read from JSONL files, each run in a fresh forked process:
    wall time, and the peak resident memory of that process and of its largest worker."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        path = corpus_file(n, folder)
        mb = path.stat().st_size / 1e6
        ctx = mp.get_context("fork")
        queue = ctx.Queue()
        proc = ctx.Process(target=_child_run, args=(path, workers, queue))
        proc.start()
        wall, own, worker, clusters = queue.get()
        proc.join()
        print(
            f"  {n:>8} articles ({mb:,.0f} MB of JSONL): {wall:8.1f} s, {n / wall:7.0f} articles/s, "
            f"peak RSS {own:6.0f} MB (largest worker {worker:5.0f} MB), {clusters} clusters"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--only", choices=("reference", "newsclean"))
    parser.add_argument("--scale", type=int, nargs="*", help="run newsclean alone at these sizes")
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "newsclean-bench",
        help="where --scale keeps its generated JSONL corpora (default: %(default)s)",
    )
    parser.add_argument("--no-quality", action="store_true")
    args = parser.parse_args()
    print("command: python " + " ".join([os.path.relpath(sys.argv[0]), *sys.argv[1:]]))
    print(f"cpus: {os.cpu_count()}, python {sys.version.split()[0]}, newsclean {newsclean.__version__}")
    if args.scale:
        scale(args.scale, args.workers, args.corpus_dir)
    else:
        compare(args.docs, args.rounds, args.workers, args.only)
    if not args.no_quality:
        print("quality: " + quality())


if __name__ == "__main__":
    main()
