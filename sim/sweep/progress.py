"""Progress of a sweep on stderr: a tqdm bar on a terminal (runs done, failures, ETA); a line
every :data:`EVERY_SECONDS` otherwise (a log file, a CI job, a pipe), so a long sweep that
writes to a file still says how far it is; nothing when quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import Any

EVERY_SECONDS = 10.0


def bar_fits() -> bool:
    """Whether stderr is a terminal that reports its width: a bar drawn on one that reports
    none (a pseudo-terminal of 0 x 0, as some CI runners and editors give) is an empty line, so
    there the progress goes as lines too."""
    if not sys.stderr.isatty():
        return False
    import os

    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns > 0
    except (OSError, ValueError):
        return False


class CountProgress:
    """A count of finished things on stderr: a tqdm bar on a terminal that reports its width
    (with a ``postfix`` beside it), else a line every ``every`` seconds and one at the end if any
    was printed; nothing when quiet. Subclasses say what a line shows (:meth:`line`)."""

    def __init__(
        self,
        total: int,
        done: int,
        quiet: bool,
        unit: str,
        every: float = EVERY_SECONDS,
        postfix: Mapping[str, object] | None = None,
    ) -> None:
        self.total, self.done = total, done
        self.bar: Any = None
        self.lines = not quiet and not bar_fits()
        self.every = every
        self.started = self.last = time.monotonic()
        self.at_start = done
        self.printed = False
        if not quiet and not self.lines:
            # tqdm: only with a progress bar
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, unit=unit, dynamic_ncols=True)
            if postfix:
                self.bar.set_postfix(postfix)

    def advance(self, postfix: Mapping[str, object] | None = None) -> None:
        """One more done; ``postfix``, if given, replaces the bar's."""
        self.done += 1
        if self.bar is not None:
            if postfix is not None:
                self.bar.set_postfix(postfix, refresh=False)
            self.bar.update(1)
        elif self.lines and time.monotonic() - self.last >= self.every:
            self._line()

    def line(self) -> str:
        raise NotImplementedError

    def _line(self) -> None:
        print(self.line(), file=sys.stderr, flush=True)
        self.last = time.monotonic()
        self.printed = True

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.printed:  # a log that said how far it was also says where it ended
            self._line()


class Progress(CountProgress):
    """Runs (or files) done and failed, their rate and the time left."""

    def __init__(
        self,
        total: int,
        done: int,
        failed: int,
        quiet: bool,
        unit: str = "run",
        every: float = EVERY_SECONDS,
    ) -> None:
        self.failed = failed
        self.unit = unit
        super().__init__(total, done, quiet, unit, every, postfix={"failed": failed})

    def update(self, status: str) -> None:
        if status != "ok":
            self.failed += 1
        self.advance({"failed": self.failed} if status != "ok" else None)

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


AFTER_SECONDS = 2.0  # a step that ends sooner says nothing


class Step:
    """One step of ``analyze`` (reading series, Sobol indices, discovery...) on stderr once it
    has taken :data:`AFTER_SECONDS`: a tqdm bar on a terminal, else a line then and every
    ``every`` seconds, and a closing line with its time. A step quicker than that prints
    nothing, so a small sweep's analysis stays quiet.

    Use as ``with Step("Sobol indices", total=51, unit="outcome") as step: ... step.advance()``;
    a step with no count (``total=None``) still says that it runs and for how long.
    """

    def __init__(
        self,
        what: str,
        total: int | None = None,
        unit: str = "item",
        quiet: bool = False,
        after: float | None = None,
        every: float | None = None,
    ) -> None:
        import threading

        self.what, self.total, self.unit = what, total, unit
        self.done = 0
        self.after = AFTER_SECONDS if after is None else after
        self.every = EVERY_SECONDS if every is None else every
        self.quiet = quiet
        self.terminal = bar_fits()
        self.bar: Any = None
        self.printed = False
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._ticker = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> Step:
        if not self.quiet:
            self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._ticker.is_alive():
            self._ticker.join()
        with self._lock:
            if self.bar is not None:
                self.bar.close()
            elif self.printed and exc[0] is None:
                self._say(f"done in {time.monotonic() - self.started:.0f} s")

    def advance(self, count: int = 1) -> None:
        with self._lock:
            self.done += count
            if self.bar is not None:
                self.bar.update(count)

    def line(self) -> str:
        """'analyze: Sobol indices: 12 of 51 outcomes, 4 s'."""
        elapsed = time.monotonic() - self.started
        count = ""
        if self.total is not None:
            count = f"{self.done:,} of {self.total:,} {self.unit}{'s' * (self.total != 1)}, "
        return f"analyze: {self.what}: {count}{elapsed:.0f} s"

    def _say(self, tail: str | None = None) -> None:
        text = self.line() if tail is None else f"analyze: {self.what}: {tail}"
        print(text, file=sys.stderr, flush=True)
        self.printed = True

    def _tick(self) -> None:
        if self._stop.wait(self.after):
            return  # finished in time: nothing to say
        with self._lock:
            if self.terminal:
                from tqdm import tqdm  # tqdm: only with a progress bar

                self.bar = tqdm(total=self.total, initial=self.done, desc=self.what, unit=self.unit)
            else:
                self._say()
        while not self._stop.wait(0.5 if self.terminal else self.every):
            with self._lock:
                if self.bar is not None:
                    self.bar.refresh()  # the elapsed time moves even when no item ends
                else:
                    self._say()
