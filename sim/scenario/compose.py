"""Compose scenarios with ``extends``: deep merge, the child wins, lists are replaced."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.scenario.origins import KeyPath, Origins
from sim.scenario.yaml_source import read_yaml

MAX_EXTENDS_DEPTH = 8
MAX_FILES = 32
"""A chain of ``extends`` at most this deep, and at most this many files read per scenario."""


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
        entry_line = origins.get(("extends", index)) if isinstance(raw, list) else line
        parents.append(((file.parent / entry).resolve(), entry_line.line if entry_line else None))
    return parents


def _parent_problem(parent: Path, chain: tuple[Path, ...], path: Path, read: list[int]) -> str:
    """Why ``parent`` cannot be read as a parent of ``path``, or '' if it can."""
    if parent in (*chain, path):
        return ""  # a cycle, reported with the whole chain
    try:
        parent.stat()
    except FileNotFoundError:
        return f"names a file that does not exist: {display_name(parent)}"
    except OSError as error:
        return f"names a file that cannot be read: {error.strerror or error}"
    if not parent.exists():
        return f"names a file that does not exist: {display_name(parent)}"
    if parent.is_dir():
        return f"names a folder, not a scenario file: {display_name(parent)}"
    if len(chain) + 1 >= MAX_EXTENDS_DEPTH:
        return f"goes deeper than {MAX_EXTENDS_DEPTH} files; flatten the chain"
    if read[0] >= MAX_FILES:
        return f"reads more than {MAX_FILES} files in all; share fewer parts"
    return ""


def compose(
    path: Path, _chain: tuple[Path, ...] = (), _read: list[int] | None = None
) -> tuple[dict[str, Any], Origins]:
    """Read ``path`` and everything it extends; return the merged data and the origins of keys."""
    path = path.resolve()
    read = [0] if _read is None else _read
    read[0] += 1
    data, origins = read_yaml(path, display_name(path))
    merged: dict[str, Any] = {}
    merged_origins = Origins()
    for parent, line in _parents(data, origins, path):
        problem = _parent_problem(parent, _chain, path, read)
        if problem:
            raise InputError(problem, file=display_name(path), line=line, key="extends")
        if parent in (*_chain, path):
            cycle = " -> ".join(display_name(p) for p in (*_chain, path, parent))
            raise InputError(
                f"makes a cycle: {cycle}", file=display_name(path), line=line, key="extends"
            )
        parent_data, parent_origins = compose(parent, (*_chain, path), read)
        merged = deep_merge(merged, parent_data)
        _drop_replaced(merged_origins, parent_data)
        merged_origins.update(parent_origins)
    merged = deep_merge(merged, data)
    _drop_replaced(merged_origins, data)
    merged_origins.update({p: o for p, o in origins.items() if p != ("extends",)})
    return merged, merged_origins
