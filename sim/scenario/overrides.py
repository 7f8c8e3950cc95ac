"""``--set path.to.key=value`` overrides, applied to the merged scenario before validation.

Errors name the assignment as the user typed it: ``error: --set actors.x.capability=2: ...``.
"""

from __future__ import annotations

import math
from typing import Any

from sim.errors import InputError
from sim.scenario.origins import Origin, Origins
from sim.scenario.yaml_source import parse_text

MAX_SET_CHARS = 10_000


def label(parts: list[str], value: Any) -> str:
    """How an assignment made in code (a sweep value) is named in errors: ``--set a.b=1``."""
    return f"--set {'.'.join(parts)}={value}"


def _non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(_non_finite(v) for v in value)
    return False


def parse_assignment(text: str) -> tuple[list[str], Any]:
    """Split ``a.b.c=value``; the value is read as YAML (as in a file) so numbers such as
    ``1e308`` or ``2e-1``, lists and booleans work; NaN and infinities are refused."""
    name = f"--set {text}"
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part.strip() for part in key.split(".")):
        raise InputError(
            "expected path.to.key=value, e.g. actors.baghdad.capability=0.6", file=name
        )
    if len(text) > MAX_SET_CHARS:
        raise InputError(f"is longer than {MAX_SET_CHARS:,} characters", file=name)
    try:
        value, _ = parse_text(raw, name) if raw.strip() else ("", None)
    except InputError as error:
        error.line = None  # the value is one line of the command line
        raise
    if _non_finite(value):
        raise InputError(f"expected a finite number, got '{raw.strip()}'", file=name)
    return [part.strip() for part in key.split(".")], value


def apply_override(
    data: dict[str, Any], origins: Origins, parts: list[str], value: Any, name: str | None = None
) -> None:
    """Set one value in place. A sourced number keeps its shape and is marked as an override.

    Sections on the way that the scenario lacks are created and remembered as coming from this
    assignment, so a mistyped name is blamed on the ``--set``, not on the file around it.
    """
    name = name or label(parts, value)
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        child = node.get(part) if isinstance(node, dict) else None
        if child is None:
            child = {}
            node[part] = child
            origins[tuple(parts[: depth + 1])] = Origin(name, None)
        if not isinstance(child, dict):
            dotted = ".".join(parts[: depth + 1])
            raise InputError(f"'{dotted}' is a value, not a section", file=name)
        node = child
    last = parts[-1]
    current = node.get(last)
    if isinstance(current, dict) and "value" in current and not isinstance(value, dict):
        node[last] = {"value": value, "source": "override"}
    else:
        node[last] = value
    key_path = tuple(parts)
    for stale in [p for p in origins if p[: len(key_path)] == key_path]:
        del origins[stale]
    origins[key_path] = Origin(name, None)


def apply_overrides(data: dict[str, Any], origins: Origins, assignments: list[str]) -> None:
    """Apply each ``path=value`` in order; later ones win."""
    for text in assignments:
        parts, value = parse_assignment(text)
        apply_override(data, origins, parts, value, f"--set {text}")
