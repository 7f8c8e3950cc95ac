"""Factions: grievance, deterrence, attack intensity, pauses, strikes and arrests."""

import pytest

from tests.worlds import small_world


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def test_grievance_starts_at_the_gap(world):
    # gap = (1.0 * |1.0 - 0| + 1.0 * |0.4 - 0|) / 2 = 0.7
    assert world.actors["kh"].grievance == pytest.approx(0.7)


def test_update_decays_deterrence_and_smooths_grievance(world):
    kh = world.actors["kh"]
    kh.deterrence = 0.4
    world.status_quo["troops"] = 0.5
    kh.update(world.status_quo, world.dynamics)
    assert kh.deterrence == pytest.approx(0.2)  # 0.4 * (1 - 0.5)
    # memory 0.5: 0.5 * 0.7 + 0.5 * (0.5 + 0.4) / 2 = 0.575
    assert kh.grievance == pytest.approx(0.575)


def test_attack_rate_follows_each_factor(world):
    kh, dyn = world.actors["kh"], world.dynamics
    # 10 * 0.5 * 1 * 0.7 * (1 - 0) * (1 + 0.4) * (1 + 0) = 4.9
    assert kh.attack_rate(0.4, 0.0, dyn) == pytest.approx(4.9)
    assert kh.attack_rate(0.4, 0.5, dyn) == pytest.approx(7.35)  # encouraged: x 1.5
    assert kh.attack_rate(0.4, -1.5, dyn) == 0.0  # restrained below zero: no attacks
    kh.deterrence = 0.5
    assert kh.attack_rate(0.4, 0.0, dyn) == pytest.approx(2.45)
    kh.paused = True
    assert kh.attack_rate(0.4, 0.0, dyn) == pytest.approx(2.45 * 0.2)  # pause_rate_factor


def test_pause_is_declared_on_progress_and_ends_when_progress_stops(world):
    kh = world.actors["kh"]
    assert kh.pause_probability(0.4) == pytest.approx(0.2)  # 0.5 * 0.4
    kh.paused = True
    assert kh.pause_probability(0.4) == pytest.approx(0.24)  # 0.4 * (1 - 0.4)
    assert kh.pause_probability(0.0) == pytest.approx(0.4)


def test_a_strike_deters_or_provokes(world):
    kh, dyn = world.actors["kh"], world.dynamics
    kh.struck(True, dyn)
    assert (kh.deterrence, kh.strength, kh.grievance) == pytest.approx((0.3, 0.5, 0.7))
    kh.paused = True
    kh.struck(False, dyn)
    assert (kh.deterrence, kh.strength, kh.grievance) == pytest.approx((0.3, 0.5, 0.9))
    assert kh.paused is False


def test_an_arrest_deters_and_feeds_half_the_revenge(world):
    kh = world.actors["kh"]
    kh.arrested(world.dynamics)
    assert (kh.deterrence, kh.grievance) == pytest.approx((0.2, 0.8))


def test_target_is_named_or_the_least_trusted_state(world, tmp_path):
    assert world.actors["kh"].choose_target(world.states).actor_id == "washington"
    other = small_world(tmp_path, ["actors.kh.behaviour.target=null"])
    # KH trusts Washington 0.0, Tehran 0.9, Riyadh 0.5 (unstated)
    assert other.actors["kh"].choose_target(other.states).actor_id == "washington"


def test_spoil_probability_adds_dislike_of_the_deal(world):
    kh = world.actors["kh"]
    assert kh.spoil_probability(0.0) == pytest.approx(0.35)  # 0.5 * 0.7
    assert kh.spoil_probability(0.2) == pytest.approx(0.45)
    assert kh.spoil_probability(-0.3) == pytest.approx(0.35)
