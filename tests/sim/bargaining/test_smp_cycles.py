"""Runs that enter a cycle stop when a state repeats, report the cycle, and forecast from it."""

from __future__ import annotations

import numpy as np
import pytest

from sim.bargaining import SMPOptions, solve
from sim.bargaining.outcome import make_outcome, pool
from sim.bargaining.smp import run_smp
from sim.bargaining.smp_common import assess_state, win_probabilities

# five actors on one issue, found by a search over small integer inputs
EU_CAPS = np.array([9.0, 8.0, 5.0, 9.0, 9.0])
EU_POS = np.array([[1.0], [0.0], [0.4], [0.6], [0.3]])
EU_SAL = np.array([[0.4], [0.7], [0.9], [0.6], [0.2]])

SMP_CAPS = np.array([6.0, 7.0, 9.0, 6.0, 7.0])
SMP_POS = np.array([[0.9], [0.2], [0.0], [0.3], [0.3]])
SMP_SAL = np.array([[0.9], [1.0], [0.1], [0.5], [0.9]])


def test_expected_utility_two_state_cycle_by_hand() -> None:
    result = solve("expected_utility", EU_CAPS, EU_POS, EU_SAL, record_events=True)
    # actors 0 and 4 swap between 0 and 0.6: each round one loses a conflict to a challenger
    # on one side and moves all the way there, while the other is pulled the other way
    np.testing.assert_allclose(result.positions[2].ravel(), [0.6, 0.0, 0.4, 0.6, 0.0])
    np.testing.assert_allclose(result.positions[3].ravel(), [0.0, 0.0, 0.4, 0.6, 0.6])
    assert result.termination == "cycle" and result.cycle_length == 2
    assert result.states == 5
    np.testing.assert_array_equal(result.positions[4], result.positions[2])
    # weights c·s = 3.6, 5.6, 4.5, 5.4, 1.8 (total 20.9). State 2 holds 0.6: 9.0, 0: 7.4,
    # 0.4: 4.5; state 3 holds 0: 9.2, 0.4: 4.5, 0.6: 7.2. Pooled over the cycle:
    d = result.outcome.distribution
    np.testing.assert_allclose(d.positions.ravel(), [0.6, 0.0, 0.4])
    np.testing.assert_allclose(d.probabilities, np.array([16.2, 16.6, 9.0]) / 41.8)
    # the median voter position is 0.4 in both states (Σ w|x − x_l| is least there: 4.76 and
    # 5.12 against 7.2/5.34 and 6.12/6.42), so the forecast is 0.4
    assert result.outcome.forecast[0] == pytest.approx(0.4)
    assert result.outcome.most_probable[0] == pytest.approx(0.0)


@pytest.mark.parametrize("method", ["fast", "reference"])
def test_smp_cycle_is_detected_and_pooled(method: str) -> None:
    result = run_smp(SMP_CAPS, SMP_POS, SMP_SAL, method=method)
    # actor 2 (salience 0.1) is pulled back and forth between 0.3 and 0.2281
    assert result.termination == "cycle" and result.cycle_length == 2
    assert result.states == 8
    np.testing.assert_array_equal(result.positions[7], result.positions[5])
    assert result.positions[5, 2, 0] == pytest.approx(0.3)
    assert result.positions[6, 2, 0] == pytest.approx(0.2281)
    per_state = []
    for t in (5, 6):
        state = result.positions[t]
        assessment = assess_state(state, SMP_SAL, SMP_CAPS, SMPOptions())
        per_state.append(win_probabilities(state, SMP_CAPS, assessment, SMPOptions())[1])
    want = make_outcome(pool(per_state))
    np.testing.assert_allclose(result.outcome.forecast, want.forecast)
    means = [s.probabilities @ s.positions for s in per_state]
    np.testing.assert_allclose(result.outcome.forecast, np.mean(means, axis=0))
    assert result.outcome.distribution.probabilities.sum() == pytest.approx(1.0)


def test_stochastic_runs_are_never_cut_as_cycles() -> None:
    options = SMPOptions(state_transition="Stochastic")
    result = run_smp(SMP_CAPS, SMP_POS, SMP_SAL, options=options, rng=np.random.default_rng(1))
    assert result.termination in ("converged", "max_turns")


def test_turn_cap_is_reported() -> None:
    result = run_smp(SMP_CAPS, SMP_POS, SMP_SAL, options=SMPOptions(max_turns=3))
    assert result.termination == "max_turns" and result.states == 4
