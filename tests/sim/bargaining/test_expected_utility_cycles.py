"""What makes the expected utility model cycle: the full jump, not simultaneous moves.

Two variants of step 6 (docs/bargaining.md, section 3), built here from the model's own
functions, run on small inputs: actors answering one at a time (each seeing the moves made
before it in the round), and actors that lose a conflict or capitulate moving only half way to
their challenger. Moving one at a time still cycles; halving the jump converges on these inputs
but, on others, an actor still swings between two challengers, so it is no cure in general.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from sim.bargaining import solve
from sim.bargaining.expected_utility import (
    ExpectedUtilityOptions,
    expected_utilities,
    respond_to_offers,
    risk_exponents,
)
from sim.bargaining.outcome import CycleDetector

Step = Callable[[np.ndarray, np.ndarray, np.ndarray, float], np.ndarray]

# an all-0/100 issue: actor 4 at 0 against four actors at 1 (found by a search)
SWAP_CAPS = np.array([9.0, 8.0, 5.0, 8.0, 8.0])
SWAP_POS = np.array([1.0, 1.0, 1.0, 1.0, 0.0])
SWAP_SAL = np.array([0.9, 0.2, 0.9, 1.0, 1.0])
# tests/sim/bargaining/test_smp_cycles.py's case
EU_CAPS = np.array([9.0, 8.0, 5.0, 9.0, 9.0])
EU_POS = np.array([1.0, 0.0, 0.4, 0.6, 0.3])
EU_SAL = np.array([0.4, 0.7, 0.9, 0.6, 0.2])


def answers(x: np.ndarray, s: np.ndarray, w: np.ndarray, span: float) -> tuple[np.ndarray, list]:
    options = ExpectedUtilityOptions()
    neutral, _ = expected_utilities(x, s, w, np.ones_like(w), span, options)
    eu, _ = expected_utilities(x, s, w, risk_exponents(neutral), span, options)
    return respond_to_offers(x, eu, w)


def simultaneous(x: np.ndarray, s: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
    return answers(x, s, w, span)[0]


def one_at_a_time(x: np.ndarray, s: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
    new = x.copy()
    for j in range(x.size):
        new[j] = answers(new, s, w, span)[0][j]
    return new


def half_jumps(x: np.ndarray, s: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
    new, moves = answers(x, s, w, span)
    for move in moves:
        if move["outcome"] in ("lost a conflict", "capitulated"):
            j, i = move["actor"], move["challenger"]
            new[j] = x[j] + 0.5 * (x[i] - x[j])
    return new


def run(step: Step, caps: np.ndarray, pos: np.ndarray, sal: np.ndarray) -> tuple[str, list]:
    """Rounds until no one moves more than 1e-3 in total, a state repeats, or 100 rounds."""
    w = caps * sal
    span = float(pos.max() - pos.min())
    history = [pos.copy()]
    cycles = CycleDetector()
    cycles.cycle_length(0, pos)
    for turn in range(1, 101):
        history.append(step(history[-1], sal, w, span))
        if np.abs(history[-1] - history[-2]).sum() < 1e-3:
            return "converged", history
        if cycles.cycle_length(turn, history[-1]):
            return "cycle", history
    return "max_turns", history


def test_the_variant_of_simultaneous_moves_is_the_model() -> None:
    """The helper reproduces the model's own trajectory, so the variants differ only where
    they say."""
    _, history = run(simultaneous, SWAP_CAPS, SWAP_POS, SWAP_SAL)
    model = solve("expected_utility", SWAP_CAPS, SWAP_POS[:, None], SWAP_SAL[:, None])
    np.testing.assert_array_equal(np.stack(history), model.positions[:, :, 0])


def test_a_swap_on_a_0_100_issue_forecasts_50_which_no_state_gives() -> None:
    result = solve("expected_utility", SWAP_CAPS, SWAP_POS[:, None], SWAP_SAL[:, None])
    # weights c·s = 8.1, 1.6, 4.5, 8, 8 (30.2). State 0: 22.2 of it at 1, so the median voter
    # position is 1; all three actors at 1 that actor 4 challenges lose and jump to 0 while
    # actor 4 jumps to 1: state 1 holds 8.1 + 1.6 + 4.5 + 8 = 22.2 at 0, median 0; then back
    np.testing.assert_array_equal(result.positions[1, :, 0], [0, 0, 0, 1, 0])
    np.testing.assert_array_equal(result.positions[2], result.positions[0])
    assert result.termination == "cycle" and result.cycle_states == [0, 1]
    np.testing.assert_array_equal(result.cycle_forecasts[:, 0], [1.0, 0.0])
    assert result.outcome.forecast[0] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("caps", "pos", "sal"), [(SWAP_CAPS, SWAP_POS, SWAP_SAL), (EU_CAPS, EU_POS, EU_SAL)]
)
def test_moving_one_at_a_time_still_cycles_and_half_jumps_converge(
    caps: np.ndarray, pos: np.ndarray, sal: np.ndarray
) -> None:
    assert run(simultaneous, caps, pos, sal)[0] == "cycle"
    ended, history = run(one_at_a_time, caps, pos, sal)
    assert ended == "cycle"
    # in the cycle every actor that moves lands on a position another actor held: a full jump
    before, after = history[-2], history[-1]
    moved = np.flatnonzero(after != before)
    assert moved.size and all(np.any(before == after[j]) for j in moved)
    assert run(half_jumps, caps, pos, sal)[0] == "converged"


def test_halving_the_jump_is_no_cure_in_general() -> None:
    """Actor 2 (salience 0.1) stands between actors at 0.4 and 1: from 0.6 its best
    challenger pulls it half way to 1 (0.8), from 0.8 the other pulls it half way to 0.4."""
    caps = np.array([3.0, 4.0, 9.0, 3.0, 2.0])
    pos = np.array([1.0, 0.4, 0.2, 1.0, 0.7])
    sal = np.array([0.8, 1.0, 0.1, 0.8, 0.7])
    ended, history = run(half_jumps, caps, pos, sal)
    assert ended == "cycle"
    np.testing.assert_allclose([h[2] for h in history], [0.2, 0.6, 0.8, 0.6])
