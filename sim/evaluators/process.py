"""A local process pool: each worker imports ``preload`` once (forkserver) and runs
``initializer`` once (a module-level function or a ``functools.partial`` of one, so it
pickles): a sweep's workers load the base scenario once each. Each worker first freezes the
objects it started with (:func:`~sim.evaluators.pool.start_worker`), so its memory stays flat
however many tasks it runs.

With ``fork_if_alone`` the workers are forked when this process runs no other thread (they start
at once, with the modules and the base scenario already loaded), else started by a forkserver;
``ready`` (a task that does nothing) is then submitted first, so every worker is started here,
before any result is written or any progress thread starts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from sim.evaluators.base import Evaluator, ResultT, TaskT
from sim.evaluators.pool import process_context, start_worker, stream


class ProcessEvaluator(Evaluator[TaskT, ResultT]):
    """``job`` (a module-level function, so it pickles) over the tasks on a pool of processes."""

    pool: ProcessPoolExecutor | None = None

    def __init__(
        self,
        job: Callable[[TaskT], ResultT],
        workers: int,
        preload: list[str],
        initializer: Callable[[], object] | None = None,
        fork_if_alone: bool = False,
        ready: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(workers)
        self.job = job
        self.preload = preload
        self.initializer = initializer
        self.fork_if_alone = fork_if_alone
        self.ready = ready

    def start(self) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=process_context(self.preload, self.fork_if_alone),
            initializer=partial(start_worker, self.initializer),
        )
        if self.ready is not None:
            self.pool.submit(self.ready).result()

    def stop(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None

    def evaluate(self, tasks: Iterable[TaskT]) -> Iterator[ResultT]:
        assert self.pool is not None, "use the evaluator as a context manager"
        yield from stream(self.pool, self.job, tasks, self.in_flight)
