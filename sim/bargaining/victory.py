"""From utilities to coalitions, pairwise victory probabilities and winning probabilities.

This is KTAB's "probable Condorcet election" (PCE): every actor votes in every pairwise
contest between options, the coalition strengths give the probability that one option beats
another, and those pairwise probabilities give the probability that each option prevails.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from sim.bargaining import smp_kernel
from sim.bargaining.options import PCEModel, VictoryProbModel, VotingRule
from sim.bargaining.voting import vote

MIN_COALITION = 1e-8  # an empty coalition still has this strength, so no 0/0
_BINARY_THRESHOLD = 1.10  # a 10 % advantage makes victory certain under the binary model
_BINARY_FLOOR = 1e-6
_MARKOV_MAX_ITERATIONS = 100_000


def coalitions(weights: np.ndarray, utilities: np.ndarray, rule: VotingRule) -> np.ndarray:
    """Strength ``C[i, j]`` of the coalition backing option i against option j.

    ``weights`` (actors,), ``utilities[k, i]`` the utility to actor k of option i. Votes are
    cast in each lower-triangle contest (i > j); positive votes join i's side and negative ones
    j's side, as KTAB does (this matters only for the asymmetric voting rule). Works through
    blocks of options so that memory stays O(actors × options) plus a bounded block, and only
    on the lower triangle, where the votes are cast.

    Each coalition adds its voters one after another. (numpy's order of addition depends on
    memory layout: over a contiguous voter axis it adds pairwise. The utilities are made
    C-contiguous first, so the order, and the compiled kernel's result, do not depend on how
    the caller's array lies in memory.)
    """
    u = np.ascontiguousarray(utilities, dtype=float)
    voters, n = u.shape
    if voters * n * n >= _KERNEL_MIN_VOTES and smp_kernel.wanted(voters) and smp_kernel.available():
        return smp_kernel.coalitions(weights, u, rule, MIN_COALITION)
    c = np.empty((n, n))
    w = np.asarray(weights, dtype=float)[:, None, None]
    for start, stop in _row_blocks(n, voters):
        # contests of options start..stop-1 against every option below stop
        du = u[:, start:stop, None] - u[:, None, :stop]  # du[k, i, j] = u[k, i] - u[k, j]
        v = vote(rule, w, du)
        backing_i = MIN_COALITION + np.maximum(v, 0.0).sum(axis=0)
        backing_j = MIN_COALITION + np.maximum(-v, 0.0).sum(axis=0)
        for offset, i in enumerate(range(start, stop)):
            c[i, :i] = backing_i[offset, :i]
            c[:i, i] = backing_j[offset, :i]
    np.fill_diagonal(c, MIN_COALITION)
    return c


_BLOCK_ELEMENTS = 1 << 18  # vote array elements per block of options
_KERNEL_MIN_VOTES = 1 << 14  # votes in one call worth a call of the compiled kernel


def _row_blocks(n: int, voters: int) -> list[tuple[int, int]]:
    """Blocks of rows of the lower triangle with about ``_BLOCK_ELEMENTS`` votes each."""
    blocks = []
    start = 0
    while start < n:
        stop = start + 1
        while stop < n and voters * (stop + 1 - start) * (stop + 1) <= _BLOCK_ELEMENTS:
            stop += 1
        blocks.append((start, stop))
        start = stop
    return blocks


def lower_triangle(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.tril_indices(n, k=-1)``. Small sizes (bargain resolution asks for them hundreds of
    times a turn) are made once; large ones each time, so the cache stays small."""
    return _small_lower_triangle(n) if n <= _CACHED_TRIANGLES else np.tril_indices(n, k=-1)


_CACHED_TRIANGLES = 64  # largest size kept: 64 sizes of at most 2016 index pairs each


@cache
def _small_lower_triangle(n: int) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.tril_indices(n, k=-1)
    rows.flags.writeable = False
    cols.flags.writeable = False
    return rows, cols


def victory_matrix(model: VictoryProbModel, c: np.ndarray) -> np.ndarray:
    """``P[i, j]``, the probability that option i beats option j, from coalition strengths."""
    n = c.shape[0]
    rows, cols = lower_triangle(n)
    s1 = c[rows, cols]
    s2 = c[cols, rows]
    x1, x2 = _victory_weights(model, s1, s2)
    p = np.full((n, n), 0.5)
    total = x1 + x2
    p[rows, cols] = x1 / total
    p[cols, rows] = x2 / total
    return p


def _victory_weights(
    model: VictoryProbModel, s1: np.ndarray, s2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    if model is VictoryProbModel.LINEAR:
        return s1, s2
    if model is VictoryProbModel.SQUARE:
        return s1 * s1, s2 * s2
    if model is VictoryProbModel.QUARTIC:
        q1, q2 = s1 * s1, s2 * s2
        return q1 * q1, q2 * q2
    if model is VictoryProbModel.OCTIC:
        q1, q2 = s1 * s1, s2 * s2
        q1, q2 = q1 * q1, q2 * q2
        return q1 * q1, q2 * q2
    if model is VictoryProbModel.BINARY:
        t = _BINARY_THRESHOLD
        ratio = s1 / (s1 + s2)
        # linear ramp between the two thresholds, so the step is continuous
        p12 = (ratio * (t + 1.0) - 1.0) / (t - 1.0)
        x1 = np.where(s1 >= t * s2, 1.0, np.where(s2 >= t * s1, _BINARY_FLOOR, p12))
        x2 = np.where(s1 >= t * s2, _BINARY_FLOOR, np.where(s2 >= t * s1, 1.0, 1.0 - p12))
        return x1, x2
    raise ValueError(f"unknown victory probability model {model!r}")


def conditional_pce(p: np.ndarray) -> np.ndarray:
    """Probability that each option beats all others, conditional on one of them doing so."""
    beats_all = np.prod(p, axis=1)
    return beats_all / beats_all.sum()


def markov_uniform_pce(p: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    """Stationary winner distribution when any option challenges the incumbent uniformly."""
    n = p.shape[0]
    prob = np.full(n, 1.0 / n)
    for _ in range(_MARKOV_MAX_ITERATIONS):
        q = (p * (prob[:, None] + prob[None, :])).sum(axis=1) / n
        change = np.max(np.abs(q - prob))
        prob = (prob + q) / 2.0
        if change <= tol:
            return prob
    raise RuntimeError("Markov-uniform PCE did not converge")


def markov_incentive_pce(
    c: np.ndarray, vp_model: VictoryProbModel, tol: float = 1e-8
) -> np.ndarray:
    """Stationary winner distribution when challengers come forward in proportion to
    their incentive (coalition strength times chance of winning)."""
    n = c.shape[0]
    p = victory_matrix(vp_model, c)
    incentive = c * p + np.eye(n) * 1e-10
    challenge = incentive / incentive.sum(axis=0, keepdims=True)  # challenge[i, j]: i -> j
    prob = np.full(n, 1.0 / n)
    for _ in range(_MARKOV_MAX_ITERATIONS):
        ct = prob[:, None] * challenge.T  # ct[i, j] = prob_i * challenge[j, i]
        q = (p * (ct + ct.T)).sum(axis=1)
        change = np.max(np.abs(q - prob))
        prob = (prob + q) / 2.0
        if change <= tol:
            return prob
    raise RuntimeError("Markov-incentive PCE did not converge")


def option_probabilities(c: np.ndarray, vp_model: VictoryProbModel, pce: PCEModel) -> np.ndarray:
    """Probability that each option prevails, given coalition strengths."""
    if pce is PCEModel.CONDITIONAL:
        return conditional_pce(victory_matrix(vp_model, c))
    if pce is PCEModel.MARKOV_UNIFORM:
        return markov_uniform_pce(victory_matrix(vp_model, c))
    if pce is PCEModel.MARKOV_INCENTIVE:
        return markov_incentive_pce(c, vp_model)
    raise ValueError(f"unknown PCE model {pce!r}")


def scalar_pce(
    weights: np.ndarray,
    utilities: np.ndarray,
    rule: VotingRule,
    vp_model: VictoryProbModel,
    pce: PCEModel,
) -> np.ndarray:
    """Probability that each option (column of ``utilities``) prevails in a vote of actors."""
    return option_probabilities(coalitions(weights, utilities, rule), vp_model, pce)


def conditional_pce_many(
    weights: np.ndarray,
    tables: np.ndarray,
    counts: np.ndarray,
    rule: VotingRule,
    vp_model: VictoryProbModel,
) -> np.ndarray:
    """``scalar_pce`` with the Conditional PCE for many small votes at once.

    ``tables[v, k, a]``: utility to voter k of option a in vote v; vote v has ``counts[v]``
    options (columns past that are padding). Returns ``p[v, a]`` (0 on padding); each row
    equals what ``scalar_pce`` gives on that vote's own table, operation for operation.
    """
    n_votes, voters, width = tables.shape
    p = np.zeros((n_votes, width))
    w = np.asarray(weights, dtype=float)[None, :, None]
    rows, cols = lower_triangle(width)  # the contests: option a against b < a
    per_vote = voters * 2 * rows.size
    step = max(1, _BLOCK_ELEMENTS // max(1, per_vote))
    real = np.arange(width)[None, :] < counts[:, None]  # (votes, options)
    for start in range(0, n_votes, step):
        block = slice(start, min(n_votes, start + step))
        u = tables[block]
        v = vote(rule, w, u[:, :, rows] - u[:, :, cols])  # v[v, k, c]: voter k in contest c
        sides = np.empty((u.shape[0], voters, 2, rows.size))
        np.maximum(v, 0.0, out=sides[:, :, 0])
        np.maximum(-v, 0.0, out=sides[:, :, 1])
        # each coalition adds its voters one after another (the two sides keep the summed
        # rows wider than one element, so numpy never switches to pairwise addition)
        backing = MIN_COALITION + sides.sum(axis=1)
        s1 = backing[:, 0]  # C(a, b) for a > b
        s2 = backing[:, 1]  # C(b, a)
        x1, x2 = _victory_weights(vp_model, s1, s2)
        total = x1 + x2
        victory = np.full((u.shape[0], width, width), 0.5)
        victory[:, rows, cols] = x1 / total
        victory[:, cols, rows] = x2 / total
        # padding neither beats nor is beaten: a factor 1 leaves the real options' products
        mask = real[block]
        victory = np.where(mask[:, None, :], victory, 1.0)
        beats_all = np.where(mask, np.prod(victory, axis=2), 0.0)
        p[block] = beats_all / beats_all.sum(axis=1, keepdims=True)
    return p
