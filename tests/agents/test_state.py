"""States: strikes, unilateral orders, casualty aversion and a patron's signal."""

import pytest

from tests.worlds import small_world


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def test_strikes_need_the_threshold(world):
    washington = world.actors["washington"]
    assert washington.strike_probability(2) == 0.0
    assert washington.strike_probability(3) == 0.5


def test_orders_go_only_the_way_a_state_may_act_alone(world):
    washington = world.actors["washington"]  # troops position 0.6
    assert washington.order_probability("troops", 1.0) == 0.4  # gap 0.4 > 0.1
    assert washington.order_probability("troops", 0.65) == 0.0  # gap 0.05 <= 0.1
    assert washington.order_probability("troops", 0.4) == 0.0  # would add troops
    assert washington.order_probability("command", 0.0) == 0.0  # not an order issue


def test_attacks_wear_down_the_victims_will(world):
    washington = world.actors["washington"]
    washington.under_fire({"kh": (2, {"troops": 0.0, "command": 0.0})})
    # share = min(1, 0.1 * 2) = 0.2: 0.6 -> 0.48, 1.0 -> 0.8
    assert washington.positions == pytest.approx({"troops": 0.48, "command": 0.8})


def test_the_patron_encourages_far_from_its_goal_and_restrains_in_talks(world):
    tehran = world.actors["tehran"]
    assert tehran.sponsor_signal(0.7, 0.4, False) == pytest.approx(0.3)
    assert tehran.sponsor_signal(0.7, 0.4, True) == pytest.approx(-0.2)
    assert tehran.sponsor_signal(3.0, 0.0, False) == 1.0


def test_a_patron_answers_strikes_on_its_clients(world):
    tehran = world.actors["tehran"]
    # clients hurt 0.3 and aggrieved 0.9: out of talks it backs them, 0.7 - 0.4 + 0.3 * 0.9
    assert tehran.sponsor_signal(0.7, 0.4, False, 0.3, 0.9) == pytest.approx(0.57)
    # in talks it holds them back: 0.7 - 0.4 - 0.5 - 0.3
    assert tehran.sponsor_signal(0.7, 0.4, True, 0.3, 0.9) == pytest.approx(-0.5)


def test_without_an_ideal_an_order_goes_to_the_states_position(world):
    washington = world.actors["washington"]  # troops position 0.6, order_cut 1 by default
    assert washington.order_ideal("troops") == 0.6
    assert washington.order_level("troops", 1.0) == pytest.approx(0.6)


def test_a_leaders_order_cuts_a_share_of_the_gap_to_his_ideal(tmp_path):
    sets = [
        "actors.washington.behaviour.order_ideals.troops=0",
        "actors.washington.behaviour.order_cut=0.25",
    ]
    washington = small_world(tmp_path, sets).actors["washington"]
    # the ideal (0 troops) is not the negotiating position (600 of 1000)
    assert washington.order_ideal("troops") == 0.0
    assert washington.positions["troops"] == pytest.approx(0.6)
    # q' = q + c (i* - q): 1.0 + 0.25 (0 - 1.0) = 0.75; from 0.4: 0.4 - 0.1 = 0.3
    assert washington.order_level("troops", 1.0) == pytest.approx(0.75)
    assert washington.order_level("troops", 0.4) == pytest.approx(0.3)
    # the gap that counts is to the ideal: at 0.5 troops, below the position, an order is open
    assert washington.order_probability("troops", 0.5) == 0.4
    assert washington.order_probability("troops", 0.05) == 0.0  # within order_gap of the ideal
