"""Dask backend: a scheduler given by address, or a local cluster of single-threaded workers.

The context is scattered once to every worker (a sweep's ``run_task`` installs it on first
use, so each worker holds the base scenario once). Dask is an optional extra: ``crossroads[dask]``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from sim.errors import ArgumentError
from sim.evaluators.base import Evaluator, ResultT, TaskT


def _distributed() -> Any:
    try:
        # an optional extra, seconds to import: only for the dask backend
        import dask.distributed
    except ImportError:
        raise ArgumentError(
            "the dask backend needs dask.distributed: pip install 'crossroads[dask]'",
            argument="backend",
            value="dask",
        ) from None
    return dask.distributed


CONNECT_SECONDS = 3
"""How long to try reaching a ``--scheduler`` before giving up with a clear error."""


def _unreachable(address: str, reason: str) -> ArgumentError:
    return ArgumentError(
        f"cannot reach the Dask scheduler ({reason}); is it running, and is the address "
        "host:port or tcp://host:port?",
        argument="scheduler",
        value=address,
    )


def check_reachable(address: str) -> None:
    """Knock on a TCP scheduler's port before any work is done (other protocols: at start);
    ``ArgumentError`` about ``scheduler`` when nothing answers."""

    if "://" in address and not address.startswith("tcp://"):
        return
    try:
        parts = urlsplit(address if "://" in address else f"tcp://{address}")
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise _unreachable(address, str(error)) from None
    if not host or port is None:
        raise _unreachable(address, "no host:port in the address")
    try:
        socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
    except OSError as error:
        raise _unreachable(address, error.strerror or str(error) or "timed out") from None


def _connect(distributed: Any, address: str) -> Any:
    """A client of the scheduler at ``address``, or one line saying why there is none."""
    try:
        return distributed.Client(address, timeout=CONNECT_SECONDS)
    except Exception as error:  # whatever answers there is not a scheduler we can use
        if isinstance(error, MemoryError):
            raise _unreachable(address, "what answers there does not speak Dask") from None
        raise _unreachable(address, " ".join(str(error).split()) or type(error).__name__) from None


class DaskEvaluator(Evaluator[TaskT, ResultT]):
    """``job(task, shared)`` over the tasks on Dask, where ``shared`` is ``context`` scattered
    once to every worker; ``key`` names each task's future."""

    def __init__(
        self,
        job: Callable[[TaskT, Any], ResultT],
        context: object,
        workers: int = 1,
        scheduler: str | None = None,
        *,
        key: Callable[[TaskT], str],
    ) -> None:
        super().__init__(workers)
        self.job = job
        self.context = context
        self.key = key
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
            self.client = _connect(d, self.scheduler)
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

    def _submit(self, task: TaskT) -> Any:
        return self.client.submit(self.job, task, self.shared, pure=False, key=self.key(task))

    def evaluate(self, tasks: Iterable[TaskT]) -> Iterator[ResultT]:
        queue = iter(tasks)
        pending = self.distributed.as_completed(
            [self._submit(t) for t in islice(queue, self.in_flight)]
        )
        for future in pending:
            result = future.result()
            future.release()
            yield result
            for task in islice(queue, 1):
                pending.add(self._submit(task))
