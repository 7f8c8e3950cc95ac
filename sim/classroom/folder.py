"""Write a folder whole or not at all: into a hidden staging folder, renamed into place at the
end, so a failed brief or debrief leaves nothing that looks done (and no folders it made)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.output import make_parents, remove_empty, swap_in


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """Check ``out`` first (``sim.out_folder.check_output_folder``): this only swaps it in."""
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
