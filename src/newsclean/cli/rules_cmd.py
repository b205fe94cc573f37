"""``newsclean rules``: every cleaning rule with its family, tier and description; and ``--disable`` name checks.

The listing is the registry (``newsclean.REGISTRY``), so it is always the rules this version
applies; docs/rules.md is the same list with examples. :func:`make_cleaner` is how the record
commands build their :class:`~newsclean.Cleaner`: a misspelt ``--disable`` name gets the nearest
real names in its error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import textwrap
from typing import Any

from newsclean.cleaning.rules import REGISTRY, TIERS, select
from newsclean.errors import ConfigError

SPECIAL = ("body", "body.outside", "corpus", "corpus.repeated_line")
"""Names ``--disable`` takes that are stages rather than registry rules (see docs/rules.md)."""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "rules",
        help="list every cleaning rule with its family, tier and description",
        description="List the cleaning rules by family: the names --disable takes (a rule or a whole family).",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these rules or families")
    parser.add_argument("--tier", choices=TIERS, help="only the rules a tier applies")
    parser.add_argument("--json", action="store_true", help="one JSON object per rule")
    return parser


def run(args: argparse.Namespace) -> int:
    check_names(args.names)
    chosen = {r.name for r in select(args.tier)} if args.tier else set(REGISTRY)
    wanted = set(args.names)
    rules = [r for r in REGISTRY.values()
             if r.name in chosen and (not wanted or r.name in wanted or r.family in wanted)]
    family = None
    for rule in rules:
        if args.json:
            print(json.dumps({"name": rule.name, "family": rule.family, "tier": rule.tier, "scope": rule.scope,
                              "description": rule.description}, ensure_ascii=False))
            continue
        if rule.family != family:
            family = rule.family
            print(f"{'' if family == rules[0].family else chr(10)}{family}")
        print(f"  {rule.name}  [{rule.tier}]")
        print(textwrap.fill(rule.description, width=100, initial_indent="      ", subsequent_indent="      "))
    if not args.json:
        print(f"\n{len(rules)} rules. Stages --disable also takes: {', '.join(SPECIAL)}.", file=sys.stderr)
    return 0


def check_names(names: list[str]) -> None:
    """Raise :class:`ConfigError` for names no rule or family has, with the nearest real names."""
    known = sorted({*REGISTRY, *(r.family for r in REGISTRY.values()), *SPECIAL})
    unknown = [n for n in names if n not in known]
    if not unknown:
        return
    parts = []
    for name in unknown:
        near = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        if not near:  # a misspelt family prefix (ad.marker): compare rule slugs too
            near = [k for k in known if k.split(".")[-1] == name.split(".")[-1]][:3]
        parts.append(f"{name!r}" + (f" (did you mean {', '.join(near)}?)" if near else ""))
    raise ConfigError(f"unknown rule or family {'; '.join(parts)}; `newsclean rules` lists them")


def add_cleaner_arguments(parser: argparse.ArgumentParser) -> None:
    """``--tier``, ``--disable`` and ``--html-field``: the cleaner options of the record commands."""
    parser.add_argument("--tier", choices=TIERS, help="rule aggressiveness (default: balanced)")
    parser.add_argument("--html-field", default="html", metavar="F",
                        help="field holding a page's HTML, read when a record has no text field "
                        "(default: html; .html/.htm files in a folder are read so; needs newsclean[html])")
    parser.add_argument("--disable", nargs="+", action="extend", default=[], metavar="NAME",
                        help="rule or family names to skip (`newsclean rules` lists them)")


def make_cleaner(args: argparse.Namespace) -> Any:
    """The :class:`~newsclean.Cleaner` of ``--tier`` and ``--disable``, names checked first."""
    from newsclean.cleaning.cleaner import Cleaner

    check_names(args.disable)
    return Cleaner(tier=args.tier, disable=args.disable)
