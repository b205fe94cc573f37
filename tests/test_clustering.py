"""cluster(): the seed articles, input forms, ordering, ids; UnionFind and the pure steps."""

from __future__ import annotations

import pickle
import random

import pytest

from dedup_helpers import text, words
from dedup_seeds import EXPECTED_SEED_CLUSTERS, seed_texts
from newsclean import cluster
from newsclean.config import DedupConfig
from newsclean.dedup.clustering import cluster_matches
from newsclean.dedup.components import UnionFind, components
from newsclean.dedup.fingerprint import Fingerprinter


def test_seed_articles_cluster_as_expected() -> None:
    assert cluster(seed_texts(), clean=False) == EXPECTED_SEED_CLUSTERS


def test_seed_clusters_are_explained_by_long_passages() -> None:
    clusters, matches = cluster_matches(seed_texts(), clean=False)
    assert clusters == EXPECTED_SEED_CLUSTERS
    assert {(m.id, m.other) for m in matches} >= {("001", "000"), ("003", "002"), ("004", "002")}
    for match in matches:
        assert match.kind == "shared_passage" and match.shared_words >= 40
        assert all(p.text and len(p.text.split()) >= p.words - 2 for p in match.passages)


def test_seed_articles_with_the_cleaner() -> None:
    pytest.importorskip("newsclean.cleaning.cleaner", reason="the cleaner has not landed yet")
    assert cluster(seed_texts()) == EXPECTED_SEED_CLUSTERS


def test_input_forms_agree() -> None:
    seeds = seed_texts()
    pairs = list(seeds.items())
    dicts = [{"id": k, "text": v, "url": f"https://site{k}.example/a"} for k, v in pairs]
    expected = cluster(seeds, clean=False)
    assert cluster(pairs, clean=False) == expected
    assert cluster(iter(pairs), clean=False) == expected
    assert cluster(dicts, clean=False) == expected


def test_every_id_once_in_input_order_and_original_ids_kept() -> None:
    base = text(300, 1)
    docs = [(7, text(200, 2)), (3, base), ("x", text(50, 3)), (1, base + " more words at the end"), (2, "")]
    assert cluster(docs, clean=False) == [[7], [3, 1], ["x"], [2]]


def test_clusters_do_not_depend_on_input_order() -> None:
    base, other = words(300, 10), words(300, 11)
    docs = {
        "a": " ".join(base),
        "b": " ".join(base[:150]),
        "c": " ".join(other),
        "d": " ".join(words(100, 12) + base[50:120] + words(100, 13)),
        "e": " ".join([*other[:200], "an", "edit", *other[200:]]),
    }
    reference = {frozenset(group) for group in cluster(docs, clean=False)}
    keys = list(docs)
    for seed in range(5):
        random.Random(seed).shuffle(keys)
        assert {frozenset(g) for g in cluster({k: docs[k] for k in keys}, clean=False)} == reference
    assert reference == {frozenset("abd"), frozenset("ce")}


def test_duplicate_ids_are_named() -> None:
    with pytest.raises(ValueError, match="'a'"):
        cluster([("a", "one"), ("b", "two"), ("a", "three")], clean=False)
    with pytest.raises(ValueError, match="duplicate document id '1'"):
        cluster([(1, "one"), ("1", "two")], clean=False)


def test_bad_input_is_a_typed_error() -> None:
    with pytest.raises(TypeError, match="must be str"):
        cluster({"a": None}, clean=False)
    with pytest.raises(TypeError, match="not a string"):
        cluster("just a string", clean=False)
    with pytest.raises(ValueError, match="lacks 'text'"):
        cluster([{"id": "a"}], clean=False)
    with pytest.raises(TypeError, match="pair or a dict"):
        cluster([("a", "b", "c")], clean=False)
    with pytest.raises(ValueError, match="unknown Deduplicator option"):
        cluster({"a": "x"}, clean=False, shingle_sise=4)


def test_union_find_root_is_earliest_whatever_the_union_order() -> None:
    sets = UnionFind("abcdef")
    sets.union("f", "e")
    sets.union("e", "c")
    sets.union("d", "f")
    sets.union("b", "a")
    assert sets.find("f") == "c" and sets.find("d") == "c"
    assert sets.groups() == [["a", "b"], ["c", "d", "e", "f"]]
    assert components([3, 1, 2], [(2, 3)]) == [[3, 2], [1]]


def test_fingerprinter_is_picklable_and_deterministic() -> None:
    fingerprinter = Fingerprinter.from_config(DedupConfig(seed=3))
    copy = pickle.loads(pickle.dumps(fingerprinter))
    body = text(120, 4)
    a, b = fingerprinter.fingerprint("x", body), copy.fingerprint("x", body)
    assert a.keys == b.keys and (a.signature == b.signature).all()
    assert copy.meta() == fingerprinter.meta()


def test_workers_give_the_same_clusters_and_links() -> None:
    docs = {**seed_texts(), "x": text(300, 60), "y": text(300, 60) + " tail words here"}
    serial = cluster_matches(docs, clean=False)
    parallel = cluster_matches(docs, clean=False, workers=2)
    assert parallel == serial
    assert serial[0] == [*EXPECTED_SEED_CLUSTERS, ["x", "y"]]
    with pytest.raises(ValueError, match="workers"):
        cluster(docs, clean=False, workers=0)
