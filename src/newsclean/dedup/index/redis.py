"""Redis index: one index shared by crawler processes on several machines (``newsclean[redis]``).

Everything lives under one namespace prefix, by default ``newsclean:<digest of the IndexMeta>:`` so
the same parameters always find the same index and never a random one; ``?prefix=NAME`` in the URL
picks a name instead (``redis://host:6379/0?prefix=crawl``). Layout under the prefix ``P``:

- ``P meta``: hash with the layout version and the :class:`IndexMeta` as JSON, checked on open.
- ``P ids``: list of document ids in insertion order (its length is the document count).
- ``P doc:<id>``: hash per document: ``source``, ``words``, and ``signature`` and ``grams`` as
  little-endian uint32 blobs (:mod:`newsclean.dedup.index.codec`, as in SQLite). As there, a document's keys
  are not stored with it: :meth:`RedisIndex.get` returns entries with ``keys=()``.
- ``P seq``: counter numbering documents in insertion order; ``P seqid``: hash number -> id.
- ``P key:<key bytes>``: set of the *numbers* of the documents findable under one LSH band or
  passage key. Sets of small integers are Redis intsets, ~100 bytes per key smaller than sets of
  id strings (an article has ~160 keys, and ids are often long URLs).
- ``P links``: list of links as JSON.
- ``P stories``: hash passage key value -> how many stories hold it (:mod:`newsclean.dedup.template`).
- ``P first:<key bytes>``: for a bucket larger than a lookup's ``first``, its earliest document
  numbers, sorted out of the set once by the candidates script (a cache; rebuilt if too short).

Each :meth:`RedisIndex.add` is one ``MULTI/EXEC`` transaction, guarded by ``WATCH`` on the new
documents' keys: a batch is stored whole or not at all, and two writers adding the same id cannot
both succeed. :meth:`RedisIndex.candidates` is one round trip (a server-side script that skips
buckets over ``max_bucket`` without sending them).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import parse_qsl, urlencode

from newsclean.dedup.index.base import IndexEntry, IndexMeta
from newsclean.dedup.index.codec import check_batch_ids, from_blob, link_row, row_link, to_blob
from newsclean.errors import ConfigError, IndexBackendError, require
from newsclean.results import Match

FORMAT = "newsclean-redis-v2"
DEFAULT_NAMESPACE = "newsclean"
_WATCH_RETRIES = 5
_DEFAULT_META_KEY = re.compile(rf"{DEFAULT_NAMESPACE}:[0-9a-f]{{16}}:meta")

# KEYS[1]: the number -> id hash; KEYS[2..]: bucket keys. ARGV[1]: largest bucket to use, or -1;
# ARGV[2]: how many of a bucket's earliest documents to use, or -1 for all; ARGV[3]: the prefix.
# Returns id, count, id, count, ...: the counting and the id lookup happen on the server.
# A bucket's earliest documents are sorted out of the set once and kept in a list "first:<key>"
# (only for buckets larger than ARGV[2]), so a key held by thousands of copies costs a constant.
_CANDIDATES_LUA = """
local limit, first, prefix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local function earliest(key, n)
  local cached = prefix .. 'first:' .. string.sub(key, #prefix + 5)
  local stored = redis.call('LRANGE', cached, 0, n - 1)
  if #stored >= n then return stored end
  local numbers = {}
  for j, seq in ipairs(redis.call('SMEMBERS', key)) do numbers[j] = tonumber(seq) end
  table.sort(numbers)
  local out = {}
  for j = 1, math.min(n, #numbers) do out[j] = string.format('%d', numbers[j]) end
  redis.call('DEL', cached)
  for start = 1, #out, 1000 do
    redis.call('RPUSH', cached, unpack(out, start, math.min(start + 999, #out)))
  end
  return out
end
local counts, order = {}, {}
for i = 2, #KEYS do
  local size = redis.call('SCARD', KEYS[i])
  if size > 0 and (limit < 0 or size <= limit) then
    local members
    if first < 0 or size <= first then members = redis.call('SMEMBERS', KEYS[i]) else members = earliest(KEYS[i], first) end
    for _, seq in ipairs(members) do
      if counts[seq] == nil then
        counts[seq] = 0
        order[#order + 1] = seq
      end
      counts[seq] = counts[seq] + 1
    end
  end
end
local out = {}
for first = 1, #order, 1000 do
  local chunk = {}
  for j = first, math.min(first + 999, #order) do chunk[#chunk + 1] = order[j] end
  local ids = redis.call('HMGET', KEYS[1], unpack(chunk))
  for j = 1, #chunk do
    if ids[j] then
      out[#out + 1] = ids[j]
      out[#out + 1] = counts[chunk[j]]
    end
  end
end
return out
"""


def default_prefix(meta: IndexMeta) -> str:
    """``newsclean:<16 hex digits>:``: a stable name for an index of these parameters.

    The key scheme is left out: an index of an older scheme keeps its name, and opening it says
    how to convert it instead of starting an empty index beside it.
    """
    named = {k: v for k, v in meta.to_dict().items() if k != "keys"}
    digest = hashlib.sha1(json.dumps(named, sort_keys=True).encode()).hexdigest()[:16]
    return f"{DEFAULT_NAMESPACE}:{digest}:"


def split_url(url: str) -> tuple[str, str | None]:
    """Take our ``prefix`` query parameter out of ``url`` (redis-py would reject it)."""
    base, _, query_text = url.partition("?")  # not urlunsplit: it turns unix:///path into unix:/path
    query = parse_qsl(query_text, keep_blank_values=True)
    prefix = next((value for name, value in query if name == "prefix"), None)
    rest = urlencode([(name, value) for name, value in query if name != "prefix"])
    if prefix is not None and not prefix:
        raise ConfigError(f"empty prefix in index URL {url!r}")
    named = None if prefix is None else (prefix if prefix.endswith(":") else prefix + ":")
    return (f"{base}?{rest}" if rest else base), named


def connect(url: str):
    """A client for ``url`` that has answered a PING, or :class:`IndexBackendError`."""
    redis = require("redis", "redis")
    try:
        client = redis.Redis.from_url(url)
        client.ping()
    except (redis.exceptions.RedisError, ValueError) as exc:
        raise IndexBackendError(f"cannot reach Redis index at {url}: {exc}") from exc
    return client


def _reported(method):
    """Report the server's failures (connection lost, out of memory) as IndexBackendError naming the index."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except self._redis.RedisError as exc:
            raise IndexBackendError(f"{self}: {exc}") from exc

    return wrapper


class RedisIndex:
    """An :class:`~newsclean.dedup.index.base.Index` on a Redis server; see the module docstring."""

    def __init__(self, url: str, meta: IndexMeta) -> None:
        if not isinstance(meta, IndexMeta):
            raise TypeError(f"meta must be an IndexMeta, got {type(meta).__name__}")
        self.url = url
        self.meta = meta
        self._redis = require("redis", "redis")
        server_url, named = split_url(url)
        self.prefix = named or default_prefix(meta)
        self._client = connect(server_url)
        self._candidates_script = self._client.register_script(_CANDIDATES_LUA)
        try:
            self._init_or_check()
        except BaseException:
            self._client.close()
            raise

    @classmethod
    def open_existing(cls, url: str) -> RedisIndex:
        """Open an index that already exists, with the parameters stored in it (for operators).

        Without ``?prefix=`` in the URL the server must hold exactly one newsclean index.
        """
        server_url, named = split_url(url)
        client = connect(server_url)
        if named is None:
            metas = (k.decode() for k in client.scan_iter(match=f"{DEFAULT_NAMESPACE}:*:meta"))
            found = sorted(k[: -len("meta")] for k in metas if _DEFAULT_META_KEY.fullmatch(k))
            if len(found) != 1:
                hint = ", ".join(found) if found else "none"
                raise IndexBackendError(
                    f"{url} must hold exactly one newsclean index to open it without ?prefix= (found: {hint})"
                )
            named = found[0]
            url = _with_prefix(url, named)
        stored = client.hgetall(named + "meta")
        client.close()
        if b"index_meta" not in stored:
            raise IndexBackendError(f"no newsclean index under prefix {named!r} at {server_url}")
        return cls(url, IndexMeta.from_dict(json.loads(stored[b"index_meta"])))

    def _init_or_check(self) -> None:
        key = self.prefix + "meta"
        mine = json.dumps(self.meta.to_dict(), sort_keys=True)
        with self._client.pipeline() as pipe:
            pipe.hsetnx(key, "format", FORMAT)
            pipe.hsetnx(key, "index_meta", mine)
            pipe.hgetall(key)
            stored = pipe.execute()[-1]
        layout = stored.get(b"format", b"").decode()
        if layout != FORMAT:
            raise IndexBackendError(f"{self} has index layout {layout!r}, this version reads {FORMAT!r}")
        self.meta.check(IndexMeta.from_dict(json.loads(stored[b"index_meta"])), f"index {self}")

    def _doc_key(self, doc_id: str) -> str:
        return f"{self.prefix}doc:{doc_id}"

    def _bucket_key(self, key: bytes) -> bytes:
        return self.prefix.encode() + b"key:" + bytes(key)

    # -- writes -------------------------------------------------------------------------------

    @_reported
    def add(self, entries: Sequence[IndexEntry], links: Sequence[Match] = ()) -> None:
        check_batch_ids(entries)
        doc_keys = [self._doc_key(e.id) for e in entries]
        with self._client.pipeline() as pipe:
            for _ in range(_WATCH_RETRIES):
                try:
                    self._add_watched(pipe, entries, doc_keys, links)
                    return
                except self._redis.WatchError:
                    continue
        raise IndexBackendError(f"{self}: batch not stored, other writers kept changing the same ids")

    def _add_watched(
        self, pipe, entries: Sequence[IndexEntry], doc_keys: list[str], links: Sequence[Match]
    ) -> None:
        if doc_keys:
            pipe.watch(*doc_keys)
            if pipe.exists(*doc_keys):
                taken = next(e.id for e, k in zip(entries, doc_keys, strict=True) if pipe.exists(k))
                pipe.reset()
                raise ValueError(f"document id {taken!r} is already in the index")
        # Numbers are taken before the transaction: a failed batch only leaves a gap.
        first = int(pipe.incrby(self.prefix + "seq", len(entries))) - len(entries) + 1 if entries else 0
        pipe.multi()
        for seq, (entry, doc_key) in enumerate(zip(entries, doc_keys, strict=True), first):
            pipe.hset(doc_key, mapping={**_entry_fields(entry), "seq": seq})
            for key in set(entry.keys):
                pipe.sadd(self._bucket_key(key), seq)
        if entries:
            pipe.hset(self.prefix + "seqid", mapping={seq: e.id for seq, e in enumerate(entries, first)})
            pipe.rpush(self.prefix + "ids", *(e.id for e in entries))
        if links:
            pipe.rpush(self.prefix + "links", *(json.dumps(link_row(link)) for link in links))
        pipe.execute()

    # -- reads --------------------------------------------------------------------------------

    @_reported
    def candidates(
        self, keys: Iterable[bytes], *, max_bucket: int | None = None, first: int | None = None
    ) -> dict[str, int]:
        return self.candidates_many([list(keys)], max_bucket=max_bucket, first=first)[0]

    @_reported
    def candidates_many(
        self, key_lists: Sequence[Sequence[bytes]], *, max_bucket: int | None = None, first: int | None = None
    ) -> list[dict[str, int]]:
        """:meth:`candidates` for every list, in one round trip (the script calls are pipelined)."""
        args = [-1 if max_bucket is None else int(max_bucket), -1 if first is None else int(first), self.prefix]
        asked = [[self._bucket_key(k) for k in dict.fromkeys(keys)] for keys in key_lists]
        with self._client.pipeline(transaction=False) as pipe:
            for bucket_keys in asked:
                if bucket_keys:
                    self._candidates_script(keys=[self.prefix + "seqid", *bucket_keys], args=args, client=pipe)
            answers = iter(pipe.execute())
        return [_counts(next(answers)) if bucket_keys else {} for bucket_keys in asked]

    @_reported
    def story_counts(self, values: Sequence[int]) -> dict[int, int]:
        """How many stories hold each passage key value (``newsclean.dedup.template``); unseen ones left out."""
        asked = [int(v) for v in values]
        found = self._client.hmget(self.prefix + "stories", asked) if asked else []
        return {v: int(n) for v, n in zip(asked, found, strict=True) if n is not None}

    @_reported
    def add_stories(self, values: Iterable[int]) -> None:
        """Count one more story for each passage key value (one MULTI/EXEC)."""
        pipe = self._client.pipeline(transaction=True)
        for v in values:
            pipe.hincrby(self.prefix + "stories", int(v), 1)
        pipe.execute()

    @_reported
    def get(self, ids: Iterable[str]) -> list[IndexEntry]:
        wanted = list(ids)
        with self._client.pipeline(transaction=False) as pipe:
            for doc_id in wanted:
                pipe.hgetall(self._doc_key(doc_id))
            found = pipe.execute()
        return [_fields_entry(i, fields) for i, fields in zip(wanted, found, strict=True) if fields]

    @_reported
    def links(self) -> Iterator[Match]:
        rows = self._client.lrange(self.prefix + "links", 0, -1)
        return (row_link(json.loads(row)) for row in rows)

    @_reported
    def ids(self) -> Iterator[str]:
        return (i.decode() for i in self._client.lrange(self.prefix + "ids", 0, -1))

    @_reported
    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and bool(self._client.exists(self._doc_key(doc_id)))

    @_reported
    def __len__(self) -> int:
        return int(self._client.llen(self.prefix + "ids"))

    @_reported
    def stats(self) -> dict[str, object]:
        """Counts under this prefix; ``keys`` scans the namespace, so it takes a while on big indexes."""
        pattern = _glob_escape(self.prefix).encode() + b"key:*"
        buckets = sum(1 for _ in self._client.scan_iter(match=pattern, count=1000))
        return {
            "backend": "redis",
            "url": self.url,
            "prefix": self.prefix,
            "documents": len(self),
            "keys": buckets,
            "links": int(self._client.llen(self.prefix + "links")),
            "server_used_memory_bytes": int(self._client.info("memory").get("used_memory", 0)),
            "meta": self.meta.to_dict(),
        }

    # -- maintenance --------------------------------------------------------------------------

    def vacuum(self) -> None:
        """Nothing to compact: Redis frees memory as keys change. Kept so operators can call it on any backend."""

    @_reported
    def drop(self) -> int:
        """Delete every key under this index's prefix (the whole index); returns how many went."""
        deleted = 0
        batch: list[bytes] = []
        for key in self._client.scan_iter(match=_glob_escape(self.prefix) + "*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                deleted += self._client.unlink(*batch)
                batch.clear()
        if batch:
            deleted += self._client.unlink(*batch)
        return deleted

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RedisIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, object]:
        # A socket cannot be pickled; the copy (e.g. on a Dask worker) connects again.
        return {"url": self.url, "meta": self.meta}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["url"], state["meta"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"RedisIndex({self.url!r}, prefix={self.prefix!r})"


def _counts(flat: Sequence[bytes]) -> dict[str, int]:
    """The candidates script's ``id, count, id, count, ...`` reply as a dictionary."""
    return {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}


def _glob_escape(text: str) -> str:
    """``text`` as a literal in a SCAN pattern."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def _with_prefix(url: str, prefix: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode([('prefix', prefix)])}"


def _entry_fields(entry: IndexEntry) -> dict[str, bytes | str | int]:
    fields: dict[str, bytes | str | int] = {
        "words": int(entry.words),
        "signature": to_blob(entry.signature),
        "grams": to_blob(entry.grams),
    }
    if entry.source is not None:
        fields["source"] = entry.source
    return fields


def _fields_entry(doc_id: str, fields: dict[bytes, bytes]) -> IndexEntry:
    source = fields.get(b"source")
    return IndexEntry(
        id=doc_id,
        source=None if source is None else source.decode(),
        signature=from_blob(fields[b"signature"]),
        grams=from_blob(fields[b"grams"]),
        keys=(),
        words=int(fields[b"words"]),
    )
