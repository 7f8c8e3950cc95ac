"""Compose scenarios with ``extends``: deep merge, the child wins, lists are replaced.

A file's ``overlays`` (see :mod:`sim.scenario.overlays`) apply right after its own keys.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.scenario.origins import KeyPath, Origins
from sim.scenario.overlays import KEY, apply_overlay, take_overlays
from sim.scenario.yaml_source import read_yaml


def display_name(path: Path) -> str:
    """A path as the user would like to read it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def deep_merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Merge ``child`` over ``base``: mappings merge key by key, anything else is replaced."""
    merged = copy.deepcopy(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _drop_replaced(origins: Origins, child_data: dict[str, Any], prefix: KeyPath = ()) -> None:
    """Forget a parent's lines below any value the child replaced (not merged) outright."""
    for key, value in child_data.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            _drop_replaced(origins, value, path)
        else:
            for stale in [p for p in origins if len(p) > len(path) and p[: len(path)] == path]:
                del origins[stale]


def _parents(data: dict[str, Any], origins: Origins, file: Path) -> list[tuple[Path, int | None]]:
    raw = data.pop("extends", None)
    if raw is None:
        return []
    line = origins.get(("extends",))
    entries = raw if isinstance(raw, list) else [raw]
    parents = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, str) or not entry.strip():
            raise InputError(
                "extends must name a scenario file (or a list of them)",
                file=display_name(file),
                line=line.line if line else None,
                key="extends" if not isinstance(raw, list) else f"extends[{index}]",
            )
        parents.append(((file.parent / entry).resolve(), line.line if line else None))
    return parents


def compose(path: Path, _chain: tuple[Path, ...] = ()) -> tuple[dict[str, Any], Origins]:
    """Read ``path`` and everything it extends; return the merged data and the origins of keys."""
    path = path.resolve()
    data, origins = read_yaml(path, display_name(path))
    overlays = take_overlays(data, origins, path)
    merged: dict[str, Any] = {}
    merged_origins = Origins()
    for parent, line in _parents(data, origins, path):
        if parent in (*_chain, path):
            cycle = " -> ".join(display_name(p) for p in (*_chain, path, parent))
            raise InputError(
                f"extends makes a cycle: {cycle}", file=display_name(path), line=line, key="extends"
            )
        if not parent.exists():
            raise InputError(
                f"extends names a file that does not exist: {display_name(parent)}",
                file=display_name(path),
                line=line,
                key="extends",
            )
        parent_data, parent_origins = compose(parent, (*_chain, path))
        merged = deep_merge(merged, parent_data)
        _drop_replaced(merged_origins, parent_data)
        merged_origins.update(parent_origins)
    merged = deep_merge(merged, data)
    _drop_replaced(merged_origins, data)
    merged_origins.update({p: o for p, o in origins.items() if p[:1] not in (("extends",), (KEY,))})
    for overlay in overlays:
        apply_overlay(merged, merged_origins, overlay)
    return merged, merged_origins
