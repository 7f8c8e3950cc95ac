"""The evaluator of a sweep's runs for a backend name: scenario runs (``sim.sweep.worker``)
on the serial, process or Dask evaluator."""

from __future__ import annotations

from functools import partial

from sim.evaluators.base import Evaluator
from sim.sweep.worker import Context, Record, Task, initialise, ready, run_task

BACKENDS = ("serial", "process", "dask")


def make_evaluator(
    backend: str, context: Context, workers: int, scheduler: str | None = None
) -> Evaluator[Task, Record]:
    """The evaluator for a backend name; imports only the one asked for."""
    if backend == "serial":
        # only the backend asked for (Dask takes seconds)
        from sim.evaluators.serial import SerialEvaluator

        return SerialEvaluator(run_task, partial(initialise, context))
    if backend == "process":
        # only the backend asked for (Dask takes seconds)
        from sim.evaluators.process import ProcessEvaluator

        preload = ["sim.sweep.worker", "sim.runner"]
        return ProcessEvaluator(
            run_task,
            workers,
            preload,
            partial(initialise, context),
            fork_if_alone=True,
            ready=ready,
        )
    if backend == "dask":
        # only the backend asked for (Dask takes seconds)
        from sim.evaluators.dask_cluster import DaskEvaluator

        return DaskEvaluator(run_task, context, workers, scheduler, key=_run_key)
    raise ValueError(f"unknown backend {backend!r}")


def _run_key(task: Task) -> str:
    return f"run-{task.run_id}"
