"""A/B check of outputs: this tree's ``newsclean`` against an older tree, in one process.

The older package must be importable under another name, ``newsclean_old``, from a directory DIR
(default ``/tmp/ab``). To make it from a commit (e.g. the one before the cleaning/dedup subpackage
refactor, ``1119300^``)::

    mkdir -p DIR
    git archive <commit> src/newsclean | tar -x -C DIR
    mv DIR/src/newsclean DIR/newsclean_old
    find DIR/newsclean_old -type f -exec \\
        sed -i 's/\\bnewsclean\\./newsclean_old./g; s/from newsclean import/from newsclean_old import/g' {} +

then run ``python benchmarks/ab_outputs.py --old DIR``. The script checks that the old copy pulls in
no module of the new package (and the reverse).

Corpora: the fixtures (``fixtures/articles/*.txt``, id = file stem); each labelled set under
``tests/eval/*.jsonl`` (line records have a ``text``; document records are their labelled lines
joined by the record's ``separator``, as the evaluation builds them; id = the record's ``id`` or
``<file>:<line number>``); the WCXB development pages (``../shared/data/wcxb-dev``) once with
``whole_text`` and once with ``trafilatura_text``; and a generated corpus
(:class:`corpus.CorpusGenerator`, its near-duplicate variants included).

For each corpus, old and new are compared on:

* ``Cleaner().clean_many(records)``: every output record, as JSON;
* ``clean(text)`` of the first ``--clean-sample`` texts: text, removals (rule, start, end), metadata;
* ``cluster(docs)`` and ``cluster(docs, clean=False)``;
* ``Deduplicator().add_many(docs)``: per document its matches (other id, kind, similarity rounded to
  9 digits; then shared words and passages), and ``clusters()``. Every pair that differs is listed
  (up to ``--max-pairs``) with the exact Jaccard of its shingles, the MinHash estimate, the band keys
  it shares under each package's key scheme, its shared passage keys and what each package's
  ``verify`` says of it.

One line per corpus ("identical" or the first differences below it), then the wall time of each
step per package (informational: old runs first, so it pays the first-call costs). Exits 1 on any
difference.

Also informational (not in the exit status): the candidate pairs each package's band keys propose
(the refactor moved the Deduplicator from per-band MinHash keys to the batch engine's
one-permutation keys), with what the pairs only one scheme proposes verify as and whether the other
package reaches them through its exact or passage keys anyway (``--no-candidates`` skips it); and,
with ``--band-only``, the Deduplicator comparison again with ``min_shared_words=None``, where band
keys alone propose pairs.

    python benchmarks/ab_outputs.py [--old /tmp/ab] [--generated 3000] [--seed 7]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import importlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "fixtures" / "articles"
EVAL_DIR = ROOT / "tests" / "eval"
WCXB = ROOT.parent / "shared" / "data" / "wcxb-dev" / "articles.jsonl.gz"

# Where each package keeps the internals the pair report needs (module names differ by layout).
INTERNALS = {
    "newsclean_old": {
        "documents": "newsclean_old.dedup",
        "verify": "newsclean_old.verify",
        "signature": "newsclean_old.signature",
    },
    "newsclean": {
        "documents": "newsclean.dedup.documents",
        "verify": "newsclean.dedup.verify",
        "signature": "newsclean.dedup.signature",
    },
}

Record = dict[str, Any]


# -- corpora ----------------------------------------------------------------------------------------


class Corpus:
    def __init__(
        self, name: str, records: list[Record], notes: dict[str, str] | None = None, info: str = ""
    ) -> None:
        self.name = name
        self.records = records  # {"id", "text"} plus "url" / "title" where the source has them
        self.notes = notes or {}  # id -> what the id is (generated corpus: kind and parent)
        self.info = info  # shown after the document count

    @property
    def docs(self) -> list[Record]:
        keep = ("id", "text", "url")
        return [{k: r[k] for k in keep if k in r} for r in self.records]


def fixtures_corpus() -> Corpus:
    records = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(FIXTURES.glob("*.txt"))]
    return Corpus("fixtures", records)


def eval_corpora() -> list[Corpus]:
    corpora = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        records = []
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                raw = json.loads(line)
                if isinstance(raw.get("text"), str):
                    text = raw["text"]
                elif isinstance(raw.get("lines"), list):
                    text = raw.get("separator", "\n\n").join(item["text"] for item in raw["lines"])
                else:
                    continue
                record: Record = {"id": str(raw.get("id") or f"{path.stem}:{number}"), "text": text}
                if isinstance(raw.get("title"), str):
                    record["title"] = raw["title"]
                records.append(record)
        corpora.append(Corpus(f"eval/{path.stem}", records))
    return corpora


def wcxb_corpora(path: Path) -> list[Corpus]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    corpora = []
    for field in ("whole_text", "trafilatura_text"):
        records = [{"id": str(p["id"]), "text": p.get(field) or "", "url": p["url"]} for p in pages]
        corpora.append(Corpus(f"wcxb/{field}", records))
    return corpora


def generated_corpus(n: int, seed: int) -> Corpus:
    sys.path.insert(0, str(HERE))
    from corpus import CorpusGenerator

    records, notes = [], {}
    for doc in CorpusGenerator(seed=seed).generate(n):
        records.append({"id": doc.id, "text": doc.text})
        notes[doc.id] = doc.kind if doc.parent is None else f"{doc.kind} of {doc.parent}"
    kinds = Counter(note.split()[0] for note in notes.values())
    return Corpus(f"generated/{n}/seed{seed}", records, notes, info=str(dict(kinds)))


# -- small formatting helpers -----------------------------------------------------------------------


def short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def text_diff(old: str, new: str, context: int = 30) -> str:
    """Where two strings first differ, with a little context: ``@offset old '...' new '...'``."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            lo_a, lo_b = max(0, i1 - context), max(0, j1 - context)
            return f"@{i1} old {old[lo_a : i2 + context]!r} new {new[lo_b : j2 + context]!r}"
    return "(equal)"


