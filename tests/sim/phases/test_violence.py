"""Violence and responses: attacks, strikes that deter or provoke, arrests, spoils, protests,
orders and pauses, each with its consequences derived by hand."""

import math

import pytest

from sim.phases import violence
from sim.world import operations
from sim.world.commitments import schedule
from tests.worlds import draws, small_world


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def test_attacks_raise_tension_and_cost_the_government(world):
    operations.attack(world, world.actors["kh"], 2)
    assert world.tension == pytest.approx(1 - 0.6 * 0.9**2)  # saturating: 0.514
    assert world.government.stability == pytest.approx(0.46)  # 0.5 - 2 * 0.02
    assert world.actors["washington"].trust_in("baghdad") == pytest.approx(0.58)
    assert world.actors["washington"].positions["troops"] == pytest.approx(0.48)
    assert world.status_quo["command"] == pytest.approx(0.38)  # 40 - 2 * 1 points
    assert world.memory.on("washington") == {"kh": 2}
    assert world.counts.total["attacks"] == 2


def _poisson_quantile(rate, u):
    n, term, total = 0, math.exp(-rate), math.exp(-rate)
    while total < u:
        n += 1
        term *= rate / n
        total += term
    return n


def test_the_phase_draws_a_count_from_the_factions_intensity(world):
    violence.run(world, draws(world, actor={("kh", "attack"): 0.5}))
    # tension cools to 0.2; G stays 0.7 (memory 0.5, same gap); Tehran's signal:
    # gap (1 + 0.4) / 2 = 0.7 - tension 0.2 = 0.5, times proxy control 0.5 = 0.25
    rate = 10 * 0.5 * 0.7 * (1 + 0.2) * (1 + 0.25)
    asked = next(e for e in world.log.records if e.get("decision") == "attack")
    assert asked["choice"] == _poisson_quantile(rate, 0.5) == world.counts.total["attacks"]
    assert world.counts.total["attacks"] >= 3


def test_a_strike_that_deters(world):
    operations.attack(world, world.actors["kh"], 3)
    tension = world.tension
    step = draws(world, actor={("washington", "strike"): 0.3, ("kh", "struck"): 0.2})
    violence._retaliate(world, world.actors["washington"], step)  # 0.2 < strike_deters 0.5
    kh = world.actors["kh"]
    assert (kh.deterrence, kh.strength) == pytest.approx((0.3, 0.5))
    assert kh.grievance == pytest.approx(0.7)
    assert world.tension == pytest.approx(1 - (1 - tension) * 0.8)
    assert world.actors["tehran"].trust_in("washington") == pytest.approx(0.4)  # trusts KH
    assert world.actors["riyadh"].trust_in("washington") == 0.5  # does not
    assert world.memory.on("washington") == {}


def test_a_strike_that_provokes(world):
    operations.attack(world, world.actors["kh"], 3)
    step = draws(world, actor={("washington", "strike"): 0.3, ("kh", "struck"): 0.7})
    violence._retaliate(world, world.actors["washington"], step)
    kh = world.actors["kh"]
    assert (kh.deterrence, kh.strength, kh.grievance) == pytest.approx((0.0, 1.0, 0.9))


def test_no_strike_below_the_threshold(world):
    operations.attack(world, world.actors["kh"], 2)
    step = draws(world, actor={("washington", "strike"): 0.0})
    violence._retaliate(world, world.actors["washington"], step)
    assert world.counts.total["strikes"] == 0


def test_arrests_deter_and_assert_command(world):
    operations.attack(world, world.actors["kh"], 1)
    violence._arrests(world, {"kh": 1}, draws(world, actor={("baghdad", "arrest"): 0.3}))
    kh = world.actors["kh"]
    assert (kh.deterrence, kh.grievance) == pytest.approx((0.2, 0.8))
    assert world.status_quo["command"] == pytest.approx(0.39 + 0.05)
    assert world.actors["washington"].trust_in("baghdad") == pytest.approx(0.6)  # regained
    # p = 0.8 * stability 0.48: a draw of 0.39 is not below it
    violence._arrests(world, {"kh": 1}, draws(world, actor={("baghdad", "arrest"): 0.39}))
    assert world.counts.total["arrests"] == 1


