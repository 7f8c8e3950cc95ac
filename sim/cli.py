"""The command line: ``python run.py COMMAND ...`` (run, validate, list, sweep, ensemble, ...).

Nothing is imported at start-up but the list of commands; ``--help`` alone is printed without
argparse (``sim.cli_help``), any other command line builds the parser (``sim.cli_parser``) with
only the named command's module, and each command imports what it needs when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from sim.command_list import COMMANDS


def mistyped_command(word: str) -> str | None:
    """The command ``word`` was probably meant to be, if it is close to one and names no file
    or scenario id (those run the default command)."""
    if word in COMMANDS or word.startswith("-"):
        return None
    import difflib
    from pathlib import Path

    if Path(word).exists():
        return None
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.7)
    if not close:
        return None
    from sim.scenario_ids import known_files

    return None if word in known_files() else close[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, dispatch, and turn bad input into one line on stderr and exit status 2."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list in (["-h"], ["--help"]):
        from sim.cli_help import print_help, terminal_columns, top_level_help

        text = top_level_help(terminal_columns())
        if text is not None:
            print_help(text)
            return 0
    from sim.cli_parser import build_parser

    if args_list and (typo := mistyped_command(args_list[0])):
        build_parser().error(f"unknown command '{args_list[0]}' (did you mean '{typo}'?)")
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help")):
        args_list = ["run", *args_list]
    parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None)
    args = parser.parse_args(args_list)
    from sim.errors import InputError  # after parsing: --help needs no dataclasses

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