def jsonable(value: object) -> object:
    return json.loads(json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr))


def dict_diff(old: dict, new: dict) -> list[str]:
    out = []
    for key in sorted(set(old) | set(new), key=str):
        a, b = old.get(key, "<absent>"), new.get(key, "<absent>")
        if a == b:
            continue
        if isinstance(a, str) and isinstance(b, str) and key == "text":
            out.append(f"{key} {text_diff(a, b)}")
        elif key == "removed" and isinstance(a, list) and isinstance(b, list):
            spans_a = [(r.get("rule"), r.get("start"), r.get("end")) for r in a]
            spans_b = [(r.get("rule"), r.get("start"), r.get("end")) for r in b]
            if spans_a == spans_b:
                out.append("removed: same spans, other removal text")
            else:
                only_a = [s for s in spans_a if s not in spans_b]
                only_b = [s for s in spans_b if s not in spans_a]
                out.append(f"removed: old only {short(only_a, 160)} new only {short(only_b, 160)}")
        elif isinstance(a, dict) and isinstance(b, dict):
            out.extend(f"{key}.{line}" for line in dict_diff(a, b))
        else:
            out.append(f"{key}: old {short(a)} new {short(b)}")
    return out


# -- steps ------------------------------------------------------------------------------------------


class Step:
    """One comparison: a summary for the corpus line and the differences found."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.summary = ""
        self.details: list[str] = []
        self.same = True
        self.times: tuple[float, float] = (0.0, 0.0)

    def differ(self, summary: str, details: list[str]) -> None:
        self.same = False
        self.summary = summary
        self.details = details

    def line(self) -> str:
        return f"{self.name}: {'identical' if self.same else 'DIFFERENT'} ({self.summary})"


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def both(step: Step, old: ModuleType, new: ModuleType, run: Callable[[ModuleType], Any]) -> tuple[Any, Any]:
    a, ta = timed(lambda: run(old))
    b, tb = timed(lambda: run(new))
    step.times = (ta, tb)
    return a, b


def compare_rows(step: Step, ids: list[str], old_rows: list, new_rows: list, what: str, limit: int) -> None:
    """Row-by-row comparison (same order): the first ``limit`` differing ids with their differences."""
    if len(old_rows) != len(new_rows):
        step.differ(f"{what}: old {len(old_rows)} rows, new {len(new_rows)}", [])
        return
    bad = [i for i, (a, b) in enumerate(zip(old_rows, new_rows, strict=True)) if a != b]
    if not bad:
        return
    details = []
    for i in bad[:limit]:
        lines = dict_diff(old_rows[i], new_rows[i]) if isinstance(old_rows[i], dict) else ["differs"]
        details.append(f"{ids[i]}: " + "; ".join(lines[:4]))
    step.differ(
        f"{len(bad)} of {len(old_rows)} {what} differ, first ids {[ids[i] for i in bad[:5]]}", details
    )


def step_clean_many(corpus: Corpus, old: ModuleType, new: ModuleType, limit: int) -> Step:
    step = Step("clean_many")
    a, b = both(step, old, new, lambda pkg: [jsonable(r) for r in pkg.Cleaner().clean_many(corpus.records)])
    removals = sum(len(r.get("removed") or ()) for r in b)
    step.summary = f"{len(b)} records, {removals} removals"
    compare_rows(step, [r["id"] for r in corpus.records], a, b, "records", limit)
    return step


def clean_view(result: Any) -> dict:
    return jsonable(
        {
            "text": result.text,
            "removed": [(r.rule, r.start, r.end) for r in result.removed],
            "metadata": result.metadata,
        }
    )


def step_clean(corpus: Corpus, old: ModuleType, new: ModuleType, sample: int, limit: int) -> Step:
    records = corpus.records[:sample]
    step = Step(f"clean[:{len(records)}]")
    a, b = both(step, old, new, lambda pkg: [clean_view(pkg.clean(r["text"])) for r in records])
    step.summary = f"{len(b)} texts, {sum(len(r['removed']) for r in b)} removals"
    for rows in (a, b):  # dict_diff speaks of "removed" spans as lists of dicts
        for row in rows:
            row["removed"] = [{"rule": s[0], "start": s[1], "end": s[2]} for s in row["removed"]]
    compare_rows(step, [r["id"] for r in records], a, b, "results", limit)
    return step


def cluster_stats(clusters: list[list]) -> str:
    multi = [c for c in clusters if len(c) > 1]
    return f"{len(clusters)} clusters, {len(multi)} with 2+ docs holding {sum(map(len, multi))}"


def compare_clusters(step: Step, a: list[list], b: list[list], limit: int) -> None:
    a = [[str(i) for i in c] for c in a]
    b = [[str(i) for i in c] for c in b]
    step.summary = cluster_stats(b)
    if a == b:
        return
    groups_a, groups_b = {frozenset(c) for c in a}, {frozenset(c) for c in b}
    if groups_a == groups_b:
        step.differ(f"same groups in another order; old {cluster_stats(a)}", [])
        return
    only_a = [c for c in a if frozenset(c) not in groups_b]
    only_b = [c for c in b if frozenset(c) not in groups_a]
    details = [f"old only: {short(c, 200)}" for c in only_a[:limit]]
    details += [f"new only: {short(c, 200)}" for c in only_b[:limit]]
    step.differ(
        f"old {cluster_stats(a)}; new {cluster_stats(b)}; {len(only_a)} old-only / {len(only_b)} new-only groups",
        details,
    )


def step_cluster(corpus: Corpus, old: ModuleType, new: ModuleType, clean: bool, limit: int) -> Step:
    step = Step("cluster" if clean else "cluster(clean=False)")
    docs = corpus.docs
    a, b = both(step, old, new, lambda pkg: pkg.cluster(docs, clean=clean))
    compare_clusters(step, a, b, limit)
    return step


# -- the incremental Deduplicator -------------------------------------------------------------------


def run_dedup(
    pkg: ModuleType, docs: list[Record], options: dict[str, Any]
) -> tuple[dict[str, list[tuple]], list[list[str]]]:
    with pkg.Deduplicator(**options) as dedup:
        found = {}
        for doc_id, matches in dedup.add_many(docs):
            found[doc_id] = [
                (
                    m.other,
                    m.kind,
                    round(m.similarity, 9),
                    m.shared_words,
                    tuple((p.start, p.end, p.other_start, p.other_end, p.text) for p in m.passages),
                )
                for m in matches
            ]
        return found, dedup.clusters()


class PairProbe:
    """Fingerprints a pair of documents with both packages and says what each makes of it."""

    def __init__(
        self, corpus: Corpus, old: ModuleType, new: ModuleType, options: dict[str, Any] | None = None
    ) -> None:
        self.records = {r["id"]: r for r in corpus.docs}
        self.notes = corpus.notes
        self.packages = {"old": old, "new": new}
        self.cache: dict[tuple[str, str], Any] = {}
        self.dedups = {side: pkg.Deduplicator(**(options or {})) for side, pkg in self.packages.items()}

    def module(self, side: str, part: str) -> ModuleType:
        return importlib.import_module(INTERNALS[self.packages[side].__name__][part])

    def entry(self, side: str, doc_id: str) -> Any:
        key = (side, doc_id)
        if key not in self.cache:
            documents = self.module(side, "documents")
            fingerprinter = self.dedups[side].fingerprinter
            doc = documents.as_document(self.records[doc_id])
            text = documents.prepare_text(doc, True, fingerprinter)
            self.cache[key] = fingerprinter.fingerprint(doc.id, text, doc.source)
        return self.cache[key]

    def holders(self, side: str) -> dict[bytes, list[str]]:
        """Key -> the documents holding it, in input order (``side``'s keys, whole corpus)."""
        key = (side, "<holders>")
        if key not in self.cache:
            table: dict[bytes, list[str]] = {}
            for doc_id in self.records:
                for k in set(self.entry(side, doc_id).keys):
                    table.setdefault(k, []).append(doc_id)
            self.cache[key] = table
        return self.cache[key]

    def representatives_note(self, side: str, a: Any, b: Any) -> str:
        """With ``DedupConfig.representatives`` (a document meets only the earliest holders of a key):
        of the shared keys, those under which ``b`` is among the earliest ``representatives`` holders."""
        first = getattr(self.dedups[side].config, "representatives", None)
        if first is None:
            return ""
        table = self.holders(side)
        kept = Counter(k[:1] for k in set(a.keys) & set(b.keys) if table[k].index(b.id) < first)
        return (
            f"; {b.id} among the first {first} holders of {kept[b'B']} band, {kept[b'P']} passage, "
            f"{kept[b'E']} exact of them (representatives={first})"
        )

    @staticmethod
    def shared(a: Any, b: Any, prefix: bytes) -> int:
        return len({k for k in a.keys if k.startswith(prefix)} & {k for k in b.keys if k.startswith(prefix)})

    def describe(self, doc_id: str, other: str) -> str:
        parts = []
        verdicts = {}
        for side in ("old", "new"):
            a, b = self.entry(side, doc_id), self.entry(side, other)
            verify = self.module(side, "verify")
            match = verify.verify(a, b, self.dedups[side].config)
            verdicts[side] = "no link" if match is None else f"{match.kind} {match.similarity:.4f}"
            parts.append(
                f"{side}: band keys shared {self.shared(a, b, b'B')}, passage keys {self.shared(a, b, b'P')}"
                f" (need {self.dedups[side]._min_passage_keys}), exact {self.shared(a, b, b'E')}"
                + self.representatives_note(side, a, b)
            )
        a, b = self.entry("new", doc_id), self.entry("new", other)
        jaccard = self.module("new", "verify").gram_jaccard(a.grams, b.grams)
        estimate = self.module("new", "signature").estimate_jaccard(a.signature, b.signature)
        old_a, old_b = self.entry("old", doc_id), self.entry("old", other)
        same_prints = (
            old_a.grams.tobytes() == a.grams.tobytes()
            and old_b.grams.tobytes() == b.grams.tobytes()
            and old_a.signature.tobytes() == a.signature.tobytes()
            and old_b.signature.tobytes() == b.signature.tobytes()
        )
        notes = ""
        if self.notes:
            notes = f" [{doc_id}: {self.notes.get(doc_id)}; {other}: {self.notes.get(other)}]"
        return (
            f"words {a.words}/{b.words}, Jaccard {jaccard:.4f} (MinHash est. {estimate:.4f}), "
            f"shingles+MinHash {'same' if same_prints else 'DIFFER'} in both packages; "
            + "; ".join(parts)
            + f"; verify: old {verdicts['old']}, new {verdicts['new']}{notes}"
        )

    def band_pairs(self, side: str, order: dict[str, int]) -> set[tuple[str, str]]:
        """Pairs ``(newer, earlier)`` sharing a band key under ``side``'s scheme (buckets up to ``max_bucket``)."""
        buckets: dict[bytes, list[str]] = {}
        for doc_id in order:
            for key in {k for k in self.entry(side, doc_id).keys if k.startswith(b"B")}:
                buckets.setdefault(key, []).append(doc_id)
        limit = self.dedups[side].config.max_bucket
        pairs = set()
        for ids in buckets.values():
            if len(ids) < 2 or (limit is not None and len(ids) > limit):
                continue
            for x, y in combinations(ids, 2):
                pairs.add((x, y) if order[x] > order[y] else (y, x))
        return pairs

    def other_reach(self, side: str, doc_id: str, other: str) -> tuple[bool, int]:
        """Whether ``side``'s Deduplicator proposes the pair by its exact or passage keys; shared passage keys."""
        a, b = self.entry(side, doc_id), self.entry(side, other)
        passages = self.shared(a, b, b"P")
        return self.shared(a, b, b"E") > 0 or passages >= self.dedups[side]._min_passage_keys, passages

    def verdict(self, doc_id: str, other: str) -> tuple[str, float]:
        a, b = self.entry("new", doc_id), self.entry("new", other)
        match = self.module("new", "verify").verify(a, b, self.dedups["new"].config)
        jaccard = self.module("new", "verify").gram_jaccard(a.grams, b.grams)
        return ("none" if match is None else match.kind), jaccard

    def close(self) -> None:
        for dedup in self.dedups.values():
            dedup.close()


def band_candidates(
    corpus: Corpus, old: ModuleType, new: ModuleType, max_pairs: int, show_all: bool = False
) -> list[str]:
    """Informational: the candidate pairs each band-key scheme proposes, and what the differing ones verify as.

    Differences here change no output by themselves: a pair becomes a link only if verification
    passes, and a pair can also be proposed by its passage or exact keys, which both schemes share.
    """
    probe = PairProbe(corpus, old, new)
    try:
        order = {r["id"]: i for i, r in enumerate(corpus.docs)}
        pairs = {side: probe.band_pairs(side, order) for side in ("old", "new")}
        lines = [
            f"band-key candidate pairs (informational): old {len(pairs['old'])}, new {len(pairs['new'])}, "
            f"both {len(pairs['old'] & pairs['new'])}"
        ]
        for side, other_side in (("old", "new"), ("new", "old")):
            only = sorted(pairs[side] - pairs[other_side], key=lambda p: (order[p[0]], order[p[1]]))
            if not only:
                continue
            verdicts = {pair: probe.verdict(*pair) for pair in only}
            kinds = Counter(kind for kind, _ in verdicts.values())
            top = max(j for _, j in verdicts.values())
            # The Deduplicator also proposes a pair sharing its exact key or enough passage keys,
            # which both schemes compute alike: only a linked pair without them can change outputs.
            reach = {pair: probe.other_reach(other_side, *pair) for pair in only}
            unreached = [pair for pair in only if verdicts[pair][0] != "none" and not reach[pair][0]]
            fewest = min(n for _, n in reach.values())
            lines.append(
                f"{side}-scheme-only candidates: {len(only)}, verify as {dict(sorted(kinds.items()))}, "
                f"max Jaccard {top:.4f}; {len(only) - sum(r for r, _ in reach.values())} not proposed by "
                f"exact/passage keys under {other_side} (fewest shared passage keys {fewest}), "
                f"{len(unreached)} of them links"
            )
            listed = only if show_all else unreached
            for doc_id, other in listed[:max_pairs]:
                lines.append(f"  {side}-only candidate {doc_id} -> {other}: {probe.describe(doc_id, other)}")
            if len(listed) > max_pairs:
                lines.append(f"  ... {len(listed) - max_pairs} more")
        return lines
    finally:
        probe.close()


def step_dedup(
    corpus: Corpus,
    old: ModuleType,
    new: ModuleType,
    max_pairs: int,
    limit: int,
    options: dict[str, Any] | None = None,
) -> list[Step]:
    options = options or {}
    label = f"Deduplicator({', '.join(f'{k}={v!r}' for k, v in options.items())})"
    step, cl_step = Step(f"{label}.add_many"), Step(f"{label}.clusters")
    docs = corpus.docs
    (found_a, clusters_a), (found_b, clusters_b) = both(
        step, old, new, lambda pkg: run_dedup(pkg, docs, options)
    )
    cl_step.times = step.times
    links = sum(map(len, found_b.values()))
    kinds = Counter(m[1] for ms in found_b.values() for m in ms)
    step.summary = f"{len(found_b)} docs, {links} links {dict(sorted(kinds.items()))}"
    if list(found_a) != list(found_b):
        step.differ(f"other documents or order: old {len(found_a)} ids, new {len(found_b)}", [])
    else:
        only_old, only_new, changed, detail_only, reordered = [], [], [], [], []
        for doc_id in found_a:
            ma, mb = found_a[doc_id], found_b[doc_id]
            if ma == mb:
                continue
            by_a, by_b = {m[0]: m for m in ma}, {m[0]: m for m in mb}
            for other in by_a.keys() - by_b.keys():
                only_old.append((doc_id, other, by_a[other], None))
            for other in by_b.keys() - by_a.keys():
                only_new.append((doc_id, other, None, by_b[other]))
            for other in by_a.keys() & by_b.keys():
                x, y = by_a[other], by_b[other]
                if x[:3] != y[:3]:
                    changed.append((doc_id, other, x, y))
                elif x != y:
                    detail_only.append((doc_id, other, x, y))
            if sorted(ma) == sorted(mb):
                reordered.append(doc_id)
        pairs = only_old + only_new + changed + detail_only
        if pairs or reordered:
            probe = PairProbe(corpus, old, new, options)
            details = []
            for label, group in (
                ("old only", only_old),
                ("new only", only_new),
                ("kind/similarity differ", changed),
                ("shared words/passages differ", detail_only),
            ):
                for doc_id, other, x, y in group[:max_pairs]:
                    said_a = "no link" if x is None else f"{x[1]} {x[2]}"
                    said_b = "no link" if y is None else f"{y[1]} {y[2]}"
                    details.append(
                        f"{label}: {doc_id} -> {other}: old {said_a}, new {said_b} | {probe.describe(doc_id, other)}"
                    )
                    if label == "shared words/passages differ":
                        details.append(f"    old {short(x[3:], 200)} / new {short(y[3:], 200)}")
                if len(group) > max_pairs:
                    details.append(f"{label}: ... {len(group) - max_pairs} more pairs")
            if reordered:
                details.append(
                    f"same matches in another order for {len(reordered)} docs: {reordered[:limit]}"
                )
            probe.close()
            by_kind = Counter(f"old-only:{x[1]}" for _, _, x, _ in only_old)
            by_kind.update(f"new-only:{y[1]}" for _, _, _, y in only_new)
            step.differ(
                f"{len(only_old)} pairs only old, {len(only_new)} only new, {len(changed)} kind/similarity, "
                f"{len(detail_only)} passages only, {len(reordered)} reordered; {dict(sorted(by_kind.items()))}; "
                f"old {sum(map(len, found_a.values()))} links, new {links}",
                details,
            )
    compare_clusters(cl_step, clusters_a, clusters_b, limit)
    return [step, cl_step]


# -- main -------------------------------------------------------------------------------------------


def import_packages(old_dir: Path) -> tuple[ModuleType, ModuleType]:
    sys.path.insert(0, str(old_dir))
    old = importlib.import_module("newsclean_old")
    if not Path(old.__file__).resolve().is_relative_to(old_dir.resolve()):
        sys.exit(f"newsclean_old was imported from {old.__file__}, not from {old_dir}")
    for name in ("Cleaner", "clean", "cluster", "Deduplicator"):
        getattr(old, name)
    leaked = sorted(n for n in sys.modules if n == "newsclean" or n.startswith("newsclean."))
    if leaked:
        sys.exit(f"the old copy imports the new package ({leaked[:5]}): rewrite its imports (see --help)")
    new = importlib.import_module("newsclean")
    return old, new


def check_isolation(old: ModuleType, new: ModuleType) -> str:
    """Every loaded module of each package comes from its own tree."""
    old_root = Path(old.__file__).resolve().parent
    new_root = Path(new.__file__).resolve().parent
    wrong = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path is None:
            continue
        if name.split(".")[0] == "newsclean_old" and not Path(path).resolve().is_relative_to(old_root):
            wrong.append(name)
        if name.split(".")[0] == "newsclean" and not Path(path).resolve().is_relative_to(new_root):
            wrong.append(name)
    n_old = sum(1 for n in sys.modules if n.split(".")[0] == "newsclean_old")
    n_new = sum(1 for n in sys.modules if n.split(".")[0] == "newsclean")
    if wrong:
        return f"modules loaded from the wrong tree: {wrong}"
    return f"{n_old} old modules all from {old_root}, {n_new} new modules all from {new_root}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--old", type=Path, default=Path("/tmp/ab"), help="directory holding newsclean_old")
    parser.add_argument("--wcxb", type=Path, default=WCXB)
    parser.add_argument("--generated", type=int, default=3000, help="generated articles (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clean-sample", type=int, default=300)
    parser.add_argument(
        "--max-pairs", type=int, default=50, help="differing Deduplicator pairs listed per kind"
    )
    parser.add_argument("--limit", type=int, default=5, help="differing records/clusters listed per step")
    parser.add_argument(
        "--no-candidates",
        dest="candidates",
        action="store_false",
        help="skip the informational comparison of band-key candidate pairs",
    )
    parser.add_argument(
        "--show-candidates",
        action="store_true",
        help="list every band-key candidate pair only one scheme proposes",
    )
    parser.add_argument(
        "--band-only",
        action="store_true",
        help="also compare Deduplicator(min_shared_words=None), where band keys alone propose pairs "
        "(informational: not in the exit status)",
    )
    parser.add_argument("--only", default="", help="run only corpora whose name contains this")
    args = parser.parse_args()

    old, new = import_packages(args.old)
    print(f"old: {Path(old.__file__).parent}  new: {Path(new.__file__).parent}")

    corpora = [fixtures_corpus(), *eval_corpora()]
    if args.wcxb.exists():
        corpora += wcxb_corpora(args.wcxb)
    else:
        print(f"(no {args.wcxb}: WCXB corpora skipped)")
    if args.generated:
        corpora.append(generated_corpus(args.generated, args.seed))
    corpora = [c for c in corpora if args.only in c.name]

    failed = []
    for corpus in corpora:
        steps = [
            step_clean_many(corpus, old, new, args.limit),
            step_clean(corpus, old, new, args.clean_sample, args.limit),
            step_cluster(corpus, old, new, True, args.limit),
            step_cluster(corpus, old, new, False, args.limit),
            *step_dedup(corpus, old, new, args.max_pairs, args.limit),
        ]
        band_only = (
            step_dedup(corpus, old, new, args.max_pairs, args.limit, {"min_shared_words": None})
            if args.band_only
            else []
        )
        candidates = (
            band_candidates(corpus, old, new, args.max_pairs, args.show_candidates) if args.candidates else []
        )
        same = all(s.same for s in steps)
        extra = f" {corpus.info}" if corpus.info else ""
        print(
            f"{corpus.name} ({len(corpus.records)} docs{extra}): {'identical' if same else 'DIFFERENT'} | "
            + " | ".join(s.line() for s in steps),
            flush=True,
        )
        for s in steps:
            for detail in s.details:
                print(f"    [{s.name}] {detail}")
        timing = ", ".join(
            f"{s.name} {s.times[0]:.2f}/{s.times[1]:.2f}" for s in steps if not s.name.endswith(".clusters")
        )
        print(f"    time old/new (s): {timing}", flush=True)
        for line in candidates:
            print(f"    {line}", flush=True)
        for s in band_only:
            print(f"    (informational, not in the exit status) {s.line()}")
            for detail in s.details:
                print(f"        [{s.name}] {detail}")
        if band_only:
            print(
                f"    time old/new (s): {band_only[0].name} {band_only[0].times[0]:.2f}/{band_only[0].times[1]:.2f}"
            )
        if not same:
            failed.append(corpus.name)

    print(check_isolation(old, new))
    if failed:
        print(f"DIFFERENT: {', '.join(failed)}")
        return 1
    print(f"all {len(corpora)} corpora identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
