"""``run.py --help`` without argparse: the top-level help, laid out as argparse lays it out.

Building the parser (one sub-parser per command), importing argparse with gettext, and
formatting with textwrap cost more than the rest of the process after Python's own start, and
this help is the first thing a newcomer runs. So the plain list of commands is formatted here,
by the layout argparse uses for this parser; a test checks the two texts are the same at every
width this module answers for. Outside those widths, or for text it does not wrap the way
textwrap would (hyphens, over-long words), it answers None and argparse formats the help.
"""

from __future__ import annotations

import contextlib  # already loaded by Python's start-up: costs --help nothing
import os
import sys

from sim.command_list import COMMANDS, DESCRIPTION, PROG

MIN_COLUMNS = 40  # below this argparse moves the help column and may wrap the usage line
MAX_COLUMNS = 400
HELP_COLUMN = 14  # where argparse starts help texts here: the widest invocation, "-h, --help"
# (10 characters at indent 2), plus 2


def terminal_columns(fallback: int = 80) -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80 (without
    importing shutil, which imports zlib, bz2 and lzma)."""
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


def wrap(text: str, width: int) -> list[str] | None:
    """Words filled greedily into lines of at most ``width`` characters: textwrap's result for
    text whose words all fit and carry no hyphen (None for any other text)."""
    words = text.split()
    if any(len(word) > width or "-" in word for word in words):
        return None
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def _item(name: str, indent: int, help_text: str, width: int) -> list[str] | None:
    """One entry of a section: the name, then its help from the help column on (on the next
    line when the name reaches into the help column)."""
    lines = wrap(help_text, width - HELP_COLUMN)
    if lines is None:
        return None
    pad = " " * HELP_COLUMN
    head = " " * indent + name
    if len(head) <= HELP_COLUMN - 2:
        return [head.ljust(HELP_COLUMN) + lines[0], *(pad + line for line in lines[1:])]
    return [head, *(pad + line for line in lines)]


def top_level_help(columns: int) -> str | None:
    """What ``run.py --help`` prints on a terminal ``columns`` wide, or None where argparse
    must format it."""
    if not MIN_COLUMNS <= columns <= MAX_COLUMNS:
        return None
    width = columns - 2  # argparse leaves two columns free
    description = wrap(DESCRIPTION, width)
    entries = [_item(name, 4, help_line, width) for name, (_, help_line) in COMMANDS.items()]
    own = _item("-h, --help", 2, "show this help message and exit", width)
    if description is None or own is None or any(entry is None for entry in entries):
        return None
    lines = [f"usage: {PROG} [-h] COMMAND ...", "", *description, "", "positional arguments:"]
    lines.append("  COMMAND")
    lines += [line for entry in entries if entry for line in entry]
    lines += ["", "options:", *own]
    return "\n".join(lines) + "\n"


def print_help(text: str) -> None:
    """Print as argparse prints help: to stderr when there is no stdout, and silently nothing
    when the reader has gone (``run.py --help | head -1``) or stdout is closed."""
    stream = sys.stdout if sys.stdout is not None else sys.stderr
    try:
        stream.write(text)
        stream.flush()
    except (AttributeError, OSError):
        # what could not be written must not be flushed again, with an error, at exit
        with contextlib.suppress(AttributeError, OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
