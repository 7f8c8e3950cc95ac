"""Run every task in this process: the reference backend, and the easiest one to debug."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sim.evaluators.base import Evaluator, ResultT, TaskT


class SerialEvaluator(Evaluator[TaskT, ResultT]):
    """``job`` over the tasks, here, after ``setup`` (if any) ran once."""

    def __init__(
        self, job: Callable[[TaskT], ResultT], setup: Callable[[], object] | None = None
    ) -> None:
        super().__init__(1)
        self.job = job
        self.setup = setup

    def start(self) -> None:
        if self.setup is not None:
            self.setup()

    def evaluate(self, tasks: Iterable[TaskT]) -> Iterator[ResultT]:
        for task in tasks:
            yield self.job(task)
