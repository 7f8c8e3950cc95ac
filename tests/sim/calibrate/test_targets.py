"""Targets measure hand-built runs: a series value at a month, counts of matching events."""

from __future__ import annotations

import math

from sim.calibrate.targets import EventCount, Matcher, Measure, SeriesAt
from sim.results import RunResult


def run(rows: list[list], events: list[dict]) -> RunResult:
    return RunResult(
        scenario_id="hand",
        seed=1,
        resolved={},
        columns=["step", "date", "status_quo:us_troops"],
        rows=rows,
        outcomes={},
        events=events,
    )


ROWS = [
    [0, "2020-08", 5200.0],
    [1, "2020-08", 5000.0],
    [2, "2020-09", 3100.0],
    [3, "2020-10", 2900],
]
EVENTS = [
    {"step": 1, "date": "2021-03", "type": "round", "track": "talks", "held": True},
    {"step": 2, "date": "2021-04", "type": "round", "track": "talks", "held": False},
    {"step": 3, "date": "2021-05", "type": "round", "track": "other", "held": True},
    {"step": 4, "date": "2021-06", "type": "round", "track": "talks", "held": 1},
    {"step": 5, "date": "2021-07", "type": "strike", "actor": "washington", "deal": {"x": 3}},
    {"step": 6, "date": "2021-08", "type": "round", "track": "talks", "held": True},
]


def test_series_value_is_the_last_row_of_the_month() -> None:
    troops = SeriesAt("t", "status_quo:us_troops", "2020-08", 5000.0, 300.0)
    assert troops.measure(run(ROWS, [])) == 5000.0  # step 1, not the initial row of step 0
    assert (
        SeriesAt("t", "status_quo:us_troops", "2020-10", 3000.0, 300.0).measure(run(ROWS, []))
        == 2900.0
    )


def test_series_value_missing_month_or_column_is_nan() -> None:
    assert math.isnan(SeriesAt("t", "status_quo:us_troops", "2021-01", 1, 1).measure(run(ROWS, [])))
    assert math.isnan(SeriesAt("t", "tension", "2020-09", 1, 1).measure(run(ROWS, [])))


def test_series_tolerance_and_distance() -> None:
    target = SeriesAt("t", "status_quo:us_troops", "2020-09", 3000.0, 300.0)
    assert target.inside(3300.0) and target.inside(2700.0)
    assert not target.inside(3300.5) and not target.inside(math.nan)
    assert target.distance(3450.0) == 1.5  # 450 troops away = 1.5 tolerances
    assert target.distance(3000.0) == 0.0


def test_matcher_kind_is_the_event_type_and_booleans_stay_booleans() -> None:
    held = Matcher.of({"kind": "round", "track": "talks", "held": True})
    assert [e["step"] for e in EVENTS if held.matches(e)] == [1, 6]  # held: 1 is not true


def test_matcher_lists_mean_any_of_and_dots_look_inside() -> None:
    either = Matcher.of({"kind": "round", "track": ["talks", "other"], "held": True})
    assert [e["step"] for e in EVENTS if either.matches(e)] == [1, 3, 6]
    nested = Matcher.of({"kind": "strike", "deal.x": 3})
    assert [e["step"] for e in EVENTS if nested.matches(e)] == [5]
    assert not Matcher.of({"kind": "round", "missing": 0}).matches(EVENTS[0])


def test_event_count_includes_both_ends_of_the_period() -> None:
    rounds = Matcher.of({"kind": "round", "track": "talks"})
    assert EventCount("c", rounds, "2021-03", "2021-06").measure(run(ROWS, EVENTS)) == 3.0
    assert EventCount("c", rounds, "2021-04", "2021-08").measure(run(ROWS, EVENTS)) == 3.0
    assert EventCount("c", rounds, "2021-05", "2021-05").measure(run(ROWS, EVENTS)) == 0.0


def test_event_count_bounds_and_distance() -> None:
    five = EventCount("c", Matcher.of({"kind": "round"}), "2021-01", "2022-10", 5.0, 5.0)
    assert five.inside(5.0) and not five.inside(4.0) and not five.inside(6.0)
    assert five.distance(3.0) == 2.0 and five.distance(7.5) == 2.5 and five.distance(5.0) == 0.0
    must = EventCount("m", Matcher.of({"kind": "strike"}), "2021-06", "2021-06", 1.0, math.inf)
    assert must.inside(2.0) and not must.inside(0.0) and must.distance(0.0) == 1.0
    assert must.describe().endswith("happens")
    never = EventCount("n", Matcher.of({"kind": "round"}), "2021-01", "2021-02", 0.0, 0.0)
    assert never.describe().endswith("never happens") and never.distance(2.0) == 2.0


def test_measure_gives_every_target_by_name() -> None:
    targets = (
        SeriesAt("troops", "status_quo:us_troops", "2020-09", 3000.0, 300.0),
        EventCount("strikes", Matcher.of({"kind": "strike"}), "2021-01", "2021-12"),
    )
    assert Measure(targets)(run(ROWS, EVENTS)) == {"troops": 3100.0, "strikes": 1.0}
