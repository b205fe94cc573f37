"""Cleaning throughput: ``Cleaner().clean`` one by one, and ``Cleaner().clean_many`` (corpus pass on).

Two kinds of 3-5 KB articles, deterministic for a given ``--seed``:

``--corpus generator`` (default)
    :class:`corpus.CorpusGenerator`, the articles every speed figure of issue 4 uses (the reference
    pipeline and the clustering benchmarks): Zipf-vocabulary paragraphs, curly quotes, scraper
    residue, some mojibake, ~15% near-duplicates.
``--corpus seeds``
    the seed fixtures' sentences shuffled into paragraphs, with injected residue (ad markers,
    bylines, captions, copyright and contact lines, a repeated site footer) and 20% mojibake.

One-by-one cleaning is reported in CPU time of this process (``time.process_time``), which varies
less than the wall clock on a shared machine; ``clean_many`` with workers also in wall time, since
the work happens in other processes.

    python benchmarks/bench_clean.py --docs 2000 --workers 2
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy
import regex

from newsclean.cleaning.cleaner import Cleaner

FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"
SENTENCE_BREAK = regex.compile(r"(?<=[.!?][”\"]?)\s+(?=[“\"\p{Lu}])")
RESIDUE = [
    "ADVERTISEMENT",
    "Advertisement",
    "By Maria Gonzalez and Tom Becker, Staff writers",
    "Photo: Getty Images",
    "© 2024 Example Media Group. All rights reserved.",
    "To contact the reporter on this story: Jane Roe in Denver at jroe@example.com",
    "Story continues below advertisement",
    "Updated 4:15 PM ET",
]
FOOTER = "Get the morning briefing delivered to your inbox"


def seed_sentences() -> list[str]:
    """Every sentence of the seed articles' body lines."""
    sentences: list[str] = []
    for path in sorted(FIXTURES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 8:
                sentences.extend(s for s in SENTENCE_BREAK.split(line) if s.strip())
    return sentences


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, the commonest scraping accident."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def article(rng: random.Random, sentences: list[str]) -> str:
    """One 3-5 KB article: shuffled paragraphs of 2-4 sentences, residue lines, maybe mojibake."""
    target = rng.randint(3000, 5000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(rng.sample(sentences, rng.randint(2, 4)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    for _ in range(rng.randint(1, 4)):
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(RESIDUE))
    paragraphs.append(FOOTER)
    text = "\n\n".join(paragraphs)
    return mojibake(text) if rng.random() < 0.2 else text


def measure(label: str, run: Callable[[], int], total_bytes: int) -> None:
    """Print throughput by wall clock and by this process's CPU time, and CPU ms per article."""
    wall, cpu = time.perf_counter(), time.process_time()
    docs = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{label:<34} wall {docs / wall:8.1f} docs/s {total_bytes / wall / 1e6:6.2f} MB/s ({wall:.2f} s)"
        f" | this process's CPU {cpu / docs * 1e3:6.3f} ms/doc"
    )


def generator_articles(count: int, seed: int) -> list[str]:
    """``count`` articles from the shared benchmark corpus (imported from this directory)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus import CorpusGenerator

    return [doc.text for doc in CorpusGenerator(seed=seed).generate(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="articles to generate")
    parser.add_argument("--workers", type=int, default=2, help="processes for the clean_many run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also print cProfile's top N functions of clean()")
    parser.add_argument("--corpus", choices=["generator", "seeds"], default="generator", help="see the module docstring")
    args = parser.parse_args(argv)

    if args.corpus == "generator":
        texts = generator_articles(args.docs, args.seed)
    else:
        rng = random.Random(args.seed)
        sentences = seed_sentences()
        texts = [article(rng, sentences) for _ in range(args.docs)]
    total_bytes = sum(len(t.encode("utf-8")) for t in texts)
    cleaner = Cleaner()
    cleaner.clean(texts[0])  # imports and the first compiled patterns are not per-article costs
    print("$ python " + shlex.join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])]))
    print(f"{args.docs} articles, {total_bytes / 1e6:.1f} MB, mean {total_bytes / args.docs / 1e3:.1f} KB")

    def one_by_one() -> int:
        return sum(1 for text in texts if cleaner.clean(text) is not None)

    def many(workers: int) -> Callable[[], int]:
        return lambda: sum(1 for _ in cleaner.clean_many(texts, workers=workers))

    def ftfy_only() -> int:
        return sum(1 for text in texts if ftfy.fix_text(text) is not None)

    measure("ftfy.fix_text only (yardstick)", ftfy_only, total_bytes)
    measure("Cleaner().clean", one_by_one, total_bytes)
    measure("Cleaner().clean_many(workers=1)", many(1), total_bytes)
    if args.workers > 1:
        measure(f"Cleaner().clean_many(workers={args.workers})", many(args.workers), total_bytes)
    if args.profile:
        profile(one_by_one, args.profile)
    return 0


def profile(run: Callable[[], int], top: int) -> None:
    """Where the time of ``run`` goes: cProfile's functions by own time, then by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(run)
    for order in ("tottime", "cumulative"):
        pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(top)


if __name__ == "__main__":
    sys.exit(main())
