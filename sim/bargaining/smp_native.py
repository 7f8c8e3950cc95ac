"""The compiled SMP kernel (``_smp_kernel.c``), loaded with ctypes; None where it was not built.

``pip install`` compiles the C file as an optional extension (``pyproject.toml``): with no C
compiler the install goes on without it and runs take the numpy paths, which give the same
bytes. Loading it costs a few milliseconds (ctypes and one small library), so it needs no
warming up; ctypes releases the GIL during each call, so threads can share the rows.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec

import numpy as np

PAIRWISE_BLOCK = 128  # numpy's PW_BLOCKSIZE: terms summed in eight partial sums before halving
ABI_VERSION = 1  # _smp_kernel.c's ABI_VERSION: the calls below, as this module makes them

_INT, _FLOAT, _ADDRESS = ctypes.c_int64, ctypes.c_double, ctypes.c_void_p


def pairwise_plan(count: int) -> np.ndarray:
    """numpy's pairwise summation of ``count`` terms as a post-order program: rows
    (0, lo, size) sum a block of at most 128 terms, rows (1, 0, 0) add the last two results."""
    ops: list[tuple[int, int, int]] = []

    def visit(lo: int, size: int) -> None:
        if size <= PAIRWISE_BLOCK:
            ops.append((0, lo, size))
            return
        half = size // 2
        half -= half % 8
        visit(lo, half)
        visit(lo + half, size - half)
        ops.append((1, 0, 0))

    visit(0, count)
    return np.array(ops, dtype=np.int64)


def _address(array: np.ndarray) -> int:
    return array.ctypes.data


def _check(array: np.ndarray, shape: tuple[int, ...], dtype: type = np.float64) -> None:
    """The C code trusts its arguments: a wrong size would read past an array, not raise."""
    if array.shape != shape or array.dtype != dtype or not array.flags.c_contiguous:
        raise ValueError(
            f"SMP kernel: expected a C-contiguous {np.dtype(dtype)} array of shape {shape}, "
            f"got {array.dtype} {array.shape}"
        )


@dataclass(frozen=True)
class NativeKernel:
    """The library's two entry points, with numpy arrays in and out (all C-contiguous)."""

    library: ctypes.CDLL

    def third_party_rows(
        self,
        start: int,
        stop: int,
        plan: np.ndarray,
        arrays: list[np.ndarray],
        rule: int,
        for_i: np.ndarray,
        for_j: np.ndarray,
    ) -> None:
        """Rows start..stop-1 of ``for_i`` and ``for_j``; ``arrays`` are u_ni, u_nn, rh, near,
        capped, weights, for_i0, for_j0 (see ``smp_kernel.third_party_sides``)."""
        n = for_i.shape[1]
        if not 0 <= start <= stop <= n or plan.ndim != 2 or len(arrays) != 8:
            raise ValueError("SMP kernel: rows or arguments out of range")
        _check(plan, (plan.shape[0], 3), np.int64)
        for array in (*arrays[:5], *arrays[6:], for_i, for_j):
            _check(array, (n, n))
        _check(arrays[5], (n,))
        status = self.library.third_party_rows(
            start, stop, _address(plan), plan.shape[0], n, *map(_address, arrays), rule,
            _address(for_i), _address(for_j),
        )  # fmt: skip
        if status:
            raise MemoryError("SMP kernel: no memory for its scratch rows")

    def coalition_rows(
        self,
        options: np.ndarray,
        weights: np.ndarray,
        utilities: np.ndarray,
        rule: int,
        floor: float,
        c: np.ndarray,
    ) -> None:
        """Coalitions of the listed options against every option below each, into ``c``."""
        voters, n = utilities.shape
        _check(utilities, (voters, n))
        _check(weights, (voters,))
        _check(c, (n, n))
        _check(options, (options.size,), np.int64)
        if options.size and not 0 <= int(options.min()) <= int(options.max()) < n:
            raise ValueError("SMP kernel: option index out of range")
        status = self.library.coalition_rows(
            _address(options), options.size, voters, n, _address(weights), _address(utilities),
            rule, floor, _address(c),
        )  # fmt: skip
        if status:
            raise MemoryError("SMP kernel: no memory for its scratch rows")


@cache
def load() -> NativeKernel | None:
    """The kernel, or None if the extension was not built (or cannot be loaded here)."""
    try:
        spec = find_spec("sim.bargaining._smp_kernel")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    try:
        library = ctypes.CDLL(spec.origin)
    except OSError:
        return None
    version = getattr(library, "abi_version", None)  # absent from libraries of before version 1
    if version is None or version() != ABI_VERSION:
        import warnings

        warnings.warn(
            f"{spec.origin} was built from another version of _smp_kernel.c; SMP runs on "
            "numpy until it is rebuilt (pip install -e .)",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    library.third_party_rows.restype = ctypes.c_int
    library.third_party_rows.argtypes = (
        _INT,
        _INT,
        _ADDRESS,
        _INT,
        _INT,
        *(_ADDRESS,) * 8,
        _INT,
        _ADDRESS,
        _ADDRESS,
    )
    library.coalition_rows.restype = ctypes.c_int
    library.coalition_rows.argtypes = [_ADDRESS, _INT, _INT, _INT, _ADDRESS, _ADDRESS, _INT]
    library.coalition_rows.argtypes += [_FLOAT, _ADDRESS]
    return NativeKernel(library)
