"""The reference pipeline of the speed issue: what a user writes by hand from ftfy and datasketch.

``ftfy.fix_text`` on each article, regex word 5-grams, ``datasketch.MinHash(num_perm=128).update_batch``,
``datasketch.MinHashLSH(threshold=0.8)`` query then insert, union-find. Kept deliberately plain:
it is the baseline newsclean is measured against, not a competitor to tune.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ftfy
from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def reference_pipeline(
    docs: Iterable[tuple[str, str]], num_perm: int = 128, threshold: float = 0.8
) -> list[list[str]]:
    """Clean with ftfy, MinHash word 5-grams, LSH at ``threshold``, union-find; clusters in input order."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    parent: dict[str, str] = {}
    order: list[str] = []
    position: dict[str, int] = {}
    for doc_id, text in docs:
        fixed = ftfy.fix_text(text)
        words = WORD.findall(fixed.lower())
        shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=num_perm)
        m.update_batch([s.encode("utf-8") for s in shingles])
        parent[doc_id] = doc_id
        position[doc_id] = len(order)
        order.append(doc_id)
        for other in lsh.query(m):
            ra, rb = _find(parent, doc_id), _find(parent, other)
            if ra != rb:
                parent[max(ra, rb, key=position.__getitem__)] = min(ra, rb, key=position.__getitem__)
        lsh.insert(doc_id, m)
    groups: dict[str, list[str]] = {}
    for doc_id in order:
        groups.setdefault(_find(parent, doc_id), []).append(doc_id)
    return list(groups.values())
