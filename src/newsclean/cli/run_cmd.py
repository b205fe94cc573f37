"""``newsclean run``: records in, clean and deduplicated records out, in one pass (:func:`newsclean.process`).

Each input record is written once, in input order, with every input field kept, its text cleaned,
and ``removed``, ``metadata``, ``cluster``, ``duplicate_of``, ``reuses`` and ``kind`` added
(``--drop-duplicates`` leaves out the copies: records whose ``duplicate_of`` is set). With
``--index`` the run matches against every earlier run's documents and adds its own, so a daily cron
job needs nothing else. Records are written as they are matched; the output file is replaced
atomically when the run ends.

A record that cannot be used (a line that is not JSON, no text, no id, an id seen before) is
reported on stderr with its file, line and reason; it is written with an ``"error"`` field (a line
that is not JSON is left out) and the exit code is 1 once everything else is done.
"""

from __future__ import annotations

import argparse

from newsclean.cli.mismatch import named_mismatch
from newsclean.cli.output import add_explain_arguments, add_io_arguments, check_index_location, write_records
from newsclean.cli.rules_cmd import add_cleaner_arguments, make_cleaner


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "run",
        help="clean and deduplicate in one pass (JSONL in, the records back with their cluster)",
        description="Clean every record once, then find its near-duplicates and text reuse among the "
        "records before it (and, with --index, those of earlier runs). Writes every input record "
        "with its cleaned text and cluster, duplicate_of, reuses and kind.",
    )
    add_io_arguments(parser)
    add_explain_arguments(parser, "removals, metadata and links")
    parser.add_argument("--index", metavar="PATH_OR_URL", help="SQLite file or redis:// URL: incremental across runs")
    parser.add_argument("--drop-duplicates", action="store_true",
                        help="leave out copies (records whose duplicate_of is set); text reuse is kept")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="processes for cleaning")
    parser.add_argument("--id-field", default="id", metavar="F", help="field holding the id (default: id)")
    parser.add_argument("--threshold", type=float, metavar="X", help="near-duplicate Jaccard threshold (default 0.5)")
    add_cleaner_arguments(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from newsclean.pipeline import process

    cleaner = make_cleaner(args)
    check_index_location(args.index)
    options = {"index": args.index, "threshold": args.threshold, "text_field": args.text_field, "html_field": args.html_field,
               "id_field": args.id_field, "workers": args.workers}
    keep = (lambda record: record["duplicate_of"] is None) if args.drop_duplicates else None
    with named_mismatch(args.index, args.threshold):
        return write_records(lambda records: process(records, cleaner=cleaner, **options), args, keep)
