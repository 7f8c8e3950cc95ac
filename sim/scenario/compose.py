"""Compose scenarios with ``extends``: deep merge, the child wins, lists are replaced.

A file's ``overlays`` (see :mod:`sim.scenario.overlays`) apply right after its own keys.

Entries a child may want to extend (issues, actors, tracks, blocs, injects, rules, script
entries) are mappings keyed by id, so a child adds an entry under a new id, changes one by giving
its id again, and removes one only by naming it under ``remove:``. :func:`child_changes` lists
what a file adds, changes and removes against its parents, for ``run.py validate``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.paths import display_name
from sim.scenario.origins import KeyPath, Origin, Origins, format_path
from sim.scenario.overlays import KEY, apply_overlay, take_overlays
from sim.scenario.yaml_source import read_yaml

MAX_EXTENDS_DEPTH = 8
MAX_FILES = 32
"""A chain of ``extends`` at most this deep, and at most this many files read per scenario."""


def is_sourced_number(value: Any) -> bool:
    """``{value: ..., source: ..., range: ...}`` is one number: a child replaces it whole, so a
    new value never inherits a range it falls outside of, nor a reason that was not its own."""
    return isinstance(value, dict) and "value" in value


def deep_merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Merge ``child`` over ``base``: mappings merge key by key, anything else (numbers, sourced
    numbers, text, lists) is replaced."""
    merged = copy.deepcopy(base)
    for key, value in child.items():
        mergeable = not is_sourced_number(value) and not is_sourced_number(merged.get(key))
        if mergeable and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _drop_replaced(origins: Origins, child_data: dict[str, Any], prefix: KeyPath = ()) -> None:
    """Forget a parent's lines below any value the child replaced (not merged) outright."""
    for key, value in child_data.items():
        path = (*prefix, key)
        if isinstance(value, dict) and not is_sourced_number(value):
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


REMOVE = "remove"
ENTRY_SECTIONS: tuple[KeyPath, ...] = (
    ("issues",),
    ("actors",),
    ("tracks",),
    ("events", "injects"),
    ("events", "rules"),
)
"""Sections whose entries (keyed by id) :func:`child_changes` reports one by one; any other
top-level key (``calendar``, ``dynamics``, ...) is reported as one entry. ``meta`` is not
reported: every child has its own."""


@dataclass
class Layers:
    """A file's own data over the merged data of its parents (after the file's removals)."""

    parents: dict[str, Any]
    parent_origins: Origins
    own: dict[str, Any]
    own_origins: Origins
    removed: list[tuple[KeyPath, Origin | None, Origin | None]]  # path, where named, where was
    overlays: list[Path] = field(default_factory=list)  # applied after the file's own keys


def _removals(
    data: dict[str, Any], origins: Origins, file: Path, has_parents: bool
) -> list[tuple[KeyPath, Origin | None]]:
    """The ``remove:`` list as key paths, each with the line that names it."""
    raw = data.pop(REMOVE, None)
    if raw is None:
        return []
    name, line = display_name(file), origins.get((REMOVE,))
    if not has_parents:
        raise InputError(
            "remove needs extends: there is no parent to remove entries from",
            file=name,
            line=line.line if line else None,
            key=REMOVE,
        )
    if not isinstance(raw, list):
        raise InputError(
            "remove must list dotted paths, e.g. [events.injects.some_id]",
            file=name,
            line=line.line if line else None,
            key=REMOVE,
        )
    found: list[tuple[KeyPath, Origin | None]] = []
    for index, entry in enumerate(raw):
        at = origins.get((REMOVE, index)) or line
        if not isinstance(entry, str) or not entry.strip() or "" in entry.strip().split("."):
            raise InputError(
                f"expected a dotted path like events.injects.some_id, got {entry!r}",
                file=name,
                line=at.line if at else None,
                key=f"{REMOVE}[{index}]",
            )
        found.append((tuple(entry.strip().split(".")), at))
    return found


def _remove(
    merged: dict[str, Any], origins: Origins, own: dict[str, Any], path: KeyPath, at: Origin | None
) -> Origin | None:
    """Delete ``path`` from the parents' data; refuse a path they lack or the child gives too."""
    file, line = (at.file, at.line) if at else (None, None)
    dotted = format_path(path)
    node: Any = merged
    for part in path[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict) or path[-1] not in node:
        raise InputError(
            f"the parents have no '{dotted}' to remove", file=file, line=line, key=REMOVE
        )
    given: Any = own
    for part in path:
        given = given.get(part) if isinstance(given, dict) else None
    if given is not None:
        raise InputError(
            f"'{dotted}' is removed and given again: to replace an entry, give it by its id "
            "without removing it",
            file=file,
            line=line,
            key=REMOVE,
        )
    del node[path[-1]]
    was = origins.get(path)
    for stale in [p for p in origins if p[: len(path)] == path]:
        del origins[stale]
    return was


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


