"""A fetched page as the HTML stage sees it: its DOM, what the page says about itself, its visible text.

:func:`parse` reads the HTML once (lxml, which the ``html`` extra brings) and gives a :class:`Page`:

- ``metadata``: the title, authors, date published, site name, language and canonical URL the page
  declares (JSON-LD, ``<meta>``, ``<title>``, ``<h1>``, ``<html lang>``, ``<link rel=canonical>``);
- ``dropped``: the page's parts that are page furniture by their markup (``<nav>``, page ``<header>``
  and ``<footer>``, ``<aside>``, ARIA landmarks of the same roles, ``<form>``) and figure captions,
  each as a :class:`~newsclean.results.Removal` named ``html.<reason>``, taken out of the tree;
- ``captions``: the figure captions' text, which belongs in metadata, not in the article.

:func:`visible_text` is the text a browser shows, one line per block element.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsclean.cleaning.body import strip_site_name
from newsclean.errors import InputError, require
from newsclean.results import Removal

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "select"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul", "td", "th", "caption",
        "title", "body", "html", "option", "label", "legend",
    }
)
_SPACE = re.compile(r"\s+")
_LINE_SPACE = re.compile(r"[^\S\n]+")
_COMMENTS = re.compile(r"^(?:comments?|comments?-(?:area|list|section|wrapper|container)|commentlist|respond|disqus_thread)$")
"""Class or id naming a readers' comments block (WordPress, Disqus and most blog templates)."""
MAX_FURNITURE_SHARE = 0.3
"""An element holding more than this share of the page's text is not furniture, whatever its tag."""
PROSE_WORDS = 30
"""Nor is one holding a paragraph (or an ``<h1>``) of this many words: it holds the article's text."""
_ARTICLE_TYPES = re.compile(r"(?i)article|posting|report|review|webpage|howto|recipe")
_WORD = re.compile(r"\w+")
MAX_TITLE = 300
"""Characters: an ``<h1>`` longer than this is not a headline."""


@dataclass
class Page:
    """One parsed page; ``tree`` is the lxml root with ``dropped`` parts already taken out."""

    tree: Any
    metadata: dict[str, object] = field(default_factory=dict)
    dropped: list[Removal] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


def parse(html: str) -> Page:
    """Parse ``html``, read its declared metadata and take out furniture and captions."""
    etree = require("lxml.etree", "html")
    if not html.strip():
        raise InputError("html is empty")
    try:
        # Plain etree elements: lxml.html's element classes cost a lookup per element visited.
        tree = etree.fromstring(html, etree.HTMLParser(remove_comments=True, remove_pis=True))
    except (ValueError, etree.ParserError) as exc:
        raise InputError(f"html could not be parsed: {exc}") from exc
    if tree is None:
        raise InputError("html holds no elements")
    page = Page(tree, metadata=declared_metadata(tree))  # before scripts go: JSON-LD lives in them
    for element in list(tree.iter(*_SKIP)):
        _remove(element)
    _drop_furniture(page)
    return page


def _text_of(element: Any) -> str:
    return _SPACE.sub(" ", " ".join(element.itertext())).strip()


def _inside(element: Any, tags: frozenset[str]) -> bool:
    return any(a.tag in tags for a in element.iterancestors())


def _furniture_reason(element: Any) -> str | None:
    tag = element.tag
    role = (element.get("role") or "").strip().lower()
    if tag == "nav" or role == "navigation":
        return "navigation"
    if tag in ("header", "footer") or role in ("banner", "contentinfo"):
        # An article's own header holds its headline and byline: only the page's are furniture.
        if _inside(element, frozenset({"article", "main"})):
            return None
        return "header" if tag == "header" or role == "banner" else "footer"
    if tag == "aside" or role == "complementary":
        return "aside"
    if tag == "form" or role == "search":
        return "form"
    if tag == "figcaption":
        return "caption"
    if any(_COMMENTS.match(name) for name in _names_of(element)):
        return "comments"
    return None


def _names_of(element: Any) -> list[str]:
    names = element.get("class"), element.get("id")
    if not any(names):
        return []
    return [*(names[0] or "").lower().split(), (names[1] or "").lower()]


def _holds_article(element: Any, reason: str, text: str, page_chars: int) -> bool:
    """Whether a furniture-tagged element holds article text: pages wrap all in one ``<form>`` or
    ``<header>``, or put the headline and the first paragraphs in them. Readers' comments are prose
    and may outweigh the article: only a headline inside says a comments block holds the article."""
    if reason == "comments":
        return next(element.iter("h1"), None) is not None
    if len(text) > MAX_FURNITURE_SHARE * page_chars:
        return True
    return any(len(_text_of(p).split()) >= PROSE_WORDS for p in element.iter("p", "h1"))


def _drop_furniture(page: Page) -> None:
    """Take furniture and captions out of the tree, outermost first, recording each one's text."""
    page_chars = sum(map(len, page.tree.itertext())) or 1
    doomed: list[tuple[Any, str, str]] = []
    for element in page.tree.iter(require("lxml.etree", "html").Element):  # elements only, no entities
        reason = _furniture_reason(element)
        # Document order: a dropped element's parts come right after it, before anything else.
        if not reason or (doomed and _is_ancestor(doomed[-1][0], element)):
            continue
        text = _text_of(element)
        if reason == "caption" or not _holds_article(element, reason, text, page_chars):
            doomed.append((element, reason, text))
    for element, reason, text in doomed:
        if reason == "caption" and text:
            page.captions.append(text)
        if text:
            page.dropped.append(Removal(f"html.{reason}", text, -1, -1))
        _remove(element)


