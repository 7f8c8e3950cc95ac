"""Goal attainment by hand: a seat that wants 1,000 troops (salience 0.8, scale 0-5,000) and
relations at 60 (salience 0.2, scale 0-100)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.classroom.goals import Goal, attainment, attainments, goals_of
from sim.classroom.spec import load_exercise
from sim.paths import SCENARIOS

GOALS = [Goal("troops", 1000, 0.8, 0, 5000), Goal("ties", 60, 0.2, 0, 100)]


def test_a_score_is_one_minus_the_weighted_share_of_the_scale_missed() -> None:
    assert attainment(GOALS, {"troops": 1000, "ties": 60}) == pytest.approx(100.0)
    # troops 2,000 off = 0.4 of the scale, ties 20 off = 0.2: (0.8*0.4 + 0.2*0.2) / 1 = 0.36
    assert attainment(GOALS, {"troops": 3000, "ties": 40}) == pytest.approx(64.0)
    # as far as the scales allow on both: 4,000 of 5,000 and 60 of 100 -> 0.8*0.8 + 0.2*0.6
    assert attainment(GOALS, {"troops": 5000, "ties": 0}) == pytest.approx(24.0)


def test_each_run_is_scored_in_its_columns_order() -> None:
    runs = np.array([[60.0, 1000.0], [40.0, 3000.0]])  # ties first, then troops
    assert attainments(GOALS, runs, ["ties", "troops"]) == pytest.approx([100.0, 64.0])


def test_goals_come_from_the_scenario_positions_not_the_record() -> None:
    _, scenario = load_exercise(SCENARIOS / "exercises" / "iran_saudi_talks.yaml")
    riyadh = {g.issue: g for g in goals_of(scenario, "riyadh")}
    stance = scenario.actors["riyadh"].positions["iran_saudi_ties"]
    assert riyadh["iran_saudi_ties"].wish == float(stance.position)
    assert riyadh["iran_saudi_ties"].salience == float(stance.salience)
    assert set(riyadh) == set(scenario.actors["riyadh"].positions)
