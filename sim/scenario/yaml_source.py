"""Read YAML safely while remembering the line of every key and list item.

A scenario file may come from anywhere, so reading it is bounded: its size, how deep its
sections nest and how many values its aliases expand to all have limits (see :data:`LIMITS`),
checked on the event stream before anything is built, so an alias bomb fails at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

import yaml

from sim.errors import InputError
from sim.scenario.origins import KeyPath, Origin, Origins

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_VALUES = 100_000
LIMITS = {"file size": MAX_FILE_BYTES, "nesting depth": MAX_DEPTH, "values": MAX_VALUES}
"""Past these a file is refused: bytes per file, nested sections, values after aliases expand."""

_NOT_TEXT = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FLOAT_12 = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$")
_UTF16_32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader (libyaml when present) that refuses duplicate keys, which YAML lets pass."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, list | dict | set):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a name or a number, not a list or mapping",
                key_node.start_mark,
            )  # fmt: skip
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


def _guarded(construct):
    """A number constructor whose failures (4,300-digit integers) name the line."""

    def build(loader: _UniqueKeyLoader, node: yaml.ScalarNode):
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            shown = node.value if len(node.value) <= 20 else node.value[:20] + "..."
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the number {shown} (too many digits?)", node.start_mark
            ) from None

    return build


_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}  # dates stay text, so sim.calendar reads them and a bad date is a clear error
_UniqueKeyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", _FLOAT_12, list("-+0123456789.")
)  # YAML 1.2 spellings too (1e308, 2e-1), after the 1.1 int and float patterns
_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
for _tag, _method in (("int", "construct_yaml_int"), ("float", "construct_yaml_float")):
    _UniqueKeyLoader.add_constructor(
        f"tag:yaml.org,2002:{_tag}", _guarded(getattr(yaml.constructor.SafeConstructor, _method))
    )


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


def _line_of(text: str | bytes, position: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    if isinstance(text, bytes):
        start = text.rfind(b"\n", 0, position) + 1
        return text.count(b"\n", 0, position) + 1, position - start + 1
    start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - start + 1


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text, or an error naming the line of the first byte or character that is not."""
    if data.startswith(_UTF16_32_BOMS):
        raise InputError("is UTF-16 or UTF-32 text; save it as UTF-8", file=name, line=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _line_of(data, nul)
        raise InputError(
            f"NUL byte at column {column}: not a text file (binary, or UTF-16 text: save it as "
            "UTF-8)",
            file=name,
            line=line,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_of(data, error.start)
        raise InputError(
            f"byte 0x{data[error.start]:02x} at column {column} is not UTF-8 "
            "(a Latin-1 or Windows file? save it as UTF-8)",
            file=name,
            line=line,
        ) from None
    text = text.removeprefix("\ufeff")
    bad = _NOT_TEXT.search(text)
    if bad:
        line, column = _line_of(text, bad.start())
        raise InputError(
            f"control character U+{ord(bad.group()):04X} at column {column}; remove it",
            file=name,
            line=line,
        )
    return text


def read_text(path: Path, name: str) -> str:
    """The text of a regular file of bounded size (a folder, FIFO or device is refused)."""
    try:
        if path.is_dir():
            raise InputError("is a folder, not a scenario file", file=name)
        if not path.exists():
            raise InputError("file not found", file=name)
        if not path.is_file():
            raise InputError("is not a regular file", file=name)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", file=name) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"is larger than the limit of {MAX_FILE_BYTES:,} bytes for a scenario file", file=name
        )
    return decode_text(data, name)


class _Mark(Protocol):
    """Where an event starts (PyYAML's pure-Python and libyaml marks alike)."""

    @property
    def line(self) -> int: ...


def _check_shape(text: str, name: str, first_line: int) -> None:
    """Refuse deep nesting and alias expansion past the limits, reading events only."""
    anchors: dict[str, int] = {}
    stack: list[list[Any]] = []  # [anchor, expanded size] of each open collection
    total = 0

    def line(mark: _Mark | None) -> int | None:
        return mark.line + first_line if mark is not None else None

    def add(size: int, mark: _Mark | None) -> None:
        nonlocal total
        total += size
        if stack:
            stack[-1][1] += size
        if total > MAX_VALUES:
            raise InputError(
                f"holds more than {MAX_VALUES:,} values once aliases are expanded "
                "(an alias bomb?); write the values out or split the file",
                file=name,
                line=line(mark),
            )

    for event in yaml.parse(text, Loader=_UniqueKeyLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            add(1, event.start_mark)
            stack.append([event.anchor, 0])
            if len(stack) > MAX_DEPTH:
                raise InputError(
                    f"nests deeper than {MAX_DEPTH} levels; a scenario needs far fewer",
                    file=name,
                    line=line(event.start_mark),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
            if anchor is not None:
                anchors[anchor] = size + 1
        elif isinstance(event, yaml.ScalarEvent):
            add(1, event.start_mark)
            if event.anchor is not None:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            add(anchors.get(event.anchor or "", 1), event.start_mark)


def parse_text(text: str, name: str, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document within the limits; return the data and its node tree."""
    try:
        _check_shape(text, name, first_line)
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark is not None else None
        problem = " ".join(str(error.problem or error).split())
        raise InputError(f"malformed YAML: {problem}", file=name, line=line) from None
    except yaml.YAMLError as error:
        raise InputError(f"malformed YAML: {' '.join(str(error).split())}", file=name) from None
    return data, node


def read_yaml(path: Path, display: str | None = None) -> tuple[dict[str, Any], Origins]:
    """Parse ``path`` as one YAML mapping; return the data and the line of every key in it."""
    name = display or str(path)
    data, node = parse_text(read_text(Path(path), name), name)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("the file must hold a mapping of keys at the top level", file=name, line=1)
    origins = Origins()
    origins[()] = Origin(name, 1)
    if node is not None:
        _collect(node, (), name, origins)
    return data, origins
