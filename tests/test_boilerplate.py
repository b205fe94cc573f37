"""Corpus boilerplate: lines repeated across documents of one site, learned within clean_many."""

from __future__ import annotations

import random

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.cleaning.cleaner import Cleaner
from newsclean.cleaning.corpus import RULE_NAME, RepeatedLines, line_key, site_of
from newsclean.cleaning.rules import REGISTRY
from newsclean.errors import ConfigError

WORDS = [
    "city",
    "council",
    "vote",
    "budget",
    "river",
    "police",
    "school",
    "mayor",
    "market",
    "storm",
    "court",
    "water",
    "bridge",
    "union",
    "farm",
]


def corpus_only(**options: object) -> Cleaner:
    """A cleaner with every rule family off, so only the corpus pass removes anything."""
    families = sorted({rule.family for rule in REGISTRY.values()})
    extra = list(options.pop("disable", []))  # type: ignore[call-overload]
    return Cleaner(disable=families + extra, **options)


def body(seed: int, paragraphs: int = 4) -> str:
    """A unique article body: sentences of random words, one paragraph each."""
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(rng.choice(WORDS) for _ in range(18)).capitalize() + "." for _ in range(paragraphs)
    )


def page(seed: int, *chrome: str) -> str:
    return "\n\n".join([body(seed), *chrome])


def removed_texts(record: dict) -> list[str]:
    return [r["text"].strip() for r in record["removed"] if r["rule"] == RULE_NAME]


def test_footer_on_three_pages_goes_from_every_page_including_the_first() -> None:
    footer = "Subscribe to our morning briefing"
    records = [{"id": i, "text": page(i, footer), "url": f"https://www.example.com/{i}"} for i in range(3)]
    out = list(corpus_only().clean_many(records))
    assert [removed_texts(r) for r in out] == [[footer]] * 3
    assert all(footer not in r["text"] for r in out)
    assert all(body(i).split("\n\n")[0] in out[i]["text"] for i in range(3))


def test_two_pages_are_not_enough() -> None:
    records = [page(i, "Subscribe to our morning briefing") for i in range(2)]
    assert all(removed_texts(r) == [] for r in corpus_only().clean_many(records))


def test_key_folds_case_digits_and_spaces() -> None:
    assert line_key("Updated 3:15  PM") == line_key("updated 11:40 pm")
    records = [page(i, f"Updated {i + 1}:1{i} PM  ET") for i in range(3)]
    assert all(len(removed_texts(r)) == 1 for r in corpus_only().clean_many(records))


def test_sites_are_counted_apart() -> None:
    line = "Read more stories from our newsroom"
    records = [{"text": page(i, line), "source": "a" if i < 2 else "b"} for i in range(4)]
    assert all(removed_texts(r) == [] for r in corpus_only().clean_many(records))
    same_site = [{"text": page(i, line), "url": f"https://news.example.org/p/{i}"} for i in range(3)]
    assert all(removed_texts(r) == [line] for r in corpus_only().clean_many(same_site))


def test_site_of() -> None:
    assert site_of("https://www.Example.com/x", "feed") == "example.com"
    assert site_of("not a url", "feed") == "feed"
    assert site_of(None, None) == ""


def test_a_line_counts_once_per_document() -> None:
    line = "Share this story with friends"
    records = [page(0, line, line, line), page(1, line)]
    assert all(removed_texts(r) == [] for r in corpus_only().clean_many(records))


def test_single_word_lines_are_never_counted() -> None:
    records = [page(i, "Advertisements") for i in range(5)]
    assert all(removed_texts(r) == [] for r in corpus_only().clean_many(records))


def test_long_standing_paragraph_needs_many_pages() -> None:
    standing = "The Daily Courier is an independent newspaper serving the valley since 1901 and is owned by its readers."
    few = [page(i, standing) for i in range(4)]
    assert all(removed_texts(r) == [] for r in corpus_only().clean_many(few))
    many = [page(i, standing) for i in range(6)]
    assert all(removed_texts(r) == [standing] for r in corpus_only().clean_many(many))


