"""The clock and the scales."""

from sim.calendar import Month
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
