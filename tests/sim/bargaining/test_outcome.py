"""Distinct positions, pooled cycles, forecasts and the cycle detector, on hand-made numbers."""

from __future__ import annotations

import numpy as np
import pytest

from sim.bargaining.outcome import (
    CycleDetector,
    Distribution,
    group_positions,
    make_outcome,
    pool,
)


def test_positions_within_the_tolerance_form_one_group() -> None:
    # actors 0 and 2 are 0.0005 apart (< 1e-3): one group; actor 1 stands alone
    positions = np.array([[0.2], [0.7], [0.2005], [0.7]])
    representatives, membership = group_positions(positions)
    assert representatives == [0, 1]
    assert membership.tolist() == [0, 1, 0, 1]


def test_group_probabilities_are_normalised_and_listed_once() -> None:
    positions = np.array([[0.2, 0.1], [0.7, 0.9], [0.2, 0.1]])
    representatives, membership = group_positions(positions)
    # the vote gives 0.3 and 0.1 (as if unnormalised): shares 0.75 and 0.25
    d = Distribution.from_groups(positions, representatives, membership, np.array([0.3, 0.1]))
    np.testing.assert_allclose(d.probabilities, [0.75, 0.25])
    assert d.holders == [[0, 2], [1]]
    outcome = make_outcome(d)
    # forecast: 0.75·(0.2, 0.1) + 0.25·(0.7, 0.9) = (0.325, 0.3)
    np.testing.assert_allclose(outcome.forecast, [0.325, 0.3])
    np.testing.assert_allclose(outcome.most_probable, [0.2, 0.1])


def test_weight_shares_and_all_zero_weights() -> None:
    positions = np.array([[0.0], [1.0], [1.0]])
    d = Distribution.by_weight(positions, np.array([3.0, 0.5, 0.5]))
    np.testing.assert_allclose(d.probabilities, [0.75, 0.25])
    # nobody has weight: every actor counts the same, so 1/3 and 2/3
    d = Distribution.by_weight(positions, np.zeros(3))
    np.testing.assert_allclose(d.probabilities, [1 / 3, 2 / 3])


def test_pooling_a_two_state_cycle_averages_and_merges() -> None:
    a = Distribution(np.array([[0.0], [0.6]]), np.array([0.4, 0.6]), [[0, 1], [2]])
    b = Distribution(np.array([[0.6], [0.3]]), np.array([0.8, 0.2]), [[0, 2], [1]])
    pooled = pool([a, b])
    # 0.0: 0.4/2 = 0.2; 0.6: (0.6 + 0.8)/2 = 0.7; 0.3: 0.2/2 = 0.1
    np.testing.assert_allclose(pooled.positions.ravel(), [0.0, 0.6, 0.3])
    np.testing.assert_allclose(pooled.probabilities, [0.2, 0.7, 0.1])
    assert pooled.holders == [[0, 1], [0, 2], [1]]
    outcome = make_outcome(pooled)
    # the pooled mean is the mean of the two states' means: (0.36 + 0.54) / 2 = 0.45
    assert outcome.forecast[0] == pytest.approx(0.45)
    assert outcome.most_probable[0] == pytest.approx(0.6)


def test_cycle_detector_ignores_fixed_points_and_finds_cycles() -> None:
    detector = CycleDetector()
    a, b, c = np.array([[0.1]]), np.array([[0.2]]), np.array([[0.3]])
    assert detector.cycle_length(0, a) is None
    assert detector.cycle_length(1, a) is None  # a repeat after one turn: a fixed point
    assert detector.cycle_length(2, b) is None
    assert detector.cycle_length(3, c) is None
    assert detector.cycle_length(4, b) == 2  # b at turns 2 and 4
