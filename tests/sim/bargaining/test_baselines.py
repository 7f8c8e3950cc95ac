"""Baselines: compromise, weighted median and the expected utility model."""

from __future__ import annotations

import numpy as np
import pytest

from sim.bargaining import ExpectedUtilityOptions, solve
from sim.bargaining.expected_utility import (
    expected_utilities,
    median_voter_position,
    risk_exponents,
    win_probabilities,
)

CAPS = np.array([100.0, 50.0, 25.0, 25.0])
POS = np.array([[0.2, 0.9], [0.4, 0.1], [0.9, 0.5], [1.0, 0.5]])
SAL = np.array([[0.5, 0.5], [1.0, 0.5], [0.8, 0.2], [0.4, 0.2]])


def test_compromise_is_the_capability_salience_weighted_mean() -> None:
    result = solve("compromise", CAPS, POS, SAL)
    w = CAPS[:, None] * SAL
    expected = (w * POS).sum(axis=0) / w.sum(axis=0)
    assert result.states == 2
    np.testing.assert_allclose(result.positions[0], POS)
    np.testing.assert_allclose(result.final_positions, np.tile(expected, (4, 1)))
    weights = CAPS * SAL.sum(axis=1)
    np.testing.assert_allclose(result.probabilities[0], weights / weights.sum())
    np.testing.assert_allclose(result.probabilities[1], 1.0)


def test_weighted_median_per_dimension() -> None:
    # dimension 0 weights: 50, 50, 20, 10 (total 130; half 65) -> cumulative reaches 65 at 0.4
    # dimension 1 weights by position: 0.1:25, 0.5:5+5, 0.9:50 -> half 42.5 reached at 0.9
    result = solve("weighted_median", CAPS, POS, SAL)
    np.testing.assert_allclose(result.final_positions[0], [0.4, 0.9])


def test_weighted_median_exact_half_takes_the_lower_position() -> None:
    result = solve(
        "weighted_median", np.array([1.0, 1.0]), np.array([[0.2], [0.8]]), np.array([[1.0], [1.0]])
    )
    assert result.final_positions[0, 0] == pytest.approx(0.2)


def test_median_voter_and_win_probabilities() -> None:
    x = np.array([0.0, 0.3, 1.0])
    w = np.array([1.0, 1.0, 1.5])
    assert median_voter_position(x, w) == pytest.approx(0.3)
    p = win_probabilities(x, w, 1.0)
    np.testing.assert_allclose(p + p.T, 1.0)
    # contest 0 vs 2: actor 0 backs 0 with 1*1.0, actor 1 backs 0 with 1*0.4, actor 2 backs 2
    # with 1.5*1.0 -> P = 1.4 / 2.9
    assert p[0, 2] == pytest.approx(1.4 / 2.9)


def test_expected_utility_matches_the_equation_for_risk_neutral_actors() -> None:
    x = np.array([0.0, 0.5, 1.0])
    s = np.array([0.8, 0.6, 0.4])
    w = np.array([1.0, 2.0, 1.0]) * s
    eu, p = expected_utilities(x, s, w, np.ones(3), 1.0, ExpectedUtilityOptions())
    gap = 0.5  # actor 0 challenging actor 1
    success, failure = 2 - 4 * (0.5 - 0.5 * gap), 2 - 4 * (0.5 + 0.5 * gap)
    want = s[1] * (p[0, 1] * success + (1 - p[0, 1]) * failure) + (1 - s[1]) * success - 0.0
    assert eu[0, 1] == pytest.approx(want)
    r = risk_exponents(eu)
    assert np.all((r >= 0.5 - 1e-12) & (r <= 2 + 1e-12))


def test_expected_utility_run_converges_inside_the_initial_range() -> None:
    rng = np.random.default_rng(3)
    caps = rng.uniform(10, 100, 9)
    pos = rng.uniform(0, 1, (9, 2))
    sal = rng.uniform(0.2, 1.0, (9, 2)) / 2
    result = solve("expected_utility", caps, pos, sal, record_events=True)
    assert 3 <= result.states <= 101
    assert np.all(result.positions >= pos.min(axis=0) - 1e-12)
    assert np.all(result.positions <= pos.max(axis=0) + 1e-12)
    assert len(result.events) == result.states - 1
    spread = np.ptp(result.positions, axis=1).sum(axis=1)
    assert spread[-1] < spread[0]


def test_expected_utility_options_are_checked() -> None:
    with pytest.raises(ValueError, match="probabilities"):
        ExpectedUtilityOptions(q=1.5)
    result = solve("expected_utility", CAPS, POS, SAL, options={"q": 0.5, "t": 0.5})
    assert result.model == "expected_utility"
