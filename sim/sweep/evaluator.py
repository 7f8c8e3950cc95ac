"""One evaluator interface for every backend (as in EMA Workbench): tasks in, records out.

Records come back in completion order, which differs between backends; results are made
identical by sorting on run id when the table is read, never by the order of execution.
Implementations keep only a bounded number of tasks in flight, so memory stays flat however
many runs a sweep has.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType

from sim.sweep.worker import Context, Record, Task

BACKENDS = ("serial", "process", "dask")


class Evaluator(ABC):
    """Runs tasks against one context; use as a context manager around :meth:`evaluate`."""

    def __init__(self, context: Context, workers: int = 1) -> None:
        self.context = context
        self.workers = max(1, workers)

    @property
    def in_flight(self) -> int:
        """How many tasks to keep submitted at once: enough to keep workers busy, no more."""
        return 4 * self.workers

    def __enter__(self) -> Evaluator:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop(cancel=error is not None)

    def start(self) -> None:  # noqa: B027 - optional hook
        """Bring up workers."""

    def stop(self, cancel: bool = False) -> None:  # noqa: B027 - optional hook
        """Shut workers down (dropping queued tasks if ``cancel``)."""

    @abstractmethod
    def evaluate(self, tasks: Iterable[Task]) -> Iterator[Record]:
        """Yield one record per task, in completion order."""


def make_evaluator(
    backend: str, context: Context, workers: int, scheduler: str | None = None
) -> Evaluator:
    """The evaluator for a backend name; imports only the one asked for."""
    if backend == "serial":
        from sim.sweep.serial import SerialEvaluator

        return SerialEvaluator(context, 1)
    if backend == "process":
        from sim.sweep.process import ProcessEvaluator

        return ProcessEvaluator(context, workers)
    if backend == "dask":
        from sim.sweep.dask_cluster import DaskEvaluator

        return DaskEvaluator(context, workers, scheduler)
    raise ValueError(f"unknown backend {backend!r}")
