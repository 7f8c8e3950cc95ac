"""Compiled loops (numba) for the two O(n³) steps of an SMP turn, used for large runs only.

The third-party step and the coalition step run as fused loops, so nothing of size n³ is ever
held, and give the numpy paths' results to the last bit (``smp_numba`` says how), so a run's
bytes do not depend on whether numba is installed. Rows are independent, so they are split
between threads (one per core; the kernels release the GIL); that does not change a result.

Numba is optional (``pip install 'crossroads[fast]'``) and is imported only for runs of at
least ``KERNEL_MIN_ACTORS`` actors, so small runs start as fast as ever; without numba, or with
``CROSSROADS_NO_KERNEL=1`` set, the numpy paths run.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType

import numpy as np

from sim.bargaining.options import VotingRule

TYPE_CHECKING = False  # concurrent.futures costs start-up time; annotations are strings
if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

KERNEL_MIN_ACTORS = 100  # below this, loading numba (about 0.6 s of CPU) costs more than it saves

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
    """Whether a run of ``n`` actors should use the compiled kernel (if numba is there)."""
    return n >= KERNEL_MIN_ACTORS and not os.environ.get("CROSSROADS_NO_KERNEL")


@cache
def _compiled() -> ModuleType | None:
    """The kernels' module, loaded (from numba's on-disk cache) and warmed up; None without
    numba."""
    with _without_blas_probe():
        try:
            from sim.bargaining import smp_numba
        except ImportError:
            return None
        smp_numba.warm_up()
    return smp_numba


@contextmanager
def _without_blas_probe() -> Iterator[None]:
    """Numba's first compile or cache load probes for BLAS by importing scipy.linalg (about
    0.3 s). The kernels use no BLAS, so while they load, scipy looks absent to that probe, as
    it would be without scipy installed. Nothing changes if scipy is already imported."""
    if "scipy" in sys.modules:
        yield
        return
    sys.modules["scipy"] = None  # type: ignore[assignment]  # import scipy → ImportError
    try:
        yield
    finally:
        if sys.modules.get("scipy", 0) is None:
            del sys.modules["scipy"]


@cache
def _pool() -> ThreadPoolExecutor:
    from concurrent.futures import ThreadPoolExecutor  # here: a small run never needs it

    return ThreadPoolExecutor(max_workers=_threads(), thread_name_prefix="smp-kernel")


# a forked child has none of the parent's threads: it makes its own pool
os.register_at_fork(after_in_child=_pool.cache_clear)


def _threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _split(count: int) -> list[tuple[int, int]]:
    parts = min(_threads(), max(1, count))
    edges = np.linspace(0, count, parts + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges) if b > a]


def _run(tasks: list[Callable[[], None]]) -> None:
    """Run the tasks, the first in this thread: entering its kernel releases the GIL at once,
    so the pool's threads start theirs without waiting out a switch interval."""
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
    arrays = [
        np.ascontiguousarray(a, dtype=float)
        for a in (u_ni, u_nn, rh, near, capped, weights, for_i0, for_j0)
    ]
    n = u_ni.shape[0]
    for_i, for_j = np.empty((n, n)), np.empty((n, n))
    code = RULE_CODES[rule]
    plan = compiled.pairwise_plan(n)

    def rows(start: int, stop: int) -> Callable[[], None]:
        return lambda: compiled.third_party_rows(start, stop, plan, *arrays, code, for_i, for_j)

    _run([rows(a, b) for a, b in _split(n)])
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
    """Whether the compiled kernels can be used; loads them (about 0.6 s) the first time.
    (Loading them in a background thread while the first turns ran on numpy was slower:
    the import holds the GIL the numpy path needs.)"""
    return _compiled() is not None