def test_a_spoiled_round_suspends_the_track_and_costs_trust(world):
    dialogue = world.tracks["dialogue"]
    dialogue.held_this_step, dialogue.last_deal = True, {"troops": 0.55}
    violence._spoilers(
        world, world.factions, draws(world, spoil={("kh", "dialogue"): 0.34})
    )  # p = 0.5 * (0.7 + 0): the deal is closer to KH's ideal, no dislike
    assert dialogue.spoiled == 1 and dialogue.suspended_until == 3
    assert world.actors["baghdad"].trust_in("washington") == pytest.approx(0.55)
    assert world.tension == pytest.approx(1 - 0.6 * 0.9)


def test_protests_cost_stability(world):
    violence._protests(world, draws(world, actor={("sadrists", "protest"): 0.49}))
    assert world.counts.total["protests"] == 1  # p = 0.5 * gap 1.0
    assert world.government.stability == pytest.approx(0.48)


def test_a_state_may_order_a_drawdown_alone(world):
    step = draws(world, actor={("washington", "order"): 0.3})
    violence._orders(world, world.actors["washington"], step)
    order = world.ledger.orders["troops"]
    assert order.by == "washington" and order.milestones == ((2, pytest.approx(0.6)),)


def test_a_faction_pauses_while_a_withdrawal_is_under_way(world):
    world.ledger.commit(schedule("troops", "agreement", "dialogue", 1, 1.0, 0.0, [(6, 1.0)], None))
    # progress: gap 0.7 now, (0 + 0.4) / 2 = 0.2 once done: (0.7 - 0.2) / 0.7
    assert violence.progress_for(world, world.actors["kh"]) == pytest.approx(5 / 7)
    violence._pauses(world, world.factions, draws(world, actor={("kh", "pause"): 0.3}))
    assert world.actors["kh"].paused  # p = 0.5 * 5/7 = 0.357
    assert world.log.records[-1]["type"] == "pause"


def test_no_order_across_a_drawdown_already_under_way(tmp_path):
    sets = ["actors.washington.behaviour.order_ideals.troops=0"]
    world = small_world(tmp_path, sets)
    washington = world.actors["washington"]
    step = draws(world, actor={("washington", "order"): 0.3})  # 0.3 < p = 0.4: would order
    # an agreement of a track Washington sits in is being carried out: no order
    world.ledger.commit(schedule("troops", "agreement", "dialogue", 1, 1.0, 0.8, [(3, 1.0)], None))
    violence._orders(world, washington, step)
    assert "troops" not in world.ledger.orders
    # once it is done, the leader may cut again: order_cut 1 takes it to the ideal, 0
    del world.ledger.active["troops"]
    world.status_quo["troops"] = 0.8
    violence._orders(world, washington, step)
    order = world.ledger.orders["troops"]
    assert order.milestones == ((2, pytest.approx(0.0)),)
    # and while that order is carried out, no second one
    violence._orders(world, washington, step)
    assert sum(1 for r in world.log.records if r["type"] == "commitment") == 1


def test_a_leader_waits_for_his_own_talks_due_within_his_patience(tmp_path):
    # the dialogue (Washington a party, on troops) meets at step 2 (2021-02); now is step 1
    sets = ["actors.washington.behaviour.order_patience=2"]
    world = small_world(tmp_path, sets)
    washington = world.actors["washington"]
    step = draws(world, actor={("washington", "order"): 0.3})  # 0.3 < p = 0.4: would order
    violence._orders(world, washington, step)  # a round next month: wait
    assert "troops" not in world.ledger.orders
    world.clock.step = 3  # the round is past and no other is due: the leader may act
    violence._orders(world, washington, step)
    assert world.ledger.orders["troops"].by == "washington"


def test_with_patience_one_only_a_round_this_month_holds_an_order_back(tmp_path):
    world = small_world(tmp_path, ["actors.washington.behaviour.order_patience=1"])
    violence._orders(
        world, world.actors["washington"], draws(world, actor={("washington", "order"): 0.3})
    )
    assert world.ledger.orders["troops"].by == "washington"  # the round is next month
