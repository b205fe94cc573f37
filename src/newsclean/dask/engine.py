"""The Dask graphs: cleaning per partition, and clustering as shuffles over the pure steps of :mod:`.core`.

Clustering (:func:`cluster_dataframe`) never gathers the corpus, its keys or its pairs on one machine:

1. every row gets its global position ``pos`` (partition offsets, one pass over the lengths);
2. rows -> entries (:func:`~newsclean.dask.core.fingerprint_rows`), persisted on the workers;
3. entries -> ``(key, pos)`` rows, shuffled by key, so every bucket sits in one partition, which
   turns its buckets into candidate pairs (:func:`~newsclean.dask.core.candidate_pairs`);
4. pairs shuffled by pair (a pair found under several keys is verified once), joined with both
   entries (two hash joins) and verified where they land (:func:`~newsclean.dask.core.verify_pairs`);
5. connected components: each partition's links collapsed to stars by the local union-find
   (:func:`~newsclean.dask.core.star_edges`), then min-label propagation with pointer jumping
   (:func:`min_labels`): each round is three joins and a group-by, and the loop stops when no label
   changes; the number of rounds grows with the log of the longest chain of links, not with the corpus;
6. each component's label, the smallest ``pos``, is the local engine's cluster id: its first member.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

import newsclean.dask.core as core
from newsclean.config import DedupConfig
from newsclean.dedup.documents import make_config
from newsclean.dedup.fingerprint import Fingerprinter
from newsclean.dedup.keys import passage_key_minimum
from newsclean.errors import ConfigError, require

pd: Any = require("pandas", "dask")
dask: Any = require("dask", "dask")
dd: Any = require("dask.dataframe", "dask")

POS = "_newsclean_pos"
"""Column that carries the global row position while a frame is in the graph."""
CLUSTER = "cluster"
LINKS_PER_PARTITION = 250_000
"""Star links per partition in label propagation (about 4 MB of int64 pairs)."""


# -- cleaning -------------------------------------------------------------------------------------


def _cleaner(cleaner: Any) -> Any:
    from newsclean.cleaning.cleaner import Cleaner

    if cleaner is None:
        return Cleaner()
    if not isinstance(cleaner, Cleaner):
        raise ConfigError(f"cleaner must be a newsclean.Cleaner, got {type(cleaner).__name__}")
    return cleaner


def clean_records(records: list, cleaner: Any, text_field: str) -> list[dict]:
    """One partition through ``Cleaner.clean_many``: the corpus pass sees this partition only."""
    return list(cleaner.clean_many(records, text_field=text_field))


def clean_bag(bag: Any, *, cleaner: Any = None, text_field: str = "text") -> Any:
    """A bag of cleaned records (``clean_many``'s output records), one partition at a time.

    Records are strings or dicts as for :meth:`newsclean.Cleaner.clean_many`. The corpus pass
    (lines repeated across a site's pages) counts within each partition, so partitions should hold
    a site's pages together and be large (thousands of records) for it to see repetition.
    """
    chosen = _cleaner(cleaner)
    return bag.map_partitions(clean_records, chosen, text_field)


def _clean_frame(frame: Any, cleaner: Any, text_column: str) -> Any:
    out = pd.DataFrame(clean_records(frame.to_dict("records"), cleaner, text_column), index=frame.index)
    for column in ("removed", "metadata", "error"):
        if column not in out.columns:
            out[column] = None
    return out


def clean_dataframe(df: Any, *, text_column: str = "text", cleaner: Any = None) -> Any:
    """``df`` with ``text_column`` cleaned and ``removed``, ``metadata``, ``error`` columns added.

    ``error`` is set on rows whose text is not a string (they are kept unchanged, as
    ``clean_many`` keeps them). The index and partitions are those of ``df``.
    """
    _require_columns(df, [text_column])
    chosen = _cleaner(cleaner)
    meta = df._meta.assign(removed=pd.Series(dtype=object), metadata=pd.Series(dtype=object),
                           error=pd.Series(dtype=object))
    meta[text_column] = meta[text_column].astype(object)
    return df.map_partitions(_clean_frame, chosen, text_column, meta=meta)


# -- clustering -----------------------------------------------------------------------------------


def _require_columns(df: Any, names: list[str]) -> None:
    if not isinstance(df, dd.DataFrame):
        raise TypeError(f"expected a dask DataFrame, got {type(df).__name__}")
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise ConfigError(f"column(s) {', '.join(map(repr, missing))} not in the frame; it has {list(df.columns)}")


def _starts(df: Any, id_column: str) -> list[int]:
    """Each partition's first global position (and the total at the end); raises on a repeated id."""
    lengths, unique = dask.compute(df.map_partitions(len), df[id_column].nunique())
    starts = np.concatenate(([0], np.cumsum(np.asarray(lengths, dtype=np.int64)))).tolist()
    if unique != starts[-1]:
        repeated = df[id_column].value_counts()
        example = repeated[repeated > 1].head(1).index.tolist()
        raise ValueError(f"duplicate document id {example[0] if example else '?'!r}: ids must be unique")
    return starts


def _with_positions(frame: Any, starts: list[int], partition_info: dict | None = None) -> Any:
    if partition_info is None and len(frame):
        raise RuntimeError("dask did not say which partition this is: global positions need it")
    first = starts[partition_info["number"]] if partition_info else 0
    return frame.assign(**{POS: np.arange(first, first + len(frame), dtype=np.int64)})


def _fingerprint_partition(frame: Any, fingerprinter: Fingerprinter, clean: bool, options: dict) -> Any:
    first = int(frame[POS].iloc[0]) if len(frame) else 0
    return core.fingerprint_rows(frame, fingerprinter, start=first, clean=clean, **options)


def _entries_meta() -> Any:
    dtypes = {"pos": "int64", "id": object, "source": object, "words": "int64", "signature": object,
              "grams": object, "keys": object}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def _links_meta() -> Any:
    return pd.DataFrame({"later": pd.Series(dtype="int64"), "earlier": pd.Series(dtype="int64"),
                         "kind": pd.Series(dtype=object), "similarity": pd.Series(dtype="float64")})


def _partition_of(frame: Any, starts: list[int], column: str) -> Any:
    parts = np.searchsorted(np.asarray(starts), frame[column].to_numpy(), side="right") - 1
    return frame.assign(part=parts.astype(np.int64))


def route(rows: Any, starts: list[int], column: str) -> Any:
    """``rows`` moved to the input partition that holds position ``rows[column]`` (indexed by partition).

    Partition ``i`` holds positions ``starts[i] <= pos < starts[i + 1]``, so the result lines up,
    partition by partition, with every frame built from the input (``map_partitions`` with both).
    """
    partitions = len(starts) - 1
    parted = rows.map_partitions(_partition_of, starts, column, meta=rows._meta.assign(part=pd.Series(dtype="int64")))
    return parted.set_index("part", divisions=[*range(partitions), partitions - 1])


def _attach(pairs: Any, entries: Any, column: str, prefix: str) -> Any:
    """``pairs`` with the entry of position ``pairs[column]``, whose partition ``entries`` is."""
    slim = entries.drop(columns=["keys"])
    named = slim.rename(columns={c: f"{prefix}{c}" for c in slim.columns})
    return pairs.reset_index(drop=True).merge(named, left_on=column, right_on=f"{prefix}pos")


def _joined_meta(pairs_meta: Any, entries_meta: Any, prefixes: tuple[str, ...]) -> Any:
    slim = entries_meta.drop(columns=["keys"])
    parts = [pairs_meta, *(slim.rename(columns={c: f"{p}{c}" for c in slim.columns}) for p in prefixes)]
    return pd.concat(parts, axis=1)


def candidate_links(entries: Any, config: DedupConfig, *, starts: list[int]) -> Any:
    """Verified links ``(later, earlier, kind, similarity)`` among persisted entries (steps 3 and 4).

    The (large) entries never move: the (small) candidate pairs are routed to the partition holding
    their newer document, then to the one holding the earlier, picking up each entry on the way.
    """
    partitions = len(starts) - 1
    key_meta = pd.DataFrame({"key": pd.Series(dtype="int64"), "pos": pd.Series(dtype="int64")})
    keyed = entries.map_partitions(core.key_rows, meta=key_meta, clear_divisions=True)
    keyed = keyed.shuffle(on="key", npartitions=partitions)
    pairs_meta = core.empty_pairs()
    pairs = keyed.map_partitions(core.candidate_pairs, max_bucket=config.max_bucket, first=config.representatives, meta=pairs_meta,
                                 clear_divisions=True)
    pairs = pairs.shuffle(on=["later", "earlier"], npartitions=partitions)
    pairs = pairs.map_partitions(core.count_pairs, meta=pairs_meta, clear_divisions=True)
    pairs = pairs.map_partitions(core.worth_verifying, passage_key_minimum(config), meta=pairs_meta)
    with_later = route(pairs, starts, "later").map_partitions(
        _attach, entries, "later", "a_", meta=_joined_meta(pairs_meta, entries._meta, ("a_",)), align_dataframes=False,
        clear_divisions=True)
    with_both = route(with_later, starts, "earlier").map_partitions(
        _attach, entries, "earlier", "b_", meta=_joined_meta(pairs_meta, entries._meta, ("a_", "b_")),
        align_dataframes=False, clear_divisions=True)
    return with_both.map_partitions(core.verify_pairs, config, meta=_links_meta(), clear_divisions=True)


def _propagate(arcs: Any, labels: Any) -> Any:
    """One round: each node takes the smallest label among its own and its neighbours' (``old`` kept)."""
    offers = arcs.merge(labels.rename(columns={"node": "src"}), on="src")
    best = offers.groupby("dst").label.min().reset_index().rename(columns={"dst": "node", "label": "low"})
    merged = labels.merge(best, on="node", how="left")
    low = merged[["label", "low"]].min(axis=1).astype("int64")
    return merged.assign(old=merged["label"], label=low)[["node", "label", "old"]]


def _jump(labels: Any) -> Any:
    """Pointer jumping: a node takes its label's label (still in its component, never larger)."""
    hops = labels[["node", "label"]].rename(columns={"node": "label", "label": "hop"})
    hop = labels.merge(hops, on="label", how="left")
    return hop.assign(label=hop[["label", "hop"]].min(axis=1).astype("int64"))[["node", "label", "old"]]


def min_labels(edges: Any, *, links_per_partition: int = LINKS_PER_PARTITION, max_rounds: int = 200) -> Any:
    """``(node, label)`` for every node of ``edges``: label = the smallest node of its component.

    Each partition's edges are first collapsed to stars (:func:`newsclean.dask.core.star_edges`),
    then spread over one partition per ``links_per_partition`` stars: links are far fewer than
    documents, and every round costs a few shuffles per partition.
    """
    (stars,) = dask.persist(edges.map_partitions(core.star_edges, meta=core.empty_arcs(), clear_divisions=True))
    partitions = max(1, -(-len(stars) // links_per_partition))
    spread = stars.shuffle(on="src", npartitions=partitions)
    (arcs,) = dask.persist(spread.map_partitions(core.both_directions, meta=core.empty_arcs(), clear_divisions=True))
    labels = arcs.map_partitions(core.own_labels, meta=core.empty_labels(), clear_divisions=True)
    labels = labels.drop_duplicates(subset="node")
    for _ in range(max_rounds):
        (labels,) = dask.persist(_jump(_propagate(arcs, labels)))
        if not int((labels["label"] != labels["old"]).sum().compute()):
            return labels[["node", "label"]]
    raise RuntimeError(f"cluster labels did not settle in {max_rounds} rounds")


def _cluster_column(frame: Any, roots: Any, id_column: str) -> Any:
    """Each row's cluster id: its component's first member, or itself when it has no link."""
    lookup = dict(zip(roots[POS].tolist(), roots[CLUSTER].tolist(), strict=True))
    own = frame[id_column].tolist()
    values = [lookup.get(pos, doc_id) for pos, doc_id in zip(frame[POS].tolist(), own, strict=True)]
    return pd.Series(values, index=frame.index, name=CLUSTER, dtype=frame[id_column].dtype)




@dataclass(frozen=True)
class ClusterGraph:
    """The lazy pieces of one clustering run, for callers that want more than the cluster column.

    ``placed`` is the input with its ``POS`` column; ``starts`` each partition's first position;
    ``entries`` (persisted) the fingerprints by ``pos``; ``links`` the verified links; ``roots``
    ``(POS, cluster)`` for every linked row (rows without a link are their own cluster).
    """

    placed: Any
    starts: list[int]
    entries: Any
    links: Any
    roots: Any

    def route(self, rows: Any) -> Any:
        """``rows`` (a frame with a ``POS`` column) moved to the partition of ``placed`` that holds each row."""
        return route(rows, self.starts, POS)


def cluster_graph(
    df: Any,
    *,
    id_column: str = "id",
    text_column: str = "text",
    source_column: str | None = "source",
    url_column: str | None = "url",
    clean: bool = True,
    config: DedupConfig | None = None,
    threshold: float | None = None,
    **fields: Any,
) -> ClusterGraph:
    """Fingerprint, link and label ``df`` (see :func:`cluster_dataframe` for the arguments)."""
    _require_columns(df, [id_column, text_column])
    dedup_config = make_config(config, threshold, fields)
    fingerprinter = Fingerprinter.from_config(dedup_config)
    starts = _starts(df, id_column)
    placed = df.map_partitions(_with_positions, starts, meta=df._meta.assign(**{POS: pd.Series(dtype="int64")}))
    options = {"id_column": id_column, "text_column": text_column, "source_column": source_column,
               "url_column": url_column}
    (entries,) = dask.persist(placed.map_partitions(_fingerprint_partition, fingerprinter, bool(clean), options,
                                                    meta=_entries_meta(), clear_divisions=True))
    links = candidate_links(entries, dedup_config, starts=starts)
    labels = min_labels(links[["later", "earlier"]])
    ids = placed[[POS, id_column]].rename(columns={POS: "label", id_column: CLUSTER})
    roots = labels.merge(ids, on="label").rename(columns={"node": POS})[[POS, CLUSTER]]
    return ClusterGraph(placed, starts, entries, links, roots)


def cluster_dataframe(df: Any, *, id_column: str = "id", **options: Any) -> Any:
    """The cluster id of every row of ``df``: the id of its cluster's first member in row order.

    The clusters are those of :func:`newsclean.cluster` on the same rows in the same order (same
    ``clean``, ``threshold``, ``config`` and :class:`~newsclean.config.DedupConfig` fields), found
    with shuffles instead of one index (see the module docstring). Other options:
    ``text_column`` (``"text"``); ``source_column``, ``url_column`` (used when present). Returns a
    Series with ``df``'s index and partitions, row for row. Dask cannot tell that it lines up
    with ``df`` (it comes out of shuffles), so ``df.assign(cluster=...)`` joins the two on the index,
    which reorders rows (and mixes them up where index values repeat): use :func:`with_clusters`
    to get ``df`` with the column. Ids must be unique (``ValueError``).
    """
    graph = cluster_graph(df, id_column=id_column, **options)
    meta = pd.Series(dtype=df._meta[id_column].dtype, name=CLUSTER)
    return graph.placed.map_partitions(_cluster_column, graph.route(graph.roots), id_column, meta=meta,
                                       align_dataframes=False)


def with_clusters(df: Any, *, id_column: str = "id", column: str = CLUSTER, **options: Any) -> Any:
    """``df`` with a ``column`` holding each row's cluster id, rows and partitions as they were.

    The options are those of :func:`cluster_dataframe`. Built partition by partition from the rows
    themselves, so nothing is joined on the index.
    """
    graph = cluster_graph(df, id_column=id_column, **options)
    meta = df._meta.assign(**{column: pd.Series(dtype=df._meta[id_column].dtype)})
    return graph.placed.map_partitions(_with_cluster_column, graph.route(graph.roots), id_column, column, meta=meta,
                                       align_dataframes=False)


def _with_cluster_column(frame: Any, roots: Any, id_column: str, column: str) -> Any:
    clusters = _cluster_column(frame, roots, id_column)
    return frame.drop(columns=[POS]).assign(**{column: clusters.to_numpy()})
