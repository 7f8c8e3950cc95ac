"""Batches on the sweep backends: a process pool or Dask, the evaluators sweeps use.

Each task is one file with every model; a worker needs no context but the task itself. Imported
only for ``--backend process`` or ``dask``, so a serial batch loads nothing of the sweep
machinery.
"""

from __future__ import annotations

from sim.bargaining.batch import FileTask, Row, run_file
from sim.evaluators.base import Evaluator

Result = tuple[FileTask, list[Row]]


def _run(task: FileTask, shared: object = None) -> Result:
    """One file with every model (``shared``: the Dask evaluator's context, none here)."""
    return task, run_file(task)


def _key(task: FileTask) -> str:
    return f"bargain-{task.index}"


def batch_evaluator(
    backend: str, workers: int, scheduler: str | None = None
) -> Evaluator[FileTask, Result]:
    """The evaluator of a batch for ``process`` or ``dask`` (a scheduler by address, or a local
    cluster)."""
    if backend == "process":
        # only the backend asked for (Dask takes seconds)
        from sim.evaluators.process import ProcessEvaluator

        return ProcessEvaluator(_run, workers, ["sim.bargaining"])
    if backend == "dask":
        # only the backend asked for (Dask takes seconds)
        from sim.evaluators.dask_cluster import DaskEvaluator

        return DaskEvaluator(_run, None, workers, scheduler, key=_key)
    raise ValueError(f"unknown batch backend {backend!r}")
