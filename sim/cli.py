"""The command line: ``python run.py [run|validate|list|bargain] ...``.

Only argparse is imported at start-up; each command imports what it needs when it runs, so
``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim.errors import InputError

COMMANDS = ("run", "validate", "list", "bargain", "sweep", "analyze")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run.py",
        description="Crossroads: scenario and negotiation simulation of Iraq between Washington, "
        "Tehran and Riyadh. With no command, runs the default scenario and draws its figures.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    from sim.commands import analyze, list_scenarios, run, sweep, validate

    run.register(subparsers)
    validate.register(subparsers)
    list_scenarios.register(subparsers)
    sweep.register(subparsers)
    analyze.register(subparsers)
    try:
        from sim.commands import bargain
    except ImportError:
        pass
    else:
        bargain.register(subparsers)
    return parser


def mistyped_command(word: str) -> str | None:
    """The command ``word`` was probably meant to be, if it is close to one and names no file
    or scenario id (those run the default command)."""
    import difflib
    from pathlib import Path

    if word in COMMANDS or word.startswith("-") or Path(word).exists():
        return None
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.7)
    if not close:
        return None
    from sim.scenario_ids import known_files

    return None if word in known_files() else close[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, dispatch, and turn bad input into one line on stderr and exit status 2."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if args_list and (typo := mistyped_command(args_list[0])):
        parser.error(f"unknown command '{args_list[0]}' (did you mean '{typo}'?)")
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help")):
        args_list = ["run", *args_list]
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
