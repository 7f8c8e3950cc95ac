"""The command line: ``python run.py [run|validate|list|bargain] ...``.

Only argparse is imported at start-up; each command imports what it needs when it runs, so
``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim.errors import InputError

COMMANDS = ("run", "validate", "list", "bargain", "sweep", "analyze", "brief", "play", "debrief")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run.py",
        description="Crossroads: scenario and negotiation simulation of Iraq between Washington, "
        "Tehran and Riyadh. With no command, runs the default scenario and draws its figures.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    from sim.commands import analyze, brief, debrief, list_scenarios, play, run, sweep, validate

    run.register(subparsers)
    validate.register(subparsers)
    list_scenarios.register(subparsers)
    sweep.register(subparsers)
    analyze.register(subparsers)
    brief.register(subparsers)
    play.register(subparsers)
    debrief.register(subparsers)
    try:
        from sim.commands import bargain
    except ImportError:
        pass
    else:
        bargain.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, dispatch, and turn bad input into one line on stderr and exit status 2."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help")):
        args_list = ["run", *args_list]
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        return int(args.handler(args) or 0)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
