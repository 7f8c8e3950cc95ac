"""User-facing input errors: one line naming the file, the line and the key, exit status 2."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input from a user file or the command line.

    The CLI catches it, prints ``str(error)`` as one line on stderr and exits with status 2,
    so every message must stand on its own: where (file, line, key path) and what is wrong.
    """

    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f": {self.key}"
        return " ".join(f"{where}: {self.message}".splitlines())  # one line, always


@dataclass
class ArgumentError(InputError):
    """A bad value of a library function's argument, named by that argument (``out``,
    ``backend``, ``scheduler``): the library knows no command line, and the command line
    (``sim.cli``) names its option instead (``for_option``)."""

    argument: str = ""
    value: str = ""

    def __post_init__(self) -> None:
        if self.file is None:
            self.file = f"{self.argument}={self.value}"

    def for_option(self, option: str) -> InputError:
        """The same error located at a command-line option: ``--out DIR: ...``."""
        return InputError(self.message, file=f"{option} {self.value}", line=self.line, key=self.key)
