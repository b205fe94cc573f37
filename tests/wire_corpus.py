"""Wire-story corpora: a few stories each reprinted many times with light edits, plus unrelated articles.

Used by ``tests/test_wire_stories.py`` (a few thousand copies, clusters checked) and
``benchmarks/bench_wire.py`` (1k to 64k documents, time and memory). Each copy drops one sentence
of its story, changes the figure in it and starts with ``Story <i>.``, as a site reprinting an
agency's story does; the copies of a story are one cluster, every unrelated article its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from dedup_helpers import words

SENTENCES = 30


@dataclass(frozen=True, slots=True)
class WireCorpus:
    docs: list[dict[str, str]]  # {"id", "text", "url"}
    story_of: dict[str, int | None]  # id -> the story it copies, None for an unrelated article

    def expected_clusters(self) -> list[set[str]]:
        """The clusters a correct engine finds, as sets of ids."""
        stories: dict[int, set[str]] = {}
        alone = []
        for doc_id, story in self.story_of.items():
            if story is None:
                alone.append({doc_id})
            else:
                stories.setdefault(story, set()).add(doc_id)
        return [*stories.values(), *alone]


def _story(seed: int) -> list[str]:
    rng = random.Random(seed)
    sentences = []
    for n in range(SENTENCES):
        body = words(rng.randint(12, 25), seed * 1000 + n)
        body[0] = body[0].capitalize()
        sentences.append(" ".join(body) + ".")
    sentences[3] = sentences[3][:-1] + f", {rng.randint(10, 99)} people said."
    return sentences


def wire_corpus(documents: int, *, stories: int = 4, unrelated_share: float = 0.1, seed: int = 1) -> WireCorpus:
    """``documents`` records: copies of ``stories`` stories, and ``unrelated_share`` unrelated articles."""
    rng = random.Random(seed)
    bases = [_story(seed * 100 + s) for s in range(stories)]
    docs, story_of = [], {}
    for i in range(documents):
        doc_id = f"w{i:06d}"
        if rng.random() < unrelated_share:
            text = " ".join(_story(seed * 100_000 + i))
            story = None
        else:
            story = rng.randrange(stories)
            sentences = list(bases[story])
            del sentences[rng.randrange(len(sentences))]
            sentences = [s.replace(" people said.", f" {rng.randint(1, 9)} people said.") for s in sentences]
            text = f"Story {i}. " + " ".join(sentences)
        docs.append({"id": doc_id, "text": text, "url": f"https://site{i % 97}.example/{doc_id}"})
        story_of[doc_id] = story
    return WireCorpus(docs, story_of)
