"""The command line: ``python run.py COMMAND ...`` (run, validate, list, sweep, ensemble, ...).

Only argparse is imported at start-up, and only the module of the command given; each command
imports what it needs when it runs, so ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

# command -> (module under sim.commands, one-line help shown by ``run.py --help``); the help
# lines repeat the modules' own so that ``--help`` imports none of them
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("run", "run a scenario (the default command)"),
    "validate": (
        "validate",
        "check scenario, sweep, calibration and exercise files without running them",
    ),
    "list": ("list_scenarios", "list the shipped scenarios"),
    "sweep": ("sweep", "run a parameter sweep or ensemble"),
    "ensemble": ("ensemble", "run a scenario many times and draw fan charts"),
    "analyze": ("analyze", "summarise a sweep folder: table and figures"),
    "calibrate": ("calibrate", "fit scenario parameters to documented targets"),
    "bargain": ("bargain", "run spatial bargaining models on KTAB CSV files"),
    "brief": ("brief", "write the role briefings of a classroom exercise"),
    "play": ("play", "play a classroom exercise in the terminal (hot seat)"),
    "debrief": ("debrief", "write the debrief of classroom sessions (HTML with figures)"),
    "classroom": (
        "classroom",
        "serve classroom exercises in the browser (facilitator and seat pages)",
    ),
}


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized to the terminal as argparse sizes it but without importing
    shutil (which imports zlib, bz2 and lzma: start-up time of every command)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns(fallback: int = 80) -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else fallback


class _OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one ``error:`` line (exit 2), like bad input;
    its help is formatted without importing shutil."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        if kwargs.get("formatter_class", argparse.HelpFormatter) is argparse.HelpFormatter:
            kwargs["formatter_class"] = _HelpFormatter
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str):
        text = " ".join(message.removeprefix("argument ").split())
        self.exit(2, f"error: {text} (see {self.prog} --help)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported and registers its options, the other
    commands appear by name and help line alone (all of them when ``command`` is None)."""
    parser = _OneLineParser(
        prog="run.py",
        description="Crossroads: scenario and negotiation simulation of Iraq between Washington, "
        "Tehran and Riyadh. With no command, runs the default scenario and draws its figures.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_line) in COMMANDS.items():
        if name == command:
            import importlib

            importlib.import_module(f"sim.commands.{module_name}").register(subparsers)
        else:  # a name and a help line; never parsed, so no -h of its own (start-up time)
            subparsers.add_parser(name, help=help_line, add_help=False)
    return parser


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
