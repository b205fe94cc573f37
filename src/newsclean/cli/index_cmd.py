"""``newsclean index stats|vacuum|export LOCATION``, ``newsclean index rekey OLD NEW``: look after a persistent index.

``LOCATION`` is an SQLite file or a ``redis://`` URL, as given to ``newsclean dedup --index``. The
index is opened with the parameters stored in it, so the operator never has to repeat them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

from newsclean.dedup.index import Index, open_existing
from newsclean.dedup.index.codec import to_blob
from newsclean.io import atomic_output, dump

EXPORT_CHUNK = 500


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "index",
        help="inspect, compact or export a persistent dedup index (SQLite file or redis:// URL)",
        description=__doc__.split("\n\n")[1],
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    stats = actions.add_parser("stats", help="print counts and sizes as JSON")
    vacuum = actions.add_parser("vacuum", help="compact the index (SQLite VACUUM; nothing to do on Redis)")
    export = actions.add_parser("export", help="write documents (fingerprints) and links (passages as word offsets) as JSONL; no text is stored")
    for sub in (stats, vacuum, export):
        sub.add_argument(
            "location", metavar="PATH_OR_URL", help="index file or redis://host:port/db[?prefix=NAME]"
        )
    rekey = actions.add_parser(
        "rekey", help="copy an index into a new one with this version's keys (every document and link kept)"
    )
    rekey.add_argument("location", metavar="OLD", help="the index to convert (left as it is)")
    rekey.add_argument("target", metavar="NEW", help="a new SQLite file or redis:// URL (with ?prefix=NAME on the same server)")
    rekey.add_argument("--threshold", type=float, default=None, help="the threshold the index was built with")
    export.add_argument("-o", "--output", default=None, help="output JSONL file (default: stdout)")
    export.add_argument("--grams", action="store_true", help="also export each document's shingle hashes")
    return parser


def export_records(index: Index, *, grams: bool = False) -> Iterator[dict[str, object]]:
    """One ``meta`` record, then every document in insertion order, then every link.

    A link's passages are word offsets with ``"text": None``: the index keeps no text (docs/dedup.md).
    """
    yield {"type": "meta", **index.meta.to_dict(), "signature_encoding": "hex of little-endian uint32"}
    ids = list(index.ids())
    for start in range(0, len(ids), EXPORT_CHUNK):
        for entry in index.get(ids[start : start + EXPORT_CHUNK]):
            record: dict[str, object] = {
                "type": "document",
                "id": entry.id,
                "source": entry.source,
                "words": entry.words,
                "scheme": index.meta.scheme,
                "signature": to_blob(entry.signature).hex(),
            }
            if grams:
                record["grams"] = to_blob(entry.grams).hex()
            yield record
    for link in index.links():
        yield {"type": "link", **link.to_dict()}


def run(args: argparse.Namespace) -> int:
    if args.action == "rekey":
        return _rekey(args)
    index = open_existing(args.location)
    try:
        if args.action == "stats":
            print(json.dumps(index.stats(), indent=2, sort_keys=True))
        elif args.action == "vacuum":
            before = index.stats()
            index.vacuum()  # type: ignore[attr-defined]
            after = index.stats()
            print(json.dumps({"before": _size(before), "after": _size(after)}, sort_keys=True))
        else:
            with atomic_output(args.output) as out:
                for record in export_records(index, grams=args.grams):
                    out.write(dump(record) + "\n")
    finally:
        index.close()
    return 0


def _rekey(args: argparse.Namespace) -> int:
    from newsclean.config import DedupConfig
    from newsclean.dedup.rekey import rekey

    config = DedupConfig() if args.threshold is None else DedupConfig(threshold=args.threshold)
    documents = rekey(args.location, args.target, config=config)
    print(json.dumps({"documents": documents, "target": args.target}, sort_keys=True))
    return 0


def _size(stats: dict[str, object]) -> dict[str, object]:
    return {k: stats[k] for k in ("documents", "bytes", "server_used_memory_bytes") if k in stats}
