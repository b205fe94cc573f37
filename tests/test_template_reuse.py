"""Template-aware reuse: page chrome is no evidence, one registered domain is one source, copies still link."""

from __future__ import annotations

import pytest

from dedup_helpers import CONFIG, FINGERPRINTER, entry, words
from newsclean.dedup.clustering import cluster
from newsclean.dedup.documents import source_of
from newsclean.dedup.index import open_index
from newsclean.dedup.index.base import IndexMeta
from newsclean.dedup.prose import is_prose, prose_tokens
from newsclean.dedup.verify import verify
from newsclean.errors import IndexMismatchError

MENU = ["Home", "World", "Business", "Sport", "Opinion", "Culture", "Travel", "Subscribe", "Sign in"]
MAKES = ["Audi", "BMW", "Citroen", "Dacia", "Ford", "Honda", "Kia", "Mazda", "Nissan", "Peugeot"]


def _sentences(count: int, seed: int) -> list[str]:
    """Prose lines: ``count`` sentences of 18 pseudo-words each."""
    tokens = words(18 * count, seed)
    return [" ".join(tokens[i : i + 18]).capitalize() + "." for i in range(0, len(tokens), 18)]


def _page(body: list[str], seed: int) -> str:
    """A whole page: a long menu and a list of names above the article, a menu below it."""
    chrome_names = [" ".join(words(2, seed * 100 + i)).title() for i in range(40)]
    return "\n".join([*MENU, *MAKES, *chrome_names, *body, *MENU, *MAKES])


def test_menus_and_name_lists_are_not_prose() -> None:
    page = _page(_sentences(12, 1), 7)
    mask = prose_tokens(page, len(page.split()))
    assert mask is not None
    assert not mask[: len(MENU) + len(MAKES)].any()  # every chrome word above the article
    assert mask[-(len(MENU) + len(MAKES) + 40) : -(len(MENU) + len(MAKES) + 2)].all()  # the article's last sentences
    grams = FINGERPRINTER.fingerprint("p", page).grams
    assert 0 < int(is_prose(grams).sum()) < len(grams)


def test_one_template_with_two_articles_does_not_link_across_sites() -> None:
    """The same chrome (a name list, menus) around two different articles, on two registered domains."""
    chrome = "\n".join(f"{a} {b} and {c} joined the board" for a, b, c in zip(MAKES, MAKES[1:], MAKES[2:], strict=False))
    first = _page(_sentences(6, 2), 3) + "\n" + chrome
    second = _page(_sentences(6, 4), 3) + "\n" + chrome
    assert verify(entry("b", second, "other.example"), entry("a", first, "one.example"), CONFIG) is None


def test_an_article_inside_another_sites_chrome_is_still_a_near_duplicate() -> None:
    body = _sentences(20, 5)
    original, copy = _page(body, 8), _page(body, 9)
    match = verify(entry("b", copy, "wire.example"), entry("a", original, "paper.example"), CONFIG)
    assert match is not None and match.kind == "near_duplicate"


def test_reuse_of_a_prose_passage_still_links() -> None:
    passage = " ".join(_sentences(5, 6))  # 90 words, one paragraph
    a = _page([*_sentences(8, 10), passage, *_sentences(4, 11)], 1)
    b = _page([*_sentences(6, 12), passage], 2)
    match = verify(entry("b", b, "b.example"), entry("a", a, "a.example"), CONFIG)
    assert match is not None and match.kind == "shared_passage" and match.shared_words >= 80


@pytest.mark.parametrize(
    ("one", "other"),
    [("https://uk.example.com/a", "https://www.example.com/b"), ("https://a.news.example.co.uk/x", "https://example.co.uk/y")],
)
def test_sister_hosts_are_one_source(one: str, other: str) -> None:
    assert source_of(None, one) == source_of(None, other)


def test_sister_hosts_never_link_through_a_passage() -> None:
    passage = " ".join(_sentences(5, 20))
    docs = [
        {"id": "a", "text": _page([*_sentences(8, 21), passage], 1), "url": "https://uk.example.com/a"},
        {"id": "b", "text": _page([passage, *_sentences(8, 22)], 2), "url": "https://www.example.com/b"},
        {"id": "c", "text": _page([passage, *_sentences(8, 23)], 3), "url": "https://elsewhere.example.org/c"},
    ]
    assert cluster(docs, clean=False) == [["a", "b", "c"]]  # each sister links through the other site
    sisters = [d for d in docs if d["id"] != "c"]
    assert cluster(sisters, clean=False) == [["a"], ["b"]]


def test_an_index_of_shingles_without_the_prose_flag_is_refused_with_the_way_out(tmp_path) -> None:
    meta = FINGERPRINTER.meta()
    old = IndexMeta(**{**meta.to_dict(), "shingle": str(FINGERPRINTER.shingle)})
    path = str(tmp_path / "old.sqlite")
    open_index(path, old).close()
    with pytest.raises(IndexMismatchError, match="Build a new index from the original records"):
        open_index(path, meta)
