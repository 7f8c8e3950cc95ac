"""``run.py validate FILE...``: check scenario files without running them."""

from __future__ import annotations

import argparse
import sys

from sim.commands import add_overrides


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files without running them",
        description="Check each scenario file (with what it extends). Prints one line per file, "
        "then one indented line for each entry the file adds, changes, replaces or removes "
        "against the files it extends (with the lines of both); exit status 2 if any file has "
        "a problem.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    add_overrides(parser, "check with this override applied")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.errors import InputError
    from sim.scenario import load_scenario
    from sim.scenario.compose import child_changes
    from sim.scenario.overlays import calibrated_values

    status = 0
    for file in args.files:
        try:
            scenario = load_scenario(file, args.overrides)
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
        else:
            print(f"ok: {file}: {scenario.meta.title}")
            resolved = scenario.model_dump(mode="json", exclude_none=True)
            for path, value, calibration in calibrated_values(resolved):
                print(f"  calibrated: {path} = {value:g} ({calibration})")
            for change in child_changes(file):
                print(f"  {change}")
    return status
