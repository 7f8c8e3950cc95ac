"""Progress of a sweep on stderr: a tqdm bar on a terminal (runs done, failures, ETA); a line
every :data:`EVERY_SECONDS` otherwise (a log file, a CI job, a pipe), so a long sweep that
writes to a file still says how far it is; nothing when quiet."""

from __future__ import annotations

import sys
import time
from typing import Any

EVERY_SECONDS = 10.0


class Progress:
    def __init__(
        self,
        total: int,
        done: int,
        failed: int,
        quiet: bool,
        unit: str = "run",
        every: float = EVERY_SECONDS,
    ) -> None:
        self.total, self.done, self.failed = total, done, failed
        self.unit = unit
        self.bar: Any = None
        self.lines = not quiet and not sys.stderr.isatty()
        self.every = every
        self.started = self.last = time.monotonic()
        self.at_start = done
        self.printed = False
        if not quiet and not self.lines:
            # tqdm: only with a progress bar
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, unit=unit, dynamic_ncols=True)
            self.bar.set_postfix(failed=failed)

    def update(self, status: str) -> None:
        self.done += 1
        if status != "ok":
            self.failed += 1
        if self.bar is not None:
            if status != "ok":
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)
        elif self.lines and time.monotonic() - self.last >= self.every:
            self._line()

    def line(self) -> str:
        """'120 of 400 runs (30%), 2 failed, 15.2 runs/s, about 18 s left'."""
        elapsed = time.monotonic() - self.started
        ran = self.done - self.at_start
        rate = ran / elapsed if elapsed > 0 else 0.0
        share = self.done / self.total if self.total else 1.0
        things = f"{self.unit}s"
        text = f"{self.done:,} of {self.total:,} {things} ({share:.0%}), {self.failed:,} failed"
        if rate > 0:
            left = (self.total - self.done) / rate
            text += f", {rate:.1f} {things}/s, about {left:.0f} s left"
        return text

    def _line(self) -> None:
        print(self.line(), file=sys.stderr, flush=True)
        self.last = time.monotonic()
        self.printed = True

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.printed:  # a log that said how far it was also says where it ended
            self._line()
