"""``Cleaner.clean_many``: records in, records out, in order, with the corpus pass and optional workers.

Records are strings or dicts (``"text"``, optional ``"id"``, ``"url"``, ``"title"``, ``"source"``).
Each output record keeps every input field, replaces the text field with the cleaned text, and adds
``"removed"`` (list of dicts) and ``"metadata"``. A dict without a string text field is passed
through with an ``"error"`` field: nothing is dropped.

Records are read in chunks (:attr:`RepeatedLines.chunk_size <newsclean.cleaning.corpus.RepeatedLines.chunk_size>`,
or :data:`CHUNK` without the corpus pass). The per-document part (normalize + rules) of a chunk may
run in a process pool; the corpus pass needs every document of the chunk and runs in the parent,
then the chunk is emitted in input order.

With a pool, the parent is the one serial part, so workers do all they can ahead of the corpus
pass: they key the document's lines for it (:func:`~newsclean.cleaning.corpus.line_keys`) and finish
the record as if the pass found nothing, which it mostly does. The parent only counts the keys
and builds the records; a record the pass does find repeated lines in goes back to a worker,
with its analysis (pickled in the worker, never unpickled here), to be finished with them.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from newsclean.cleaning.corpus import LineKeys, RepeatedLines, line_keys, site_of
from newsclean.cleaning.rules import Hit
from newsclean.errors import ConfigError

T = TypeVar("T")

if TYPE_CHECKING:
    from newsclean.cleaning.cleaner import Analysis, Cleaner
    from newsclean.results import CleanResult

Fields = tuple[str, list[dict], dict]
"""An output record's cleaned ``text``, ``removed`` and ``metadata``."""

CHUNK = 256
"""Records per chunk when there is no corpus pass: enough to keep a process pool busy."""


class _Job(NamedTuple):
    """One record to clean: the output record so far and the arguments for ``Cleaner.analyze``.

    Jobs and :class:`_Prepared` cross between processes for every record: named tuples pickle
    faster than dataclasses (about 4 µs a record each way).
    """

    record: dict
    text: str | None
    title: str | None
    url: str | None
    site: str
    html: str | bytes | None = None  # HTML in: the page, read by the cleaner's HTML stage


class _Prepared(NamedTuple):
    """The per-document part of one record, made before the corpus pass (in a worker, or here).

    ``analysis`` is pickled (bytes) when it comes from a worker: the parent needs it only for a
    record the corpus pass adds removals to, whose ``finish`` works from the hits again, so the
    worker leaves out what ``finish`` reuses only when the pass adds nothing. ``keys`` (the pass's
    line keys) and ``fields`` (the record as if the pass found nothing) are made by workers only;
    ``None`` means "do it here".
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
    html_field: str = "html",
    workers: int = 1,
    repeated: RepeatedLines | None = None,
) -> Iterator[dict]:
    """Yield one cleaned record per input record, in input order (see the module docstring).

    A record without a string ``text_field`` but with the page's HTML (str or bytes) in
    ``html_field`` is read by the HTML stage (:mod:`newsclean.cleaning.html`, the ``html`` extra);
    its cleaned text goes to ``text_field`` like any other.

    ``repeated`` shares a :class:`RepeatedLines` across calls; by default each call makes its own
    from the cleaner's ``min_repeat_docs`` and ``repeat_window`` (no corpus pass when that is off).
    ``workers`` > 1 runs normalization and rules in that many processes.
    """
    for name, value in (("text_field", text_field), ("html_field", html_field)):
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{name} must be a non-empty string, got {value!r}")
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
    return _run(cleaner, iter(records), (text_field, html_field), workers, repeated)


def _run(
    cleaner: Cleaner,
    records: Iterator[str | dict],
    fields: tuple[str, str],
    workers: int,
    repeated: RepeatedLines | None,
) -> Iterator[dict]:
    size = repeated.chunk_size if repeated is not None else CHUNK
    text_field = fields[0]
    chunks = ([_job(record, *fields) for record in chunk] for chunk in _chunked(records, size))
    if workers == 1:
        for jobs in chunks:
            prepared = [_prepare_here(cleaner, job) for job in jobs]
            hits = _corpus_pass(jobs, prepared, repeated)
            yield from _records(jobs, prepared, hits, _finish_here(cleaner, prepared, hits), text_field)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_install_cleaner, initargs=(cleaner,))
    try:
        yield from _run_pooled(chunks, pool, 2 * workers, repeated, text_field)
    finally:
        pool.shutdown(cancel_futures=True)


def _run_pooled(
    chunks: Iterator[list[_Job]], pool: Executor, parts: int, repeated: RepeatedLines | None, text_field: str
) -> Iterator[dict]:
    """The chunks' records, with this process doing only the corpus pass and the records (see the module docstring).

    Each chunk is cut into ``parts`` batches. The first half of a chunk's batches is submitted
    before the previous chunk's corpus pass, so the workers stay busy through it; the records that
    pass changes are then submitted to be finished, ahead of the second half, so that they come
    back first; the previous chunk is emitted while the workers go on.
    """
    with_keys = repeated is not None
    previous: _InFlight | None = None
    for jobs in chain(chunks, [None]):
        batches = _split(jobs or [], parts)
        half = len(batches) // 2
        futures = [pool.submit(_prepare_batch, batch, with_keys) for batch in batches[:half]]
        settled = _settle(previous, pool, repeated, parts) if previous is not None else None
        futures += [pool.submit(_prepare_batch, batch, with_keys) for batch in batches[half:]]
        if settled is not None:
            yield from _records(*settled, text_field)
        previous = (jobs, futures) if jobs else None


_InFlight = tuple[list[_Job], list[Future[list[_Prepared | None]]]]
"""A chunk's jobs and the futures of its batches of prepared records."""
_Settled = tuple[list[_Job], list[_Prepared | None], list[list[Hit]], Callable[[int], Fields]]
"""A chunk ready to emit: jobs, prepared records, corpus hits, and record number -> fields of changed records."""


