"""One line for one pydantic validation error, as every input file reports it (scenarios,
sweeps, calibrations, exercises): unknown and missing keys by name, pydantic's wording
rewritten where it would not say what is right, and the value given where it is a plain one."""

from __future__ import annotations

from collections.abc import Callable, Collection

from pydantic_core import ErrorDetails

FRIENDLY: dict[str, Callable[[ErrorDetails], str]] = {
    "int_type": lambda e: f"expected a whole number (no quotes, no decimals), got {e['input']!r}",
    "finite_number": lambda e: f"expected a finite number, got {e['input']!r}",
    "too_long": lambda e: (
        f"has {len(e['input'])} entries, more than the limit of {e['ctx']['max_length']}"
    ),
}
"""Pydantic messages rewritten to say what would be right."""


def one_line(error: ErrorDetails, bare_kinds: Collection[str] = ()) -> str:
    """The message of one error from ``ValidationError.errors()``. Errors of ``bare_kinds``
    (the file's own checks, whose messages already name what was wrong) get no ``(got ...)``."""
    kind = error["type"]
    key = error["loc"][-1] if error["loc"] else ""
    if kind == "extra_forbidden":
        return f"unknown key '{key}'"
    if kind == "missing":
        return f"missing required key '{key}'"
    if kind in FRIENDLY:
        return FRIENDLY[kind](error)
    text = str(error["msg"]).removeprefix("Value error, ")
    if kind not in bare_kinds and "input" in error and not isinstance(error["input"], dict | list):
        return f"{text} (got {error['input']!r})"
    return text
