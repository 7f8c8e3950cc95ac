"""Inputs KTAB refuses: zero saliences, all-0/100 issues, ties. Hand-derived values, and no
division by zero anywhere (numpy floating-point errors are raised, not warned)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.bargaining import MODELS, SMPOptions, solve
from sim.bargaining.expected_utility import median_voter_position, win_probabilities
from sim.bargaining.smp_common import assess_state, weighted_distance
from sim.bargaining.smp_fast import best_challenges

# A cares (salience 1) and stands at 0.2; B stands at 0.8 and cares about nothing.
CAPS = np.array([1.0, 1.0])
POS = np.array([[0.2], [0.8]])
SAL = np.array([[1.0], [0.0]])


@pytest.fixture(autouse=True)
def raise_on_floating_point_errors():
    with np.errstate(all="raise"):
        yield


def test_an_actor_without_salience_is_at_distance_zero_from_everything() -> None:
    d = weighted_distance(POS, POS, SAL)
    np.testing.assert_allclose(d, [[0.0, 0.6], [0.0, 0.0]])


def test_smp_two_actors_one_indifferent_by_hand() -> None:
    assessment = assess_state(POS, SAL, CAPS, SMPOptions())
    # risk-neutral vote A vs B: A backs A by 1·(1 − 0.4) = 0.6, B (indifferent) casts 0,
    # so P(A > B) = (0.6 + 1e-8)/(0.6 + 2e-8) ≈ 1, A's position prevails: p ≈ (1, 0);
    # BigRRange Mid: R = (3p − (p_max + 2 p_min)) / (2 (p_max − p_min)) = (1, −0.5)
    np.testing.assert_allclose(assessment.risk, [1.0, -0.5], atol=1e-7)
    challenges, bargains = best_challenges(POS, SAL, CAPS, assessment, SMPOptions())
    # only A challenges (B gains nothing anywhere). B has total salience 0, so it yields
    # without a fight: gain = 2u(0) − (u(0) + u(0.6)) = 1 − u(0.6, R=1) = 1 − 0.4·1.6 = 0.36
    assert [(c.initiator, c.target) for c in challenges] == [(0, 1)]
    assert challenges[0].expected_gain == pytest.approx(0.36)
    # S2P2 with B's weight 0: both bargained positions are A's, 0.2 (rounded to 4 decimals)
    np.testing.assert_allclose(bargains.initiator_position[0], [0.2])
    np.testing.assert_allclose(bargains.receiver_position[0], [0.2])
    result = solve("smp", CAPS, POS, SAL)
    # both adopt the bargain in turn 0; turn 1 moves nothing and the rule stops after turn 2
    assert result.states == 3 and result.termination == "converged"
    np.testing.assert_allclose(result.final_positions, [[0.2], [0.2]])
    assert result.outcome.distribution.holders == [[0, 1]]
    np.testing.assert_allclose(result.outcome.distribution.probabilities, [1.0])
    assert result.outcome.forecast[0] == pytest.approx(0.2)


def test_baselines_give_zero_salience_actors_zero_weight() -> None:
    caps = np.array([2.0, 1.0, 5.0])
    pos = np.array([[0.0, 0.5], [1.0, 0.5], [0.5, 1.0]])
    sal = np.array([[0.5, 0.5], [0.5, 0.0], [0.0, 0.0]])
    # dim 0: weights 1, 0.5, 0 -> mean (0 + 0.5)/1.5 = 1/3; median: cumulative 1 ≥ 0.75 at 0.0
    # dim 1: weights 1, 0, 0 -> 0.5 for both
    compromise = solve("compromise", caps, pos, sal)
    np.testing.assert_allclose(compromise.outcome.forecast, [1 / 3, 0.5])
    median = solve("weighted_median", caps, pos, sal)
    np.testing.assert_allclose(median.outcome.forecast, [0.0, 0.5])
    np.testing.assert_allclose(median.outcome.distribution.probabilities, [1.0])


def test_expected_utility_zero_weight_actor_neither_votes_nor_challenges() -> None:
    x = np.array([0.0, 0.3, 1.0])
    w = np.array([1.0, 2.0, 0.0])
    # costs Σ w|x − x_l|: l=0: 0.6, l=1: 0.3, l=2: 1 + 1.4 = 2.4 -> the median is 0.3
    assert median_voter_position(x, w) == pytest.approx(0.3)
    # contest 0 vs 1: actor 0 backs 0 by 1·0.3, actor 1 backs 1 by 2·0.3, actor 2 casts 0
    assert win_probabilities(x, w, 1.0)[0, 1] == pytest.approx(0.3 / 0.9)
    caps = np.array([1.0, 2.0, 3.0])
    sal = np.array([[1.0], [1.0], [0.0]])
    result = solve("expected_utility", caps, x[:, None], sal, record_events=True)
    initiators = {
        c["initiator"]
        for turn in result.events
        for dim in turn["dimensions"]
        for c in dim["challenges"]
    }
    assert 2 not in initiators


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_model_runs_inputs_ktab_refuses(model: str) -> None:
    caps = np.array([3.0, 1.0, 2.0, 2.0, 1.0])
    # an all-0/100 issue with a tie (two actors at each end with equal weights) and an actor
    # caring about nothing at all
    pos = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    sal = np.array([[0.5, 0.5], [0.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.0, 1.0]])
    result = solve(model, caps, pos, sal)
    assert np.all(np.isfinite(result.positions)) and np.all(np.isfinite(result.probabilities))
    assert result.outcome.distribution.probabilities.sum() == pytest.approx(1.0)
    assert np.all((result.outcome.forecast >= 0) & (result.outcome.forecast <= 1))


@pytest.mark.parametrize("model", sorted(MODELS))
def test_nobody_cares_about_anything(model: str) -> None:
    pos = np.array([[0.1], [0.9], [0.4]])
    result = solve(model, np.ones(3), pos, np.zeros((3, 1)))
    assert np.all(np.isfinite(result.positions))
    if model in ("smp", "expected_utility"):
        # nobody moves: no actor gains from a challenge, or none has weight to make one
        np.testing.assert_array_equal(result.final_positions, pos)
