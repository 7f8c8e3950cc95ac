"""Ripeness, credibility and a broker's standing, with numbers derived by hand on the small
world (tests/worlds.py): troops 0-1000 at 1000, ties 0-100 at 20, tension 0.4."""

from __future__ import annotations

import math

import pytest

from sim.negotiation import convening
from tests.worlds import small_world

# The dialogue: Baghdad (capability 0.5, weighing 0.5 (0.5 + 0.5 * stability 0.5) = 0.375;
# troops 500 -> 0.5, salience 1.0) and Washington (1.0, 600 -> 0.6, salience 0.8).
# Compromise: (0.375 * 0.5 + 0.8 * 0.6) / (0.375 + 0.8) = 0.6675 / 1.175 = 0.568085...
DEAL = 0.6675 / 1.175
# P(agree) = 0.7 + 0.5 (0.6 - 0.5) - 0.5 * 0.4 = 0.55 (no host); credibility = trust 0.6
P, TRUST = 0.55, 0.6


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def test_the_expected_deal_is_the_tables_compromise(world):
    deal = convening.expected_deal(world, world.tracks["dialogue"])
    assert deal == {"troops": pytest.approx(DEAL)}


def test_the_expected_deal_is_one_step_from_where_the_issue_is_heading(world):
    # talks: Tehran (0.8, ties 0.6) and Riyadh (0.6, 0.4): (0.48 + 0.24) / 1.4 = 0.514; a round
    # agrees at most 10 points from 20: 0.3
    assert convening.expected_deal(world, world.tracks["talks"]) == {"ties": pytest.approx(0.3)}
    # with an agreement in force taking ties to 0.25, the step starts there: 0.35
    from sim.world.operations import commit

    commit(world, "ties", "agreement", "talks", 0.25, [(2, 1.0)], None)
    assert convening.heading(world)["ties"] == 0.25
    assert convening.expected_deal(world, world.tracks["talks"]) == {"ties": pytest.approx(0.35)}


def test_a_rounds_gain_is_chance_times_credibility_times_the_deals_gain(world):
    baghdad = world.actors["baghdad"]
    # u(q) = 1 - |1 - 0.5| = 0.5; u(deal) = 1 - |0.568085 - 0.5| = 0.931915; gain 0.431915
    assert convening.deal_gain(world, baghdad, world.tracks["dialogue"]) == pytest.approx(
        0.431914894
    )
    assert convening.credibility(world, baghdad, world.tracks["dialogue"]) == TRUST
    # 0.55 * 0.6 * 0.431915 = 0.142532
    gain = convening.round_gain(world, baghdad, world.tracks["dialogue"])
    assert gain == pytest.approx(0.142531915)


def test_a_broker_makes_a_deal_more_credible(world):
    # Tehran in the talks: trust 0.3 in Riyadh + mediation bonus 0.2 x trust 0.5 in Baghdad
    tehran = world.actors["tehran"]
    assert convening.credibility(world, tehran, world.tracks["talks"]) == pytest.approx(0.4)


def test_ripeness_needs_a_way_out_and_grows_with_the_stalemates_cost():
    # rho = gain (1 + hurt) - cost
    assert convening.ripeness(0.144692308, 0.08, 0.02) == pytest.approx(0.136267692)
    assert convening.ripeness(0.1, 0.5, 0.02) == pytest.approx(0.13)
    # no way out: never ripe however much the stalemate hurts
    assert convening.ripeness(0.0, 0.9, 0.02) == -0.02
    assert convening.ripeness(-0.1, 0.9, 0.02) == -0.02


def test_the_chance_to_propose_is_a_hazard_of_ripeness():
    # p = 1 - exp(-3 * 0.136268) = 0.33555
    assert convening.propose_probability(0.136267692, 3.0) == pytest.approx(0.335554936)
    assert convening.propose_probability(0.0, 3.0) == 0.0
    assert convening.propose_probability(-0.5, 3.0) == 0.0
    assert convening.propose_probability(10.0, 3.0) == pytest.approx(1.0)


def test_the_stalemate_hurts_by_conflict_cost_times_tension(world):
    # conflict_cost defaults to 0.2; tension 0.4
    dialogue = world.tracks["dialogue"]
    assert convening.hurt(world, world.actors["baghdad"], dialogue) == pytest.approx(0.08)
    world.tension = 0.9
    assert convening.hurt(world, world.actors["baghdad"], dialogue) == pytest.approx(0.18)


def test_a_parliaments_demand_presses_the_government_on_its_issue(tmp_path):
    # a vote of 52% of seats to take troops to 0; troops at 1000 (1.0): pressure 0.52 * 1.0 on
    # the dialogue (troops), none on the talks (ties)
    mandate = "actors.baghdad.domestic.mandates.expel={issue: troops, to: 0, support: 0.52}"
    world = small_world(tmp_path, [mandate])
    baghdad = world.actors["baghdad"]
    assert convening.hurt(world, baghdad, world.tracks["dialogue"]) == pytest.approx(0.08 + 0.52)
    assert convening.hurt(world, baghdad, world.tracks["talks"]) == pytest.approx(0.08)
    # halfway there (500 troops): 0.52 * 0.5
    world.status_quo["troops"] = 0.5
    assert baghdad.home_pressure(world.status_quo, ["troops"]) == pytest.approx(0.26)
    # Washington has no parliament in the model: no pressure
    assert world.actors["washington"].home_pressure(world.status_quo, ["troops"]) == 0.0


def test_a_host_weighs_its_gain_and_standing_against_a_failure(world):
    # Baghdad hosting the talks: its ties 0.8 (salience 0.5): u(0.2) = 0.4, u(0.3) = 0.5, own
    # gain 0.1; P = 0.5 + 0.5 (0.4 - 0.5) + 0.5 * 0.65 * 0.5 - 0.5 * 0.4 = 0.4125 (trust
    # between the parties 0.3 and 0.5; in Baghdad 0.5 and 0.8, times its stability 0.5);
    # standing s = 0.05: V = 0.4125 (0.1 + 0.05) - 0.5875 * 0.05 = 0.0325
    assert convening.host_gain(world, world.actors["baghdad"], world.tracks["talks"]) == (
        pytest.approx(0.0325)
    )
    # less trust between the parties (0.05 each way, still enough to attend with the bonus):
    # P = 0.5 + 0.5 (0.05 - 0.5) + 0.1625 - 0.2 = 0.2375, and
    # V = 0.2375 * 0.15 - 0.7625 * 0.05 = -0.0025: the broker waits
    world.actors["tehran"].trust["riyadh"] = 0.05
    world.actors["riyadh"].trust["tehran"] = 0.05
    assert convening.host_gain(world, world.actors["baghdad"], world.tracks["talks"]) == (
        pytest.approx(-0.0025)
    )


def test_no_round_is_worth_calling_when_a_party_would_stay_away(world):
    # Washington's bar: join_trust 0.15; its trust in Baghdad 0.6 -> 0.1: it stays away
    world.actors["washington"].trust["baghdad"] = 0.1
    assert not convening.attends(world, world.tracks["dialogue"])
    assert convening.round_gain(world, world.actors["baghdad"], world.tracks["dialogue"]) == 0.0
    world.actors["washington"].trust["baghdad"] = 0.15
    assert convening.attends(world, world.tracks["dialogue"])
    assert math.isclose(
        convening.join_trust(world, world.tracks["talks"], "tehran"), 0.3 + 0.2 * 0.5
    )
