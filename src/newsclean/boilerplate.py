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

from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import urlsplit

import regex

from newsclean.errors import ConfigError
from newsclean.rules import Hit, line_table

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


@dataclass(frozen=True, slots=True)
class _KeyedLine:
    """A non-blank line of a document: its offsets, its word count and the hash of its key."""

    start: int
    end: int
    words: int
    key: int


LineKeys = list[tuple[int, int, int, str]]
"""``(start, end, words, key)`` of every non-blank line of a document (see :func:`line_keys`)."""


def line_keys(text: str) -> LineKeys:
    """The per-document part of keying a document's lines, which needs no counts: ``clean_many``'s workers run it.

    Keys stay strings here: they are hashed in the process that counts them, since ``hash()``
    differs between processes that were not forked from it.
    """
    keys = []
    for start, end in line_table(text):  # split once for this text, shared with the line rules
        key = line_key(text[start:end])
        keys.append((start, end, key.count(" ") + 1, key))
    return keys


def _keyed_lines(text: str, keys: LineKeys | None = None) -> list[_KeyedLine]:
    return [
        _KeyedLine(start, end, words, hash(key))
        for start, end, words, key in (line_keys(text) if keys is None else keys)
    ]


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
        self._counts: Counter[tuple[str, int]] = Counter()
        self._copies: Counter[tuple[str, int]] = Counter()
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
        return len(self._counts)

    def add(self, site: str, text: str, keys: LineKeys | None = None) -> None:
        """Count the lines of one document of ``site``; the oldest document leaves a full window.

        ``keys``: :func:`line_keys` of ``text`` if already computed (in a worker process).
        """
        fingerprint = hash(text)
        is_copy = self._copies[(site, fingerprint)] > 0
        keyed = _keyed_lines(text, keys)
        self._pending[text] = keyed
        if len(self._pending) > self.window:
            del self._pending[next(iter(self._pending))]
        keys = frozenset() if is_copy else frozenset(k.key for k in keyed if k.words >= self.min_line_words)
        self._copies[(site, fingerprint)] += 1
        for key in keys:
            self._counts[(site, key)] += 1
        self._recent.append(_Seen(site, keys, fingerprint))
        while len(self._recent) > self.window:
            self._forget(self._recent.popleft())

    def find(self, site: str, text: str) -> list[Hit]:
        """The lines of ``text`` that are boilerplate of ``site`` now, as hits (empty for a copy)."""
        hits: list[Hit] = []
        total = 0
        keyed = self._pending.pop(text, None)
        for line in _keyed_lines(text) if keyed is None else keyed:
            total += line.end - line.start
            if line.words < self.min_line_words:
                continue
            needed = self.min_repeat_docs * (self.long_line_factor if line.words >= self.long_line_words else 1)
            if self._counts.get((site, line.key), 0) >= needed:
                hits.append(Hit(line.start, line.end))
        covered = sum(h.end - h.start for h in hits)
        if total and covered > self.max_doc_share * total:
            return []
        return hits

    def _forget(self, seen: _Seen) -> None:
        for key in seen.keys:
            slot = (seen.site, key)
            self._counts[slot] -= 1
            if self._counts[slot] <= 0:
                del self._counts[slot]
        slot = (seen.site, seen.fingerprint)
        self._copies[slot] -= 1
        if self._copies[slot] <= 0:
            del self._copies[slot]


__all__ = ["RULE_NAME", "LineKeys", "RepeatedLines", "line_key", "line_keys", "site_of"]