def _layers(path: Path, chain: tuple[Path, ...], read: list[int]) -> Layers:
    path = path.resolve()
    read[0] += 1
    data, origins = read_yaml(path, display_name(path))
    overlays = take_overlays(data, origins, path)
    merged: dict[str, Any] = {}
    merged_origins = Origins()
    parents = _parents(data, origins, path)
    removals = _removals(data, origins, path, bool(parents))
    for parent, line in parents:
        problem = _parent_problem(parent, chain, path, read)
        if problem:
            raise InputError(problem, file=display_name(path), line=line, key="extends")
        if parent in (*chain, path):
            cycle = " -> ".join(display_name(p) for p in (*chain, path, parent))
            raise InputError(
                f"makes a cycle: {cycle}", file=display_name(path), line=line, key="extends"
            )
        parent_data, parent_origins = compose(parent, (*chain, path), read)
        merged = deep_merge(merged, parent_data)
        _drop_replaced(merged_origins, parent_data)
        merged_origins.update(parent_origins)
    removed = [
        (key_path, at, _remove(merged, merged_origins, data, key_path, at))
        for key_path, at in removals
    ]
    own_origins = Origins(
        {p: o for p, o in origins.items() if p[:1] not in (("extends",), (REMOVE,), (KEY,))}
    )
    return Layers(merged, merged_origins, data, own_origins, removed, overlays)


def compose(
    path: Path, _chain: tuple[Path, ...] = (), _read: list[int] | None = None
) -> tuple[dict[str, Any], Origins]:
    """Read ``path`` and everything it extends; return the merged data and the origins of keys."""
    layers = _layers(path, _chain, [0] if _read is None else _read)
    merged = deep_merge(layers.parents, layers.own)
    merged_origins = Origins(layers.parent_origins)
    _drop_replaced(merged_origins, layers.own)
    merged_origins.update(layers.own_origins)
    for overlay in layers.overlays:
        apply_overlay(merged, merged_origins, overlay)
    return merged, merged_origins


@dataclass(frozen=True)
class ChildChange:
    """One entry a file adds, changes, replaces or removes against its parents."""

    action: str  # "adds", "changes", "replaces" or "removes"
    path: KeyPath
    where: Origin | None  # the line in the child
    was: Origin | None = None  # the parent's line, for changes and removals
    keys: tuple[str, ...] = ()  # for changes: the keys given a new value

    def __str__(self) -> str:
        def at(origin: Origin | None) -> str:
            if origin is None:
                return "?"
            return origin.file + (f":{origin.line}" if origin.line else "")

        text = f"{at(self.where)}: {self.action} {format_path(self.path)}"
        if self.keys:
            text += f" ({', '.join(self.keys)})"
        if self.was is not None:
            text += f", was {at(self.was)}"
        return text


def _is_leaf(value: Any) -> bool:
    """Sourced numbers and lists count as one value: they are replaced whole."""
    return not isinstance(value, dict) or is_sourced_number(value)


def _changed_keys(own: Any, parent: Any, prefix: str = "") -> list[str]:
    if _is_leaf(own) or _is_leaf(parent):
        return [] if own == parent else [prefix or "(value)"]
    found = []
    for key, value in own.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if key not in parent:
            found.append(name)
        else:
            found += _changed_keys(value, parent[key], name)
    return found


def _entries(own: dict[str, Any]) -> list[KeyPath]:
    """The key paths of the entries a file gives, in file order."""
    found: list[KeyPath] = []
    for key, value in own.items():
        if key == "meta":
            continue
        sections = [s for s in ENTRY_SECTIONS if s[0] == key]
        if not sections or not isinstance(value, dict):
            found.append((key,))
            continue
        for section in sections:
            node: Any = own
            for part in section:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, dict):
                found += [(*section, entry) for entry in node]
        if key == "events":
            found += [(key, sub) for sub in value if (key, sub) not in ENTRY_SECTIONS]
    return found


def child_changes(path: str | Path) -> list[ChildChange]:
    """What ``path`` adds, changes, replaces and removes against its parents, in file order.

    Empty for a file without ``extends``. A file that gives an entry again with every key the
    parent's had *replaces* it; with only some keys it *changes* it (the rest is kept).
    """
    layers = _layers(Path(path), (), [0])
    if not layers.parent_origins:
        return []
    found: list[ChildChange] = []
    for entry in _entries(layers.own):
        own: Any = layers.own
        parent: Any = layers.parents
        for part in entry:
            own = own.get(part) if isinstance(own, dict) else None
            parent = parent.get(part) if isinstance(parent, dict) else None
        where = layers.own_origins.get(entry)
        if parent is None:
            found.append(ChildChange("adds", entry, where))
            continue
        keys = _changed_keys(own, parent)
        if not keys:
            continue
        whole = isinstance(own, dict) and isinstance(parent, dict) and set(parent) <= set(own)
        action = "replaces" if whole and not _is_leaf(own) else "changes"
        was = layers.parent_origins.get(entry)
        found.append(ChildChange(action, entry, where, was, tuple(keys)))
    found += [ChildChange("removes", p, at, was) for p, at, was in layers.removed]
    return sorted(found, key=lambda c: (c.where.line or 0) if c.where else 0)
