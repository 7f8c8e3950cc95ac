"""Where the documented values sit on a debrief's fan chart: the row that ends their month,
and only inside the exercise's months."""

from __future__ import annotations

from sim.classroom.debrief import documented_in
from sim.classroom.spec import load_exercise
from sim.paths import SCENARIOS


def test_the_troop_cuts_sit_at_the_rows_ending_their_months() -> None:
    _, scenario = load_exercise(SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml")
    # starts 2020-05, one month a step: Sept. 2020 is step 5 (row 5), Jan. 2021 step 9
    points = documented_in("status_quo:us_troops", scenario.calendar)
    assert [(p.x, p.value, p.label, p.outside) for p in points] == [
        (5, 3000.0, "P01", True),
        (9, 2500.0, "P02", True),
    ]


def test_a_point_before_the_exercise_starts_is_left_out() -> None:
    _, scenario = load_exercise(SCENARIOS / "exercises" / "iran_saudi_talks.yaml")
    # starts 2021-01: Sept. 2020 is before it, Jan. 2021 is its first step
    points = documented_in("status_quo:us_troops", scenario.calendar)
    assert [(p.x, p.label) for p in points] == [(1, "P02")]
