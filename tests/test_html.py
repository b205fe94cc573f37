"""HTML in: decoding, the page's declared metadata, furniture by markup, extraction and its check."""

from __future__ import annotations

import codecs
import json

import pytest

import newsclean
from newsclean.cleaning.html.decode import decode_html
from newsclean.cleaning.html.extract import choose
from newsclean.errors import InputError

pytest.importorskip("trafilatura", reason="the html extra is not installed")

from newsclean.cleaning.html.page import parse, visible_text

PARAGRAPHS = [
    "The river rose two metres overnight, and hundreds of homes along the valley were evacuated before dawn.",
    "Officials said the water would recede by the weekend, but they warned that more rain was on the way.",
    "Farmers counted their losses on Tuesday as the fields stayed under water for a third day running.",
    "The regional government promised emergency funds and said engineers would inspect every bridge.",
    "Residents who stayed behind described a night of sirens, torches and boats moving down the streets.",
]


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def article(extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<article><h1>Floods hit the south</h1>{paragraphs}{extra}</article>"


NAV = "<nav><ul>" + "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in ("Home", "World", "Sport", "Weather")) + "</ul></nav>"
FOOTER = "<footer><p>Copyright 2025 Example Media. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"


class TestDecode:
    def test_declared_charset(self) -> None:
        text, fix = decode_html("<meta charset='windows-1252'><p>Café “quoted”</p>".encode("cp1252"))
        assert "Café “quoted”" in text
        assert fix == "html.charset:declared:cp1252"

    def test_bom_wins(self) -> None:
        assert decode_html(codecs.BOM_UTF8 + "<p>Zürich</p>".encode()) == ("<p>Zürich</p>", "html.charset:bom:utf-8")

    def test_wrong_declaration_falls_back_to_detection(self) -> None:
        spanish = ("El señor Muñoz habló con la prensa el martes por la mañana y explicó que la situación "
                   "económica de la región había mejorado durante el último año, según los datos oficiales. ") * 3
        data = f"<meta charset='utf-8'><p>{spanish}</p>".encode("cp1252")
        text, fix = decode_html(data)
        assert "Muñoz" in text
        assert fix.startswith("html.charset:detected:")

    def test_undeclared_utf8(self) -> None:
        assert decode_html("<p>Кремль</p>".encode()) == ("<p>Кремль</p>", "html.charset:detected:utf-8")

    def test_bytes_through_clean_name_the_charset(self) -> None:
        html = page(article()).replace("<head>", "<head><meta charset='iso-8859-1'>").replace("river", "rivière")
        result = newsclean.clean(html=html.encode("latin-1"))
        assert "rivière" in result.text
        assert result.fixes[0] == "html.charset:declared:iso8859-1"


class TestPage:
    def test_json_ld_and_meta(self) -> None:
        ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"}, {
            "@type": "NewsArticle", "headline": "Floods hit the south", "datePublished": "2025-03-04T08:00:00Z",
            "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
            "publisher": {"@type": "Organization", "name": "Example Media"}}]}
        head = (f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
                "<link rel='canonical' href='https://example.com/floods'><title>Floods hit the south | Example Media</title>")
        meta = parse(page(article(), head)).metadata
        assert meta == {"title": "Floods hit the south", "authors": ["Jane Doe", "John Roe"],
                        "date_published": "2025-03-04T08:00:00Z", "site_name": "Example Media", "language": "en",
                        "canonical_url": "https://example.com/floods"}

    def test_logo_h1_is_not_the_headline(self) -> None:
        body = "<header><h1>Example Media</h1></header>" + article()
        head = "<meta property='og:site_name' content='Example Media'><title>Floods hit the south - Example Media</title>"
        assert parse(page(body, head)).metadata["title"] == "Floods hit the south"

    def test_title_tag_without_site_suffix_when_no_h1(self) -> None:
        body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        assert parse(page(body, "<title>Floods hit the south | Example Media</title>")).metadata["title"] == "Floods hit the south"

    def test_broken_json_ld_is_ignored(self) -> None:
        head = "<script type='application/ld+json'>{not json</script><title>Floods hit the south | Example</title>"
        assert parse(page(article(), head)).metadata["title"] == "Floods hit the south"

    def test_furniture_dropped_and_named(self) -> None:
        parsed = parse(page(NAV + article("<aside>Most read: ten things</aside>") + FOOTER))
        rules = [d.rule for d in parsed.dropped]
        assert rules == ["html.navigation", "html.aside", "html.footer"]
        assert all(d.start == d.end == -1 for d in parsed.dropped)
        assert "Home" not in visible_text(parsed.tree) and PARAGRAPHS[2] in visible_text(parsed.tree)

    def test_article_header_and_page_wrapping_form_are_kept(self) -> None:
        body = "<form id='aspnetForm'><article><header><h1>Floods hit the south</h1><p>By Jane Doe</p></header>"
        body += "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></form>"
        parsed = parse(page(body))
        assert parsed.dropped == []
        assert "By Jane Doe" in visible_text(parsed.tree)

    def test_header_holding_prose_is_kept(self) -> None:
        lead = " ".join(PARAGRAPHS[:2])
        parsed = parse(page(f"<header><p>{lead}</p></header>" + article()))
        assert "html.header" not in [d.rule for d in parsed.dropped]

    def test_comments_block_dropped_even_when_long(self) -> None:
        comments = "<div id='comments'>" + "".join(f"<p>Reader {i}: {PARAGRAPHS[i % 5]}</p>" for i in range(20)) + "</div>"
        parsed = parse(page(article() + comments))
        assert [d.rule for d in parsed.dropped] == ["html.comments"]

    def test_captions_go_to_metadata(self) -> None:
        figure = "<figure><img src='a.jpg'><figcaption>Rescuers in a boat. Photo: J. Doe/Agency</figcaption></figure>"
        result = newsclean.clean(html=page(article(figure)))
        assert result.metadata["captions"] == ["Rescuers in a boat. Photo: J. Doe/Agency"]
        assert "Rescuers" not in result.text

    def test_visible_text_one_line_per_block(self) -> None:
        parsed = parse(page("<div>One <b>bold</b> word</div><script>var x = 1;</script><p>Two</p><ul><li>a</li><li>b</li></ul>"))
        assert visible_text(parsed.tree) == "One bold word\nTwo\na\nb"


