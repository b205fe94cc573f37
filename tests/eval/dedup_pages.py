"""A labelled duplicate set built from real pages (WCXB dev articles), and its pairwise figures per kind.

    python tests/eval/dedup_pages.py                 # raw whole-page text and cleaned text
    python tests/eval/dedup_pages.py --text raw --engine incremental --worst 5

Each page of ``../shared/data/wcxb-dev/articles.jsonl.gz`` (or ``NEWSCLEAN_WCXB``) is cut into its
**chrome** (the lines of its whole visible text above and below the human-reviewed main content)
and its **body** (the main content). Documents are whole pages, as a scraper hands them over:

positive kinds (each linked to its ``original``, the whole page of the article it copies)
    ``syndicated`` the article's body inside another site's chrome; ``truncated`` its first 40%
    there; ``edited`` there with a paragraph dropped, a sentence added and words changed;
    ``mojibake`` there read as Windows-1252; ``reuse`` another article's page with a 60-130-word
    passage of the article set into its body.
negative kinds (must link to nothing)
    ``template``: a page that carries another page's chrome around a different article, on the
    same host and on a sister host (``uk.`` + host), three pages of one template in all;
    ``quote``: a page with one sentence of 25 words or fewer of another article;
    ``footer``: pages of four sites (one group) that share only a block of another page's chrome
    (its footer: legal, cookie and paywall notices, menus) set at the end.

Pages serve one role each, so no pair is related by accident. Precision per kind: of the predicted
(co-cluster) pairs involving a document of that kind, the share that is true; recall: of the true
pairs of that kind, the share found. ``tests/eval/test_dedup_pages.py`` pins floors on these.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the generated set's Score

from dedup_corpus import LabelledCorpus, Score

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "wcxb-dev" / "articles.jsonl.gz"
POSITIVE = ("syndicated", "truncated", "edited", "mojibake", "reuse")
NEGATIVE = ("template", "quote", "footer")
MIN_BODY_WORDS = 250
SEED = 2026
GROUP_SITES = 4  # sites of one group sharing a footer block: a template is what many pages hold


def data_path() -> Path:
    return Path(os.environ.get("NEWSCLEAN_WCXB", DEFAULT_DATA))


@dataclass(frozen=True)
class Page:
    """A real page cut into its chrome above and below the article, and the article's paragraphs."""

    url: str
    head: list[str]
    body: list[str]
    tail: list[str]

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    def whole(self, body: list[str] | None = None) -> str:
        return "\n".join([*self.head, *(self.body if body is None else body), *self.tail])


def cut(record: dict) -> Page | None:
    """The page's chrome and body, or ``None`` when the body cannot be found in its whole text."""
    lines = [line.strip() for line in record["whole_text"].splitlines() if line.strip()]
    body = [p.strip() for p in record["main_content"].split("\n") if p.strip()]
    inside = set(body)
    found = [i for i, line in enumerate(lines) if line in inside]
    if len(found) < 3 or sum(len(p.split()) for p in body) < MIN_BODY_WORDS:
        return None
    return Page(record["url"], lines[: found[0]], body, lines[found[-1] + 1 :])


def load_pages(path: Path) -> list[Page]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        cut_pages = (cut(json.loads(line)) for line in handle)
        return [p for p in cut_pages if p is not None and len(p.head) >= 5]


class LabelledSet(LabelledCorpus):
    """The generated set's record of each document's true cluster and kind; documents carry their
    URL and no ``source``, so the source is the URL's registered domain, as for a crawl."""

    def add(self, doc_id: str, text: str, url: str, cluster: str, kind: str) -> None:  # type: ignore[override]
        super().add(doc_id, text, "", cluster, kind)
        self.docs[-1] = {"id": doc_id, "text": text, "url": url}


def _sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", p) if s]


