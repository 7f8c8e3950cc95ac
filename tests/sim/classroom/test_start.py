"""An exercise that starts after the baseline's first month starts from the baseline's state
there (issue 19, item 7): the Iran-Saudi talks of Jan. 2021 begin with the troops the baseline's
run has left by then, not with May 2020's 5,200, and the briefings say so."""

from __future__ import annotations

from sim.classroom.briefing import private_briefing, public_briefing
from sim.classroom.ensemble import run_series
from sim.classroom.spec import load_exercise
from sim.classroom.start import starting_point
from sim.paths import SCENARIOS
from sim.scenario import load_scenario


def _baseline_at_dec_2020(seed: int) -> float:
    """The baseline's troops after its Dec. 2020 step: the state Jan. 2021 begins from."""
    run = run_series(load_scenario(SCENARIOS / "baseline_2020.yaml"), seed)
    rows = list(zip(run.series("date"), run.series("status_quo:us_troops"), strict=True))
    return float([troops for date, troops in rows if date == "2020-12"][-1])


def test_the_iran_saudi_exercise_starts_from_the_baselines_january_2021() -> None:
    _, scenario = load_exercise(SCENARIOS / "exercises" / "iran_saudi_talks.yaml")
    first = run_series(scenario, scenario.seed)
    troops = float(first.series("status_quo:us_troops")[0])
    assert first.series("date")[0] == "2021-01"
    assert troops == _baseline_at_dec_2020(scenario.seed)
    assert troops < 5200  # not the May-2020 number of the scenario files
    assert starting_point(scenario).levels["us_troops"] == troops


def test_the_briefings_tell_the_started_state_not_the_files_numbers() -> None:
    exercise, scenario = load_exercise(SCENARIOS / "exercises" / "iran_saudi_talks.yaml")
    troops = f"{starting_point(scenario).levels['us_troops']:,.0f} troops"
    public = public_briefing(exercise, scenario).markdown()
    assert f"| {troops} | the model's run of baseline_2020.yaml to 2021-01 |" in public
    assert "| 5,200 troops |" not in public
    private = private_briefing(exercise, scenario, "riyadh").markdown()
    assert f"(now {troops})" in private


def test_a_scenario_without_a_started_state_briefs_its_own_numbers() -> None:
    _, scenario = load_exercise(SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml")
    begins = starting_point(scenario)
    assert begins.source is None
    assert begins.levels["us_troops"] == float(scenario.issues["us_troops"].status_quo)
