"""Dask backend: a scheduler given by address, or a local cluster of single-threaded workers.

The context is scattered once to every worker; :func:`run_task` installs it on first use, so
each worker holds the base scenario once. Dask is an optional extra: ``crossroads[dask]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sim.errors import InputError
from sim.sweep.evaluator import Evaluator
from sim.sweep.worker import Context, Record, Task, run_task


def _distributed() -> Any:
    try:
        import dask.distributed
    except ImportError:
        raise InputError(
            "the dask backend needs dask.distributed: pip install 'crossroads[dask]'",
            file="--backend",
        ) from None
    return dask.distributed


class DaskEvaluator(Evaluator):
    def __init__(self, context: Context, workers: int = 1, scheduler: str | None = None) -> None:
        super().__init__(context, workers)
        self.scheduler = scheduler
        self.distributed = _distributed()
        self.client: Any = None
        self.cluster: Any = None

    @property
    def in_flight(self) -> int:
        if self.client is not None and self.scheduler:
            return 4 * max(1, sum(self.client.nthreads().values()))
        return super().in_flight

    def start(self) -> None:
        d = self.distributed
        if self.scheduler:
            self.client = d.Client(self.scheduler)
        else:
            self.cluster = d.LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = d.Client(self.cluster)
        self.shared = self.client.scatter(self.context, broadcast=True)

    def stop(self, cancel: bool = False) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def _submit(self, task: Task) -> Any:
        return self.client.submit(run_task, task, self.shared, pure=False, key=f"run-{task.run_id}")

    def evaluate(self, tasks: Iterable[Task]) -> Iterator[Record]:
        queue = iter(tasks)
        pending = self.distributed.as_completed(
            [self._submit(t) for t in islice(queue, self.in_flight)]
        )
        for future in pending:
            record = future.result()
            future.release()
            yield record
            for task in islice(queue, 1):
                pending.add(self._submit(task))
