"""``newsclean dedup``: cluster near-duplicates and text reuse in a JSONL file, a folder of ``.txt`` or stdin.

Output (JSONL, to ``-o`` or stdout), written once every record has been read, because a later
document can join two earlier clusters:

``--format records`` (default)
    one line per input record: ``{"id", "cluster", "duplicate_of", "reuses", "kind"}``, where
    ``cluster`` is the id of the cluster's first member, ``duplicate_of`` the earlier document this
    one is an exact copy or near-duplicate of (or ``null``), ``reuses`` the earlier documents it
    only shares a passage with, and ``kind`` ``exact``, ``near_duplicate``, ``shared_passage`` or
    ``unique`` (see :mod:`newsclean.dedup.links`); with ``--explain`` also ``"matches"`` (kind,
    similarity, shared words, passages with their text). Join it with the input on ``id``.
    ``--drop-duplicates`` writes only the records whose ``duplicate_of`` is null: one of each
    story, articles that reuse a passage included.
``--format clusters``
    one line per cluster: ``{"cluster", "members"}``; with ``--explain`` also ``"pairs"``, the links
    that made it.

With ``--index``, clusters and the explanation cover every document stored in the index, and a
cluster's id may be a document of an earlier run (links from earlier runs show no passage text). ``--explain`` also prints a readable account of
every cluster with more than one member: to stdout when ``-o`` names a file, else to stderr (stdout
holds the JSONL), as ``newsclean clean`` does.

A line that is not JSON, a record without an id (``.txt`` files are named by their stem) or a
string text, or an id seen before is reported on stderr and left
out of the clustering; the exit code is then 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import IO

from newsclean.cli.mismatch import named_mismatch
from newsclean.cli.output import (
    MAX_QUOTED,
    Summary,
    add_io_arguments,
    check_index_location,
    excerpt,
    input_records,
    progress,
)
from newsclean.dedup.deduplicator import Deduplicator
from newsclean.dedup.documents import Document, as_document
from newsclean.dedup.links import Links, links_of
from newsclean.errors import ConfigError
from newsclean.io import Source, atomic_output, dump, no_id
from newsclean.results import Match

EXCERPT = 110
"""Characters of a shared passage shown by ``--explain``."""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "dedup",
        help="cluster near-duplicates and articles sharing long passages (JSONL in, JSONL out)",
        description="Find syndicated, truncated, edited and mangled copies and articles reproducing a "
        "long passage of another, with MinHash LSH; write each record's cluster or the clusters.",
    )
    add_io_arguments(parser)
    parser.add_argument("--format", choices=("records", "clusters"), default="records", help="one line per record (default) or per cluster")
    parser.add_argument("--explain", action="store_true", help="add each link's kind, similarity and shared passages")
    parser.add_argument("--summary", action="store_true", help="print how many records are of each kind at the end")
    parser.add_argument("--drop-duplicates", action="store_true",
                        help="with --format records: write only records whose duplicate_of is null (reuse is kept)")
    parser.add_argument("--id-field", default="id", metavar="F", help="field holding the id (default: id)")
    parser.add_argument("--threshold", type=float, metavar="X", help="near-duplicate Jaccard threshold (default 0.5)")
    parser.add_argument("--index", metavar="PATH_OR_URL", help="SQLite file or redis:// URL to keep fingerprints in")
    parser.add_argument("--no-clean", action="store_true", help="fingerprint the text as given, without the cleaner")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local (default), or dask: a folder of JSONL/Parquet shards in, -o folder of shards out (docs/scale.md)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: tcp://HOST:PORT (default: a local cluster)")
    parser.add_argument("--verbose", action="store_true", help="with --engine dask: show Dask's own log lines on stderr")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.engine == "dask":
        from newsclean.dask.shards import run_cli

        return run_cli(args)
    if args.scheduler:
        raise ConfigError("--scheduler needs --engine dask")
    if args.drop_duplicates and args.format != "records":
        raise ConfigError("--drop-duplicates needs --format records")
    failures: list[str] = []
    # Without --explain only each document's links (ids) are kept, not its matches: a day's crawl
    # has millions of them.
    results: list[tuple[str, Links, list[Match]]] = []
    pairs, total = input_records(args)
    check_index_location(args.index)
    with named_mismatch(args.index, args.threshold):
        dedup = Deduplicator(args.threshold, index=args.index, clean=not args.no_clean)
    with dedup:
        documents = _documents(pairs, args, dedup, failures)
        stdin = args.input in (None, "-")
        for doc_id, matches in progress(dedup.add_many(documents), args.no_progress, "dedup", total, stdin=stdin):
            # ids as the index stores them (str), as the Dask engine writes them
            results.append((str(doc_id), links_of(matches), matches if args.explain else []))
        links: list[Match] = []
        if args.explain:  # this run's matches carry passage text; links of earlier runs (--index) only offsets
            this_run = {doc_id for doc_id, *_ in results}
            links = [m for m in dedup.links() if m.id not in this_run] + [m for *_, found in results for m in found]
        groups = [[str(i) for i in group] for group in dedup.clusters()]
    explain_to = sys.stdout if args.output not in (None, "-") else sys.stderr
    with atomic_output(args.output) as out:
        if args.format == "clusters":
            lines = _cluster_lines(groups, links, args.explain)
        else:
            lines = _record_lines(results, groups, args.explain, args.drop_duplicates)
        for line in lines:
            out.write(dump(line) + "\n")
    if args.explain:
        explain(groups, links, explain_to)
    if args.summary:
        summary = Summary(records=len(results) + len(failures), errors=len(failures))
        summary.kinds.update(found.kind for _, found, _ in results)
        summary.show(explain_to)
    if failures:
        print(f"newsclean dedup: {len(failures)} record(s) left out", file=sys.stderr)
        return 1
    return 0


def _record_id(record: dict, args: argparse.Namespace) -> object:
    if record.get(args.id_field) is None:
        raise ValueError(no_id(args.id_field))
    return record[args.id_field]


def _documents(
    pairs: Iterable[tuple[Source, dict | Exception]], args: argparse.Namespace, dedup: Deduplicator, failures: list[str]
) -> Iterator[Document]:
    """Valid documents; every bad record is reported on stderr (file:line: message) and skipped."""
    seen: set[str] = set()
    for source, record in pairs:
        try:
            if isinstance(record, Exception):
                raise record
            doc = as_document(
                {
                    "id": _record_id(record, args),
                    "text": record.get(args.text_field),
                    "source": record.get("source"),
                    "url": record.get("url"),
                }
            )
            if doc.id in seen or doc.id in dedup.index:
                raise ValueError(f"duplicate id {doc.original_id!r}")
        except (TypeError, ValueError) as exc:
            message = str(exc) if isinstance(record, Exception) else f"{source.name}:{source.line}: {exc}"
            print(f"newsclean dedup: {message}", file=sys.stderr)
            failures.append(message)
            continue
        seen.add(doc.id)
        yield doc


def _record_lines(
    results: list[tuple[str, Links, list[Match]]], groups: list[list], explain_on: bool, drop_duplicates: bool
) -> Iterator[dict]:
    cluster_of = {member: group[0] for group in groups for member in group}
    for doc_id, found, matches in results:
        if drop_duplicates and found.duplicate_of is not None:
            continue
        line: dict[str, object] = {"id": doc_id, "cluster": cluster_of.get(doc_id, doc_id), **found.to_dict()}
        if explain_on:
            line["matches"] = [m.to_dict() for m in matches]
        yield line


def _cluster_lines(groups: list[list], links: list[Match], explain_on: bool) -> Iterator[dict]:
    cluster_of = {member: group[0] for group in groups for member in group}
    pairs: dict[object, list[dict]] = {}
    for m in links:
        pairs.setdefault(cluster_of.get(m.id), []).append(m.to_dict())
    for group in groups:
        line: dict[str, object] = {"cluster": group[0], "members": list(group)}
        if explain_on:
            line["pairs"] = pairs.get(group[0], [])
        yield line


def explain(groups: list[list], links: list[Match], stream: IO[str]) -> None:
    """Every cluster with more than one member, each link's kind and similarity, and its passages."""
    by_first: dict[object, list[Match]] = {}
    cluster_of = {member: group[0] for group in groups for member in group}
    for m in links:
        by_first.setdefault(cluster_of.get(m.id), []).append(m)
    for group in groups:
        if len(group) < 2:
            continue
        print(f"== cluster {group[0]} ({len(group)} documents): {', '.join(map(str, group))}", file=stream)
        for m in by_first.get(group[0], []):
            print(f"  {m.id} -> {m.other}: {m.kind}, similarity {m.similarity:.3f}, {m.shared_words} shared words", file=stream)
            for p in m.passages[:MAX_QUOTED]:
                print(f"    [{p.words} words] {excerpt(p.text or '', EXCERPT)}", file=stream)
            if len(m.passages) > MAX_QUOTED:
                print(f"    … {len(m.passages) - MAX_QUOTED} more passage(s)", file=stream)

