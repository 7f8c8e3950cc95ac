"""The command line: ``python run.py COMMAND ...`` (run, validate, list, sweep, ensemble, ...).

Each command module under ``sim.commands`` registers its own parser and help line, and imports
what it needs (Mesa, numpy, matplotlib, pydantic) inside its handler, so building the whole
parser, which ``--help`` prints, costs little more than importing argparse.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

TYPE_CHECKING = False  # typing costs ``--help`` a sixth of its time; annotations are strings
if TYPE_CHECKING:
    from typing import NoReturn

PROG = "run.py"
DESCRIPTION = (
    "Crossroads: scenario and negotiation simulation of Iraq between Washington, Tehran and "
    "Riyadh. With no command, runs the default scenario and draws its figures."
)
DEFAULT_COMMAND = "run"
# the modules under sim.commands, in the order ``--help`` lists their commands
COMMAND_MODULES = (
    "run",
    "validate",
    "list_scenarios",
    "sweep",
    "ensemble",
    "analyze",
    "calibrate",
    "bargain",
    "brief",
    "play",
    "debrief",
    "classroom",
)


def terminal_columns(fallback: int = 80) -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80 (without
    importing shutil, which imports zlib, bz2 and lzma: start-up time of every command)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (ValueError, OSError):
            columns = 0
    return columns if columns > 0 else fallback


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, as wide as argparse makes it, sized by ``terminal_columns``."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one ``error:`` line (exit 2), like bad input."""

    commands: tuple[str, ...] = ()  # the sub-commands, once ``build_parser`` registered them

    def __init__(self, *args: object, **kwargs: object) -> None:
        if kwargs.get("formatter_class", argparse.HelpFormatter) is argparse.HelpFormatter:
            kwargs["formatter_class"] = _HelpFormatter
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        text = " ".join(message.removeprefix("argument ").split())
        self.exit(2, f"error: {text} (see {self.prog} --help)\n")


def build_parser() -> OneLineParser:
    """The parser with every command, each registered by its own module."""
    parser = OneLineParser(prog=PROG, description=DESCRIPTION)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        importlib.import_module(f"sim.commands.{module}").register(subparsers)
    parser.commands = tuple(subparsers.choices)
    return parser


def mistyped_command(word: str, commands: Sequence[str] | None = None) -> str | None:
    """The command ``word`` was probably meant to be, if it is close to one of ``commands``
    (default: every command) and names no file or scenario id (those run the default command)."""
    if commands is None:
        commands = build_parser().commands
    if word in commands or word.startswith("-"):
        return None
    import difflib  # only for a word that is no command

    if Path(word).exists():
        return None
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.7)
    if not close:
        return None
    # lazy: reads the scenario folders, only for a word close to a command
    from sim.scenario_ids import known_files

    return None if word in known_files() else close[0]


def _flush_stdout() -> None:
    """Flush what was printed; a reader that has gone (``run.py --help | head -1``) gets no
    traceback, and nothing is flushed again, with an error, at exit."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


#: options whose empty value means something: ``analyze --series ""`` draws no fan
EMPTY_ALLOWED = ("--series",)


def empty_argument(args: Sequence[str]) -> str | None:
    """What names the first empty argument (``--out ''``, ``--out=``, a file ``''``: an unset
    shell variable), which argparse would take as given and a command as left out (the default
    folder, the default scenario); None when there is none. :data:`EMPTY_ALLOWED` may be empty."""
    for index, token in enumerate(args):
        if token.startswith("--") and token.endswith("=") and len(token) > 3:
            if token[:-1] not in EMPTY_ALLOWED:
                return token[:-1]
        elif not token.strip():
            before = args[index - 1] if index else ""
            if before in EMPTY_ALLOWED:
                continue
            return before if before.startswith("-") and before != "--" else "a file argument"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, dispatch, and turn bad input into one line on stderr and exit status 2."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if (empty := empty_argument(args_list)) is not None:
        parser.error(f"{empty}: is empty; give a value, or leave it out")
    if args_list and (typo := mistyped_command(args_list[0], parser.commands)):
        parser.error(f"unknown command '{args_list[0]}' (did you mean '{typo}'?)")
    if not args_list or (
        args_list[0] not in parser.commands and args_list[0] not in ("-h", "--help")
    ):
        args_list = [DEFAULT_COMMAND, *args_list]
    try:
        args = parser.parse_args(args_list)
    except SystemExit as stop:  # --help printed, or a one-line error
        _flush_stdout()
        raise stop
    # lazy: sim.errors loads dataclasses and inspect, which --help does not need
    from sim.errors import ArgumentError, InputError

    try:
        return int(args.handler(args) or 0)
    except ArgumentError as error:  # a library's argument: named by the option that gave it
        given = getattr(args, error.argument, None) is not None
        option = "--" + error.argument.replace("_", "-")
        print(f"error: {error.for_option(option) if given else error}", file=sys.stderr)
        return 2
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
