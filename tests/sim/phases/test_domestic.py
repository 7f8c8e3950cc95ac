"""Domestic politics: forming a government after an election; concessions that follow pressure."""

import pytest

from sim.phases import domestic
from tests.worlds import draws, small_world


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def test_a_government_forms_from_the_month_after_the_election(world):
    baghdad = world.actors["baghdad"]
    baghdad.caretaker, baghdad.caretaker_since = True, 1
    domestic.run(world, draws(world, actor={("baghdad", "formation"): 0.0}))
    assert baghdad.caretaker  # same month as the election
    world.clock.step = 2
    domestic.run(world, draws(world, actor={("baghdad", "formation"): 0.5}))
    assert baghdad.caretaker  # 0.5 >= formation_chance 0.3
    domestic.run(world, draws(world, actor={("baghdad", "formation"): 0.2}))
    assert not baghdad.caretaker
    assert world.log.records[-2]["type"] == "government_formed"


def test_concessions_follow_this_months_pressure_and_reverse(world):
    baghdad = world.actors["baghdad"]
    domestic.run(world, draws(world))
    # stability 0.5 -> 0.541; sigma = 0.2 * pressure 0.7 = 0.14 toward KH's ideals (0, 0)
    assert baghdad.stability == pytest.approx(0.541)
    assert baghdad.positions["troops"] == pytest.approx(0.43)
    assert baghdad.positions["command"] == pytest.approx(0.86)
    assert baghdad.positions["ties"] == 0.8  # no faction cares
    world.actors["kh"].grievance = 0.0
    domestic.run(world, draws(world))
    assert baghdad.positions["troops"] == pytest.approx(0.5)
    assert baghdad.positions["command"] == pytest.approx(1.0)
