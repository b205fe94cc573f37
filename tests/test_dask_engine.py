"""The Dask engine on a real process-based LocalCluster (2 workers on 127.0.0.1): same clusters as the local engine.

The labelled set is tests/dedup_corpus.py's full default set (80 bases, 691 documents), the one
the clustering issue scores; smaller generated sets cover the other cases.
"""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
pytest.importorskip("distributed", reason="the dask extra is not installed")

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from dedup_corpus import generate
from dedup_helpers import text
from dedup_seeds import EXPECTED_SEED_CLUSTERS, seed_texts
from newsclean import Cleaner, cluster
from newsclean.cli import main
from newsclean.config import DedupConfig
from newsclean.dask import clean_bag, clean_dataframe, cluster_dataframe
from newsclean.dask.core import (
    candidate_pairs,
    count_pairs,
    fingerprint_rows,
    key_rows,
    worth_verifying,
)
from newsclean.dask.engine import min_labels
from newsclean.dedup.batch import BatchClusterer
from newsclean.dedup.batch import candidate_pairs as batch_candidates
from newsclean.dedup.components import components
from newsclean.dedup.documents import as_document, prepare_text
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.keys import passage_key_minimum
from newsclean.errors import ConfigError

LABELLED_BASES = 80  # generate()'s default: every base has its cluster


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as local,
        Client(local) as connected,
    ):
        yield connected


def first_member_per_row(groups: list[list], ids: list) -> list:
    """The local engine's clusters as the Dask engine reports them: each row's first cluster member."""
    first = {member: group[0] for group in groups for member in group}
    return [first[i] for i in ids]


def frame(docs: list[dict], partitions: int) -> dd.DataFrame:
    return dd.from_pandas(pd.DataFrame(docs), npartitions=partitions, sort=False)


def test_seed_fixtures_equal_the_local_engine(client: Client) -> None:
    seeds = seed_texts()
    docs = [{"id": k, "text": v} for k, v in seeds.items()]
    got = cluster_dataframe(frame(docs, 3)).compute().tolist()
    assert got == first_member_per_row(cluster(seeds), list(seeds))
    assert got == first_member_per_row(EXPECTED_SEED_CLUSTERS, list(seeds))


def test_labelled_set_equals_the_local_engine(client: Client) -> None:
    docs = generate().docs
    ids = [d["id"] for d in docs]
    df = frame(docs, 4)
    got = df.assign(cluster=cluster_dataframe(df)).compute()
    assert got["id"].tolist() == ids  # rows keep their order and partitions
    local = cluster(docs)
    assert sum(len(g) > 1 for g in local) >= LABELLED_BASES  # the comparison has real clusters in it
    assert got["cluster"].tolist() == first_member_per_row(local, ids)


def test_raw_text_int_ids_and_an_empty_partition(client: Client) -> None:
    base = text(300, 1)
    docs = [
        {"id": 7, "text": text(200, 2)},
        {"id": 3, "text": base},
        {"id": 11, "text": text(50, 3)},
        {"id": 12, "text": base},
        {"id": 1, "text": base + " more words at the end"},
        {"id": 2, "text": ""},
        {"id": 5, "text": text(200, 2)},
        {"id": 9, "text": text(80, 4)},
    ]
    df = frame(docs, 4)
    df = df[~df["id"].isin([11, 12])]
    assert df.map_partitions(len).compute().tolist() == [2, 0, 2, 2]
    kept = [d for d in docs if d["id"] not in (11, 12)]
    got = cluster_dataframe(df, clean=False).compute()
    assert got.dtype == np.int64
    assert got.tolist() == first_member_per_row(cluster(kept, clean=False), [d["id"] for d in kept])
    assert got.tolist() == [7, 3, 3, 2, 7, 9]


def test_options_reach_the_engine_and_small_max_bucket_matches(client: Client) -> None:
    # max_bucket=3: outlet footers and common phrases make buckets larger than that, whose
    # lookups the local engine skips once they hold more than 3 earlier documents.
    docs = generate(bases=6, shorts=4).docs
    ids = [d["id"] for d in docs]
    got = cluster_dataframe(frame(docs, 3), clean=False, max_bucket=3, threshold=0.6).compute().tolist()
    local = cluster(docs, clean=False, max_bucket=3, threshold=0.6)
    assert got == first_member_per_row(local, ids)
    assert local != cluster(docs, clean=False)  # the options changed the result


def test_bad_input_gives_typed_errors(client: Client) -> None:
    df = frame([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], 1)
    with pytest.raises(ValueError, match="duplicate document id 'a'"):
        cluster_dataframe(df)
    with pytest.raises(ConfigError, match="'body'"):
        cluster_dataframe(df, text_column="body")
    with pytest.raises(TypeError, match="dask DataFrame"):
        cluster_dataframe(pd.DataFrame({"id": [1], "text": ["x"]}))
    bad = frame([{"id": "a", "text": "x"}, {"id": "b", "text": None}], 1)
    with pytest.raises(TypeError, match="text of document 'b' must be str"):
        cluster_dataframe(bad).compute()