def _remove(element: Any) -> None:
    """Take ``element`` out of its tree, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _is_ancestor(ancestor: Any, element: Any) -> bool:
    return any(a is ancestor for a in element.iterancestors())


def visible_text(tree: Any) -> str:
    """The text a browser shows of a :func:`parse`-d tree (scripts and styles are gone), one line per block.

    It marks the tree's blocks with line breaks, so a tree gives its visible text once.
    """
    etree = require("lxml.etree", "html")
    for element in tree.iter(*_BLOCK):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    text = etree.tostring(tree, method="text", encoding="unicode")
    return "\n".join(line for line in (_LINE_SPACE.sub(" ", raw).strip() for raw in text.split("\n")) if line)


def declared_metadata(tree: Any) -> dict[str, object]:
    """Title, authors, date, site name, language and canonical URL as the page declares them."""
    meta = _meta_tags(tree)
    linked = _json_ld(tree)
    found: dict[str, object] = {}
    site = _first(meta.get("og:site_name"), linked.get("site_name"), meta.get("application-name"))
    title = headline(tree, [linked.get("headline"), meta.get("og:title"), meta.get("twitter:title"), _title_tag(tree)], site)
    if title:
        found["title"] = title
    authors = linked.get("authors") or [a for a in [meta.get("author"), meta.get("article:author")] if a and "://" not in a]
    if authors:
        found["authors"] = list(dict.fromkeys(authors))
    published = _first(linked.get("date_published"), meta.get("article:published_time"), meta.get("date"),
                       meta.get("dc.date"), meta.get("pubdate"))
    if published:
        found["date_published"] = published
    if site:
        found["site_name"] = site
    language = _first(tree.get("lang"), tree.get("xml:lang"), meta.get("og:locale"), linked.get("language"))
    if language:
        found["language"] = language
    canonical = _first(*(link.get("href") for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()),
                       meta.get("og:url"))
    if canonical:
        found["canonical_url"] = canonical
    return found


def _first(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return _SPACE.sub(" ", value).strip()
    return None


def _meta_tags(tree: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = element.get("content")
        if key and content and key not in tags:
            tags[key] = content
    return tags


def _title_tag(tree: Any) -> str | None:
    element = next(tree.iter("title"), None)
    return _text_of(element) if element is not None else None


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").lower()))


def headline(tree: Any, declared: list[str | None], site: str | None) -> str | None:
    """The article's headline: the first ``<h1>`` that the page's declared titles agree with.

    Pages put their logo or site name in an ``<h1>`` too, so an ``<h1>`` counts when at least half its
    words are in a declared title (JSON-LD ``headline``, ``og:title``, ``twitter:title``,
    ``<title>``) once the site name is stripped from those. Without such an ``<h1>``: the first
    ``<h1>`` of two words or more outside the page's header and navigation that is not the site's
    name; then any ``<h1>`` when the page declares no title; else the first declared title without
    its site suffix.
    """
    titles = [strip_site_name(t) for t in map(_first, declared) if t]
    context = set().union(*map(_words, titles)) - _words(site)
    h1s = [(t, e) for t, e in ((_text_of(e), e) for e in tree.iter("h1")) if t and len(t) <= MAX_TITLE]
    for text, _ in h1s:
        words = _words(text)
        if words and len(words & context) * 2 >= len(words):
            return text
    own = [t for t, e in h1s if not _in_page_chrome(e) and _words(t) != _words(site) and len(t.split()) >= 2]
    if own:
        return own[0]
    if h1s and not titles:
        return h1s[0][0]
    return titles[0] if titles else None


def _in_page_chrome(element: Any) -> bool:
    """Inside the page's header or navigation, where a logo's ``<h1>`` sits."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("article", "main"):
            return False
        if ancestor.tag in ("header", "nav") or (ancestor.get("role") or "") in ("banner", "navigation"):
            return True
    return False


def _json_ld(tree: Any) -> dict[str, Any]:
    """The article object's fields from the page's JSON-LD (``@graph`` lists included)."""
    found: dict[str, Any] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # a page's broken JSON-LD is the page's problem, not a reason to fail
        for item in _ld_items(data):
            kind = item.get("@type")
            kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            if not _ARTICLE_TYPES.search(kinds):
                continue
            found.setdefault("headline", item.get("headline") if isinstance(item.get("headline"), str) else None)
            names = list(_names(item.get("author")))
            if names:
                found.setdefault("authors", names)
            if isinstance(item.get("datePublished"), str):
                found.setdefault("date_published", item["datePublished"])
            publisher = next(_names(item.get("publisher")), None)
            if publisher:
                found.setdefault("site_name", publisher)
            if isinstance(item.get("inLanguage"), str):
                found.setdefault("language", item["inLanguage"])
    return {k: v for k, v in found.items() if v}


def _ld_items(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"], depth + 1)


def _names(value: Any) -> Iterator[str]:
    for item in value if isinstance(value, list) else [value]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and "://" not in name:
            yield _SPACE.sub(" ", name).strip()
