"""Deterministic article-like corpus for the benchmarks, at any size, generated in chunks.

Texts look like scraped news: 3-5 KB of paragraphs of sentences drawn from a Zipf-distributed vocabulary
(real function words plus pseudo-words, so unrelated articles share common phrases as real ones do),
curly quotes, scraper residue (ad markers, bylines, copyright and contact lines) and some mojibake.
About 15% of the documents are near-duplicate variants of an earlier one: the same article in other
residue, a truncated teaser, an edited copy, or a new article reproducing an 80-word passage.

    python benchmarks/corpus.py 5          # print five documents
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "he",
    "for",
    "it",
    "with",
    "as",
    "his",
    "on",
    "be",
    "at",
    "by",
    "i",
    "this",
    "had",
    "not",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "you",
    "were",
    "her",
    "all",
    "she",
    "there",
    "would",
    "their",
    "we",
    "him",
    "been",
    "has",
    "when",
    "who",
    "will",
    "more",
    "no",
    "if",
    "out",
    "so",
    "said",
    "what",
    "up",
    "its",
    "about",
    "into",
    "than",
    "them",
    "can",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "man",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "mr",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "men",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "us",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
    "city",
    "police",
    "mayor",
    "council",
    "officials",
    "government",
    "week",
    "percent",
    "president",
    "minister",
    "report",
    "statement",
]
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "ca",
    "ce",
    "ci",
    "co",
    "cu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "fo",
    "ga",
    "ge",
    "gi",
    "go",
    "ha",
    "he",
    "hi",
    "ho",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "ze",
    "zi",
    "zo",
    "ran",
    "ter",
    "son",
    "mel",
    "dor",
    "vin",
    "lash",
    "tor",
    "gen",
]
RESIDUE_TOP = ("ADVERTISEMENT", "Advertisement", "Skip to main content", "Share this article")
RESIDUE_BOTTOM = (
    "© {year} {outlet} Inc. All rights reserved.",
    "To contact the reporter on this story: {name} at {handle}@{outlet_l}.com",
    "Sign up for our newsletter",
    "Read more: {title}",
)


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    kind: str  # "original", "residue", "teaser", "edited", "reuse"
    parent: str | None


def _vocabulary(rng: np.random.Generator, size: int = 40_000) -> tuple[np.ndarray, np.ndarray]:
    syl = np.array(SYLLABLES)
    lengths = rng.integers(2, 5, size)
    words = ["".join(syl[rng.integers(0, len(syl), n)]) for n in lengths]
    vocab = np.array(list(FUNCTION_WORDS) + words, dtype=object)
    ranks = np.arange(1, len(vocab) + 1, dtype=np.float64)
    p = 1.0 / ranks**1.05
    return vocab, p / p.sum()


class CorpusGenerator:
    """Yield :class:`Doc` objects deterministically for a seed; memory stays bounded by ``pool``."""

    def __init__(self, seed: int = 7, pool: int = 2000) -> None:
        self.rng = np.random.default_rng(seed)
        self.vocab, p = _vocabulary(self.rng)
        self.cdf = np.cumsum(p)
        self.pool = pool
        self._recent: list[tuple[str, list[str]]] = []  # (id, paragraphs) of recent originals

    def _sentences(self, n: int) -> list[str]:
        rng = self.rng
        lengths = rng.integers(8, 30, n)
        picks = np.searchsorted(self.cdf, rng.random(int(lengths.sum())) * self.cdf[-1])
        words = self.vocab[np.minimum(picks, len(self.vocab) - 1)].tolist()
        comma = rng.random(n) < 0.15
        quote = rng.random(n) < 0.12
        cuts = rng.integers(3, 6, n)
        speakers = self.vocab[rng.integers(200, 5000, n)].tolist()
        out, pos = [], 0
        for k, c, q, cut, who in zip(lengths.tolist(), comma, quote, cuts.tolist(), speakers, strict=True):
            w = words[pos : pos + k]
            pos += k
            w[0] = w[0].capitalize()
            if c:
                w[cut] += ","
            s = " ".join(w) + "."
            if q:
                s = "\u201c" + s + "\u201d " + who.capitalize() + " said."
            out.append(s)
        return out

    def _article(self) -> list[str]:
        sentences = self._sentences(int(self.rng.integers(26, 42)))
        paras, i = [], 0
        while i < len(sentences):
            k = int(self.rng.integers(2, 5))
            paras.append(" ".join(sentences[i : i + k]))
            i += k
        return paras

    def _dress(self, paras: list[str]) -> str:
        rng = self.rng
        outlet = str(self.vocab[int(rng.integers(300, 3000))]).capitalize()
        top = [RESIDUE_TOP[int(rng.integers(0, len(RESIDUE_TOP)))]] if rng.random() < 0.4 else []
        if rng.random() < 0.4:
            top.append(
                f"By {str(self.vocab[int(rng.integers(300, 9000))]).capitalize()} "
                f"{str(self.vocab[int(rng.integers(300, 9000))]).capitalize()}"
            )
        bottom = []
        if rng.random() < 0.5:
            tmpl = RESIDUE_BOTTOM[int(rng.integers(0, len(RESIDUE_BOTTOM)))]
            bottom.append(
                tmpl.format(
                    year=int(rng.integers(2010, 2026)),
                    outlet=outlet,
                    outlet_l=outlet.lower(),
                    name="Kim Lee",
                    handle="klee",
                    title=paras[0][:60],
                )
            )
        text = "\n\n".join(top + paras + bottom)
        if rng.random() < 0.03:  # mojibake: UTF-8 read as Windows-1252
            text = text.encode("utf-8").decode("cp1252", errors="replace")
        return text

    def __iter__(self) -> Iterator[Doc]:
        return self.generate(None)

    def generate(self, n: int | None) -> Iterator[Doc]:
        i = 0
        while n is None or i < n:
            doc_id = f"d{i:07d}"
            if self._recent and self.rng.random() < 0.15:
                parent_id, paras = self._recent[int(self.rng.integers(0, len(self._recent)))]
                kind = ("residue", "teaser", "edited", "reuse")[int(self.rng.integers(0, 4))]
                if kind == "teaser":
                    paras = paras[: max(2, len(paras) // 2)]
                elif kind == "edited":
                    paras = [" ".join(self._sentences(2)), *paras[1:]]
                    del paras[int(self.rng.integers(1, len(paras)))]
                elif kind == "reuse":
                    passage = " ".join(" ".join(paras).split()[20:100])
                    fresh = self._article()
                    paras = [*fresh[:3], "“" + passage + "”", *fresh[3:]]
                yield Doc(doc_id, self._dress(paras), kind, parent_id)
            else:
                paras = self._article()
                self._recent.append((doc_id, paras))
                if len(self._recent) > self.pool:
                    self._recent.pop(0)
                yield Doc(doc_id, self._dress(paras), "original", None)
            i += 1


if __name__ == "__main__":
    for d in CorpusGenerator().generate(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(f"==== {d.id} {d.kind} parent={d.parent} {len(d.text.encode())} bytes\n{d.text}\n")
