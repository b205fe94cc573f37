"""The one call against the two-step ways: ``newsclean.process`` vs ``clean_many`` + ``cluster``.

    python benchmarks/bench_process.py --docs 3000 --rounds 2

Cases, on the same generated articles (``benchmarks/corpus.py``), best of ``--rounds``, CPU time
of this process (``time.process_time``):

* ``clean+cluster``: ``Cleaner().clean_many`` then ``cluster(cleaned)``, the obvious way, which
  cleans every text a second time inside ``cluster``;
* ``clean+cluster(clean=False)``: the same without the second clean (batch engine);
* ``process``: ``newsclean.process(records)``: one clean per document, the incremental
  ``Deduplicator`` in memory, records with their links out;
* ``process(sqlite)``: the same with an SQLite index in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import newsclean  # noqa: E402
from corpus import CorpusGenerator  # noqa: E402


def _cases(records: list[dict], folder: Path) -> dict[str, Callable[[], object]]:
    def two_step(clean: bool) -> object:
        cleaned = newsclean.Cleaner().clean_many(dict(r) for r in records)
        return newsclean.cluster(((r["id"], r["text"]) for r in cleaned), clean=clean)

    runs = iter(range(1_000_000))
    return {
        "clean+cluster": lambda: two_step(True),
        "clean+cluster(clean=False)": lambda: two_step(False),
        "process": lambda: sum(1 for _ in newsclean.process(dict(r) for r in records)),
        "process(sqlite)": lambda: sum(1 for _ in newsclean.process(
            (dict(r) for r in records), index=str(folder / f"run-{next(runs)}.sqlite"))),
    }


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag, default in (("--docs", 3000), ("--rounds", 2)):
        parser.add_argument(flag, type=int, default=default)
    return parser.parse_args()


def main() -> None:
    args = _options()
    command = " ".join([os.path.relpath(sys.argv[0]), *sys.argv[1:]])
    print(f"command: python {command}\ncpus: {os.cpu_count()}, python {sys.version.split()[0]}, "
          f"newsclean {newsclean.__version__}")
    records = [{"id": d.id, "text": d.text} for d in CorpusGenerator().generate(args.docs)]
    with tempfile.TemporaryDirectory() as tmp:
        cases = _cases(records, Path(tmp))
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for name, fn in cases.items():  # alternate, so drift hits every case
                started = time.process_time()
                fn()
                best[name] = min(best.get(name, float("inf")), time.process_time() - started)
    print(f"{args.docs} articles, best of {args.rounds} rounds (CPU seconds of this process)")
    for name, seconds in best.items():
        print(f"  {name:<28} {seconds:8.2f} s  {args.docs / seconds:8.0f} articles/s")


if __name__ == "__main__":
    main()
