"""``newsclean dedup --engine dask``: a folder of JSONL or Parquet shards in, one output shard per input shard out.

Each shard is one partition, read where it is processed; the global order (shards sorted by name,
then line or row order) is the order the local CLI reads the same folder in, and the clusters are
:func:`newsclean.cluster`'s on the records in that order. Output shards have the input shard's name
(and format) and hold the local CLI's ``--format records`` lines: ``{"id", "cluster",
"duplicate_of", "reuses", "kind"}`` (:mod:`newsclean.dedup.links` of the verified links to earlier
documents, in the Deduplicator's order; the local CLI's incremental matcher can propose other
near-duplicate candidates, so on some data it names another earlier document, and it skips passage
links into a cluster it already joined, so ``reuses`` can hold more here).

Bad records are handled as the local CLI handles them: a line that is not JSON, a record without a
string text, or an id seen before (the later copy) is reported on stderr and left out; the exit
code is then 1. A record without an id is named ``stem:line`` (``line`` alone for a single file).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import newsclean.dask.core as core
from newsclean.dask.engine import CLUSTER, POS, cluster_graph
from newsclean.dedup.documents import as_document
from newsclean.dedup.links import Links
from newsclean.errors import ConfigError, InputError, require
from newsclean.io import atomic_output, dump, no_id, read_records

pd: Any = require("pandas", "dask")
dask: Any = require("dask", "dask")
dd: Any = require("dask.dataframe", "dask")

SHARD_SUFFIXES = (".jsonl", ".parquet")
ROW_COLUMNS = ("id", "text", "source", "url", "shard", "line", "problem")


@dataclass(frozen=True)
class ShardRun:
    """What a run did: documents clustered, one message per record left out, files written."""

    documents: int
    problems: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def shard_files(path: str | Path) -> list[Path]:
    """The shards to read: every ``.jsonl``/``.parquet`` file of a folder (sorted), or the one file given."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix in SHARD_SUFFIXES)
        if not files:
            raise InputError(f"folder {p} holds no .jsonl or .parquet shards")
        return files
    if not p.is_file():
        raise InputError(f"no such file or folder: {p}")
    if p.suffix not in SHARD_SUFFIXES:
        raise InputError(f"{p}: a shard is a .jsonl or .parquet file")
    return [p]


def _raw_records(path: Path) -> Iterator[tuple[int, dict | InputError]]:
    if path.suffix == ".parquet":
        for row, record in enumerate(pd.read_parquet(path).to_dict("records"), 1):
            yield row, {k: core.missing_to_none(v) for k, v in record.items()}
        return
    for source, record in read_records(str(path)):
        yield source.line, record


def _row(record: dict | InputError, shard: int, line: int, where: str, fields: tuple[str, str]) -> tuple:
    """One row of :data:`ROW_COLUMNS`; ``problem`` says why a record is left out."""
    if isinstance(record, InputError):
        return (None, None, None, None, shard, line, str(record))
    id_field, text_field = fields
    doc_id = record.get(id_field)
    if doc_id is None:
        return (None, None, None, None, shard, line, f"{where}:{line}: {no_id(id_field)}")
    values = (record.get(text_field), record.get("source"), record.get("url"))
    try:
        as_document({"id": doc_id, "text": values[0], "source": values[1], "url": values[2]})
    except (TypeError, ValueError) as exc:
        return (str(doc_id), None, None, None, shard, line, f"{where}:{line}: {exc}")
    return (str(doc_id), *values, shard, line, None)


def read_shard(path: str, shard: int, *, id_field: str, text_field: str) -> Any:
    """One shard as rows of :data:`ROW_COLUMNS` (ids as ``str``, as the local CLI writes them)."""
    p = Path(path)
    rows = [
        _row(record, shard, line, str(p), (id_field, text_field))
        for line, record in _raw_records(p)
    ]
    frame = pd.DataFrame(rows, columns=list(ROW_COLUMNS))
    return frame.astype({c: object for c in ROW_COLUMNS if c not in ("shard", "line")} | {"shard": "int64", "line": "int64"})


def _rows_meta() -> Any:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("shard", "line") else object) for c in ROW_COLUMNS})


def _drop(frame: Any, left_out: frozenset[tuple[int, int]]) -> Any:
    places = zip(frame["shard"].tolist(), frame["line"].tolist(), strict=True)
    keep = pd.Series([place not in left_out for place in places], index=frame.index, dtype=bool)
    return frame[frame["problem"].isna() & keep]


def _left_out(rows: Any, files: list[Path]) -> tuple[frozenset[tuple[int, int]], list[str]]:
    """Records to leave out as ``(shard, line)``, and why: bad records, and each copy of an id after its first.

    Only the problems and the rows of repeated ids come to this process, never the corpus.
    """
    valid = rows[rows["problem"].isnull()]
    counts = valid["id"].value_counts()
    bad, repeated = dask.compute(rows[rows["problem"].notnull()][["shard", "line", "problem"]], counts[counts > 1])
    messages = {(s, n): m for s, n, m in bad.itertuples(index=False)}
    if len(repeated):
        copies = valid[valid["id"].isin(repeated.index.tolist())][["id", "shard", "line"]].compute()
        copies = copies.sort_values(["shard", "line"])
        for doc_id, shard, line in copies[copies["id"].duplicated(keep="first")].itertuples(index=False):
            messages[(shard, line)] = f"{files[shard]}:{line}: duplicate id {doc_id!r}"
    return frozenset(messages), [messages[k] for k in sorted(messages)]


