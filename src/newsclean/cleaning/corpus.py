"""Corpus boilerplate: lines that repeat across many documents of one site (``corpus.repeated_line``).

No rule can know that "Subscribe to the Daily Briefing" is a site's footer, but a batch of that
site's pages shows it: the same line on page after page. :class:`RepeatedLines` counts, per site,
in how many documents each line appears and reports the lines that reach ``min_repeat_docs``.

Design choices, each for precision or bounded memory:

- A line is compared by a *key*: case folded, every run of digits turned into ``0``, whitespace collapsed, so
  "Updated 3:15 PM" and "updated 4:40 pm" are one line. Keys are stored as hashes, never the text.
- It is counted once per document, however often it appears in that document.
- Lines of fewer than ``min_line_words`` words are never counted: one word is little evidence, and
  single-word markers ("ADVERTISEMENT") are the rules' job. A site's recurring subhead ("Analysis")
  is article structure more often than noise.
- A long, sentence-like line (``long_line_words`` words or more) must repeat on
  ``long_line_factor`` times as many pages: a standing paragraph repeats on most pages of a site, a
  quotation reused in a follow-up story on a few.
- Exact copies of one document count once (their text hash is remembered), and a document whose
  repeated lines would cover more than ``max_doc_share`` of its text loses none of them: that is a
  copy of another article of the batch (syndication), not a page made of boilerplate.
- Memory: one sliding window of the last ``window`` documents of *all* sites together (a deque of
  their key hashes); counts fall when a document leaves the window. Memory is bounded by the window,
  however many sites the stream holds.

Callers work in chunks of :attr:`RepeatedLines.chunk_size` documents (half the window): first
:meth:`~RepeatedLines.add` every document of the chunk, then :meth:`~RepeatedLines.find` in each.
So a line is known as boilerplate before the first document that carries it is emitted, and the
window still holds the previous chunk for context.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

import regex
import xxhash

from newsclean.cleaning.rules import Hit, line_table
from newsclean.errors import ConfigError

RULE_NAME = "corpus.repeated_line"
_DIGIT = regex.compile(r"\d")  # a probe: most lines have no digit, and a search is cheaper than a sub
_DIGITS = regex.compile(r"\d+")


def line_key(line: str) -> str:
    """The form under which two lines count as the same: case, digits and whitespace folded.

    >>> line_key("  Updated 11:15  PM ")
    'updated 0:0 pm'
    """
    folded = line.casefold()
    if _DIGIT.search(folded):
        folded = _DIGITS.sub("0", folded)
    if "  " in folded or not folded.isprintable() or folded[:1] == " " or folded[-1:] == " ":
        folded = " ".join(folded.split())  # any whitespace but single inner spaces is unprintable
    return folded


class _KeyedLine(NamedTuple):
    """A non-blank line of a document: its offsets, its word count and the hash of its key.

    A named tuple: the parent of ``clean_many``'s workers makes one per line of every document.
    """

    start: int
    end: int
    words: int
    key: int


LineKeys = list[tuple[int, int, int, int]]
"""``(start, end, words, key hash)`` of every non-blank line of a document (see :func:`line_keys`)."""


def line_keys(text: str) -> LineKeys:
    """The per-document part of keying a document's lines, which needs no counts: ``clean_many``'s workers run it.

    Each key is hashed with xxh3 (the same in every process, unlike ``hash()``), so a worker sends
    the parent 8 bytes per line instead of the line's key.
    """
    keys = []
    for start, end in line_table(text):  # split once for this text, shared with the line rules
        key = line_key(text[start:end])
        keys.append((start, end, key.count(" ") + 1, key_hash(key)))
    return keys


def key_hash(key: str) -> int:
    """A 64-bit hash of a line key that every process computes alike.

    >>> key_hash("updated 0:0 pm") == key_hash(line_key("Updated 11:15 PM"))
    True
    """
    return xxhash.xxh3_64_intdigest(key.encode("utf-8", "surrogatepass"))


def _keyed_lines(text: str, keys: LineKeys | None = None) -> list[_KeyedLine]:
    return list(map(_KeyedLine._make, line_keys(text) if keys is None else keys))


def site_of(url: object = None, source: object = None) -> str:
    """The site a document belongs to: the URL's host (without ``www.``), else ``source``, else ``""``.

    >>> site_of("https://WWW.Example.com/a/b", "feed")
    'example.com'
    >>> site_of(None, "AP")
    'AP'
    """
    if isinstance(url, str) and url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    if isinstance(source, str) and source:
        return source
    return ""


@dataclass(frozen=True, slots=True)
class _Seen:
    """One document in the window: its site and the key hashes it contributed to the counts."""

    site: str
    keys: frozenset[int]
    fingerprint: int


class RepeatedLines:
    """Counts lines across the last ``window`` documents, per site; pass one to ``Cleaner.clean_many``.

    Not a global: each ``clean_many`` call makes its own unless the caller passes one in to share
    what was learned across calls.
    """

    def __init__(
        self,
        min_repeat_docs: int = 3,
        window: int = 2000,
        *,
        min_line_words: int = 2,
        long_line_words: int = 12,
        long_line_factor: int = 2,
        max_doc_share: float = 0.5,
    ) -> None:
        if not isinstance(min_repeat_docs, int) or min_repeat_docs < 2:
            raise ConfigError(f"min_repeat_docs must be an int >= 2, got {min_repeat_docs!r}")
        if not isinstance(window, int) or window < 1:
            raise ConfigError(f"window must be a positive int, got {window!r}")
        if min_line_words < 1 or long_line_words < min_line_words or long_line_factor < 1:
            raise ConfigError("need 1 <= min_line_words <= long_line_words and long_line_factor >= 1")
        if not 0.0 < max_doc_share <= 1.0:
            raise ConfigError(f"max_doc_share must be in (0, 1], got {max_doc_share!r}")
        self.min_repeat_docs = min_repeat_docs
        self.window = window
        self.min_line_words = min_line_words
        self.long_line_words = long_line_words
        self.long_line_factor = long_line_factor
        self.max_doc_share = max_doc_share
        self._recent: deque[_Seen] = deque()
        # Per site: documents in the window holding each line key, and each text fingerprint. Plain
        # dicts with .get (a Counter's += calls __missing__ in Python for every new key).
        self._counts: dict[str, dict[int, int]] = {}
        self._copies: dict[str, dict[int, int]] = {}
        # Keyed lines of documents added but not yet looked up: find() after add() (what clean_many
        # does for every document of a chunk) does not key the same lines again. Bounded by the window.
        self._pending: dict[str, list[_KeyedLine]] = {}

    @property
    def chunk_size(self) -> int:
        """Documents to buffer before emitting: half the window, so the previous chunk stays counted."""
        return max(1, self.window // 2)

    @property
    def remembered(self) -> int:
        """Documents currently in the window (never more than ``window``)."""
        return len(self._recent)

    @property
    def counted_lines(self) -> int:
        """Distinct (site, line) pairs currently counted; bounded by the window's lines."""
        return sum(map(len, self._counts.values()))

    def add(self, site: str, text: str, keys: LineKeys | None = None) -> None:
        """Count the lines of one document of ``site``; the oldest document leaves a full window.

        ``keys``: :func:`line_keys` of ``text`` if already computed (in a worker process).
        """
        fingerprint = hash(text)
        copies = self._copies.setdefault(site, {})
        is_copy = copies.get(fingerprint, 0) > 0
        keyed = _keyed_lines(text, keys)
        self._pending[text] = keyed
        if len(self._pending) > self.window:
            del self._pending[next(iter(self._pending))]
        minimum = self.min_line_words
        keys = frozenset() if is_copy else frozenset(k.key for k in keyed if k.words >= minimum)
        copies[fingerprint] = copies.get(fingerprint, 0) + 1
        counts = self._counts.setdefault(site, {})
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        self._recent.append(_Seen(site, keys, fingerprint))
        while len(self._recent) > self.window:
            self._forget(self._recent.popleft())

    def find(self, site: str, text: str) -> list[Hit]:
        """The lines of ``text`` that are boilerplate of ``site`` now, as hits (empty for a copy)."""
        hits: list[Hit] = []
        total = 0
        keyed = self._pending.pop(text, None)
        counts = self._counts.get(site, {})
        for start, end, words, key in _keyed_lines(text) if keyed is None else keyed:
            total += end - start
            if words < self.min_line_words:
                continue
            needed = self.min_repeat_docs * (self.long_line_factor if words >= self.long_line_words else 1)
            if counts.get(key, 0) >= needed:
                hits.append(Hit(start, end))
        covered = sum(h.end - h.start for h in hits)
        if total and covered > self.max_doc_share * total:
            return []
        return hits

    def _forget(self, seen: _Seen) -> None:
        _decrement(self._counts, seen.site, seen.keys)
        _decrement(self._copies, seen.site, (seen.fingerprint,))


def _decrement(table: dict[str, dict[int, int]], site: str, keys: Iterable[int]) -> None:
    """Take one off each key's count for ``site``; drop keys (and the site) that reach zero."""
    counts = table[site]
    for key in keys:
        left = counts[key] - 1
        if left > 0:
            counts[key] = left
        else:
            del counts[key]
    if not counts:
        del table[site]


__all__ = ["RULE_NAME", "LineKeys", "RepeatedLines", "key_hash", "line_key", "line_keys", "site_of"]
