"""Golden tests: our SMP against KTAB's own reference runs (logs in scenarios/ktab/).

The logs print positions to 0.1 on the 0–100 scale and probabilities to 4 decimals, so we
require agreement within 0.1 and 0.001, state by state, and the same number of states.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.bargaining import read_ktab_csv, run_smp
from tests.conftest import KTAB


def shared_ktab_dir() -> Path:
    """The KTAB reference files shipped in the repo."""
    return KTAB


def parse_ktab_history(log: Path, n_actors: int, n_dims: int) -> tuple[np.ndarray, np.ndarray]:
    """Position history (states, n, d) on 0–100 and win probabilities (states, n) from the
    tables at the end of a KTAB log."""
    lines = log.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("History of actor positions"))
    rows = [
        [float(v) for v in line.rsplit(":", 1)[1].split()]
        for line in lines[start + 1 : start + 1 + n_actors * n_dims]
    ]
    positions = np.array(rows).reshape(n_actors, n_dims, -1).transpose(2, 0, 1)
    start = next(i for i, line in enumerate(lines) if line.startswith("History of actors' winning"))
    probabilities = np.array(
        [
            [float(v) for v in line.rsplit(":", 1)[1].split()]
            for line in lines[start + 1 : start + 1 + n_actors]
        ]
    ).T
    return positions, probabilities


CASES = [("dummyData_3Dim", 11), ("SOE-Pol-Comp", 28)]


@pytest.mark.parametrize(("name", "expected_states"), CASES)
@pytest.mark.parametrize("method", ["fast", "reference"])
def test_reproduces_ktab_reference_run(name: str, expected_states: int, method: str) -> None:
    folder = shared_ktab_dir()
    csv_file, log = folder / f"{name}.csv", folder / f"20170530_ref-{name}.txt"
    assert csv_file.is_file() and log.is_file(), f"KTAB reference files missing in {folder}"
    scenario = read_ktab_csv(csv_file)
    n, d = scenario.positions.shape
    want_positions, want_probabilities = parse_ktab_history(log, n, d)
    assert want_positions.shape[0] == expected_states

    result = run_smp(scenario.capabilities, scenario.positions, scenario.saliences, method=method)

    assert result.states == expected_states
    position_error = np.abs(result.positions * 100 - want_positions).max()
    probability_error = np.abs(result.probabilities - want_probabilities).max()
    assert position_error <= 0.1 + 1e-9, f"positions differ by {position_error:.3f} (0–100)"
    assert probability_error <= 0.001, f"probabilities differ by {probability_error:.5f}"


def test_first_turn_matches_ktab_log_detail() -> None:
    """Intermediate quantities of KTAB's first turn on dummyData_3Dim (from its log)."""
    from sim.bargaining.options import SMPOptions
    from sim.bargaining.smp_common import assess_state
    from sim.bargaining.smp_fast import best_challenges

    scenario = read_ktab_csv(shared_ktab_dir() / "dummyData_3Dim.csv")
    caps, pos, sal = scenario.capabilities, scenario.positions, scenario.saliences
    assessment = assess_state(pos, sal, caps, SMPOptions())
    # "Inferred risk attitudes" in the log
    np.testing.assert_allclose(
        assessment.risk, [-0.500, -0.459, -0.499, -0.274, 1.000, -0.232, -0.430], atol=5e-4
    )
    challenges, bargains = best_challenges(pos, sal, caps, assessment, SMPOptions())
    found = {c.initiator: (c.target, c.win_probability, c.expected_gain) for c in challenges}
    # "In turn 0 actor 0 has most advantageous target 6 worth 0.095", prob 0.7643
    assert found[0][0] == 6
    assert found[0][1] == pytest.approx(0.7643, abs=5e-5)
    assert found[0][2] == pytest.approx(0.0947, abs=5e-5)
    # "Bargain [1006, 0:6]: 0 proposes 0 adopt: 75.610 24.780 71.950"
    first = bargains.initiator.index(0)
    np.testing.assert_allclose(bargains.initiator_position[first] * 100, [75.61, 24.78, 71.95])
    np.testing.assert_allclose(bargains.receiver_position[first] * 100, [75.61, 24.79, 71.95])