def test_min_labels_gives_each_node_its_component_minimum(client: Client) -> None:
    # Chains in shuffled node order, cut at random, a few chords: labels must cross partitions many times.
    rng = np.random.default_rng(5)
    nodes = rng.permutation(200)[:30]
    edges = [(int(a), int(b)) for a, b in zip(nodes[1:], nodes[:-1], strict=True) if rng.random() < 0.85]
    edges += [(int(nodes[i]), int(nodes[i + 15])) for i in range(0, 15, 6)]
    df = dd.from_pandas(pd.DataFrame(edges, columns=["later", "earlier"]), npartitions=3)
    labels = dict(min_labels(df, links_per_partition=12).compute().itertuples(index=False, name=None))
    ends = sorted({n for edge in edges for n in edge})
    for group in components(ends, edges):
        assert {labels[n] for n in group} == {min(group)}


def local_candidates(docs: list[dict], config: DedupConfig) -> set[tuple[int, int]]:
    """The batch engine's candidate pairs for ``docs`` as one chunk (positions, later first)."""
    fingerprinter = Fingerprinter.from_config(config)
    documents = [as_document(d) for d in docs]
    engine = BatchClusterer(fingerprinter)
    try:
        engine.add(documents, fingerprinter.prints([prepare_text(d, False, fingerprinter) for d in documents]))
        found = batch_candidates(engine.bands, engine.exact, engine.passages, config)
    finally:
        engine.close()
    return {(int(p) >> 32, int(p) & 0xFFFFFFFF) for p in found.tolist()}


@pytest.mark.parametrize(("max_bucket", "representatives"), [(3, 8), (None, 8), (None, 2), (3, None)])
def test_shuffled_key_groups_give_the_batch_engines_candidates(max_bucket: int | None, representatives: int | None) -> None:
    # Fingerprinted in three uneven partitions, keys dealt to three "shuffle" partitions by value,
    # pairs counted across them: the same candidates as the local engine's one sorted table.
    docs = generate(bases=5, shorts=4).docs
    config = DedupConfig(max_bucket=max_bucket, representatives=representatives)
    fingerprinter = Fingerprinter.from_config(config)
    frame = pd.DataFrame(docs)
    cuts = [0, 17, 40, len(docs)]
    entries = pd.concat([
        fingerprint_rows(frame.iloc[a:b], fingerprinter, start=a, clean=False, id_column="id", text_column="text")
        for a, b in pairwise(cuts)
    ])
    keyed = key_rows(entries)
    found = [
        candidate_pairs(keyed[keyed["key"] % 3 == k], max_bucket=max_bucket, first=representatives) for k in range(3)
    ]
    pairs = worth_verifying(count_pairs(pd.concat(found)), passage_key_minimum(config))
    got = set(zip(pairs["later"].tolist(), pairs["earlier"].tolist(), strict=True))
    assert got == local_candidates(docs, config)
    assert len(got) > len(docs) // 2


def test_clean_dataframe_matches_clean_many_per_partition(client: Client) -> None:
    seeds = seed_texts()
    rows = [{"id": k, "text": v, "url": f"https://site{k}.example/a"} for k, v in seeds.items()]
    rows.append({"id": "missing", "text": None, "url": None})
    df = frame(rows, 1)
    out = clean_dataframe(df).compute()
    expected = list(Cleaner().clean_many([dict(r) for r in rows]))
    assert out["text"].tolist()[:-1] == [r["text"] for r in expected[:-1]]
    assert out["removed"].tolist()[:-1] == [r["removed"] for r in expected[:-1]]
    assert out["error"].tolist()[-1] == expected[-1]["error"]
    assert out.index.tolist() == list(range(len(rows)))


def test_clean_bag_keeps_order_and_fields(client: Client) -> None:
    seeds = seed_texts()
    records = [{"id": k, "text": v} for k, v in seeds.items()]
    bag = db.from_sequence(records, npartitions=2)
    out = clean_bag(bag, cleaner=Cleaner(tier="safe")).compute()
    assert [r["id"] for r in out] == list(seeds)
    singles = [Cleaner(tier="safe").clean(v).text for v in seeds.values()]
    assert [r["text"] for r in out] == singles  # five pages of five sites: no corpus repeats
    with pytest.raises(ConfigError):
        clean_bag(bag, cleaner="safe")


def write_jsonl(path: Path, records: list[dict], extra_lines: tuple[str, ...] = ()) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")


def read_output_shards(folder: Path) -> list[dict]:
    rows: list[dict] = []
    for shard in sorted(folder.iterdir()):
        if shard.suffix == ".parquet":
            rows.extend(pd.read_parquet(shard).astype(object).where(lambda f: f.notna(), None).to_dict("records"))
        else:
            rows.extend(json.loads(line) for line in shard.read_text(encoding="utf-8").splitlines())
    return rows


