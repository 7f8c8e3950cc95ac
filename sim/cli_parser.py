"""The argparse parser of ``run.py``: one-line errors, help sized without shutil, and only the
named command's module imported to register its options."""

from __future__ import annotations

import argparse
from typing import NoReturn

from sim.cli_help import terminal_columns
from sim.command_list import COMMANDS, DESCRIPTION, PROG


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
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one ``error:`` line (exit 2), like bad input;
    its help is formatted without importing shutil."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        if kwargs.get("formatter_class", argparse.HelpFormatter) is argparse.HelpFormatter:
            kwargs["formatter_class"] = _HelpFormatter
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        text = " ".join(message.removeprefix("argument ").split())
        self.exit(2, f"error: {text} (see {self.prog} --help)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported and registers its options, the other
    commands appear by name and help line alone (all of them when ``command`` is None)."""
    parser = OneLineParser(prog=PROG, description=DESCRIPTION)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_line) in COMMANDS.items():
        if name == command:
            import importlib

            importlib.import_module(f"sim.commands.{module_name}").register(subparsers)
        else:  # a name and a help line; never parsed, so no -h of its own (start-up time)
            subparsers.add_parser(name, help=help_line, add_help=False)
    return parser