def test_exact_copies_count_once() -> None:
    text = page(7, "Follow us for more updates")
    assert all(removed_texts(r) == [] for r in corpus_only().clean_many([text, text, text, text]))


def test_near_copies_keep_their_text() -> None:
    """Syndicated copies share most lines: that is a duplicate article, not boilerplate."""
    shared = body(11, paragraphs=6)
    closings = [
        "Reporting by the wire desk.",
        "Edited for our readers.",
        "First published this morning.",
        "Filed from the capital.",
        "Updated with new figures.",
        "Shared by a partner site.",
        "Picked up overnight.",
    ]
    records = [f"{shared}\n\n{closing}" for closing in closings]
    out = list(corpus_only().clean_many(records))
    assert all(removed_texts(r) == [] for r in out)
    assert all(shared in r["text"] for r in out)
    guarded, unguarded = RepeatedLines(), RepeatedLines(max_doc_share=1.0)
    for text in records:
        guarded.add("", text)
        unguarded.add("", text)
    assert guarded.find("", records[0]) == []
    assert len(unguarded.find("", records[0])) == 6


def test_memory_is_bounded_by_the_window() -> None:
    repeated = RepeatedLines(min_repeat_docs=2, window=10)
    for i in range(60):
        repeated.add(f"site{i % 7}", page(i, "Sign up for alerts today", f"Unique footer {i} of page"))
        assert repeated.remembered <= 10
    lines_per_doc = len(page(0, "a b", "c d").split("\n\n"))
    assert repeated.counted_lines <= 10 * lines_per_doc


def test_window_forgets_old_documents() -> None:
    repeated = RepeatedLines(min_repeat_docs=2, window=2)
    repeated.add("", page(1, "Old chrome line here"))
    repeated.add("", page(2, "Old chrome line here"))
    assert repeated.find("", page(3, "Old chrome line here")) != []
    repeated.add("", page(4))
    repeated.add("", page(5))
    assert repeated.find("", page(6, "Old chrome line here")) == []


def test_shared_object_learns_across_calls_and_chunks() -> None:
    repeated = RepeatedLines(min_repeat_docs=3, window=4)  # chunks of two documents
    cleaner = corpus_only()
    line = "More from the metro desk"
    first = list(cleaner.clean_many([page(1, line), page(2, line)], repeated=repeated))
    assert all(removed_texts(r) == [] for r in first)
    later = list(cleaner.clean_many([page(3, line)], repeated=repeated))
    assert removed_texts(later[0]) == [line]


@pytest.mark.parametrize("options", [{"min_repeat_docs": None}, {"disable": ["corpus"]}])
def test_corpus_pass_can_be_switched_off(options: dict) -> None:
    records = [page(i, "Subscribe to our morning briefing") for i in range(4)]
    assert all(removed_texts(r) == [] for r in corpus_only(**options).clean_many(records))


@pytest.mark.parametrize(
    "kwargs", [{"min_repeat_docs": 1}, {"window": 0}, {"max_doc_share": 0.0}, {"min_line_words": 0}]
)
def test_bad_parameters(kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        RepeatedLines(**kwargs)


def test_find_uses_the_lines_add_keyed_and_keys_a_document_never_added() -> None:
    """add() keeps a document's keyed lines for its find(); a document never added is keyed on the spot."""
    footer = "Subscribe to the Daily Briefing today"
    pages = [f"{topic} news: the harbour opens a new ferry line this spring.\n\n{footer}" for topic in ("Local", "City", "Port")]
    repeated = RepeatedLines(3)
    for page in pages:
        repeated.add("example.com", page)
    for page in pages:
        hits = repeated.find("example.com", page)
        assert [page[h.start : h.end] for h in hits] == [footer]
    unseen = f"A different story on the same site, long enough to stay.\n\n{footer}"
    assert [unseen[h.start : h.end] for h in repeated.find("example.com", unseen)] == [footer]
    assert repeated.find("other.org", unseen) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB 1٣\t\n\u00a0\u2028xÉß.")), max_size=30))
def test_line_key_folds_case_digits_and_any_whitespace(line: str) -> None:
    expected = " ".join(regex.sub(r"\d+", "0", line.casefold()).split())
    assert line_key(line) == expected
