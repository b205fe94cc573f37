"""Input documents for the dedup side: records -> :class:`Document`, and the text that gets fingerprinted.

Every engine (the incremental :class:`~newsclean.dedup.deduplicator.Deduplicator`, the batch
engine, Dask) reads its input through :func:`iter_documents` and prepares text with
:func:`prepare_text`, so a record means the same everywhere.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsclean.config import DedupConfig
from newsclean.dedup.shingle import matching_text
from newsclean.errors import ConfigError, NewscleanError

if TYPE_CHECKING:
    from newsclean.dedup.fingerprint import Fingerprinter


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: ``id`` is ``str(original_id)``, the form the index stores."""

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    original_id: Hashable = None


def document(doc_id: object, text: object, source: object = None, url: object = None) -> Document:
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        raise TypeError(f"document id must be str or int, got {type(doc_id).__name__}")
    if not isinstance(text, str):
        raise TypeError(f"text of document {doc_id!r} must be str, got {type(text).__name__}")
    return Document(str(doc_id), text, source_of(source, url), url, doc_id)  # type: ignore[arg-type]


def as_document(record: object) -> Document:
    """A :class:`Document` from a ``(id, text)`` pair, a dict with ``id``/``text``, or a Document."""
    if isinstance(record, Document):
        return record
    if isinstance(record, Mapping):
        missing = [k for k in ("id", "text") if k not in record]
        if missing:
            raise ValueError(f"document record lacks {', '.join(map(repr, missing))}: {sorted(record)!r}")
        return document(record["id"], record["text"], record.get("source"), record.get("url"))
    if isinstance(record, tuple) and len(record) == 2:
        return document(*record)
    raise TypeError(f"a document is a (id, text) pair or a dict with 'id' and 'text', got {type(record).__name__}")


def iter_documents(docs: object) -> Iterator[Document]:
    """Documents from a mapping id -> text or an iterable of records, lazily; a repeated id is a ValueError."""
    if isinstance(docs, (str, bytes)):
        raise TypeError("docs must be a mapping id -> text or an iterable of records, not a string")
    if isinstance(docs, Mapping):
        records: Iterable[object] = docs.items()
    elif isinstance(docs, Iterable):
        records = docs
    else:
        raise TypeError(f"docs must be a mapping or an iterable, got {type(docs).__name__}")
    seen: set[str] = set()
    for record in records:
        doc = as_document(record)
        if doc.id in seen:
            raise ValueError(f"duplicate document id {doc.original_id!r}")
        seen.add(doc.id)
        yield doc


def as_documents(docs: object) -> list[Document]:
    """Documents from a mapping id -> text or an iterable of records; a repeated id is a ValueError."""
    return list(iter_documents(docs))


def make_config(config: DedupConfig | None, threshold: float | None, fields: dict[str, Any]) -> DedupConfig:
    """The configuration from a base config, a threshold and field overrides (unknown names: ConfigError)."""
    if config is not None and not isinstance(config, DedupConfig):
        raise ConfigError(f"config must be a DedupConfig, got {type(config).__name__}")
    if threshold is not None:
        fields = {**fields, "threshold": threshold}
    known = {f.name for f in dataclasses.fields(DedupConfig)}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise ConfigError(f"unknown Deduplicator option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return dataclasses.replace(config or DedupConfig(), **fields)


@lru_cache(maxsize=1)
def _cleaner() -> Any:
    """One Cleaner per process (``Cleaner.clean`` keeps no state between calls), built on first use."""
    try:
        from newsclean.cleaning.cleaner import Cleaner
    except ModuleNotFoundError as exc:
        raise NewscleanError("the cleaner is not available in this build; pass clean=False") from exc
    return Cleaner()


def prepare_text(doc: Document, clean: bool, fingerprinter: Fingerprinter) -> str:
    """The text that is fingerprinted and quoted: cleaned (if ``clean``), encoding repaired."""
    text = _cleaner().clean(doc.text, url=doc.url).text if clean else doc.text
    return matching_text(text, fingerprinter.shingle)



@lru_cache(maxsize=1)
def _suffixes() -> Any:
    """The public suffix list bundled with ``publicsuffixlist`` (read once; never fetched)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registered_domain(host: str) -> str:
    """The registered domain of ``host`` by the public suffix list; the host itself when it has
    none (an IP address, ``localhost``, a bare suffix).

    Sister sites of one publisher (``uk.example.com``, ``www.example.com``) are one source, and
    ``a.example.co.uk`` and ``b.example.co.uk`` too, but ``alice.blogspot.com`` and
    ``bob.blogspot.com`` are two.

    >>> registered_domain("uk.news.example.co.uk"), registered_domain("alice.blogspot.com"), registered_domain("127.0.0.1")
    ('example.co.uk', 'alice.blogspot.com', '127.0.0.1')
    """
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host  # an address has no registered domain (the list would read 10.0.0.1 as "0.1")
    except ValueError:
        return _suffixes().privatesuffix(host) or host


def source_of(source: str | None, url: str | None) -> str | None:
    """A document's source: the explicit one, else the registered domain of its URL's host."""
    if source is not None:
        if not isinstance(source, str):
            raise TypeError(f"source must be str or None, got {type(source).__name__}")
        return source or None
    if url is None:
        return None
    if not isinstance(url, str):
        raise TypeError(f"url must be str or None, got {type(url).__name__}")
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    return registered_domain(host) if host else None
