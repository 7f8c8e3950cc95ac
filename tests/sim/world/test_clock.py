"""The clock and the scales."""

from sim.calendar import Month
from sim.scenario.schema import Track
from sim.world.clock import Clock
from sim.world.scales import Scales


def test_steps_map_to_months():
    clock = Clock(Month(2020, 11), step_months=3, steps=8)
    assert clock.date == "2020-11"  # before the first step
    clock.step = 3
    assert clock.date == "2021-05"
    assert clock.step_of(Month(2021, 7)) == 3
    assert (clock.steps_for(1), clock.steps_for(3), clock.steps_for(4)) == (1, 1, 2)


def test_scales_convert_both_ways():
    scales = Scales({"troops": (0.0, 5200.0), "ties": (-50.0, 50.0)})
    assert scales.normalise("troops", 2600) == 0.5
    assert scales.denormalise("ties", 0.25) == -25.0
    assert scales.per_unit("troops", 520) == 0.1
    assert scales.to_units("ties") == (-50.0, 100.0)  # -50 + 0.25 * 100 = -25, as above


def _track(**rhythm: object) -> Track:
    spec = {
        "label": "T",
        "issues": ["ties"],
        "parties": ["a", "b"],
        "protocol": {"name": "compromise"},
    }
    return Track.model_validate({**spec, **rhythm})


def test_dated_rounds_fall_on_their_steps():
    clock = Clock(Month(2021, 1), step_months=1, steps=12)
    assert clock.due(_track(rounds=["2021-02", "2021-07"])) == {2, 7}


def test_a_rhythm_counts_from_the_origin_of_a_chain_of_runs():
    clock = Clock(Month(2021, 1), step_months=1, steps=12)
    assert clock.due(_track(every=3)) == {1, 4, 7, 10}  # a fresh run: from its first month
    clock.origin = Month(2020, 11)  # started from a state whose first run began in November
    # beats in 2020-11, 2021-02, 05, 08, 11: steps 2, 5, 8, 11 of a run starting 2021-01
    assert clock.due(_track(every=3)) == {2, 5, 8, 11}
    # a track's own start sets the beat, even before the run: 2020-12, 2021-03, ... to 2021-09
    assert clock.due(_track(every=3, start="2020-12", end="2021-09")) == {3, 6, 9}
