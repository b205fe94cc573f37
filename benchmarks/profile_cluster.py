"""Where ``cluster(docs, clean=False)`` spends its time: CPU seconds per stage, by wrapping the stage functions.

    python benchmarks/profile_cluster.py --docs 10000
    python benchmarks/profile_cluster.py --docs 10000 --cleaned   # texts cleaned first (untimed), as end to end

``--cleaned`` clusters what ``Cleaner().clean_many`` made of the articles, which is what the
end-to-end pipeline clusters: the mojibake is repaired already, so the encoding check finds nothing.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsclean
from corpus import CorpusGenerator
from newsclean.dedup import batch, fingerprint

STAGES = [
    (batch, "prepare_text", "encoding check + ftfy repair (matching_text)"),
    (fingerprint, "chunk_shingles", "tokenize + token hashes + shingles (chunk_shingles)"),
    (fingerprint, "one_permutation_signatures", "one-permutation signatures"),
    (fingerprint, "passage_keys", "winnowed passage keys"),
    (fingerprint, "band_hashes", "band keys"),
    (batch, "candidate_pairs", "final: sort keys + candidate pairs"),
    (batch, "verify", "final: verify candidate pairs"),
    (batch.BatchClusterer, "add", "store (gram file, key tables)"),
]


def _wrap(owner: object, name: str, label: str, spent: dict[str, float]) -> None:
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def timed(*args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started

    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--cleaned", action="store_true", help="cluster the cleaned texts (cleaning untimed)")
    args = parser.parse_args()
    spent: dict[str, float] = {}
    for owner, name, label in STAGES:
        _wrap(owner, name, label, spent)
    docs = [(d.id, d.text) for d in CorpusGenerator().generate(args.docs)]
    if args.cleaned:
        docs = [(r["id"], r["text"]) for r in newsclean.Cleaner().clean_many({"id": i, "text": t} for i, t in docs)]
    newsclean.cluster(docs[:5], clean=False)
    spent.clear()
    started = time.process_time()
    newsclean.cluster(docs, clean=False)
    total = time.process_time() - started
    print(f"{len(docs)} docs, {total:.2f} s CPU, {len(docs) / total:.0f} docs/CPU-s")
    spent["other (input records, exact hashes, union-find, grouping)"] = total - sum(spent.values())
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {seconds / total * 100:5.1f}%  {seconds / len(docs) * 1e6:6.1f} us/doc  {label}")


if __name__ == "__main__":
    main()
