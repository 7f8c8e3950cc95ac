"""Factions: grievance, deterrence, attack intensity, pauses, strikes and arrests."""

import pytest

from agents.faction import ESCALATE, GO_ON, SUSPEND, campaign_gain
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
    kh.update(kh.gap(world.status_quo), world.dynamics)
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


def test_every_strike_costs_strength_leaders_and_feeds_revenge(world):
    kh, dyn = world.actors["kh"], world.dynamics
    kh.struck(dyn)
    # strength 1 * (1 - 0.5); disruption 0 + 0.3; grievance 0.7 + revenge 0.2
    assert (kh.strength, kh.deterrence, kh.grievance) == pytest.approx((0.5, 0.3, 0.9))
    assert kh.struck_lately
    kh.struck(dyn)  # 0.25, 0.6, and grievance clipped at 1
    assert (kh.strength, kh.deterrence, kh.grievance) == pytest.approx((0.25, 0.6, 1.0))


def test_the_campaign_and_a_mobilisation_scale_the_attack_rate(world):
    kh, dyn = world.actors["kh"], world.dynamics
    # 4.9 going on (above); suspended x pause_rate_factor 0.2; escalated x campaign_escalation 1.5
    assert kh.attack_rate(0.4, 0.0, dyn, SUSPEND) == pytest.approx(0.98)
    assert kh.attack_rate(0.4, 0.0, dyn, ESCALATE) == pytest.approx(7.35)
    kh.mobilise(4.0, until=2)  # this step (1) and the next
    assert kh.attack_rate(0.4, 0.0, dyn) == pytest.approx(19.6)
    kh.demobilise(2)
    assert kh.mobilisation == 4.0
    kh.demobilise(3)
    assert kh.attack_rate(0.4, 0.0, dyn) == pytest.approx(4.9)


def test_what_a_campaign_buys():
    # b = G (1 - pi) (1 + epsilon) max(0, 1 + sigma) M
    assert campaign_gain(0.7, 0.0, 0.1, 0.2) == pytest.approx(0.924)  # 0.7 * 1.1 * 1.2
    assert campaign_gain(0.7, 0.5, 0.1, 0.2) == pytest.approx(0.462)  # half the gap is coming
    assert campaign_gain(0.7, 0.0, 0.0, -1.5) == 0.0  # a patron's full restraint
    assert campaign_gain(0.7, 0.0, 0.0, 0.0, 3.0) == pytest.approx(2.1)  # mobilised x3


def test_campaign_values_weigh_gain_effort_and_the_strikes_drawn(world):
    kh, dyn = world.actors["kh"], world.dynamics
    # stake l = 0.5 K + 0.3 (1 - D) = 0.8; effort e gap = 1 * 0.7; strike_fear 1.5;
    # x = (0.2, 1, 1.5)
    assert kh.stake(dyn) == pytest.approx(0.8)
    values = kh.campaign_values(0.7, (0.0, 0.5, 0.5), 0.7, dyn)
    # V0 = 0.2 * 0.7 - 0.35 * 0.04 - 0 = 0.126
    # V1 = 0.7 - 0.35 - 1.5 * 0.5 * 0.8 = -0.25
    # V2 = 1.05 - 0.35 * 2.25 - 1.5 * 1.5 * 0.5 * 0.8 = -0.6375: the threat alone deters
    assert values == pytest.approx((0.126, -0.25, -0.6375))
    # no strike to fear: a faction whose grievance is its gap goes on (0.35 > 0.2625 > 0.126)
    calm = kh.campaign_values(0.7, CALM, 0.7, dyn)
    assert calm == pytest.approx((0.126, 0.35, 0.2625))
    assert _best(calm) == GO_ON


CALM = (0.0, 0.0, 0.0)  # a strike clears the attacks its striker counts


def _best(values):
    return max(range(3), key=values.__getitem__)


def test_a_strike_deters_a_faction_with_much_to_lose_and_no_anger(tmp_path):
    sets = ["actors.kh.behaviour.revenge=0", "dynamics.strike_deterrence=0.5"]
    world = small_world(tmp_path, sets)
    kh, dyn = world.actors["kh"], world.dynamics
    assert _best(kh.campaign_values(0.7, CALM, 0.7, dyn)) == GO_ON  # stake 1.0, no fear yet
    kh.struck(dyn)  # G stays 0.7; D 0.5; K 0.5: stake 0.25 + 0.25 = 0.5
    # V0 = 0.14 - 0.014 - 1.5 * 0.2 * 0.5 * 0.5 = 0.051
    # V1 = 0.7 - 0.35 - 1.5 * 0.5 * 0.5 = -0.025
    # V2 = 1.05 - 0.7875 - 1.5 * 1.5 * 0.5 * 0.5 = -0.3
    values = kh.campaign_values(kh.grievance, CALM, 0.7, dyn)
    assert values == pytest.approx((0.051, -0.025, -0.3))
    assert _best(values) == SUSPEND


def test_the_same_strike_provokes_an_aggrieved_faction_to_escalate(tmp_path):
    sets = [
        "actors.kh.behaviour.revenge=0.5",
        "dynamics.strike_deterrence=0.1",
        "dynamics.strike_capability_loss=0.1",
    ]
    world = small_world(tmp_path, sets)
    kh, dyn = world.actors["kh"], world.dynamics
    assert _best(kh.campaign_values(0.7, CALM, 0.7, dyn)) == GO_ON
    kh.struck(dyn)  # G 0.7 + 0.5 -> 1; D 0.1; K 0.9: stake 0.09 + 0.09 = 0.18
    # V0 = 0.2 - 0.014 - 1.5 * 0.2 * 0.1 * 0.18 = 0.1806
    # V1 = 1.0 - 0.35 - 1.5 * 0.1 * 0.18 = 0.623
    # V2 = 1.5 - 0.7875 - 1.5 * 1.5 * 0.1 * 0.18 = 0.672: anger above the gap outweighs fear
    values = kh.campaign_values(kh.grievance, CALM, 0.7, dyn)
    assert values == pytest.approx((0.1806, 0.623, 0.672))
    assert _best(values) == ESCALATE


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
