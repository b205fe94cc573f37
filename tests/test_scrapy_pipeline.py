"""The Scrapy pipeline in real crawls of a local site, and its settings and signatures in process.

The site is built from the fixture articles (several quote each other at length) plus one
syndicated copy (the same story with an edited sentence and without its last paragraph), each page
naming its own outlet, served by ``http.server`` on 127.0.0.1 (an ephemeral
port). Each crawl runs in a child process (``tests/scrapy_crawl.py``): Twisted's reactor runs once.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="the scrapy extra is not installed")

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from newsclean.cleaning.cleaner import Cleaner
from newsclean.contrib.scrapy import NewscleanPipeline, PipelineSettings
from newsclean.dedup.index.redis import RedisIndex
from newsclean.errors import ConfigError
from redis_server import redis_url_or_skip, unique_prefix_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
CRAWL = str(Path(__file__).with_name("scrapy_crawl.py"))
COPIED = "002"  # the fixture the syndicated copy is made from


def paragraphs(text: str) -> list[str]:
    """Every non-empty line is a paragraph on the page (some fixtures use single newlines)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def syndicated_copy(text: str) -> list[str]:
    """The same story as another outlet runs it: one word changed mid-story, last paragraph cut."""
    paras = paragraphs(text)[:-1]
    middle = len(paras) // 2
    words = paras[middle].split()
    words[len(words) // 2] = "reportedly"
    paras[middle] = " ".join(words)
    return paras


def page(title: str, paras: list[str]) -> str:
    """An article page; each names its own outlet, as the pages of an aggregator would."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    head = f'<title>{html.escape(title)}</title><meta name="outlet" content="outlet-{html.escape(title)}">'
    return (
        f"<html><head>{head}</head><body><h1>{html.escape(title)}</h1><article>{body}</article></body></html>"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    links = []
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (root / f"{path.stem}.html").write_text(page(path.stem, paragraphs(text)), encoding="utf-8")
        links.append(f"{path.stem}.html")
        if path.stem.startswith(COPIED):
            (root / "copy.html").write_text(page("copy", syndicated_copy(text)), encoding="utf-8")
            links.append("copy.html")
    anchors = "".join(f'<a class="article" href="{link}">{link}</a>' for link in links)
    (root / "index.html").write_text(f"<html><body>{anchors}</body></html>", encoding="utf-8")

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def crawl(start_url: str, out: Path, **settings: str) -> tuple[list[dict], dict]:
    out.mkdir()
    args = [sys.executable, CRAWL, start_url, str(out), *(f"{k}={v}" for k, v in settings.items())]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    items_file = out / "items.jsonl"
    items = [json.loads(line) for line in items_file.read_text().splitlines()] if items_file.exists() else []
    return items, json.loads((out / "stats.json").read_text())


def stem(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".html")


@pytest.fixture(params=["sqlite", "redis"], ids=["sqlite", "redis"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where the crawls keep their fingerprints: a file, or a Redis server shared by crawlers."""
    if request.param == "sqlite":
        yield str(tmp_path / "crawl.sqlite")
        return
    url = unique_prefix_url(redis_url_or_skip())
    yield url
    RedisIndex.open_existing(url).drop()


def test_second_crawl_drops_every_repeat_of_the_first(site: str, tmp_path: Path, index: str) -> None:
    first, stats = crawl(site, tmp_path / "run1", NEWSCLEAN_INDEX=index)
    pair = {stem(i["url"]) for i in first} & {"copy", next(p.stem for p in FIXTURES.glob(f"{COPIED}*"))}
    assert len(first) == 5 and len(pair) == 1  # the original or its copy, whichever came second, went
    assert (stats["newsclean/items"], stats["newsclean/dropped"], stats["newsclean/duplicates"]) == (6, 1, 1)
    assert stats["newsclean/shared_passages"] >= 1  # fixtures quoting each other are kept
    assert stats["newsclean/cleaned"] == 6
    cleaner = Cleaner()
    for item in first:  # the text field holds the cleaned text
        source = (FIXTURES / f"{stem(item['url'])}.txt") if stem(item["url"]) != "copy" else None
        if source is not None:
            raw = "\n\n".join(paragraphs(source.read_text(encoding="utf-8")))
            assert item["text"] == cleaner.clean(raw, url=item["url"], title=item["title"]).text

    second, stats = crawl(site, tmp_path / "run2", NEWSCLEAN_INDEX=index)
    assert second == []
    assert (stats["newsclean/items"], stats["newsclean/dropped"], stats["newsclean/seen_before"]) == (6, 6, 6)


def test_mark_action_keeps_the_duplicate_and_names_the_original(site: str, tmp_path: Path) -> None:
    items, stats = crawl(site, tmp_path / "run", NEWSCLEAN_ACTION="mark")
    assert len(items) == 6 and stats["newsclean/marked"] == 1 and "newsclean/dropped" not in stats
    marked = [i for i in items if "newsclean_duplicate_of" in i]
    assert len(marked) == 1
    assert {stem(marked[0]["url"]), stem(marked[0]["newsclean_duplicate_of"])} == {
        "copy",
        next(p.stem for p in FIXTURES.glob(f"{COPIED}*")),
    }


def test_disabled_pipeline_is_not_configured() -> None:
    with pytest.raises(NotConfigured):
        NewscleanPipeline.from_crawler(get_crawler(settings_dict={"NEWSCLEAN_ENABLED": False}))


def test_bad_action_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="NEWSCLEAN_ACTION"):
        NewscleanPipeline.from_crawler(get_crawler(settings_dict={"NEWSCLEAN_ACTION": "delete"}))


