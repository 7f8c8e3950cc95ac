"""Interpolated bargains: where two actors would meet, dimension by dimension.

Each side pulls the bargain towards its own position with a weight that grows with its
salience on the dimension and with its chance of winning the contest they would otherwise
fight. KTAB rounds the result to 4 decimals on the 0–1 scale, to avoid spurious precision.
"""

from __future__ import annotations

import numpy as np

from sim.bargaining.options import InterVecBrgn

_MIN_WEIGHT = 1e-6  # keeps 0/0 away when neither side cares or can coerce


def round4(x: np.ndarray) -> np.ndarray:
    """Round half up to 4 decimals (inputs are in [0, 1], so floor works as truncation)."""
    return np.floor(0.5 + x * 10000.0) / 10000.0


def interpolate(
    rule: InterVecBrgn,
    pos_i: np.ndarray,
    sal_i: np.ndarray,
    prob_i: np.ndarray | float,
    pos_j: np.ndarray,
    sal_j: np.ndarray,
    prob_j: np.ndarray | float,
) -> tuple[np.ndarray, np.ndarray]:
    """Bargained positions for the initiator i and the receiver j.

    Positions and saliences are (..., d); probabilities broadcast against them, so one call
    can interpolate many pairs at once.
    """
    prob_i = np.asarray(prob_i, dtype=float)
    prob_j = np.asarray(prob_j, dtype=float)
    if rule is InterVecBrgn.S2P2:
        return _power_weighted(
            pos_i, sal_i * sal_i * (prob_i * prob_i), pos_j, sal_j * sal_j * (prob_j * prob_j)
        )
    if rule is InterVecBrgn.S1P1:
        return _power_weighted(pos_i, sal_i * prob_i, pos_j, sal_j * prob_j)
    if rule is InterVecBrgn.S2PMAX:
        return _s2_pmax(pos_i, sal_i, prob_i, pos_j, sal_j, prob_j)
    raise ValueError(f"unknown bargain interpolation {rule!r}")


def _power_weighted(
    t_i: np.ndarray, w_i: np.ndarray, t_j: np.ndarray, w_j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    # The tiny extra weight goes to i's own side in i's copy and to j's side in j's copy,
    # so that with no weight at all each keeps its position.
    total = w_i + _MIN_WEIGHT + w_j
    b_i = round4(((w_i + _MIN_WEIGHT) * t_i + w_j * t_j) / total)
    b_j = round4((w_i * t_i + (_MIN_WEIGHT + w_j) * t_j) / total)
    return b_i, b_j


def _s2_pmax(
    t_i: np.ndarray,
    s_i: np.ndarray,
    p_i: np.ndarray,
    t_j: np.ndarray,
    s_j: np.ndarray,
    p_j: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    # only the weaker side concedes, by the probability gap, weighted by squared saliences
    gap_i = np.maximum(p_j - p_i, 0.0)
    gap_j = np.maximum(p_i - p_j, 0.0)
    s_i2, s_j2 = s_i * s_i, s_j * s_j
    d_i = (gap_i * s_j2) / ((gap_i * s_j2) + _MIN_WEIGHT + ((1 - gap_i) * s_i2))
    d_j = (gap_j * s_i2) / ((gap_j * s_i2) + _MIN_WEIGHT + ((1 - gap_j) * s_j2))
    return t_i + d_i * (t_j - t_i), t_j + d_j * (t_i - t_j)
