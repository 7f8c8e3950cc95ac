"""One-shot baselines with the SMP's call shape: compromise (weighted mean) and weighted median.

Both return two states: the input (state 0) and everyone at the predicted outcome (state 1),
which is also their forecast. An actor with zero salience on a dimension has zero weight there.
Their ``probabilities`` are the share of total capability × salience held by the actors at
each actor's position (see ``support_shares``): in state 0 that is each actor's normalised
weight when positions differ; in state 1 everyone shares the outcome, so it is 1.
"""

from __future__ import annotations

import numpy as np

from sim.bargaining.outcome import POSITION_TOLERANCE, Distribution, make_outcome, position_gaps
from sim.bargaining.result import BargainResult


def support_shares(positions: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Share of total weight held by actors within the position tolerance of each actor (every
    actor counts equally if nobody has any weight)."""
    together = position_gaps(positions) < POSITION_TOLERANCE
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    return (together * weights[None, :]).sum(axis=1) / weights.sum()


def compromise_outcome(
    capabilities: np.ndarray, positions: np.ndarray, saliences: np.ndarray
) -> np.ndarray:
    """Capability × salience weighted mean position per dimension, (d,)."""
    w = capabilities[:, None] * saliences
    # a dimension nobody cares about falls back on capability weights alone
    w = np.where(w.sum(axis=0) > 0, w, capabilities[:, None])
    return (w * positions).sum(axis=0) / w.sum(axis=0)


def weighted_median_outcome(
    capabilities: np.ndarray, positions: np.ndarray, saliences: np.ndarray
) -> np.ndarray:
    """Capability × salience weighted median per dimension, (d,).

    The lower weighted median: the smallest position at which the cumulative weight reaches
    half the total. It is the position no weighted majority prefers to move from in 1-D.
    """
    w = capabilities[:, None] * saliences
    w = np.where(w.sum(axis=0) > 0, w, capabilities[:, None])
    outcome = np.empty(positions.shape[1])
    for k in range(positions.shape[1]):
        order = np.argsort(positions[:, k], kind="stable")
        cumulative = np.cumsum(w[order, k])
        half = 0.5 * cumulative[-1]
        outcome[k] = positions[order[np.searchsorted(cumulative, half - 1e-12 * half)], k]
    return outcome


def _two_state_result(
    model: str,
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    outcome: np.ndarray,
) -> BargainResult:
    final = np.broadcast_to(outcome, positions.shape).copy()
    weights = capabilities * saliences.sum(axis=1)
    history = np.stack([positions, final])
    probabilities = np.stack([support_shares(p, weights) for p in history])
    forecast = make_outcome(Distribution.by_weight(final, weights), forecast=outcome)
    return BargainResult(
        model=model, positions=history, probabilities=probabilities, states=2, outcome=forecast
    )


def solve_compromise(
    capabilities: np.ndarray, positions: np.ndarray, saliences: np.ndarray, **_: object
) -> BargainResult:
    """Everyone moves to the capability × salience weighted mean."""
    outcome = compromise_outcome(capabilities, positions, saliences)
    return _two_state_result("compromise", capabilities, positions, saliences, outcome)


def solve_weighted_median(
    capabilities: np.ndarray, positions: np.ndarray, saliences: np.ndarray, **_: object
) -> BargainResult:
    """Everyone moves to the capability × salience weighted median, dimension by dimension."""
    outcome = weighted_median_outcome(capabilities, positions, saliences)
    return _two_state_result("weighted_median", capabilities, positions, saliences, outcome)
