"""``Cleaner.clean_many``: records in, records out, in order, with the corpus pass and optional workers.

Records are strings or dicts (``"text"``, optional ``"id"``, ``"url"``, ``"title"``, ``"source"``).
Each output record keeps every input field, replaces the text field with the cleaned text, and adds
``"removed"`` (list of dicts) and ``"metadata"``. A dict without a string text field is passed
through with an ``"error"`` field: nothing is dropped.

Records are read in chunks (:attr:`RepeatedLines.chunk_size <newsclean.boilerplate.RepeatedLines.chunk_size>`,
or :data:`CHUNK` without the corpus pass). The per-document part (normalize + rules) of a chunk may
run in a process pool; the corpus pass needs every document of the chunk and runs in the parent,
then the chunk is emitted in input order.

With a pool, the parent is the one serial part, so workers do all they can ahead of the corpus
pass: they key the document's lines for it (:func:`~newsclean.boilerplate.line_keys`) and finish
the record as if the pass found nothing, which it mostly does. The parent counts the keys, and
finishes a record itself only when the pass does find repeated lines in it; the analysis that
takes comes back pickled, and is unpickled only then.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice, repeat
from typing import TYPE_CHECKING

from newsclean.boilerplate import LineKeys, RepeatedLines, line_keys, site_of
from newsclean.errors import ConfigError

if TYPE_CHECKING:
    from newsclean.cleaner import Analysis, Cleaner
    from newsclean.results import CleanResult

Fields = tuple[str, list[dict], dict]
"""An output record's cleaned ``text``, ``removed`` and ``metadata``."""

CHUNK = 256
"""Records per chunk when there is no corpus pass: enough to keep a process pool busy."""


@dataclass(frozen=True, slots=True)
class _Job:
    """One record to clean: the output record so far and the arguments for ``Cleaner.analyze``."""

    record: dict
    text: str | None
    title: str | None
    url: str | None
    site: str


@dataclass(frozen=True, slots=True)
class _Prepared:
    """The per-document part of one record, made before the corpus pass (in a worker, or here).

    ``analysis`` is pickled (bytes) when it comes from a worker: the parent needs it only for a
    record the corpus pass adds removals to. ``keys`` (the pass's line keys) and ``fields`` (the
    record as if the pass found nothing) are made by workers only; ``None`` means "do it here".
    """

    normalized: str
    analysis: Analysis | bytes
    keys: LineKeys | None = None
    fields: Fields | None = None

    def loaded(self) -> Analysis:
        return pickle.loads(self.analysis) if isinstance(self.analysis, bytes) else self.analysis


def clean_many(
    cleaner: Cleaner,
    records: Iterable[str | dict],
    *,
    text_field: str = "text",
    workers: int = 1,
    repeated: RepeatedLines | None = None,
) -> Iterator[dict]:
    """Yield one cleaned record per input record, in input order (see the module docstring).

    ``repeated`` shares a :class:`RepeatedLines` across calls; by default each call makes its own
    from the cleaner's ``min_repeat_docs`` and ``repeat_window`` (no corpus pass when that is off).
    ``workers`` > 1 runs normalization and rules in that many processes.
    """
    if not isinstance(text_field, str) or not text_field:
        raise ConfigError(f"text_field must be a non-empty string, got {text_field!r}")
    if not isinstance(workers, int) or workers < 1:
        raise ConfigError(f"workers must be a positive int, got {workers!r}")
    if repeated is not None and not isinstance(repeated, RepeatedLines):
        raise ConfigError(f"repeated must be a RepeatedLines, got {type(repeated).__name__}")
    if repeated is None and cleaner.corpus_enabled:
        config = cleaner.config
        assert config.min_repeat_docs is not None
        repeated = RepeatedLines(config.min_repeat_docs, config.repeat_window)
    if isinstance(records, (str, dict)):
        raise TypeError("clean_many() takes an iterable of records; for one text use clean()")
    if workers > 1:
        _require_picklable(cleaner)
    return _run(cleaner, iter(records), text_field, workers, repeated)


