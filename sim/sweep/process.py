"""A local process pool: each worker loads the base scenario once through its initializer."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from sim.sweep.evaluator import Evaluator
from sim.sweep.worker import Record, Task, initialise, run_task


def _mp_context() -> multiprocessing.context.BaseContext:
    """Forkserver where there is one (no fork of a threaded parent), with the engine preloaded."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sim.sweep.worker", "sim.runner"])
        return context
    return multiprocessing.get_context("spawn")


class ProcessEvaluator(Evaluator):
    pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_mp_context(),
            initializer=initialise,
            initargs=(self.context,),
        )

    def stop(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None

    def evaluate(self, tasks: Iterable[Task]) -> Iterator[Record]:
        assert self.pool is not None, "use the evaluator as a context manager"
        queue = iter(tasks)
        pending: set[Future[Record]] = {
            self.pool.submit(run_task, task) for task in islice(queue, self.in_flight)
        }
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
            for task in islice(queue, len(done)):
                pending.add(self.pool.submit(run_task, task))
