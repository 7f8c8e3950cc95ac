"""The numba-compiled loops of ``smp_kernel`` (see there); imported only when numba is there
and a run is large. Top-level functions, so numba can cache the machine code on disk.

Both kernels give the numpy paths' results to the last bit: every element is computed with
the same operations in the same order (no ``fastmath``, so nothing is reassociated or fused),
and sums are taken in numpy's order. Coalitions add voters one after another, as numpy's sum
over the first axis does; third-party votes are added by numpy's pairwise summation over the
last axis (blocks of up to 128 terms in eight interleaved partial sums, halved above that),
which ``pairwise_plan`` and ``_leaf_sides`` reproduce. The loops run over the contiguous axis
with the voting rule chosen outside them, and ``error_model="numpy"`` (a division by zero gives
inf, as in numpy, rather than raising), so the compiler vectorises them.
"""

from __future__ import annotations

import numba
import numpy as np

PAIRWISE_BLOCK = 128  # numpy's PW_BLOCKSIZE: terms summed in eight partial sums before halving
PROP = 0  # smp_kernel.RULE_CODES[VotingRule.PROP], the default rule, which gets its own loop


@numba.njit(cache=True, nogil=True, error_model="numpy")
def vote(rule: int, w: float, du: float) -> float:
    if rule == 0:
        return w * du
    if rule == 1:
        return w * min(max(du / 1e-8, -1.0), 1.0)
    if rule == 2:
        return w * ((1 - 0.2) * du + 0.2 * min(max(du / 1e-8, -1.0), 1.0))
    if rule == 3:
        return w * (du * du * du)
    if rule == 4:
        return w * ((1 - 0.5) * du + 0.5 * (du * du * du))
    if du < 0:
        return w * du
    if du > 0:
        return (2.0 * w * du) / 3.0
    return 0.0


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _third_party_votes(i, m, u_ni, u_nn, rh, near, capped, weights, for_i0, for_j0, rule, v):
    """``v[j]``: third party m's vote in every contest i-challenges-j, seen by i; 0 where m
    is one of the principals. Operation for operation as ``smp_fast.third_party_sides``; the
    voting rule is chosen outside the loop over j, and ``v`` is written alone (no other
    output to alias), so the loop vectorises."""
    n = v.shape[0]
    if m == i:
        for j in range(n):
            v[j] = 0.0
        return
    w = weights[m]
    u_mi = u_ni[i, m]
    u_mm = u_nn[i, m]
    own_gap = u_mm - u_mi
    r = rh[i, m]
    near_m = near[m]
    capped_m = capped[m]
    fi = for_i0[i]
    fj = for_j0[i]
    if rule == PROP:
        for j in range(n):
            u_mj = near_m[j] * ((capped_m[j] * r) + 1.0)
            leaning = w * (u_mi - u_mj)
            little_i = fi[j] + max(leaning, 0.0)
            little_j = fj[j] - min(leaning, 0.0)
            p_i = little_i / (little_i + little_j)
            v[j] = w * ((p_i * own_gap) + ((1.0 - p_i) * (u_mj - u_mm)))
    else:
        for j in range(n):
            u_mj = near_m[j] * ((capped_m[j] * r) + 1.0)
            leaning = vote(rule, w, u_mi - u_mj)
            little_i = fi[j] + max(leaning, 0.0)
            little_j = fj[j] - min(leaning, 0.0)
            p_i = little_i / (little_i + little_j)
            v[j] = vote(rule, w, (p_i * own_gap) + ((1.0 - p_i) * (u_mj - u_mm)))
    v[m] = 0.0


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _add_sides(v, pos, neg):
    for j in range(v.shape[0]):
        pos[j] += max(v[j], 0.0)
        neg[j] += max(-v[j], 0.0)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _leaf_sides(i, lo, count, u_ni, u_nn, rh, near, capped, weights, fi0, fj0, rule, out, partial):
    """``out[0, j]``, ``out[1, j]``: the sums over third parties m in [lo, lo + count) of
    max(v, 0) and max(−v, 0), for count <= 128, added as numpy's pairwise summation adds a
    block: one after another below 8 terms, else in eight interleaved partial sums (each
    starting from 0, which adds exactly). ``partial`` is scratch, (2, 8, n)."""
    n = out.shape[1]
    v = np.empty(n)
    args = (u_ni, u_nn, rh, near, capped, weights, fi0, fj0, rule, v)
    out[:, :] = 0.0
    step = 0
    if count >= 8:
        partial[:, :, :] = 0.0
        while step < count - (count % 8):
            for k in range(8):
                _third_party_votes(i, lo + step + k, *args)
                _add_sides(v, partial[0, k], partial[1, k])
            step += 8
        for s in range(2):
            r = partial[s]
            for j in range(n):
                out[s, j] = ((r[0, j] + r[1, j]) + (r[2, j] + r[3, j])) + (
                    (r[4, j] + r[5, j]) + (r[6, j] + r[7, j])
                )
    while step < count:
        _third_party_votes(i, lo + step, *args)
        _add_sides(v, out[0], out[1])
        step += 1


