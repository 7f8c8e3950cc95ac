"""What the process-pool backends share: a start method that never forks a threaded parent, and
a stream of results that keeps a bounded number of tasks in flight (memory stays flat however
long the batch). Light on purpose: the bargaining batches use it without the sweep engine."""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def process_context(
    preload: list[str], fork_if_alone: bool = False
) -> multiprocessing.context.BaseContext:
    """Forkserver where there is one, with ``preload`` imported once in the server; else spawn.

    With ``fork_if_alone``, a plain fork while this process runs no other thread (on Linux):
    the workers start at once with everything already imported and loaded (no server to start,
    nothing to import again), and there is no lock another thread could hold. The caller must
    start its workers before it starts any thread."""
    if fork_if_alone and sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(preload)
        return context
    return multiprocessing.get_context("spawn")


def start_worker(initializer: Callable[[], object] | None = None) -> None:
    """First thing in a pool's worker: freeze what it started with, then ``initializer``.

    A forked worker starts with its parent's (or the forkserver's) objects in pages it shares.
    Left in the collector's generations, the first full collection in the worker writes to each
    of them (30 MiB of shared pages copied in a sweep's worker), and every later one is put off
    until a quarter as many objects as that inherited crowd have aged into the oldest
    generation, so each run's cyclic garbage (a model and its agents) piles up for thousands
    of runs. Frozen, they are never collected here (they live as long as the worker anyway):
    the pages stay shared and the collector sees only the worker's own objects. Python's docs
    give this advice for fork without exec (``gc.freeze``)."""
    gc.freeze()
    if initializer is not None:
        initializer()


def stream(
    pool: Executor, function: Callable[[T], R], tasks: Iterable[T], in_flight: int
) -> Iterator[R]:
    """``function`` over ``tasks`` on ``pool``, results as they finish, at most ``in_flight``
    submitted at a time."""
    queue = iter(tasks)
    pending: set[Future[R]] = {pool.submit(function, task) for task in islice(queue, in_flight)}
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
        for task in islice(queue, len(done)):
            pending.add(pool.submit(function, task))