def _run(
    cleaner: Cleaner,
    records: Iterator[str | dict],
    text_field: str,
    workers: int,
    repeated: RepeatedLines | None,
) -> Iterator[dict]:
    size = repeated.chunk_size if repeated is not None else CHUNK
    pool = (
        ProcessPoolExecutor(max_workers=workers, initializer=_install_cleaner, initargs=(cleaner,))
        if workers > 1
        else None
    )
    try:
        # With a pool, a chunk's analyses are submitted before the previous chunk is emitted, so the
        # workers analyze while this process runs the corpus pass and builds records (one chunk of
        # look-ahead: output lags input by a chunk).
        in_flight: tuple[list[_Job], Iterable[_Prepared | None]] | None = None
        while chunk := list(islice(records, size)):
            jobs = [_job(record, text_field) for record in chunk]
            analyses = _analyze_all(cleaner, jobs, pool, workers, with_keys=repeated is not None)
            if in_flight is not None:
                yield from _emit(cleaner, *in_flight, text_field, repeated)
            in_flight = (jobs, analyses)
            if pool is None:
                yield from _emit(cleaner, *in_flight, text_field, repeated)
                in_flight = None
        if in_flight is not None:
            yield from _emit(cleaner, *in_flight, text_field, repeated)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _require_picklable(cleaner: Cleaner) -> None:
    """Worker processes receive the cleaner pickled; say so clearly when an extra rule cannot be."""
    try:
        pickle.dumps(cleaner)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise ConfigError(
            "workers > 1 sends the cleaner to other processes, but it cannot be pickled "
            f"({exc}); define extra rules' functions at module level, not as lambdas or closures"
        ) from exc


def _job(record: str | dict, text_field: str) -> _Job:
    """Turn one input record into a job; a bad text field becomes an ``"error"`` on the record."""
    if isinstance(record, str):
        record = {text_field: record}
    elif not isinstance(record, dict):
        raise TypeError(f"clean_many() records must be str or dict, got {type(record).__name__}")
    out = dict(record)
    text = out.get(text_field)
    if not isinstance(text, str):
        what = "is missing" if text_field not in out else f"is {type(text).__name__}, not a string"
        out["error"] = f"field {text_field!r} {what}"
        return _Job(out, None, None, None, "")
    title, url = out.get("title"), out.get("url")
    return _Job(
        out,
        text,
        title if isinstance(title, str) else None,
        url if isinstance(url, str) else None,
        site_of(url, out.get("source")),
    )


_worker_cleaner: list[Cleaner] = []
"""In a worker process only: the cleaner :func:`_install_cleaner` received when the process started.

Sent once per process rather than pickled with every batch of tasks (a cleaner carries every
compiled rule pattern, and unpickling recompiles them)."""


def _install_cleaner(cleaner: Cleaner) -> None:
    """Process-pool initializer: keep the pool's cleaner for :func:`_analyze_in_worker`."""
    _worker_cleaner[:] = [cleaner]


def _prepare_in_worker(job: _Job, with_keys: bool) -> _Prepared | None:
    """A worker's part of one record: analysis (pickled), the corpus pass's line keys, the record as if it finds nothing."""
    cleaner = _worker_cleaner[0]
    if job.text is None:
        return None
    analysis = cleaner.analyze(job.text, title=job.title, url=job.url)
    text = analysis.normalized.text
    return _Prepared(
        text,
        pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL),
        line_keys(text) if with_keys else None,
        _fields(cleaner.finish(analysis)),
    )


def _prepare_here(cleaner: Cleaner, job: _Job) -> _Prepared | None:
    if job.text is None:
        return None
    analysis = cleaner.analyze(job.text, title=job.title, url=job.url)
    return _Prepared(analysis.normalized.text, analysis)


def _analyze_all(
    cleaner: Cleaner, jobs: list[_Job], pool: Executor | None, workers: int, *, with_keys: bool
) -> Iterable[_Prepared | None]:
    """Run the per-document part for a chunk, in the pool when there is one; order is kept.

    Without a pool the analyses are done on return; with one they are submitted and the returned
    iterator waits for them. In the pool, each task carries only its job; a chunk is split in
    ``2 * workers`` batches, big enough that inter-process overhead stays small, enough of them to
    even out the workers' load.
    """
    if pool is None:
        return [_prepare_here(cleaner, job) for job in jobs]
    chunksize = max(1, -(-len(jobs) // (workers * 2)))
    return pool.map(_prepare_in_worker, jobs, repeat(with_keys), chunksize=chunksize)


def _fields(result: CleanResult) -> Fields:
    return result.text, [r.to_dict() for r in result.removed], dict(result.metadata)


def _emit(
    cleaner: Cleaner,
    jobs: list[_Job],
    results: Iterable[_Prepared | None],
    text_field: str,
    repeated: RepeatedLines | None,
) -> Iterator[dict]:
    """Count the chunk's lines first, then finish and yield every record in order."""
    prepared = list(results)
    if repeated is not None:
        for job, done in zip(jobs, prepared, strict=True):
            if done is not None:
                repeated.add(job.site, done.normalized, done.keys)
    for job, done in zip(jobs, prepared, strict=True):
        if done is None:
            yield job.record
            continue
        corpus_hits = repeated.find(job.site, done.normalized) if repeated is not None else []
        fields = done.fields if done.fields is not None and not corpus_hits else None
        text, removed, metadata = fields or _fields(cleaner.finish(done.loaded(), corpus_hits))
        out = job.record
        out[text_field] = text
        out["removed"] = removed
        out["metadata"] = metadata
        yield out


__all__ = ["CHUNK", "clean_many"]
