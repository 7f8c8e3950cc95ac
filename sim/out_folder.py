"""Output folders are checked before any work is done: a folder that cannot be made or written
(under a file, under ``/proc``, on a read-only disk, without permission) is one clear error,
not a traceback after minutes of running."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from sim.errors import InputError

RUN_MARKERS = ("seed.txt", "series.csv")
"""Files every run folder holds: ``--force`` replaces only a folder that has them."""


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "that place does not exist (or cannot hold folders)"
    return error.strerror or str(error)


def _existing_ancestor(path: Path) -> Path:
    for ancestor in (path, *path.parents):
        if os.path.lexists(ancestor):
            return ancestor
    return Path(path.anchor or ".")


def _shown(path: Path) -> str:
    """A path relative to the working folder when inside it, as the user would write it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def check_writable(path: Path, option: str) -> None:
    """Refuse ``path`` as an output folder unless it (or the folders to make) can be written.

    The test is real: a hidden temporary folder is made in the nearest existing folder and
    removed at once, so nothing is left behind either way.
    """
    name = f"{option} {path}" if option.startswith("--") else str(path)
    path = Path(os.path.abspath(path))
    if os.path.lexists(path) and not path.is_dir():
        raise InputError("is a file, not a folder; choose a folder", file=name)
    _probe(path, name)


def check_run_folder(path: Path, option: str, force: bool) -> None:
    """``--out`` of ``run``: writable, and either new, empty, or (with ``--force``) a run."""
    check_writable(path, option)
    name = f"{option} {path}"
    if not path.is_dir() or not any(path.iterdir()):
        return
    if not force:
        raise InputError("exists and is not empty; pass --force to replace it", file=name)
    if not all((path / marker).is_file() for marker in RUN_MARKERS):
        raise InputError(
            "holds files that are not a run's; --force replaces only a run folder "
            "(choose another --out)",
            file=name,
        )


RUN_FILES = (
    "scenario.yaml",
    "seed.txt",
    "series.csv",
    "outcomes.json",
    "events.jsonl",
    "state.json",
)
"""The data files a run writes; its figures are its ``.png`` files."""


def check_same_run_folder(path: Path) -> None:
    """The default folder of a run already there (the same scenario and seed, so the same
    run id) is replaced by the run written again, which is the same run: refused instead when
    it holds files a run does not write (a user's notes, a subfolder), which the replacement
    would delete. Hidden files (``.DS_Store``) do not count."""
    if not path.is_dir():
        return
    foreign = sorted(
        entry.name + "/" * entry.is_dir()
        for entry in path.iterdir()
        if not entry.name.startswith(".")
        and not (entry.is_file() and (entry.name in RUN_FILES or entry.suffix == ".png"))
    )
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise InputError(
            f"this run's folder holds files a run does not write ({', '.join(foreign[:3])}{more}), "
            "which writing the run again would delete; move them, or give --out",
            file=_shown(path),
        )


def check_output_folder(
    path: Path,
    option: str,
    force: bool,
    markers: tuple[str, ...],
    hint: str = "pass --force to replace it",
) -> None:
    """An output folder of ``brief``, ``debrief`` and the like: writable, and new, empty, or
    (with ``--force``) a folder this command wrote before, recognised by ``markers``. A file or
    a folder of other files is never replaced, and never emptied."""
    check_writable(path, option)
    name = f"{option} {path}"
    if not path.is_dir() or not any(path.iterdir()):
        return
    if not force:
        raise InputError(f"exists and is not empty; {hint}", file=name)
    if not all((path / marker).is_file() for marker in markers):
        raise InputError(
            f"holds files this command did not write (no {', '.join(markers)}); --force "
            "replaces only such a folder (choose another)",
            file=name,
        )


def check_new_file(path: Path, option: str) -> None:
    """A file to be written: not a folder, and its folder can be made and written, checked by
    a probe that leaves nothing behind."""
    name = f"{option} {path}"
    absolute = Path(os.path.abspath(path))
    if absolute.is_dir():
        raise InputError("is a folder; name a file", file=name)
    _probe(absolute.parent, name)


def write_error(error: OSError, path: Path, option: str) -> InputError:
    """An OS error met while writing results, as one line naming the folder."""
    where = error.filename or path
    return InputError(f"cannot write {where}: {_reason(error)}", file=f"{option} {path}")


def _probe(folder: Path, name: str) -> None:
    """``folder`` can be made and written: its nearest existing ancestor is a folder in which a
    hidden temporary folder can be made (and is removed at once, so nothing is left behind)."""
    ancestor = _existing_ancestor(folder)
    shown = _shown(ancestor)
    if not ancestor.is_dir():
        raise InputError(f"cannot be made: {shown} is a file, not a folder", file=name)
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".crossroads-probe-", dir=ancestor))
    except OSError as error:
        raise InputError(f"cannot write in {shown}: {_reason(error)}", file=name) from None
