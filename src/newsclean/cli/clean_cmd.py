"""``newsclean clean``: clean a JSONL file, a folder of ``.txt`` files or stdin into JSONL.

Bad input never stops the run: a malformed line is reported on stderr with its file and line number
and skipped; a record without a string text field is written with an ``"error"`` field and reported
on stderr the same way (file, line, reason). Either makes
the exit code 1 once everything else is done. The output file is replaced atomically, so a failed
run leaves the previous one intact.

``--explain`` prints, for every record, its id, each removal as ``  [rule.name] 'text…'`` (at most
eight a record; the rest are counted) and the metadata; ``--summary`` prints the removals per rule
once, at the end. It goes to stdout when ``-o`` names a file (stdout is free), else to stderr (stdout holds
the JSONL).
"""

from __future__ import annotations

import argparse

from newsclean.cli.output import add_explain_arguments, add_io_arguments, write_records
from newsclean.cli.rules_cmd import add_cleaner_arguments, make_cleaner


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "clean",
        help="strip noise from articles (JSONL in, JSONL out)",
        description="Normalize articles and remove named noise (ads, bylines, captions, footers, "
        "lines repeated across a site). Writes one JSON object per input record.",
    )
    add_io_arguments(parser)
    add_explain_arguments(parser, "removals and metadata")
    add_cleaner_arguments(parser)
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="processes for the per-article work"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    cleaner = make_cleaner(args)
    return write_records(lambda records: cleaner.clean_many(records, text_field=args.text_field, html_field=args.html_field, workers=args.workers),
                         args)