class TestClean:
    def test_clean_html_keeps_article_drops_chrome(self) -> None:
        result = newsclean.clean(html=page(NAV + article() + FOOTER), url="https://example.com/floods")
        assert all(p in result.text for p in PARAGRAPHS)
        assert "Copyright" not in result.text and "Weather" not in result.text
        assert result.metadata["title"] == "Floods hit the south"
        assert "html.extractor" in result.fixes

    def test_removed_lists_markup_removals_first(self) -> None:
        result = newsclean.clean(html=page(NAV + article() + FOOTER))
        html_rules = [r.rule for r in result.removed if r.start == -1]
        assert html_rules == ["html.navigation", "html.footer"]
        assert result.removed[: len(html_rules)] == [r for r in result.removed if r.start == -1]

    def test_text_and_html_together_is_an_error(self) -> None:
        with pytest.raises(TypeError, match="text or html"):
            newsclean.clean("text", html="<p>x</p>")

    @pytest.mark.parametrize("bad", ["", "   \n"])
    def test_empty_html_is_an_input_error(self, bad: str) -> None:
        with pytest.raises(InputError):
            newsclean.clean(html=bad)

    def test_html_of_wrong_type(self) -> None:
        with pytest.raises(TypeError, match="str or bytes"):
            newsclean.clean(html=42)  # type: ignore[arg-type]

    def test_clean_many_html_records_in_order(self) -> None:
        records = [
            {"id": "a", "html": page(NAV + article() + FOOTER), "url": "https://example.com/a"},
            {"id": "b", "text": "ADVERTISEMENT\n\nThe council voted on Tuesday."},
            {"id": "c", "html": page(article()).encode("utf-8")},
            {"id": "d", "html": "  "},
            {"id": "e", "html": 7},
        ]
        out = list(newsclean.Cleaner().clean_many(records))
        assert [r["id"] for r in out] == ["a", "b", "c", "d", "e"]
        assert PARAGRAPHS[0] in out[0]["text"] and out[0]["metadata"]["title"] == "Floods hit the south"
        assert out[1]["text"] == "The council voted on Tuesday."
        assert PARAGRAPHS[4] in out[2]["text"]
        assert out[3]["error"] == "field 'html' is empty" and "text" not in out[3]
        assert out[4]["error"] == "field 'html' is int, not str or bytes"

    def test_clean_many_html_with_workers_matches_one_process(self) -> None:
        records = [{"id": str(i), "html": page(NAV + article(f"<p>Item {i} closes the story here.</p>") + FOOTER),
                    "url": f"https://example.com/{i}"} for i in range(6)]
        one = list(newsclean.Cleaner().clean_many(records))
        two = list(newsclean.Cleaner().clean_many(records, workers=2))
        assert one == two


def test_choose_keeps_the_extractor_when_it_has_the_article() -> None:
    visible = "\n".join(["Home", "World", "Sport", "Weather", "Login", *PARAGRAPHS, "Privacy", "Terms"])
    assert choose("\n".join(PARAGRAPHS), visible).source == "extractor"


def test_choose_falls_back_to_the_region_when_the_extractor_lost_the_article() -> None:
    long_body = [f"{p} Paragraph {i} adds its own clause, so that no two lines are alike." for i, p in enumerate(PARAGRAPHS * 4)]
    visible = "\n".join(["Home", "World", "Sport", "Weather", "Login", "Search", *long_body, "Privacy", "Terms", "Contact", "About", "Jobs"])
    chosen = choose(long_body[0], visible)
    assert chosen.source == "locator"
    assert chosen.text.splitlines() == long_body
