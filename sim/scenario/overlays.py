"""Overlays: files of values set by dotted path (a calibration's fitted numbers, say).

A scenario names them under ``overlays: [path, ...]``, relative to itself. Each one is applied
to that file's merged content right after its own keys, before any file that extends it and
before ``--set``: a child can still override an overlaid value, and ``--set`` wins over all.
An overlay file holds ``set:`` (dotted path -> value, as ``--set`` takes them) and, optionally,
``calibration:`` and ``description:`` for the reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.paths import display_name
from sim.scenario.origins import KeyPath, Origin, Origins
from sim.scenario.yaml_source import read_yaml

KEY = "overlays"
OVERLAY_KEYS = ("set", "calibration", "description")


def take_overlays(data: dict[str, Any], origins: Origins, file: Path) -> list[Path]:
    """Remove ``overlays`` from a file's data and return the overlay files it names."""
    raw = data.pop(KEY, None)
    if raw is None:
        return []
    where = origins.get((KEY,))
    if not isinstance(raw, list):
        raise InputError(
            "overlays must be a list of overlay files, relative to this file",
            file=display_name(file),
            line=where.line if where else None,
            key=KEY,
        )
    paths = []
    for index, entry in enumerate(raw):
        origin = origins.get((KEY, index)) or where
        line = origin.line if origin else None
        if not isinstance(entry, str) or not entry.strip():
            raise InputError(
                "an overlay entry must name a file",
                file=display_name(file),
                line=line,
                key=f"{KEY}[{index}]",
            )
        path = (file.parent / entry).resolve()
        if not path.is_file():
            raise InputError(
                f"overlay file not found: {entry} (relative to this file)",
                file=display_name(file),
                line=line,
                key=f"{KEY}[{index}]",
            )
        paths.append(path)
    return paths


def read_overlay(path: Path) -> tuple[dict[str, Any], Origins]:
    """Read an overlay file and check its shape; errors name its file, line and key."""
    name = display_name(path)
    data, origins = read_yaml(path, name)

    def fail(message: str, key: KeyPath) -> InputError:
        origin = origins.nearest(key)
        return InputError(
            message,
            file=name,
            line=origin.line if origin else None,
            key=".".join(str(k) for k in key) or None,
        )

    for key in data:
        if key not in OVERLAY_KEYS:
            raise fail(f"unknown key '{key}' in an overlay (expected set, calibration)", (key,))
    values = data.get("set")
    if not isinstance(values, dict) or not values:
        raise fail("an overlay needs set: a mapping of dotted path -> value", ("set",))
    for dotted in values:
        if not isinstance(dotted, str) or any(not part for part in dotted.split(".")):
            raise fail("not a dotted path like actors.baghdad.capability", ("set", str(dotted)))
    return data, origins


def set_path(data: dict[str, Any], parts: list[str], value: Any) -> str | None:
    """Set one value in place; returns the dotted prefix that is a value, not a section."""
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return ".".join(parts[: depth + 1])
        node = child
    node[parts[-1]] = value
    return None


def apply_overlay(data: dict[str, Any], origins: Origins, path: Path) -> None:
    """Set every value of one overlay file on merged scenario data, with the overlay's lines."""
    overlay, overlay_origins = read_overlay(path)
    name = display_name(path)
    for dotted, value in overlay["set"].items():
        parts = dotted.split(".")
        line_of = overlay_origins.get(("set", dotted)) or Origin(name, None)
        blocked = set_path(data, parts, value)
        if blocked is not None:
            raise InputError(
                f"'{blocked}' is a value, not a section", file=name, line=line_of.line, key=dotted
            )
        key_path = tuple(parts)
        for stale in [p for p in origins if p[: len(key_path)] == key_path]:
            del origins[stale]
        origins[key_path] = line_of
        for inner, origin in overlay_origins.items():
            if inner[:2] == ("set", dotted) and len(inner) > 2:
                origins[(*key_path, *inner[2:])] = origin


def calibrated_values(resolved: Any, prefix: str = "") -> list[tuple[str, float, str]]:
    """Every number of a resolved scenario that says ``source: calibrated``, with its file."""
    found: list[tuple[str, float, str]] = []
    if isinstance(resolved, dict):
        if resolved.get("source") == "calibrated" and "value" in resolved:
            return [(prefix, float(resolved["value"]), str(resolved.get("calibration")))]
        for key, value in resolved.items():
            found += calibrated_values(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(resolved, list):
        for index, value in enumerate(resolved):
            found += calibrated_values(value, f"{prefix}[{index}]")
    return found
