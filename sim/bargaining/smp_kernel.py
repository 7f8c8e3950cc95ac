"""Compiled loops (numba) for the two O(n³) steps of an SMP turn, used for large runs only.

The third-party step and the coalition step fuse their loops, so nothing of size n³ is ever
held, and do what ``smp_fast.third_party_sides`` and ``victory.coalitions`` do, operation for
operation, on both cores (rows are independent, so threads do not change the result). The
coalitions come out bit-identical (both sum voters in order); the third-party sums are
reassociated so the compiler can vectorise them (``fastmath``), so contest probabilities can
differ from numpy's by round-off (about 1e-14).

Numba is optional (``pip install 'crossroads[fast]'``) and is imported only for runs of at
least ``KERNEL_MIN_ACTORS`` actors, so small runs start as fast as ever; without numba, or with
``CROSSROADS_NO_KERNEL=1`` set, the numpy paths run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache

import numpy as np

from sim.bargaining.options import VotingRule

KERNEL_MIN_ACTORS = 100  # below this, loading numba and the kernel costs more than it saves

RULE_CODES = {
    VotingRule.PROP: 0,
    VotingRule.BINARY: 1,
    VotingRule.PROP_BIN: 2,
    VotingRule.CUBIC: 3,
    VotingRule.PROP_CBC: 4,
    VotingRule.ASYM_PROSP: 5,
}


def wanted(n: int) -> bool:
    """Whether a run of ``n`` actors should use the compiled kernel (if numba is there)."""
    return n >= KERNEL_MIN_ACTORS and not os.environ.get("CROSSROADS_NO_KERNEL")


@cache
def kernels() -> tuple[Callable[..., tuple[np.ndarray, np.ndarray]], Callable[..., None]] | None:
    """The compiled (third-party, coalition) functions, or None without numba."""
    try:
        from sim.bargaining import smp_numba
    except ImportError:
        return None
    return smp_numba.third_party_sides, smp_numba.coalitions
