"""HTML in, speed: ms per page for the extractor alone and for newsclean's HTML mode, A/B in one process.

    python benchmarks/bench_html.py                  # the 711 WCXB pages, 3 rounds
    python benchmarks/bench_html.py --pages 200 --rounds 5

Three timings per page, interleaved page by page and round by round so the machine's noise falls
on all alike (CPU time of this process):

- ``trafilatura (defaults)``: ``trafilatura.extract(html, url=url)``, what a scraper runs alone;
- ``trafilatura (newsclean's options)``: the same call with the options the HTML mode uses;
- ``newsclean html``: ``Cleaner().clean(html=..., url=...)``: decoding, parsing, metadata, furniture,
  that extraction, the locator check and the rules.

``newsclean's share`` is the HTML mode's cost on top of the extraction it makes, as a share of that
extraction (issue 14's target: at most 25%).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_pages import pages_or_none


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--pages", type=int, default=0, help="the first N pages (default: all)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    import trafilatura

    import newsclean
    from newsclean.cleaning.html.extract import EXTRACTOR_OPTIONS

    pages = pages_or_none(args.data, "bench_html")
    if pages is None:
        return 2
    pages = pages[: args.pages] if args.pages else pages
    cleaner = newsclean.Cleaner()
    runs = {
        "trafilatura (defaults)": lambda p: trafilatura.extract(p["html"], url=p["url"]),
        "trafilatura (newsclean's options)": lambda p: trafilatura.extract(p["html"], url=p["url"], **EXTRACTOR_OPTIONS),
        "newsclean html": lambda p: cleaner.clean(html=p["html"], url=p["url"]),
    }
    totals: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        spent = dict.fromkeys(runs, 0.0)
        for page in pages:
            for name, run in runs.items():
                started = time.process_time()
                run(page)
                spent[name] += time.process_time() - started
        for name in runs:
            totals[name].append(spent[name] * 1000 / len(pages))
    print(f"# python benchmarks/bench_html.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"{len(pages)} pages, {args.rounds} rounds, median CPU ms per page")
    median = {name: statistics.median(values) for name, values in totals.items()}
    for name, value in median.items():
        print(f"  {name:<36} {value:7.2f} ms")
    extraction = median["trafilatura (newsclean's options)"]
    share = (median["newsclean html"] - extraction) / extraction
    print(f"  newsclean's share on top of its extraction: {share:+.1%}")
    print(f"  newsclean html / trafilatura (defaults): {median['newsclean html'] / median['trafilatura (defaults)']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
