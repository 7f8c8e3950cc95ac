"""Write a file or a folder whole or not at all: everything goes to a hidden temporary name in
the same folder first and is renamed into place when complete, so a failed or interrupted
write leaves the old content or nothing, never something that looks done.

The one place Crossroads does this; errors are ``OSError`` about the path, and the command
layer words them for its options."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, creating its folder; a temporary file in the same
    folder is renamed over ``path``, and removed if anything fails."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def swap_in(staging: Path, out: Path) -> None:
    """Put a finished staging folder at ``out``, moving any old one aside first, so ``out`` is
    always either the old folder or the whole new one."""
    if out.exists():
        trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
        os.replace(out, trash / out.name)
        os.replace(staging, out)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(staging, out)


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """A hidden staging folder beside ``out`` to write into; swapped in at ``out`` when the
    block ends normally, removed when it fails."""
    out = Path(out)
    created = make_parents(out.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        yield staging
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        remove_empty(created)
        raise


def make_parents(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; return those made, deepest first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove folders this run made, if still empty, so a failed run leaves no trace."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return
