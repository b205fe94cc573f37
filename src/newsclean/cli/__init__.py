"""The ``newsclean`` command. Each subcommand lives in its own module with ``add_parser`` and ``run``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from newsclean.errors import NewscleanError

# subcommand name -> module under newsclean.cli
COMMANDS = {"run": "run_cmd", "clean": "clean_cmd", "dedup": "dedup_cmd", "index": "index_cmd", "rules": "rules_cmd"}


def build_parser() -> argparse.ArgumentParser:
    from newsclean import __version__

    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Clean scraped news articles and find their near-duplicates.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS.values():
        module = importlib.import_module(f"newsclean.cli.{module_name}")
        p = module.add_parser(sub)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 some records failed, 2 usage or fatal error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except NewscleanError as exc:
        print(f"newsclean {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsclean: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
