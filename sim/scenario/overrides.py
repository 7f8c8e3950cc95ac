"""``--set path.to.key=value`` overrides, applied to the merged scenario before validation."""

from __future__ import annotations

from typing import Any

import yaml

from sim.errors import InputError
from sim.scenario.origins import Origin, Origins


def parse_assignment(text: str) -> tuple[list[str], Any]:
    """Split ``a.b.c=value``; the value is read as YAML so numbers, lists and booleans work."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise InputError(f"--set expects path.to.key=value, got '{text}'", file="--set")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        raise InputError(f"cannot read the value '{raw}'", file="--set", key=key) from None
    return key.split("."), value


def apply_override(data: dict[str, Any], origins: Origins, parts: list[str], value: Any) -> None:
    """Set one value in place. A sourced number keeps its shape and is marked as an override."""
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        child = node.get(part) if isinstance(node, dict) else None
        if child is None:
            child = {}
            node[part] = child
        if not isinstance(child, dict):
            dotted = ".".join(parts[: depth + 1])
            raise InputError(f"'{dotted}' is a value, not a section", file="--set", key=dotted)
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
    origins[key_path] = Origin("--set", None)


def apply_overrides(data: dict[str, Any], origins: Origins, assignments: list[str]) -> None:
    """Apply each ``path=value`` in order; later ones win."""
    for text in assignments:
        parts, value = parse_assignment(text)
        apply_override(data, origins, parts, value)
