"""One evaluator interface for every backend (as in EMA Workbench): tasks in, results out.

Results come back in completion order, which differs between backends; results are made
identical by sorting (a sweep sorts on run id when its table is read), never by the order of
execution. Implementations keep only a bounded number of tasks in flight, so memory stays flat
however many tasks there are. The backends know nothing of what a task is: a sweep runs
scenarios (``sim.sweep.backends``), a bargaining batch runs KTAB files, with the same
evaluators.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Generic, TypeVar

TaskT = TypeVar("TaskT")
ResultT = TypeVar("ResultT")


class Evaluator(ABC, Generic[TaskT, ResultT]):
    """Runs tasks on its workers; use as a context manager around :meth:`evaluate`."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    @property
    def in_flight(self) -> int:
        """How many tasks to keep submitted at once: enough to keep workers busy, no more."""
        return 4 * self.workers

    def __enter__(self) -> Evaluator[TaskT, ResultT]:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop(cancel=error is not None)

    def start(self) -> None:
        """Bring up workers."""

    def stop(self, cancel: bool = False) -> None:
        """Shut workers down (dropping queued tasks if ``cancel``)."""

    @abstractmethod
    def evaluate(self, tasks: Iterable[TaskT]) -> Iterator[ResultT]:
        """Yield one result per task, in completion order."""
