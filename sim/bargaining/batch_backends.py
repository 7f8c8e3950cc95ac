"""Batches on the sweep backends: a process pool or Dask, behind the sweeps' evaluator interface.

Each task is one file with every model; a worker needs no context but the task itself, so the
evaluators below only replace what runs (``run_file`` instead of a scenario run). Imported only
for ``--backend process`` or ``dask``, so a serial batch loads nothing of the sweep machinery.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any

from sim.bargaining.batch import FileTask, Row, run_file
from sim.sweep.evaluator import Evaluator
from sim.sweep.pool import process_context, stream

Result = tuple[FileTask, list[Row]]


def _run(task: FileTask) -> Result:
    return task, run_file(task)


class BatchProcessEvaluator(Evaluator):
    """A local pool of worker processes (forkserver where available, numpy preloaded)."""

    pool: ProcessPoolExecutor | None = None

    def __init__(self, workers: int) -> None:
        super().__init__(context=None, workers=workers)  # type: ignore[arg-type]

    def start(self) -> None:
        mp = process_context(["sim.bargaining"])
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=mp)

    def stop(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None

    def evaluate(self, tasks: Iterable[FileTask]) -> Iterator[Result]:  # type: ignore[override]
        assert self.pool is not None, "use the evaluator as a context manager"
        yield from stream(self.pool, _run, tasks, self.in_flight)


class BatchDaskEvaluator(Evaluator):
    """A Dask scheduler given by address, or a local cluster of single-threaded workers."""

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        super().__init__(context=None, workers=workers)  # type: ignore[arg-type]
        from sim.sweep.dask_cluster import _distributed

        self.distributed = _distributed()
        self.scheduler = scheduler
        self.client: Any = None
        self.cluster: Any = None

    def start(self) -> None:
        d = self.distributed
        if self.scheduler:
            self.client = d.Client(self.scheduler, timeout="5s")
        else:
            self.cluster = d.LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = d.Client(self.cluster)

    def stop(self, cancel: bool = False) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def evaluate(self, tasks: Iterable[FileTask]) -> Iterator[Result]:  # type: ignore[override]
        queue = iter(tasks)

        def submit(task: FileTask) -> Any:
            return self.client.submit(_run, task, pure=False, key=f"bargain-{task.index}")

        pending = self.distributed.as_completed([submit(t) for t in islice(queue, self.in_flight)])
        for future in pending:
            result = future.result()
            future.release()
            yield result
            for task in islice(queue, 1):
                pending.add(submit(task))
