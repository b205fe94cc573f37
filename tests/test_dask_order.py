"""The Dask engine keeps the input's rows in place (``with_clusters``) and keeps its own log lines quiet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
pytest.importorskip("distributed", reason="the dask extra is not installed")

import dask
import dask.dataframe as dd
import pandas as pd

from dedup_seeds import seed_texts
from newsclean import cluster
from newsclean.dask import cluster_dataframe, with_clusters


def _frame() -> pd.DataFrame:
    seeds = list(seed_texts().items())
    ids = [k for k, _ in seeds] + ["x1", "x2", "x3"]
    texts = [v for _, v in seeds] + ["alpha beta gamma delta " * 30, "one two three four " * 30, "alpha beta gamma delta " * 30]
    # an index out of order and with repeats: nothing may be joined on it
    return pd.DataFrame({"id": ids, "text": texts}, index=[5, 4, 3, 3, 1, 5, 3, 1])


def test_with_clusters_keeps_rows_index_and_partitions_and_matches_cluster() -> None:
    frame = _frame()
    ddf = dd.from_pandas(frame, npartitions=3, sort=False)
    with dask.config.set(scheduler="sync"):
        result = with_clusters(ddf, clean=False)
        assert result.npartitions == ddf.npartitions
        got = result.compute()
        series = cluster_dataframe(ddf, clean=False)
        assert series.npartitions == ddf.npartitions
        assert series.compute().tolist() == got["cluster"].tolist()
    assert got.index.tolist() == frame.index.tolist() and got["id"].tolist() == frame["id"].tolist()
    assert got["text"].tolist() == frame["text"].tolist()
    cluster_of = {member: group[0] for group in cluster(dict(zip(frame["id"], frame["text"], strict=True)), clean=False)
                  for member in group}
    assert got["cluster"].tolist() == [cluster_of[i] for i in frame["id"]]
    assert got["cluster"].tolist()[-3:] == ["x1", "x2", "x1"]


def _shards(folder: Path) -> Path:
    folder.mkdir()
    for n, (doc_id, body) in enumerate(seed_texts().items()):
        with (folder / f"part-{n % 2}.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": doc_id, "text": body}) + "\n")
    return folder


@pytest.mark.slow
def test_dask_log_lines_stay_off_stderr_unless_verbose(tmp_path: Path) -> None:
    shards = _shards(tmp_path / "in")
    runs = {}
    for flags in ([], ["--verbose"]):
        out = tmp_path / f"out{len(flags)}"
        command = [sys.executable, "-m", "newsclean", "dedup", str(shards), "--engine", "dask", "-o", str(out), *flags]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        runs[bool(flags)] = done.stderr
    assert runs[False] == ""
    assert "distributed." in runs[True]