def _output_rows(frame: Any, roots: Any, best: Any) -> Any:
    clusters = dict(zip(roots[POS].tolist(), roots[CLUSTER].tolist(), strict=True))
    # a shuffle turns reuses into arrays and a missing duplicate_of into NaN: lists and None again, for JSON
    fields = {later: (copy if isinstance(copy, str) else None, list(reuses), kind)
              for later, copy, reuses, kind in best[["later", *core.RECORD_FIELDS]].itertuples(index=False)}
    unique = Links(None, (), "unique").to_dict()
    positions, ids = frame[POS].tolist(), frame["id"].tolist()
    columns = {name: [fields[p][n] if p in fields else unique[name] for p in positions]
               for n, name in enumerate(core.RECORD_FIELDS)}
    return pd.DataFrame({
        "id": pd.Series(ids, dtype=object),
        CLUSTER: pd.Series([clusters.get(p, i) for p, i in zip(positions, ids, strict=True)], dtype=object),
        **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
    })


def write_shard(frame: Any, target: Path) -> None:
    """Write one output shard atomically (a temporary file renamed into place), JSONL or Parquet by suffix."""
    if target.suffix == ".parquet":
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return
    with atomic_output(str(target)) as out:
        for record in frame.to_dict("records"):
            out.write(dump(record) + "\n")


def _write(frame: Any, targets: list[str], partition_info: dict | None = None) -> Any:
    target = Path(targets[partition_info["number"] if partition_info else 0])
    write_shard(frame, target)
    return pd.DataFrame({"written": [len(frame)]})


def dedup_shards(
    source: str | Path, output: str | Path, *, id_field: str = "id", text_field: str = "text", **options: Any
) -> ShardRun:
    """Cluster every shard of ``source`` on the current Dask client and write one shard per input to ``output``.

    ``options`` go to :func:`newsclean.dask.engine.cluster_graph` (``clean``, ``threshold``, ...).
    """
    files = shard_files(source)
    out_dir = Path(output)
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"--output must be a folder for the dask engine (one shard per input shard): {out_dir}")
    if not out_dir.parent.is_dir():  # a typo must not create folders
        raise ConfigError(f"--output {out_dir}: folder {out_dir.parent} does not exist")
    out_dir.mkdir(exist_ok=True)
    rows = dd.from_map(read_shard, [str(f) for f in files], list(range(len(files))), id_field=id_field,
                       text_field=text_field, meta=_rows_meta(),
                       enforce_metadata=False)
    left_out, problems = _left_out(rows, files)
    kept = rows.map_partitions(_drop, left_out, meta=_rows_meta())
    graph = cluster_graph(kept, id_column="id", text_column="text", **options)
    other = graph.entries[["pos", "id"]].rename(columns={"pos": "earlier", "id": "other"})
    named = graph.links.merge(other, on="earlier").shuffle(on="later", npartitions=max(1, kept.npartitions))
    best = named.map_partitions(core.best_matches, meta=pd.DataFrame(
        {"later": pd.Series(dtype="int64"), **{c: pd.Series(dtype=object) for c in core.RECORD_FIELDS}}),
        clear_divisions=True)
    best = best.rename(columns={"later": POS})
    lines = graph.placed.map_partitions(_output_rows, graph.route(graph.roots), graph.route(best).rename(
        columns={POS: "later"}), meta=pd.DataFrame({c: pd.Series(dtype=object) for c in ("id", CLUSTER, *core.RECORD_FIELDS)}),
        align_dataframes=False, clear_divisions=True)
    targets = [str(out_dir / f.name) for f in files]
    written = lines.map_partitions(_write, targets, meta=pd.DataFrame({"written": pd.Series(dtype="int64")}),
                                   clear_divisions=True)
    documents = int(written["written"].sum().compute())
    return ShardRun(documents, problems, [Path(t) for t in targets])


@contextlib.contextmanager
def quiet_dask_logs(verbose: bool) -> Iterator[None]:
    """Dask's own log lines (a WARNING per shuffle from the scheduler) off stderr unless ``verbose``.

    They are the scheduler's bookkeeping, not the run's problems: those come as ``file:line`` messages.
    """
    if verbose:
        yield
        return
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _client(scheduler: str | None, verbose: bool = False) -> contextlib.AbstractContextManager:
    """A client of ``scheduler``, or of a new process-based cluster on this machine (one worker per core)."""
    distributed = require("distributed", "dask")
    stack = contextlib.ExitStack()
    stack.enter_context(quiet_dask_logs(verbose))
    if scheduler:
        stack.enter_context(distributed.Client(scheduler))
        return stack
    cluster = stack.enter_context(distributed.LocalCluster(
        n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # any free port: a second local cluster must not collide
        silence_logs=logging.INFO if verbose else logging.ERROR,
    ))
    stack.enter_context(distributed.Client(cluster))
    return stack


def run_cli(args: argparse.Namespace) -> int:
    """``newsclean dedup --engine dask``: the options the local engine has that this one does not are errors."""
    unsupported = [flag for flag, on in (("--index", args.index), ("--explain", args.explain),
                                         ("--format clusters", args.format == "clusters")) if on]
    if unsupported:
        raise ConfigError(f"{', '.join(unsupported)} not supported with --engine dask (use --engine local)")
    if not args.input or args.input == "-" or not args.output or args.output == "-":
        raise ConfigError("--engine dask reads a folder (or file) of shards and writes a folder: give INPUT and -o DIR")
    with _client(args.scheduler, getattr(args, "verbose", False)):
        run = dedup_shards(args.input, args.output, id_field=args.id_field, text_field=args.text_field,
                           clean=not args.no_clean, threshold=args.threshold)
    for message in run.problems:
        print(f"newsclean dedup: {message}", file=sys.stderr)
    if run.problems:
        print(f"newsclean dedup: {len(run.problems)} record(s) left out", file=sys.stderr)
        return 1
    return 0
