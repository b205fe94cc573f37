"""HTML in: a fetched page to the text the rules clean, plus what the page's markup tells.

Stages (:func:`read_page`), each in its module:

1. :mod:`.decode`: bytes to text by the byte-order mark, the declared charset, then detection;
2. :mod:`.page`: parse once (lxml); the page's declared metadata (title, authors, date published,
   site name, language, canonical URL); furniture by markup (``<nav>``, the page's ``<header>`` and
   ``<footer>``, ``<aside>``, forms, their ARIA roles) and figure captions taken out of the tree, each
   recorded as a removal named ``html.<reason>``; the visible text, one line per block;
3. :mod:`.extract`: the extractor's text (trafilatura, recall-favouring, without readers' comments),
   or the body locator's region of the visible text when the extractor lost the article.

The cleaner then runs its rules on that text as on any other (:meth:`newsclean.Cleaner.clean` with
``html=``). Needs the ``html`` extra: ``pip install 'newsclean[html]'``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsclean.results import CleanResult, Removal


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What the HTML stage hands the cleaner: the ``text`` to clean and what the markup told.

    ``source`` is ``"extractor"`` or ``"locator"`` (which stage's text it is); ``dropped`` the parts
    taken out by markup (``start``/``end`` are -1: they were never in the text); ``fixes`` how the
    page was decoded and read.
    """

    text: str
    source: str
    metadata: dict[str, object] = field(default_factory=dict)
    dropped: tuple[Removal, ...] = ()
    fixes: tuple[str, ...] = ()


def read_page(html: str | bytes, url: str | None = None) -> HtmlPage:
    """Decode, parse and extract one page (see the module docstring)."""
    from newsclean.cleaning.html.decode import decode_html
    from newsclean.cleaning.html.extract import choose, extractor_text
    from newsclean.cleaning.html.page import parse, visible_text
    from newsclean.errors import require

    require("trafilatura", "html")  # before any work, so a missing extra is named the same way everywhere
    fixes: list[str] = []
    if isinstance(html, (bytes, bytearray, memoryview)):
        html, fix = decode_html(bytes(html))
        fixes.append(fix)
    elif not isinstance(html, str):
        raise TypeError(f"html must be str or bytes, got {type(html).__name__}")
    page = parse(html)
    # The extractor reads the page as published: taking furniture out first changes which container
    # it picks, and on some pages it then loses the article.
    chosen = choose(extractor_text(html, url), visible_text(page.tree))
    metadata = dict(page.metadata)
    if page.captions:
        metadata["captions"] = list(page.captions)
    fixes.append(f"html.{chosen.source}")
    return HtmlPage(chosen.text, chosen.source, metadata, tuple(page.dropped), tuple(fixes))


def with_page(result: CleanResult, page: HtmlPage) -> CleanResult:
    """``result`` with what the page told: its markup's removals first, its declared metadata, its fixes.

    The page's own title, authors and date win over the rules' guesses from the text; captions go
    to ``metadata["captions"]``.
    """
    metadata = dict(result.metadata)
    metadata.update(page.metadata)
    return CleanResult(
        result.text,
        [*page.dropped, *result.removed],
        metadata,
        result.normalized,
        (*page.fixes, *result.fixes),
    )
