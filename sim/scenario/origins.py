"""Where each value of a scenario came from, so that errors can name a file and a line."""

from __future__ import annotations

from dataclasses import dataclass

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Origin:
    """The file and 1-based line a key was written on (``line`` is None for command-line values)."""

    file: str
    line: int | None


class Origins(dict[KeyPath, Origin]):
    """Map from key path to origin; lookups fall back to the nearest enclosing key."""

    def nearest(self, path: KeyPath) -> Origin | None:
        """The origin of ``path`` or of its closest ancestor that has one."""
        for end in range(len(path), -1, -1):
            origin = self.get(tuple(path[:end]))
            if origin is not None:
                return origin
        return None


def format_path(path: KeyPath) -> str:
    """``('actors', 'baghdad', 'positions', 0)`` -> ``actors.baghdad.positions[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