def _passage(body: list[str], rng: random.Random, low: int = 60, high: int = 130) -> str | None:
    """Consecutive sentences of ``body`` totalling ``low``-``high`` words."""
    sentences = _sentences(body)
    starts = list(range(len(sentences)))
    rng.shuffle(starts)
    for start in starts:
        taken: list[str] = []
        for sentence in sentences[start:]:
            taken.append(sentence)
            words = sum(len(s.split()) for s in taken)
            if low <= words <= high:
                return " ".join(taken)
            if words > high:
                break
    return None


def _quote(body: list[str], rng: random.Random) -> str | None:
    fitting = [s for s in _sentences(body) if 12 <= len(s.split()) <= 25]
    return rng.choice(fitting) if fitting else None


def _insert(body: list[str], paragraph: str, rng: random.Random) -> list[str]:
    at = rng.randrange(1, len(body)) if len(body) > 1 else 1
    return [*body[:at], paragraph, *body[at:]]


def _edit(body: list[str], rng: random.Random) -> list[str]:
    edited = list(body)
    if len(edited) > 3:
        del edited[rng.randrange(1, len(edited))]
    edited.insert(1, "This story has been updated with a response from the company.")
    return [re.sub(r"\b(said|says)\b", "told reporters", p, count=1) for p in edited]


def _mojibake(lines: list[str]) -> list[str]:
    return [line.encode("utf-8").decode("cp1252", errors="ignore") for line in lines]


