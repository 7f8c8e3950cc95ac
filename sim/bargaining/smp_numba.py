"""The numba-compiled loops of ``smp_kernel`` (see there); imported only when numba is there
and a run is large. Top-level functions, so numba can cache the machine code on disk."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
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


# Reassociating the third-party sums lets the compiler vectorise them; the result moves by
# round-off only (about 1e-14 on a probability), checked against numpy in the tests.
@numba.njit(cache=True, nogil=True, fastmath=True)
def third_party_sum(i, j, m0, m1, u_ni, u_nn, rh, near_t, capped_t, weights, fi0, fj0, rule):
    pos = 0.0
    neg = 0.0
    for m in range(m0, m1):
        u_mj = near_t[j, m] * ((capped_t[j, m] * rh[i, m]) + 1.0)
        lean = vote(rule, weights[m], u_ni[i, m] - u_mj)
        little_i = fi0 + max(lean, 0.0)
        little_j = fj0 - min(lean, 0.0)
        p_i = little_i / (little_i + little_j)
        p_j = 1.0 - p_i
        v = vote(rule, weights[m], p_i * (u_nn[i, m] - u_ni[i, m]) + p_j * (u_mj - u_nn[i, m]))
        pos += max(v, 0.0)
        neg += max(-v, 0.0)
    return pos, neg


@numba.njit(cache=True, nogil=True, parallel=True)
def third_party_sides(u_ni, u_nn, rh, near_t, capped_t, weights, for_i0, for_j0, rule, semi):
    n = u_ni.shape[0]
    for_i = np.empty((n, n))
    for_j = np.empty((n, n))
    for i in numba.prange(n):
        for j in range(n):
            fi0 = for_i0[i, j]
            fj0 = for_j0[i, j]
            pos = 0.0
            neg = 0.0
            if semi and i != j:
                lo = i if i < j else j
                hi = j if i < j else i
                # every third party: all actors but the two principals
                args = (u_ni, u_nn, rh, near_t, capped_t, weights, fi0, fj0, rule)
                a0, b0 = third_party_sum(i, j, 0, lo, *args)
                a1, b1 = third_party_sum(i, j, lo + 1, hi, *args)
                a2, b2 = third_party_sum(i, j, hi + 1, n, *args)
                pos = (a0 + a1) + a2
                neg = (b0 + b1) + b2
            for_i[i, j] = fi0 + pos
            for_j[i, j] = fj0 + neg
    return for_i, for_j


# Each coalition sums its voters in order, as numpy does, so the result is bit-identical;
# the loop runs over the options b (independent sums) innermost, which vectorises.
@numba.njit(cache=True, nogil=True, parallel=True)
def coalitions(weights, utilities, rule, floor, c):
    voters, n = utilities.shape
    for a in numba.prange(n):
        pos = np.zeros(a)
        neg = np.zeros(a)
        for k in range(voters):
            u_ka = utilities[k, a]
            w = weights[k]
            for b in range(a):
                v = vote(rule, w, u_ka - utilities[k, b])
                pos[b] += max(v, 0.0)
                neg[b] += max(-v, 0.0)
        for b in range(a):
            c[a, b] = floor + pos[b]
            c[b, a] = floor + neg[b]
        c[a, a] = floor
