"""Write a folder whole or not at all: into a hidden staging folder, renamed into place at the
end, so a failed brief or debrief leaves nothing that looks done."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.output import swap_in


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        yield staging
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