def _settle(chunk: _InFlight, pool: Executor, repeated: RepeatedLines | None, parts: int) -> _Settled:
    """Wait for a chunk's prepared records, run its corpus pass, and submit the records it changed to be finished."""
    jobs, futures = chunk
    prepared = [done for future in futures for done in future.result()]
    hits = _corpus_pass(jobs, prepared, repeated)
    return jobs, prepared, hits, _finish_in(pool, prepared, hits, parts)


def _chunked(records: Iterator[str | dict], size: int) -> Iterator[list[str | dict]]:
    while chunk := list(islice(records, size)):
        yield chunk


def _split(items: list[T], parts: int) -> list[list[T]]:
    """``items`` in at most ``parts`` consecutive batches of nearly equal size (none empty)."""
    size = max(1, -(-len(items) // parts))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _corpus_pass(jobs: list[_Job], prepared: list[_Prepared | None], repeated: RepeatedLines | None) -> list[list[Hit]]:
    """Count the chunk's lines, then each record's repeated lines (none without a corpus pass)."""
    if repeated is None:
        return [[] for _ in jobs]
    for job, done in zip(jobs, prepared, strict=True):
        if done is not None:
            repeated.add(job.site, done.normalized, done.keys)
    return [[] if done is None else repeated.find(job.site, done.normalized) for job, done in zip(jobs, prepared, strict=True)]


def _finish_in(
    pool: Executor, prepared: list[_Prepared | None], hits: list[list[Hit]], parts: int
) -> Callable[[int], Fields]:
    """Submit the records the corpus pass changed to be finished in ``pool``; returns record number -> fields."""
    changed = [i for i, found in enumerate(hits) if found]
    where: dict[int, tuple[Future[list[Fields]], int]] = {}
    for batch in _split(changed, parts):
        future = pool.submit(_finish_batch, [(prepared[i].analysis, hits[i]) for i in batch])  # type: ignore[union-attr]
        where.update((number, (future, position)) for position, number in enumerate(batch))

    def fields(number: int) -> Fields:
        future, position = where[number]
        return future.result()[position]

    return fields


def _records(
    jobs: list[_Job],
    prepared: list[_Prepared | None],
    hits: list[list[Hit]],
    finished: Callable[[int], Fields],
    text_field: str,
) -> Iterator[dict]:
    """Every output record in order: made in a worker when the corpus pass added nothing, else by ``finished``."""
    for number, (job, done) in enumerate(zip(jobs, prepared, strict=True)):
        if done is None:
            yield job.record
            continue
        ready = done.fields is not None and not hits[number]
        text, removed, metadata = done.fields if ready else finished(number)  # type: ignore[misc]
        out = job.record
        out[text_field] = text
        out["removed"] = removed
        out["metadata"] = metadata
        yield out


def _require_picklable(cleaner: Cleaner) -> None:
    """Worker processes receive the cleaner pickled; say so clearly when an extra rule cannot be."""
    try:
        pickle.dumps(cleaner)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise ConfigError(
            "workers > 1 sends the cleaner to other processes, but it cannot be pickled "
            f"({exc}); define extra rules' functions at module level, not as lambdas or closures"
        ) from exc


def _job(record: str | dict, text_field: str, html_field: str = "html") -> _Job:
    """Turn one input record into a job; a bad text (or HTML) field becomes an ``"error"`` on the record."""
    if isinstance(record, str):
        record = {text_field: record}
    elif not isinstance(record, dict):
        raise TypeError(f"clean_many() records must be str or dict, got {type(record).__name__}")
    out = dict(record)
    text, html = out.get(text_field), None
    if not isinstance(text, str):
        html, text = out.get(html_field), None
        if html_field not in out or text_field in out:
            what = "is missing" if text_field not in out else f"is {type(out[text_field]).__name__}, not a string"
            out["error"] = f"field {text_field!r} {what}"
            return _Job(out, None, None, None, "")
        if not isinstance(html, (str, bytes)) or not html.strip():
            what = "is empty" if isinstance(html, (str, bytes)) else f"is {type(html).__name__}, not str or bytes"
            out["error"] = f"field {html_field!r} {what}"
            return _Job(out, None, None, None, "")
    title, url = out.get("title"), out.get("url")
    return _Job(
        out,
        text,
        title if isinstance(title, str) else None,
        url if isinstance(url, str) else None,
        site_of(url, out.get("source")),
        html,
    )


_worker_cleaner: list[Cleaner] = []
"""In a worker process only: the cleaner :func:`_install_cleaner` received when the process started.

Sent once per process rather than pickled with every batch of tasks (a cleaner carries every
compiled rule pattern, and unpickling recompiles them)."""


def _install_cleaner(cleaner: Cleaner) -> None:
    """Process-pool initializer: keep the pool's cleaner for the worker functions."""
    _worker_cleaner[:] = [cleaner]


def _prepare_in_worker(job: _Job, with_keys: bool) -> _Prepared | None:
    """A worker's part of one record: analysis (pickled), the corpus pass's line keys, the record as if it finds nothing."""
    cleaner = _worker_cleaner[0]
    if job.text is None and job.html is None:
        return None
    analysis = cleaner.analyze(job.text, html=job.html, title=job.title, url=job.url)
    text = analysis.normalized.text
    return _Prepared(
        text,
        _dumps(dataclasses.replace(analysis, cleaned=None, kept=None, notes={}, removed=())),
        line_keys(text) if with_keys else None,
        _fields(cleaner.finish(analysis)),
    )


def _prepare_batch(jobs: list[_Job], with_keys: bool) -> list[_Prepared | None]:
    return [_prepare_in_worker(job, with_keys) for job in jobs]


def _finish_batch(items: list[tuple[bytes, list[Hit]]]) -> list[Fields]:
    """In a worker: finish records with the corpus pass's hits, from their pickled analyses."""
    cleaner = _worker_cleaner[0]
    return [_fields(cleaner.finish(pickle.loads(analysis), hits)) for analysis, hits in items]


def _prepare_here(cleaner: Cleaner, job: _Job) -> _Prepared | None:
    if job.text is None and job.html is None:
        return None
    analysis = cleaner.analyze(job.text, html=job.html, title=job.title, url=job.url)
    return _Prepared(analysis.normalized.text, analysis)


def _finish_here(
    cleaner: Cleaner, prepared: list[_Prepared | None], hits: list[list[Hit]]
) -> Callable[[int], Fields]:
    """Record number -> fields, finished in this process (with its corpus hits, if any)."""

    def fields(number: int) -> Fields:
        done = prepared[number]
        assert done is not None
        return _fields(cleaner.finish(done.loaded(), hits[number]))

    return fields


@functools.cache
def _slot_fields(cls: type) -> tuple[str, ...] | None:
    """Field names of a slotted dataclass (their order in :func:`_rebuilt`'s values), else None."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in vars(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def _rebuilt(cls: type, values: tuple) -> object:
    """Unpickle a slotted dataclass from its field values, without ``__init__`` (as pickle does)."""
    obj = object.__new__(cls)
    for name, value in zip(_slot_fields(cls) or (), values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


class _DataclassPickler(pickle.Pickler):
    """Pickles slotted dataclasses as their field values.

    The ``__getstate__`` dataclasses generate for them calls ``dataclasses.fields`` for every
    object, which was a third of the cost of pickling an analysis in each worker.
    """

    def reducer_override(self, obj: object) -> object:
        names = _slot_fields(type(obj))
        if names is None:
            return NotImplemented
        return _rebuilt, (type(obj), tuple([getattr(obj, name) for name in names]))


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    _DataclassPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _fields(result: CleanResult) -> Fields:
    return result.text, [r.to_dict() for r in result.removed], dict(result.metadata)


__all__ = ["CHUNK", "clean_many"]
