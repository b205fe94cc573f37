"""Pair verification: exact, near-duplicate, shared passage, and what must stay apart."""

from __future__ import annotations

import dataclasses

from dedup_helpers import CONFIG, entry, text, words
from newsclean.dedup.verify import find_passages, gram_jaccard, shared_runs, verify


def test_exact_copy() -> None:
    body = text(200, 1)
    match = verify(entry("b", body.upper()), entry("a", body), CONFIG)
    assert match is not None and (match.kind, match.similarity, match.shared_words) == ("exact", 1.0, 200)


def test_near_duplicate_with_a_few_edits() -> None:
    tokens = words(400, 2)
    edited = [*tokens[:100], "inserted", "words", "here", *tokens[100:300], *tokens[310:]]
    match = verify(entry("b", " ".join(edited)), entry("a", " ".join(tokens)), CONFIG)
    assert match is not None and match.kind == "near_duplicate"
    assert match.similarity >= CONFIG.threshold and match.passages  # passages explain it too


def test_near_duplicate_counts_within_one_source() -> None:
    tokens = words(400, 3)
    edited = [*tokens[:200], "one", "change", *tokens[202:]]
    match = verify(entry("b", " ".join(edited), "site.example"), entry("a", " ".join(tokens), "site.example"), CONFIG)
    assert match is not None and match.kind == "near_duplicate"


def test_long_embedded_passage_links_and_is_located() -> None:
    passage = words(70, 10)
    a = words(100, 11) + passage + words(150, 12)
    b = words(300, 13) + passage + words(40, 14)
    match = verify(entry("a", " ".join(a)), entry("b", " ".join(b)), CONFIG)
    assert match is not None and match.kind == "shared_passage"
    assert match.shared_words == 70 and len(match.passages) == 1
    found = match.passages[0]
    assert (found.start, found.end, found.other_start, found.other_end) == (100, 170, 300, 370)
    assert match.similarity == 70 / 320  # shared words / words of the shorter document


def test_short_quote_stays_apart() -> None:
    quote = words(25, 20)
    a = words(200, 21) + quote + words(200, 22)
    b = words(150, 23) + quote + words(250, 24)
    assert verify(entry("a", " ".join(a)), entry("b", " ".join(b)), CONFIG) is None
    assert [e - s + 4 for s, e in shared_runs(entry("a", " ".join(a)).grams, entry("b", " ".join(b)).grams)] == [25]


def test_passages_within_one_source_are_boilerplate() -> None:
    footer = words(80, 30)
    a = entry("a", " ".join(words(300, 31) + footer), "outlet.example")
    b = entry("b", " ".join(words(300, 32) + footer), "outlet.example")
    assert verify(a, b, CONFIG) is None
    other_source = dataclasses.replace(b, source="elsewhere.example")
    assert verify(a, other_source, CONFIG) is not None


def test_short_documents_link_only_when_exact() -> None:
    short = text(30, 40)
    assert verify(entry("a", short), entry("b", short + " extra"), CONFIG) is None
    assert verify(entry("a", short), entry("b", short.upper()), CONFIG).kind == "exact"  # type: ignore[union-attr]
    long_doc = text(300, 41) + " " + short
    assert verify(entry("a", short), entry("b", long_doc), CONFIG) is None


def test_empty_documents_never_link() -> None:
    assert verify(entry("a", ""), entry("b", ""), CONFIG) is None
    assert verify(entry("a", "!!! ..."), entry("b", "—"), CONFIG) is None


def test_passages_off() -> None:
    passage = words(100, 50)
    a = entry("a", " ".join(words(200, 51) + passage))
    b = entry("b", " ".join(words(200, 52) + passage))
    off = dataclasses.replace(CONFIG, min_shared_words=None)
    assert verify(a, b, CONFIG) is not None and verify(a, b, off) is None
    assert find_passages(a, b, CONFIG)[0].words == 100


def test_gram_jaccard() -> None:
    import numpy as np

    assert gram_jaccard(np.array([1, 2, 3], np.uint32), np.array([2, 3, 4], np.uint32)) == 0.5
    assert gram_jaccard(np.array([], np.uint32), np.array([], np.uint32)) == 0.0
