"""A local process pool: each worker loads the base scenario once through its initializer.

Workers are forked when this process runs no other thread (they start at once, with the
modules and the base scenario already loaded), else started by a forkserver. Either way they
are all started here, before any row is written or any progress thread starts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from sim.sweep.evaluator import Evaluator
from sim.sweep.pool import process_context, stream
from sim.sweep.worker import Record, Task, initialise, ready, run_task


class ProcessEvaluator(Evaluator):
    pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=process_context(["sim.sweep.worker", "sim.runner"], fork_if_alone=True),
            initializer=initialise,
            initargs=(self.context,),
        )
        self.pool.submit(ready).result()  # the first task starts every worker

    def stop(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None

    def evaluate(self, tasks: Iterable[Task]) -> Iterator[Record]:
        assert self.pool is not None, "use the evaluator as a context manager"
        yield from stream(self.pool, run_task, tasks, self.in_flight)
