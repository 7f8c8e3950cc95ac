"""A tqdm bar on stderr (runs done, failures, ETA), or nothing when quiet or not a terminal."""

from __future__ import annotations

import sys
from typing import Any


class Progress:
    def __init__(self, total: int, done: int, failed: int, quiet: bool, unit: str = "run") -> None:
        self.failed = failed
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            # tqdm: only with a progress bar
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, unit=unit, dynamic_ncols=True)
            self.bar.set_postfix(failed=failed)

    def update(self, status: str) -> None:
        if status != "ok":
            self.failed += 1
        if self.bar is not None:
            if status != "ok":
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
