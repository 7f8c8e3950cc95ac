"""Ratification at home: blocs vote by distance; armed factions raise the bar."""

import pytest

from sim import parliament
from tests.worlds import small_world


def test_blocs_approve_deals_closer_to_them_than_the_status_quo(tmp_path):
    world = small_world(tmp_path)
    baghdad = world.actors["baghdad"]
    # pro (400 troops): |0.55 - 0.4| <= |1 - 0.4|; anti follows KH (0): |0.55| <= |1|
    assert parliament.approval(world, baghdad, {"troops": 0.55}, ["troops"]) == 1.0
    # a deal of 1,000 is no better for either than the status quo: both approve (ties count)
    assert parliament.approval(world, baghdad, {"troops": 1.0}, ["troops"]) == 1.0
    world.status_quo["troops"] = 0.3
    # at 0.3, a deal of 0.55: pro |0.15| <= |0.1|? no; anti |0.55| <= |0.3|? no
    assert parliament.approval(world, baghdad, {"troops": 0.55}, ["troops"]) == 0.0
    world.status_quo["troops"] = 0.6
    # pro: |0.55 - 0.4| = 0.15 <= 0.2 yes (60 seats); anti: 0.55 <= 0.6 yes (40)
    assert parliament.approval(world, baghdad, {"troops": 0.55}, ["troops"]) == 1.0
    assert parliament.approval(world, baghdad, {"troops": 0.1}, ["troops"]) == pytest.approx(0.4)


def test_faction_pressure_raises_the_majority_needed(tmp_path):
    world = small_world(tmp_path)
    assert parliament.approval_needed(world, world.actors["baghdad"]) == pytest.approx(0.64)
