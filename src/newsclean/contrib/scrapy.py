"""Scrapy item pipeline: clean each item's text and drop or mark near-duplicates (``newsclean[scrapy]``).

Enable it in ``settings.py``::

    ITEM_PIPELINES = {"newsclean.contrib.scrapy.NewscleanPipeline": 300}
    NEWSCLEAN_INDEX = "crawl.sqlite"       # or redis://host:6379/0 for crawlers on several machines

Settings (all optional):

``NEWSCLEAN_ENABLED`` (``True``)
    ``False`` disables the pipeline (Scrapy's ``NotConfigured``).
``NEWSCLEAN_INDEX`` (``None``)
    where fingerprints persist across crawls: an SQLite path or a ``redis://`` URL. ``None`` keeps
    them in memory, so only repeats within one crawl are found.
``NEWSCLEAN_TEXT_FIELD`` (``"text"``)
    the item field holding the article text; it is replaced by the cleaned text.
``NEWSCLEAN_HTML_FIELD`` (``"html"``)
    an item without a text field but with the page's HTML here (``response.text`` or
    ``response.body`` straight in) is read by the HTML stage (``newsclean[html]``), and its cleaned
    text goes to the text field.
``NEWSCLEAN_ID_FIELD`` (``"url"``)
    the field that names a document in the index; a page crawled again under the same id is
    compared with what is stored, not added twice. Items without it are named by a hash of their
    cleaned text.
``NEWSCLEAN_SOURCE_FIELD`` (``"source"``)
    the field naming the outlet, when items carry one (aggregators, feeds); otherwise the host of
    the item's ``url`` is its source. Passages shared only within one source are that site's
    boilerplate and do not link (see :mod:`newsclean.dedup.verify`).
``NEWSCLEAN_ACTION`` (``"drop"``)
    ``"drop"`` raises ``DropItem`` for a near-duplicate; ``"mark"`` keeps it and fills
    ``NEWSCLEAN_MARK_FIELD`` (``"newsclean_duplicate_of"``) with the id of the earlier document: the
    ``duplicate_of`` of :mod:`newsclean.dedup.links`, never set for text reuse alone.
``NEWSCLEAN_THRESHOLD`` (``None``: ``DedupConfig.threshold``)
    near-duplicate Jaccard threshold. It is part of the index parameters: an index built with one
    threshold refuses another (:class:`~newsclean.errors.IndexMismatchError`).
``NEWSCLEAN_CLEAN`` (``True``)
    ``False`` leaves the text as scraped and deduplicates it as is.

Only near-duplicates and exact copies are dropped. Articles that merely reuse a passage of an earlier
one are kept (and counted), since they are new articles: losing text is worse than keeping noise.

Counters in ``crawler.stats``: ``newsclean/items``, ``newsclean/cleaned``,
``newsclean/chars_removed``, ``newsclean/duplicates``, ``newsclean/dropped``, ``newsclean/marked``,
``newsclean/shared_passages``, ``newsclean/seen_before`` (same id as a stored document),
``newsclean/no_text`` (items without a text field, passed on untouched).

``process_item(item, spider=None)`` takes the spider optionally, so it works both with Scrapy's
current ``process_item(self, item)`` calls and with older versions that pass the spider.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from newsclean.dedup.links import links_of
from newsclean.errors import ConfigError, require
from newsclean.results import Match

ACTIONS = ("drop", "mark")
STATS_PREFIX = "newsclean/"


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineSettings:
    """The pipeline's settings, read once from Scrapy's and checked; see the module docstring."""

    index: str | None = None
    text_field: str = "text"
    html_field: str = "html"
    id_field: str = "url"
    source_field: str = "source"
    action: str = "drop"
    threshold: float | None = None
    mark_field: str = "newsclean_duplicate_of"
    clean: bool = True

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ConfigError(f"NEWSCLEAN_ACTION must be one of {', '.join(ACTIONS)}, got {self.action!r}")
        for name in ("text_field", "html_field", "id_field", "source_field", "mark_field"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise ConfigError(f"NEWSCLEAN_{name.upper()} must be a non-empty field name")
        if self.index is not None and not isinstance(self.index, str):
            raise ConfigError(
                f"NEWSCLEAN_INDEX must be a path or URL string, got {type(self.index).__name__}"
            )

    @classmethod
    def from_scrapy(cls, settings: Any) -> PipelineSettings:
        threshold = settings.get("NEWSCLEAN_THRESHOLD")
        return cls(
            index=settings.get("NEWSCLEAN_INDEX") or None,
            text_field=settings.get("NEWSCLEAN_TEXT_FIELD", "text"),
            html_field=settings.get("NEWSCLEAN_HTML_FIELD", "html"),
            id_field=settings.get("NEWSCLEAN_ID_FIELD", "url"),
            source_field=settings.get("NEWSCLEAN_SOURCE_FIELD", "source"),
            action=str(settings.get("NEWSCLEAN_ACTION", "drop")).lower(),
            threshold=None if threshold in (None, "") else settings.getfloat("NEWSCLEAN_THRESHOLD"),
            mark_field=settings.get("NEWSCLEAN_MARK_FIELD", "newsclean_duplicate_of"),
            clean=settings.getbool("NEWSCLEAN_CLEAN", True),
        )


def content_id(text: str) -> str:
    """An id for an item that has none: the hash of its cleaned text, so an exact repeat is recognised."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def best_duplicate(matches: list[Match]) -> Match | None:
    """The match that makes an item a duplicate: the one naming its ``duplicate_of`` (:func:`links_of`).

    A shared passage never does: an article that reuses one is a new article.
    """
    links = links_of(matches)
    return next((m for m in matches if m.other == links.duplicate_of and m.kind == links.kind), None)


