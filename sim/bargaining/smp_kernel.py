"""Compiled loops (C, ``_smp_kernel.c``) for the two O(n³) steps of an SMP turn.

The third-party step and the coalition step run as fused loops, so nothing of size n³ is ever
held, and give the numpy paths' results to the last bit (the C file says how), so a run's
bytes do not depend on whether the kernel was built. Rows are independent, so they are split
between threads (one per core; ctypes releases the GIL); that does not change a result.

The kernel is loaded (``smp_native``: ctypes and one small library) only for runs of at least
``KERNEL_MIN_ACTORS`` actors, where it is faster than numpy, so the smallest runs start as fast
as ever; where it was not built, or with ``CROSSROADS_NO_KERNEL=1`` set, the numpy paths run.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from functools import cache

import numpy as np

from sim.bargaining.options import VotingRule

TYPE_CHECKING = False  # concurrent.futures costs start-up time; annotations are strings
if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from sim.bargaining.smp_native import NativeKernel

KERNEL_MIN_ACTORS = 16  # below this the numpy paths are as fast (measured: docs/benchmarks.md)

RULE_CODES = {
    VotingRule.PROP: 0,
    VotingRule.BINARY: 1,
    VotingRule.PROP_BIN: 2,
    VotingRule.CUBIC: 3,
    VotingRule.PROP_CBC: 4,
    VotingRule.ASYM_PROSP: 5,
}

_THREADED_VOTES = 1 << 20  # below this many votes, handing work to threads costs more


def wanted(n: int) -> bool:
    """Whether a run of ``n`` actors should use the compiled kernel (if it was built)."""
    return n >= KERNEL_MIN_ACTORS and os.environ.get("CROSSROADS_NO_KERNEL", "0") in ("", "0")


def _compiled() -> NativeKernel | None:
    """The compiled kernel, or None where the extension was not built."""
    from sim.bargaining import smp_native

    return smp_native.load()


@cache
def _pool() -> ThreadPoolExecutor:
    from concurrent.futures import ThreadPoolExecutor  # here: a small run never needs it

    return ThreadPoolExecutor(max_workers=_threads(), thread_name_prefix="smp-kernel")


# a forked child has none of the parent's threads: it makes its own pool
os.register_at_fork(after_in_child=_pool.cache_clear)


def _threads() -> int:
    from sim.cores import usable_cores

    return usable_cores()


def _split(count: int, votes: int) -> list[tuple[int, int]]:
    """``count`` rows in one part per thread, or in one part when there are too few votes to
    be worth handing to threads."""
    parts = min(_threads(), max(1, count)) if votes >= _THREADED_VOTES else 1
    edges = np.linspace(0, count, parts + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges) if b > a]


def _run(tasks: list[Callable[[], None]]) -> None:
    """Run the tasks, the first in this thread: entering its kernel releases the GIL at once,
    so the pool's threads start theirs without waiting out a switch interval."""
    if not tasks:
        return
    others = [_pool().submit(task) for task in tasks[1:]]
    tasks[0]()
    for future in others:
        future.result()


def third_party_sides(
    u_ni: np.ndarray,
    u_nn: np.ndarray,
    rh: np.ndarray,
    near: np.ndarray,
    capped: np.ndarray,
    weights: np.ndarray,
    for_i0: np.ndarray,
    for_j0: np.ndarray,
    rule: VotingRule,
) -> tuple[np.ndarray, np.ndarray]:
    """``smp_fast.third_party_sides`` for semi-committed third parties, compiled.

    ``near[m, j]`` = 1 − D[m, j], ``capped[m, j]`` = min(D[m, j], 1) (rows by third party).
    """
    compiled = _compiled()
    assert compiled is not None
    from sim.bargaining.smp_native import pairwise_plan

    arrays = [
        np.ascontiguousarray(a, dtype=float)
        for a in (u_ni, u_nn, rh, near, capped, weights, for_i0, for_j0)
    ]
    n = u_ni.shape[0]
    for_i, for_j = np.empty((n, n)), np.empty((n, n))
    code = RULE_CODES[rule]
    plan = pairwise_plan(n)

    def rows(start: int, stop: int) -> Callable[[], None]:
        return lambda: compiled.third_party_rows(start, stop, plan, arrays, code, for_i, for_j)

    _run([rows(a, b) for a, b in _split(n, n * n * n)])
    return for_i, for_j


def coalitions(
    weights: np.ndarray, utilities: np.ndarray, rule: VotingRule, floor: float
) -> np.ndarray:
    """``victory.coalitions``, compiled: ``C[a, b]``, floor included."""
    compiled = _compiled()
    assert compiled is not None
    w = np.ascontiguousarray(weights, dtype=float)
    u = np.ascontiguousarray(utilities, dtype=float)
    n = u.shape[1]
    c = np.empty((n, n))
    code = RULE_CODES[rule]
    threads = min(_threads(), max(1, n)) if u.size * n >= _THREADED_VOTES else 1
    # rows of the lower triangle grow with a: deal them out in turn so threads share the work
    parts = [np.arange(t, n, threads, dtype=np.int64) for t in range(threads)]

    def rows(options: np.ndarray) -> Callable[[], None]:
        return lambda: compiled.coalition_rows(options, w, u, code, floor, c)

    _run([rows(p) for p in parts if p.size])
    return c


def available() -> bool:
    """Whether the compiled kernel can be used (loads it the first time: milliseconds)."""
    return _compiled() is not None