def test_cli_dask_engine_writes_the_local_cli_records(client: Client, tmp_path: Path, capsys) -> None:
    docs = generate(bases=4, shorts=4).docs
    shards = tmp_path / "in"
    shards.mkdir()
    write_jsonl(shards / "part-0.jsonl", docs[:15], ('{"broken', json.dumps({"id": "t", "text": 5})))
    write_jsonl(shards / "part-1.jsonl", [*docs[15:], docs[3], {"text": docs[0]["text"]}])
    local_out = tmp_path / "local.jsonl"
    assert main(["dedup", str(shards), "-o", str(local_out), "--no-progress"]) == 1
    local_err = capsys.readouterr().err
    out = tmp_path / "out"
    args = ["dedup", str(shards), "-o", str(out), "--engine", "dask", "--scheduler", client.scheduler.address]
    assert main(args) == 1
    dask_err = capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["part-0.jsonl", "part-1.jsonl"]
    expected = [json.loads(line) for line in local_out.read_text(encoding="utf-8").splitlines()]
    got = read_output_shards(out)
    # Same records and clusters. The local engine links a document to a cluster through the first
    # copy it confirms (the one sharing the most keys), Dask through the most similar: both verified.
    assert [(r["id"], r["cluster"]) for r in got] == [(r["id"], r["cluster"]) for r in expected]
    cluster_of = {r["id"]: r["cluster"] for r in expected}
    for mine, local in zip(got, expected, strict=True):
        assert (mine["duplicate_of"] is None) == (local["duplicate_of"] is None)
        assert mine["kind"] == local["kind"] and set(local["reuses"]) <= set(mine["reuses"])
        if mine["duplicate_of"] is not None:
            assert cluster_of[mine["duplicate_of"]] == cluster_of[local["duplicate_of"]] == mine["cluster"]
    # an id-less record is left out and named, never given its line number as an id
    assert f"part-1.jsonl:{len(docs) - 15 + 2}: record has no 'id' field" in local_err
    assert sorted(dask_err.splitlines()) == sorted(local_err.splitlines())  # same records left out, same words


def test_cli_dask_engine_reads_parquet_shards(client: Client, tmp_path: Path) -> None:
    docs = generate(bases=3, shorts=2).docs
    folder = tmp_path / "in"
    folder.mkdir()
    pd.DataFrame(docs[:10]).to_parquet(folder / "s0.parquet")
    pd.DataFrame(docs[10:]).to_parquet(folder / "s1.parquet")
    out = tmp_path / "out"
    assert main(["dedup", str(folder), "-o", str(out), "--engine", "dask", "--scheduler", client.scheduler.address,
                 "--no-clean"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["s0.parquet", "s1.parquet"]
    rows = read_output_shards(out)
    ids = [d["id"] for d in docs]
    assert [r["id"] for r in rows] == ids
    assert [r["cluster"] for r in rows] == first_member_per_row(cluster(docs, clean=False), ids)
    assert all(r["duplicate_of"] is None for r in rows if r["cluster"] == r["id"])  # a first member matched nothing earlier
    assert any(r["duplicate_of"] is not None for r in rows)
    assert len({r["cluster"] for r in rows}) < len(rows)


def test_cli_dask_engine_refuses_what_it_cannot_do(tmp_path: Path, capsys) -> None:
    write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "x"}])
    for extra in (["--explain"], ["--format", "clusters"], ["--index", str(tmp_path / "i.sqlite")]):
        assert main(["dedup", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "o"), "--engine", "dask", *extra]) == 2
        assert "not supported with --engine dask" in capsys.readouterr().err
    assert main(["dedup", str(tmp_path / "a.jsonl"), "--engine", "dask"]) == 2
    assert "-o DIR" in capsys.readouterr().err


def test_cli_dask_engine_starts_a_local_cluster_without_a_scheduler(tmp_path: Path, capsys) -> None:
    # Last in the module: the command's own client becomes the default while it runs.
    base = text(120, 7)
    write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": base}, {"id": "y", "text": text(90, 8)},
                                       {"id": "z", "text": base + " and a few more words"}])
    assert main(["dedup", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "out"), "--engine", "dask", "--no-clean"]) == 0
    assert [(r["id"], r["cluster"]) for r in read_output_shards(tmp_path / "out")] == [("x", "x"), ("y", "y"), ("z", "x")]
    assert main(["dedup", str(tmp_path / "a.jsonl"), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_missing_extra_names_the_pip_command() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    code = (
        "import sys; sys.modules['dask'] = None\n"
        "from newsclean.errors import MissingExtraError\n"
        "try:\n    import newsclean.dask\nexcept MissingExtraError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(src)}, timeout=60)
    assert "pip install 'newsclean[dask]'" in out.stdout