def _copy_body(kind: str, body: list[str], rng: random.Random) -> list[str]:
    """The article's paragraphs as a copy of ``kind`` carries them."""
    if kind == "truncated":
        return body[: max(2, len(body) * 2 // 5)]
    if kind == "edited":
        return _edit(body, rng)
    if kind == "mojibake":
        return _mojibake(body)
    return body


def _host_url(host: str, name: str) -> str:
    return f"https://{host}/{name}"


def build(pages: list[Page], bases: int = 100, seed: int = SEED) -> LabelledSet:
    """The labelled set from ``pages``: ``bases`` articles with their copies, plus the negatives."""
    rng = random.Random(seed)
    pool = list(pages)
    rng.shuffle(pool)
    out = LabelledSet()

    def take() -> Page:
        return pool.pop()

    for n in range(bases):
        if len(pool) < 6:
            break
        original = take()
        name = f"b{n:03d}"
        out.add(f"{name}-original", original.whole(), original.url, name, "original")
        kind = POSITIVE[n % len(POSITIVE)]
        host = take()
        if kind == "reuse":
            passage = _passage(original.body, rng)
            if passage is None:
                continue
            text = host.whole(_insert(host.body, passage, rng))
        else:
            body = _copy_body(kind, original.body, rng)
            text = "\n".join([*host.head, *body, *host.tail])
        out.add(f"{name}-{kind}", text, _host_url(host.host, f"{name}-{kind}"), name, kind)
    _negatives(out, pool, rng, bases)
    return out


def _negatives(out: LabelledSet, pool: list[Page], rng: random.Random, count: int) -> None:
    """Template, quote and footer documents: each must stay alone."""
    for n in range(count // 3):
        if len(pool) < 7 + GROUP_SITES:
            return
        frame, first, second = pool.pop(), pool.pop(), pool.pop()
        sister = "uk." + frame.host.removeprefix("www.")
        out.add(f"t{n:03d}-frame", frame.whole(), frame.url, f"t{n:03d}-frame", "template")
        out.add(f"t{n:03d}-a", frame.whole(first.body), _host_url(frame.host, f"t{n:03d}-a"), f"t{n:03d}-a", "template")
        out.add(f"t{n:03d}-b", frame.whole(second.body), _host_url(sister, f"t{n:03d}-b"), f"t{n:03d}-b", "template")
        quoted, quoting = pool.pop(), pool.pop()
        sentence = _quote(quoted.body, rng)
        out.add(f"q{n:03d}-a", quoted.whole(), quoted.url, f"q{n:03d}-a", "quote")
        if sentence is not None:
            text = quoting.whole(_insert(quoting.body, sentence, rng))
            out.add(f"q{n:03d}-b", text, quoting.url, f"q{n:03d}-b", "quote")
        donor, sites = pool.pop(), [pool.pop() for _ in range(GROUP_SITES)]
        block = donor.tail[-12:] if len(donor.tail) >= 4 else donor.head[:12]
        for i, site in enumerate(sites):
            out.add(f"f{n:03d}-{i}", "\n".join([*site.head, *site.body, *site.tail, *block]), site.url,
                    f"f{n:03d}-{i}", "footer")


def _pairs(groups: Iterable[list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in combinations(group, 2)}


def score(clusters: list[list[str]], labelled: LabelledSet) -> dict[str, Score]:
    """Pairwise figures per kind and over all documents."""
    truth: dict[str, list[str]] = {}
    for doc_id, label in labelled.cluster.items():
        truth.setdefault(label, []).append(doc_id)
    true_pairs, predicted = _pairs(truth.values()), _pairs([[str(i) for i in g] for g in clusters])
    scores = {}
    for kind in (*POSITIVE, *NEGATIVE, "original"):
        mine = {p for p in predicted if any(labelled.kind[d] == kind for d in p)}
        true = {p for p in true_pairs if any(labelled.kind[d] == kind for d in p)}
        scores[kind] = Score(kind, len(true), len(true & predicted), len(mine), len(mine & true_pairs))
    found = true_pairs & predicted
    scores["all"] = Score("all", len(true_pairs), len(found), len(predicted), len(found))
    return scores


def wrong_pairs(clusters: list[list[str]], labelled: LabelledSet) -> list[tuple[str, str]]:
    truth = {doc_id: label for doc_id, label in labelled.cluster.items()}
    return sorted(tuple(sorted(p)) for p in _pairs([[str(i) for i in g] for g in clusters])
                  if len({truth[d] for d in p}) > 1)


def report(scores: dict[str, Score]) -> str:
    lines = [f"{'kind':<12}{'predicted':>10}{'correct':>8}{'precision':>10}{'true':>6}{'found':>6}{'recall':>8}"]
    for s in scores.values():
        lines.append(f"{s.kind:<12}{s.predicted_pairs:>10}{s.correct_pairs:>8}{s.precision:>10.4f}"
                     f"{s.true_pairs:>6}{s.found_pairs:>6}{s.recall:>8.4f}")
    return "\n".join(lines)


def evaluate(labelled: LabelledSet, text: str, engine: str = "batch") -> tuple[dict[str, Score], list[list[str]]]:
    """Clusters of the set on ``raw`` whole-page text or on ``cleaned`` text, and their figures;
    ``engine`` ``batch`` is :func:`newsclean.cluster`'s, ``incremental`` the Deduplicator's."""
    from newsclean.dedup.clustering import cluster

    where = {"index": "memory"} if engine == "incremental" else {}
    clusters = cluster(labelled.docs, clean=(text == "cleaned"), **where)
    return score(clusters, labelled), clusters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--text", choices=("raw", "cleaned", "both"), default="both")
    parser.add_argument("--bases", type=int, default=100)
    parser.add_argument("--engine", choices=("batch", "incremental"), default="batch")
    parser.add_argument("--worst", type=int, default=0, help="print this many wrongly linked pairs")
    args = parser.parse_args(argv)
    path = data_path()
    if not path.is_file():
        print(f"no WCXB pages at {path} (set NEWSCLEAN_WCXB)", file=sys.stderr)
        return 2
    labelled = build(load_pages(path), args.bases)
    for text in ("raw", "cleaned") if args.text == "both" else (args.text,):
        scores, clusters = evaluate(labelled, text, args.engine)
        print(f"== {text} ({args.engine}): {len(labelled.docs)} documents, {len(clusters)} clusters")
        print(report(scores))
        for pair in wrong_pairs(clusters, labelled)[: args.worst]:
            print("  wrong:", *pair)
    return 0


if __name__ == "__main__":
    sys.exit(main())
