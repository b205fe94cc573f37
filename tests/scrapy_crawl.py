"""One real Scrapy crawl with the newsclean pipeline, in its own process (Twisted's reactor runs once).

    python tests/scrapy_crawl.py START_URL OUT_DIR [NAME=VALUE ...]

Follows ``a.article`` links from ``START_URL``, yields ``{url, title, source, text}`` for each page
with an ``<article>`` (``source`` from ``<meta name="outlet">``), writes the items that survive to ``OUT_DIR/items.jsonl`` and the crawl's stats to
``OUT_DIR/stats.json``. ``NAME=VALUE`` pairs are Scrapy settings (``NEWSCLEAN_INDEX=...``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess


class ArticleSpider(scrapy.Spider):
    name = "articles"

    def __init__(self, start_url: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]

    def parse(self, response):
        if response.css("article"):
            yield {
                "url": response.url,
                "title": response.css("h1::text").get(),
                "source": response.css("meta[name=outlet]::attr(content)").get(),
                "text": "\n\n".join(response.css("article p::text").getall()),
            }
        yield from response.follow_all(css="a.article", callback=self.parse)


def crawl(start_url: str, out_dir: Path, overrides: dict[str, str]) -> None:
    settings = {
        "ITEM_PIPELINES": {"newsclean.contrib.scrapy.NewscleanPipeline": 300},
        "FEEDS": {str(out_dir / "items.jsonl"): {"format": "jsonlines", "encoding": "utf8"}},
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 1,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        **overrides,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ArticleSpider)
    process.crawl(crawler, start_url=start_url)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float, str))}
    (out_dir / "stats.json").write_text(json.dumps(stats, indent=2, sort_keys=True))


if __name__ == "__main__":
    start, out, *pairs = sys.argv[1:]
    crawl(start, Path(out), dict(pair.split("=", 1) for pair in pairs))
