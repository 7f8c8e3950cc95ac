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
    # gap (1 + 0.4) / 2 = 0.7 - tension 0.2 = 0.5 (no client hurt), times proxy control 0.5
    going_on = 10 * 0.5 * 0.7 * (1 + 0.2) * (1 + 0.25)  # 5.25
    # KH's campaign: rates 1.05, 5.25, 7.875 against Washington's threshold 3 with no attacks
    # in memory: strike chance 0, 0.5, 0.5. Concession 0.1 * 5.25 = 0.525, so
    # b = 0.7 * 1.525 * 1.25 = 1.334375; stake 0.5 + 0.3 = 0.8; effort 1 * gap 0.7; fear 1.5:
    # V0 = 0.2 b - 0.35 * 0.04 = 0.252875, V1 = b - 0.35 - 1.5 * 0.5 * 0.8 = 0.384375,
    # V2 = 1.5 b - 0.7875 - 1.5 * 1.5 * 0.5 * 0.8 = 0.3140625: it goes on
    asked = next(e for e in world.log.records if e.get("decision") == "campaign")
    assert asked["choice"] == 1
    assert "suspend 0.253, go on 0.384, escalate 0.314" in asked["reason"]
    rate = going_on
    asked = next(e for e in world.log.records if e.get("decision") == "attack")
    assert asked["choice"] == _poisson_quantile(rate, 0.5) == world.counts.total["attacks"]
    assert world.counts.total["attacks"] >= 3


def test_a_strike_costs_the_faction_and_its_answer_is_its_next_campaign(world):
    kh = world.actors["kh"]
    kh.campaign = 2  # escalated
    operations.attack(world, kh, 3)
    tension = world.tension
    violence._retaliate(
        world, world.actors["washington"], draws(world, actor={("washington", "strike"): 0.3})
    )
    # every strike: strength 0.5, disruption 0.3, revenge 0.7 + 0.2
    assert (kh.deterrence, kh.strength, kh.grievance) == pytest.approx((0.3, 0.5, 0.9))
    assert world.tension == pytest.approx(1 - (1 - tension) * 0.8)
    assert world.actors["tehran"].trust_in("washington") == pytest.approx(0.4)  # trusts KH
    assert world.actors["riyadh"].trust_in("washington") == 0.5  # does not
    assert world.memory.on("washington") == {}
    strike = next(e for e in world.log.records if e["type"] == "strike")
    assert "outcome" not in strike
    world.tension = 0.4
    violence._campaigns(
        world, world.factions, {"kh": 0.0}, violence.outlooks_of(world, world.factions)
    )
    # rates 10 * 0.5 * K 0.5 * G 0.9 * (1 - 0.3) * 1.4 = 2.205 going on, 0.441, 3.3075:
    # only escalating reaches Washington's threshold 3 (memory cleared by the strike): chance
    # 0, 0, 0.5. b = 0.9 * (1 + 0.1 * 2.205) = 1.09845; stake 0.25 + 0.21 = 0.46; fear D 0.3;
    # effort 1 * gap (1 + 0.37) / 2 = 0.685 (the attacks took command down 3 points)
    # V0 = 0.21969 - 0.3425 * 0.04 - 1.5 * 0.2 * 0.3 * 0.46 = 0.16459
    # V1 = 1.09845 - 0.3425 - 1.5 * 0.3 * 0.46 = 0.54895
    # V2 = 1.647675 - 0.3425 * 2.25 - 1.5 * 1.5 * 0.8 * 0.46 = 0.04905: deterred from escalating
    assert kh.campaign == 1 and not kh.struck_lately
    answer = world.log.records[-1]
    assert (answer["type"], answer["level"], answer["previous"], answer["struck"]) == (
        "campaign",
        "go on",
        "escalate",
        True,
    )
    assert "suspend 0.165, go on 0.549, escalate 0.049" in world.log.records[-2]["reason"]


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
    outlooks = violence.outlooks_of(world, world.factions)
    assert outlooks["kh"] == (pytest.approx(0.7), pytest.approx(5 / 7))
    violence._pauses(world, world.factions, draws(world, actor={("kh", "pause"): 0.3}), outlooks)
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


def _draws(result, actor):
    """The uniform draws behind an actor's attack decisions, read from their reasons."""
    return [
        e["reason"].split("draw ")[1].split(",")[0]
        for e in result.events
        if e["type"] == "decision" and e["decision"] == "attack" and e["actor"] == actor
    ]


def test_campaigns_and_shocks_are_seeded_and_a_scripted_campaign_moves_no_ones_dice():
    from sim.runner import run_scenario
    from sim.scenario import load_scenario
    from tests.conftest import BASELINE

    shock = (
        "events.injects.shock={date: 2021-09, label: shock, source: judgement, reason: test, "
        "effects: [{kind: mobilisation, actors: [nujaba], factor: 2, months: 2}]}"
    )
    script = (
        "actors.nujaba.policy={name: scripted, script: {up: {date: 2021-03, "
        "decision: campaign, choice: 2}}}"
    )
    first = run_scenario(load_scenario(BASELINE, [shock]), seed=11)
    again = run_scenario(load_scenario(BASELINE, [shock]), seed=11)
    assert first.events == again.events and first.rows == again.rows
    scripted = run_scenario(load_scenario(BASELINE, [shock, script]), seed=11)
    escalated = [
        e
        for e in scripted.events
        if e["type"] == "decision" and e["decision"] == "campaign" and e["actor"] == "nujaba"
    ]
    assert any(e["date"] == "2021-03" and e["choice"] == 2 for e in escalated)
    # Nujaba's escalation changes the world, not the dice: every draw is where it was
    for actor in ("kataib_hezbollah", "nujaba"):
        assert _draws(scripted, actor) == _draws(first, actor)
    assert scripted.events != first.events


def test_a_patron_backs_its_struck_clients_out_of_talks_and_holds_them_back_in_talks(world):
    kh = world.actors["kh"]
    kh.deterrence, kh.grievance = 0.3, 0.9  # hurt and angry, as after a strike
    # Tehran's gap (|1 - 0| + |0.2 - 0.6|) / 2 = 0.7, tension 0.4, no round: backs them
    # s = 0.7 - 0.4 + 0.3 * 0.9 = 0.57
    assert violence._patrons(world) == {"tehran": pytest.approx(0.57)}
    world.tracks["talks"].held_steps = [1]  # Tehran sat at a round this month
    # s = 0.7 - 0.4 - 0.5 - 0.3 = -0.5
    assert violence._patrons(world) == {"tehran": pytest.approx(-0.5)}