class NewscleanPipeline:
    """Cleans items and drops (or marks) near-duplicates of items seen in this or earlier crawls."""

    def __init__(self, settings: PipelineSettings | None = None, stats: Any = None) -> None:
        require("scrapy", "scrapy")
        self.settings = settings or PipelineSettings()
        self.stats = stats
        self.dedup: Any = None
        self.cleaner: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> NewscleanPipeline:
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("NEWSCLEAN_ENABLED", True):
            raise NotConfigured("NEWSCLEAN_ENABLED is off")
        return cls(PipelineSettings.from_scrapy(crawler.settings), crawler.stats)

    def open_spider(self, spider: Any = None) -> None:
        from newsclean.cleaning.cleaner import Cleaner
        from newsclean.dedup.deduplicator import Deduplicator

        self.cleaner = Cleaner() if self.settings.clean else None
        # The pipeline cleans once itself; the Deduplicator fingerprints that cleaned text.
        self.dedup = Deduplicator(self.settings.threshold, index=self.settings.index, clean=False)

    def close_spider(self, spider: Any = None) -> None:
        if self.dedup is not None:
            self.dedup.close()
            self.dedup = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        from itemadapter import ItemAdapter

        if self.dedup is None:  # used outside a crawl (no open_spider call)
            self.open_spider(spider)
        adapter = ItemAdapter(item)
        self._count("items")
        text, html = adapter.get(self.settings.text_field), None
        if not isinstance(text, str):
            html = adapter.get(self.settings.html_field)
            if not isinstance(html, (str, bytes)) or self.cleaner is None:
                self._count("no_text")
                return item
        text = self._clean(adapter, text, html)
        matches = self._matches(adapter, text)
        if links_of(matches).reuses:
            self._count("shared_passages")
        duplicate = best_duplicate(matches)
        if duplicate is not None:
            self._on_duplicate(adapter, duplicate)
        return item

    def _clean(self, adapter: Any, text: str | None, html: str | bytes | None = None) -> str:
        """The cleaned text, put in the text field; from the page's HTML when the item has no text."""
        if self.cleaner is None:
            assert text is not None
            return text
        url, title = adapter.get("url"), adapter.get("title")
        result = self.cleaner.clean(
            text, html=html, url=url if isinstance(url, str) else None, title=title if isinstance(title, str) else None
        )
        adapter[self.settings.text_field] = result.text
        self._count("cleaned")
        self._count("chars_removed", len(result.normalized) - len(result.text))
        return result.text

    def _matches(self, adapter: Any, text: str) -> list[Match]:
        """Matches among stored documents; a new item is stored, one whose id is known is only compared."""
        doc_id = adapter.get(self.settings.id_field)
        url, source = adapter.get("url"), adapter.get(self.settings.source_field)
        where = {
            "url": url if isinstance(url, str) else None,
            "source": source if isinstance(source, str) else None,
        }
        if doc_id is None:
            doc_id = content_id(text)
        if str(doc_id) in self.dedup.index:
            self._count("seen_before")
            return self.dedup.query(text, **where)
        return self.dedup.add(str(doc_id), text, **where)

    def _on_duplicate(self, adapter: Any, match: Match) -> None:
        from scrapy.exceptions import DropItem

        self._count("duplicates")
        if self.settings.action == "drop":
            self._count("dropped")
            raise DropItem(
                f"near-duplicate of {match.other!r} ({match.kind}, similarity {match.similarity:.2f})"
            )
        try:
            adapter[self.settings.mark_field] = match.other
        except KeyError as exc:
            raise ConfigError(
                f"cannot mark the item: declare a {self.settings.mark_field!r} field on it "
                "or set NEWSCLEAN_MARK_FIELD to a field it has"
            ) from exc
        self._count("marked")

    def _count(self, name: str, by: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(STATS_PREFIX + name, by)
