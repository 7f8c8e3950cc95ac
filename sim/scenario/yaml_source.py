"""Read YAML safely while remembering the line of every key and list item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sim.errors import InputError
from sim.scenario.origins import KeyPath, Origin, Origins

_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeBase):
    """Safe loader (libyaml when present) that refuses duplicate keys, which YAML lets pass."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}  # dates stay text, so sim.calendar reads them and a bad date is a clear error

_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _collect(node: yaml.Node, path: KeyPath, file: str, origins: Origins) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            origins[key_path] = Origin(file, key_node.start_mark.line + 1)
            _collect(value_node, key_path, file, origins)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            origins[item_path] = Origin(file, item.start_mark.line + 1)
            _collect(item, item_path, file, origins)


def read_yaml(path: Path, display: str | None = None) -> tuple[dict[str, Any], Origins]:
    """Parse ``path`` as one YAML mapping; return the data and the line of every key in it."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a scenario file", file=name) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", file=name) from None
    try:
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(error.problem or error).split())
        raise InputError(f"malformed YAML: {problem}", file=name, line=line) from None
    except yaml.YAMLError as error:
        raise InputError(f"malformed YAML: {error}", file=name) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("the file must hold a mapping of keys at the top level", file=name, line=1)
    origins = Origins()
    origins[()] = Origin(name, 1)
    if node is not None:
        _collect(node, (), name, origins)
    return data, origins