def pairwise_plan(count: int) -> np.ndarray:
    """numpy's pairwise summation of ``count`` terms as a post-order program: rows
    (0, lo, size) sum a block of at most 128 terms, rows (1, 0, 0) add the last two results.
    (A program rather than recursion: numba's cached recursive functions can crash.)"""
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


@numba.njit(cache=True, nogil=True, error_model="numpy")
def third_party_rows(
    start, stop, plan, u_ni, u_nn, rh, near, capped, weights, for_i0, for_j0, rule, for_i, for_j
):
    """Rows start..stop-1 of both sides' strength after the third parties vote (semi-commit).

    ``plan`` is ``pairwise_plan(n)``; ``near[m, j]`` = 1 − D[m, j] and ``capped[m, j]`` =
    min(D[m, j], 1); the other arrays as in ``smp_fast.third_party_sides``.
    """
    n = u_ni.shape[0]
    stack = np.empty((plan.shape[0] + 1, 2, n))
    partial = np.empty((2, 8, n))
    for i in range(start, stop):
        top = 0
        for op in range(plan.shape[0]):
            if plan[op, 0] == 0:
                lo, size = plan[op, 1], plan[op, 2]
                _leaf_sides(
                    i,
                    lo,
                    size,
                    u_ni,
                    u_nn,
                    rh,
                    near,
                    capped,
                    weights,
                    for_i0,
                    for_j0,
                    rule,
                    stack[top],
                    partial,
                )
                top += 1
            else:
                left, right = stack[top - 2], stack[top - 1]
                for s in range(2):
                    for j in range(n):
                        left[s, j] += right[s, j]
                top -= 1
        sums = stack[0]
        for j in range(n):
            for_i[i, j] = for_i0[i, j] + sums[0, j]
            for_j[i, j] = for_j0[i, j] + sums[1, j]


@numba.njit(cache=True, nogil=True, error_model="numpy")
def coalition_rows(options, weights, utilities, rule, floor, c):
    """Coalitions of the listed options a against every option b < a (both directions).

    Voters are added in order, as numpy's sum over the voter axis does; the loop over b is
    innermost and contiguous.
    """
    voters, n = utilities.shape
    pos = np.empty(n)
    neg = np.empty(n)
    for a in options:
        for b in range(a):
            pos[b] = 0.0
            neg[b] = 0.0
        for k in range(voters):
            u_ka = utilities[k, a]
            w = weights[k]
            row = utilities[k]
            if rule == PROP:
                for b in range(a):
                    v = w * (u_ka - row[b])
                    pos[b] += max(v, 0.0)
                    neg[b] += max(-v, 0.0)
            else:
                for b in range(a):
                    v = vote(rule, w, u_ka - row[b])
                    pos[b] += max(v, 0.0)
                    neg[b] += max(-v, 0.0)
        for b in range(a):
            c[a, b] = floor + pos[b]
            c[b, a] = floor + neg[b]
        c[a, a] = floor


def warm_up() -> None:
    """Load both kernels for the argument types ``smp_kernel`` passes, on tiny inputs."""
    n = 3
    ones = np.ones((n, n))
    for_i, for_j = np.empty((n, n)), np.empty((n, n))
    third_party_rows(0, n, pairwise_plan(n), *([ones] * 5), np.ones(n), ones, ones, 0, for_i, for_j)
    coalition_rows(np.arange(n, dtype=np.int64), np.ones(n), ones, 0, 1e-8, np.empty((n, n)))