def test_old_and_new_process_item_signatures(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWSCLEAN_INDEX": str(tmp_path / "i.sqlite")})
    pipeline = NewscleanPipeline.from_crawler(crawler)
    text = "\n\n".join(paragraphs((next(FIXTURES.glob("000*"))).read_text(encoding="utf-8")))
    pipeline.open_spider()
    first = pipeline.process_item({"url": "https://a.example/1", "text": text})  # Scrapy >= 2.13
    assert first["url"] == "https://a.example/1"
    with pytest.raises(DropItem, match=r"a\.example/1"):
        pipeline.process_item({"url": "https://b.example/2", "text": text}, object())  # older Scrapy
    untouched = {"url": "https://c.example/3", "body": "no text field"}
    assert pipeline.process_item(untouched) == untouched
    pipeline.close_spider(object())
    assert crawler.stats.get_value("newsclean/no_text") == 1
    assert crawler.stats.get_value("newsclean/dropped") == 1


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="NEWSCLEAN_TEXT_FIELD"):
        PipelineSettings(text_field="")


def test_items_without_an_id_are_named_by_their_text() -> None:
    crawler = get_crawler(settings_dict={"NEWSCLEAN_ID_FIELD": "guid"})
    pipeline = NewscleanPipeline.from_crawler(crawler)
    text = "\n\n".join(paragraphs(next(FIXTURES.glob("003*")).read_text(encoding="utf-8")))
    pipeline.process_item({"text": text})  # opens itself when used outside a crawl
    with pytest.raises(DropItem):
        pipeline.process_item({"text": text})
    pipeline.close_spider()
    assert crawler.stats.get_value("newsclean/seen_before") == 1


def test_marking_an_item_class_without_the_mark_field_says_what_to_declare() -> None:
    import scrapy

    class Article(scrapy.Item):
        url = scrapy.Field()
        text = scrapy.Field()

    pipeline = NewscleanPipeline.from_crawler(get_crawler(settings_dict={"NEWSCLEAN_ACTION": "mark"}))
    text = "\n\n".join(paragraphs(next(FIXTURES.glob("004*")).read_text(encoding="utf-8")))
    kept = pipeline.process_item(Article(url="https://a.example/1", text=text))
    assert kept["text"] and "newsclean_duplicate_of" not in kept
    with pytest.raises(ConfigError, match="NEWSCLEAN_MARK_FIELD"):
        pipeline.process_item(Article(url="https://b.example/2", text=text))
    pipeline.close_spider()


def test_mark_names_copies_only_never_an_article_that_reuses_a_passage() -> None:
    """001 quotes 000 at length (reuse: kept unmarked, counted); a reprint of 000 is marked with 000."""
    crawler = get_crawler(settings_dict={"NEWSCLEAN_ACTION": "mark", "NEWSCLEAN_CLEAN": False})
    pipeline = NewscleanPipeline.from_crawler(crawler)
    texts = {p.stem[:3]: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("00[01]*"))}
    items = [{"url": f"https://{name}.example/{name}", "text": text} for name, text in texts.items()]
    items.append({"url": "https://reprint.example/000", "text": texts["000"]})
    out = [pipeline.process_item(item) for item in items]
    pipeline.close_spider()
    assert [i.get("newsclean_duplicate_of") for i in out] == [None, None, "https://000.example/000"]
    assert crawler.stats.get_value("newsclean/shared_passages") == 1
    assert crawler.stats.get_value("newsclean/marked") == 1


def test_items_with_html_only_are_read_by_the_html_stage() -> None:
    """``item["html"] = response.text`` (or the body's bytes): cleaned text in the text field, copies marked."""
    pytest.importorskip("trafilatura", reason="the html extra is not installed")
    crawler = get_crawler(settings_dict={"NEWSCLEAN_ACTION": "mark"})
    pipeline = NewscleanPipeline.from_crawler(crawler)
    text = next(FIXTURES.glob("004*")).read_text(encoding="utf-8")
    html_page = page("004", paragraphs(text))
    first = pipeline.process_item({"url": "https://a.example/004", "html": html_page})
    second = pipeline.process_item({"url": "https://b.example/004", "html": html_page.encode("utf-8")})
    pipeline.close_spider()
    assert max(paragraphs(text), key=len)[:60] in first["text"]
    assert "<p>" not in first["text"]
    assert second["newsclean_duplicate_of"] == "https://a.example/004"
    assert crawler.stats.get_value("newsclean/cleaned") == 2
