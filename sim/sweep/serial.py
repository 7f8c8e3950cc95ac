"""Run every task in this process: the reference backend, and the easiest one to debug."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sim.sweep.evaluator import Evaluator
from sim.sweep.worker import Record, Task, initialise, run_task


class SerialEvaluator(Evaluator):
    def start(self) -> None:
        initialise(self.context)

    def evaluate(self, tasks: Iterable[Task]) -> Iterator[Record]:
        for task in tasks:
            yield run_task(task)
