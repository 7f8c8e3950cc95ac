"""Rounds that agree a step, settle, stall, fail, are rejected or refused; confidence building."""

import numpy as np
import pytest

from sim.negotiation import rounds
from sim.phases import negotiation
from tests.worlds import small_world

RNG = np.random.default_rng(0)


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def last_round(world):
    return [e for e in world.log.records if e["type"] == "round"][-1]


def test_agreement_probability_from_trust_host_and_tension(world):
    # T = (0.3 + 0.5) / 2; host standing = (0.5 + 0.8) / 2 * stability 0.5 = 0.325
    p = 0.5 + 0.5 * (0.4 - 0.5) + 0.5 * 0.325 - 0.5 * 0.4
    assert rounds.agreement_probability(world, world.tracks["talks"]) == pytest.approx(p)


def test_a_round_agrees_a_step_toward_the_proposal(world):
    talks = world.tracks["talks"]
    negotiation.hold_round(world, talks, 0.3, RNG)
    event = last_round(world)
    # compromise: (0.8 * 0.6 + 0.6 * 0.4) / 1.4 = 51.43; the step limit of 10 leaves 20 -> 30
    assert event["proposal"]["ties"] == pytest.approx(51.428571, abs=1e-6)
    assert event["deal"]["ties"] == pytest.approx(30.0)
    # after the round's trust gain: T = (0.32 + 0.52) / 2 = 0.42 -> p = 0.4225 > 0.3
    assert event["p_agree"] == pytest.approx(0.4225)
    assert event["result"] == "agreed" and talks.results["agreed"] == 1
    assert world.actors["tehran"].trust_in("riyadh") == pytest.approx(0.37)  # +0.02 +0.05
    assert world.ledger.active["ties"].final_value == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("draw", "result", "trust"), [(0.6, "failed", 0.22), (0.8, "stalled", 0.32)]
)
def test_a_round_that_does_not_agree_fails_or_stalls(world, draw, result, trust):
    # failed if draw < 0.4225 + 0.5 * (1 - 0.4225) = 0.71125, else stalled
    negotiation.hold_round(world, world.tracks["talks"], draw, RNG)
    assert last_round(world)["result"] == result
    assert world.actors["tehran"].trust_in("riyadh") == pytest.approx(trust)
    assert "ties" not in world.ledger.active


def test_parties_who_have_converged_settle_and_the_track_closes(world):
    world.status_quo["ties"] = 0.25
    for party in ("tehran", "riyadh"):
        world.actors[party].positions["ties"] = 0.3
    talks = world.tracks["talks"]
    negotiation.hold_round(world, talks, 0.0, RNG)
    assert last_round(world)["result"] == "settled"
    assert talks.settled and not talks.is_due(3)
    assert world.agreements[-1]["final"] is True


def test_a_caretaker_government_cannot_ratify(world):
    world.actors["baghdad"].caretaker = True
    negotiation.hold_round(world, world.tracks["dialogue"], 0.0, RNG)
    event = last_round(world)
    assert event["result"] == "rejected" and event["ratified"] == {"baghdad": False}


def test_too_little_trust_and_the_party_stays_away(world):
    world.actors["tehran"].trust["riyadh"] = 0.0  # 0 + 0.2 * 0.5 = 0.1 < 0.15
    negotiation.hold_round(world, world.tracks["talks"], 0.0, RNG)
    event = last_round(world)
    assert (event["held"], event["result"], event["refused"]) == (False, "refused", ["tehran"])


def test_trust_above_the_reference_raises_ambitions_below_it_lowers_them(world):
    talks = world.tracks["talks"]
    negotiation.build_confidence(world, talks)
    assert world.actors["tehran"].positions["ties"] == 0.6  # no round held yet
    talks.held_steps.append(1)
    negotiation.build_confidence(world, talks)
    # Tehran: x = 0.6 + 0.5 * (0.3 - 0.2) * 0.4; Riyadh: 0.4 + 0.5 * (0.5 - 0.2) * 0.6
    assert world.actors["tehran"].positions["ties"] == pytest.approx(0.62)
    assert world.actors["riyadh"].positions["ties"] == pytest.approx(0.49)
    world.actors["tehran"].trust["riyadh"] = 0.1
    negotiation.build_confidence(world, talks)
    assert world.actors["tehran"].positions["ties"] == pytest.approx(0.62 - 0.05 * 0.62)


def test_a_policy_sees_and_answers_offers_in_issue_units(world):
    from agents.decisions import Choice

    seen = []

    class Offers:
        def decide(self, decision):
            if decision.kind == "offer":
                seen.append(dict(decision.context))
                return Choice({"ties": 45.0}, "45 on the 0-100 index")
            return world.actors["riyadh"].policy.decide(decision)

    world.actors["tehran"].policy = Offers()
    talks = world.tracks["talks"]
    talks.last_proposal = {"ties": 0.5}
    negotiation.hold_round(world, talks, 0.999, RNG)
    # Tehran's position 0.6 and the last proposal 0.5 on the 0-100 scale
    assert seen[0]["position"] == {"ties": pytest.approx(60.0)}
    assert seen[0]["last_proposal"] == {"ties": pytest.approx(50.0)}
    assert world.actors["tehran"].positions["ties"] == pytest.approx(0.45)  # 45 -> 0.45
    offer = next(e for e in world.log.records if e.get("decision") == "offer")
    assert offer["choice"] == {"ties": 45.0}  # the log is in issue units too


def test_a_held_round_is_handed_to_the_tracks_protocol_whatever_it_is(world):
    held = []

    class Listening:
        """A protocol of its own: it records the round it is given and decides nothing."""

        def hold(self, world, state, draw, rng):
            held.append((state.track_id, draw, world.clock.step))

    talks = world.tracks["talks"]
    talks.protocol = Listening()
    negotiation.hold_round(world, talks, 0.25, RNG)
    assert held == [("talks", 0.25, 1)]
    assert talks.held_steps == [1] and not talks.results  # the protocol logs its own result
    # sitting down gained trust before the protocol took over: 0.3 + round_trust_gain 0.02
    assert world.actors["tehran"].trust_in("riyadh") == pytest.approx(0.32)


# -- talks convened by the actors (issue 18) ------------------------------------------------


def decisions(world, kind):
    return [e for e in world.log.records if e["type"] == "decision" and e["decision"] == kind]


def test_a_party_proposes_a_round_when_its_draw_falls_below_the_ripeness_hazard(world):
    from tests.worlds import draws

    world.clock.step = 5  # the dialogue's dated round (step 2) is behind; none held yet
    dialogue = world.tracks["dialogue"]
    # Baghdad: gain 0.55 * 0.6 * 0.431915 = 0.142532; rho = 0.142532 * 1.08 - 0.02 = 0.133934;
    # p = 1 - exp(-3 * 0.133934) = 0.330888 (tests/sim/negotiation/test_convening.py)
    table = draws(world, convene={("baghdad", "dialogue"): 0.33})
    called = negotiation.call(world, dialogue, table, 0)
    assert called == "baghdad"
    asked = decisions(world, "propose")[-1]
    assert asked["choice"] is True and "p 0.331" in asked["reason"]
    assert [e for e in world.log.records if e["type"] == "convened"][-1]["by"] == "baghdad"


def test_if_the_first_party_does_not_propose_the_next_is_asked(world):
    from tests.worlds import draws

    world.clock.step = 5
    dialogue = world.tracks["dialogue"]
    # Baghdad misses (0.34 >= 0.3309); Washington: u gain 0.968085 - 0.6 = 0.368085, round gain
    # 0.33 * 0.368085 = 0.121468, rho = 0.111186, p = 1 - exp(-0.333557) = 0.283629
    table = draws(world, convene={("baghdad", "dialogue"): 0.34, ("washington", "dialogue"): 0.28})
    assert negotiation.call(world, dialogue, table, 0) == "washington"
    missed = draws(world, convene={("baghdad", "dialogue"): 0.34, ("washington", "dialogue"): 0.29})
    assert negotiation.call(world, dialogue, missed, 0) is None


def test_no_round_is_proposed_right_after_one_or_just_before_a_dated_one(world):
    from tests.worlds import draws

    dialogue = world.tracks["dialogue"]
    eager = draws(world, convene={("baghdad", "dialogue"): 0.0, ("washington", "dialogue"): 0.0})
    world.clock.step = 1  # the dated round falls in step 2, within min_months (2) ahead
    assert negotiation.call(world, dialogue, eager, 0) is None
    world.clock.step = 6
    dialogue.held_steps.append(5)  # a round last month: preparation takes two
    assert negotiation.call(world, dialogue, eager, 0) is None
    world.clock.step = 7
    assert negotiation.call(world, dialogue, eager, 0) == "baghdad"


def test_a_sought_track_opens_when_a_party_seeks_it(tmp_path):
    from tests.worlds import SMALL, draws

    text = SMALL.replace("    rounds: [2021-02]\n", "    opens: sought\n")
    path = tmp_path / "sought.yaml"
    path.write_text(text, encoding="utf-8")
    from sim.model import CrossroadsModel
    from sim.scenario.load import load_scenario

    world = CrossroadsModel(load_scenario(path)).world
    world.clock.step = 1
    dialogue = world.tracks["dialogue"]
    assert dialogue.status == "possible" and not dialogue.is_due(1)
    # the same ripeness as a proposal (p 0.330888 for Baghdad): a miss leaves it closed
    assert negotiation.call(world, dialogue, draws(world), 0) is None
    assert dialogue.status == "possible"
    table = draws(world, convene={("baghdad", "dialogue"): 0.3})
    assert negotiation.call(world, dialogue, table, 0) == "baghdad"
    assert dialogue.status == "open"
    assert decisions(world, "seek")[-1]["choice"] is True
    assert [e["type"] for e in world.log.records][-2:] == ["opened", "convened"]


def test_parties_with_nothing_left_to_gain_abandon_after_patience_and_the_track_closes(world):
    dialogue = world.tracks["dialogue"]
    # the status quo at the compromise: the expected deal is worth exactly nothing more
    world.status_quo["troops"] = 0.6675 / 1.175
    dialogue.failures = 1
    negotiation.after_round(world, dialogue)  # the second round in a row without agreement
    assert dialogue.failures == 2 and not decisions(world, "abandon")
    negotiation.after_round(world, dialogue)  # the third: patience (3) is reached
    assert [e["choice"] for e in decisions(world, "abandon")] == [True, True]
    assert dialogue.abandoned_by == ["baghdad", "washington"] and dialogue.status == "closed"
    assert not dialogue.is_due(2)  # a closed track holds no round, dated or not


def test_a_party_that_still_gains_does_not_abandon(world):
    dialogue = world.tracks["dialogue"]  # status quo 1000: both gain from the compromise
    dialogue.failures = 2
    negotiation.after_round(world, dialogue)
    assert [e["choice"] for e in decisions(world, "abandon")] == [False, False]
    assert dialogue.status == "open"


def test_an_agreement_resets_the_count_of_rounds_without_one(world):
    dialogue = world.tracks["dialogue"]
    dialogue.failures = 2
    dialogue.agreements.append({"step": world.clock.step})
    negotiation.after_round(world, dialogue)
    assert dialogue.failures == 0 and not decisions(world, "abandon")


def test_a_run_on_with_open_gaps_and_no_dates_convenes_rounds_in_most_seeds(tmp_path):
    """Item 9 of issue 18: 48 months, no dated round on any track, gaps open on both tracks:
    the actors call rounds themselves in most seeds (here: at least 16 of 20)."""
    from sim.runner import run_scenario
    from sim.scenario.load import load_scenario
    from tests.worlds import SMALL

    text = (
        SMALL.replace("steps: 12}", "steps: 48}")
        .replace("    rounds: [2021-02]\n", "")
        .replace("    every: 2\n", "")
    )
    path = tmp_path / "run_on.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    assert all(not t.rounds and t.every is None for t in scenario.tracks.values())
    convened = 0
    for seed in range(1, 21):
        events = run_scenario(scenario, seed=seed).events
        callers = [e["by"] for e in events if e["type"] == "convened"]
        held = [e for e in events if e["type"] == "round" and e["held"]]
        convened += bool(callers and held)
    assert convened >= 16


# -- reversal: a party walks away from a deal being carried out ------------------------------


def test_a_party_whose_deal_turned_sour_walks_away_and_voids_the_package(world):
    from sim.world.operations import commit

    dialogue = world.tracks["dialogue"]
    # a package agreed on the dialogue: troops to 100 (0.1) and ties to 50 (0.5)
    commit(world, "troops", "agreement", "dialogue", 0.1, [(4, 1.0)], None)
    commit(world, "ties", "agreement", "dialogue", 0.5, [(4, 1.0)], None)
    negotiation.keep_or_defect(world, dialogue)
    # Washington (troops 0.6, salience 0.8; no stance on ties): stopping at 1000 is worth
    # 1 - 0.4 = 0.6, the deal 1 - 0.5 = 0.5: a loss of 0.1 > the cost 0.05 -> it walks away.
    # Baghdad (troops 0.5) gains from the deal (0.6... > 0.5 on troops) and is not asked.
    asked = decisions(world, "defect")
    assert [e["actor"] for e in asked] == ["washington"] and asked[0]["choice"] is True
    assert "loss of keeping 0.100 > cost of defecting 0.050" in asked[0]["reason"]
    assert world.ledger.active == {}  # both issues of the package are void
    defected = [e for e in world.log.records if e["type"] == "defected"][-1]
    assert defected["issues"] == ["ties", "troops"]
    # Baghdad's trust in Washington: 0.6 - 0.2
    assert world.actors["baghdad"].trust_in("washington") == pytest.approx(0.4)


def test_a_party_keeps_a_deal_whose_loss_is_within_the_cost_of_its_word(world):
    from sim.world.operations import commit

    # troops to 150: Washington's deal is worth 1 - 0.45 = 0.55 against 0.6: loss 0.05, not
    # more than the cost 0.05 -> it keeps its word
    commit(world, "troops", "agreement", "dialogue", 0.15, [(4, 1.0)], None)
    negotiation.keep_or_defect(world, world.tracks["dialogue"])
    assert [e["choice"] for e in decisions(world, "defect")] == [False]
    assert "troops" in world.ledger.active


def test_no_one_is_asked_while_the_deal_still_pays(world):
    from sim.world.operations import commit

    # troops to 350: Washington 1 - 0.25 = 0.75 > 0.6; Baghdad 1 - 0.15 = 0.85 > 0.5
    commit(world, "troops", "agreement", "dialogue", 0.35, [(4, 1.0)], None)
    negotiation.keep_or_defect(world, world.tracks["dialogue"])
    assert not decisions(world, "defect") and "troops" in world.ledger.active


def test_linkage_a_package_buys_what_one_issue_alone_would_not(tmp_path):
    from sim.world.operations import value_of_deal, value_of_no_deal

    world = small_world(tmp_path, ["tracks.dialogue.issues=[troops, command]"])
    dialogue, washington = world.tracks["dialogue"], world.actors["washington"]
    # Washington: troops 0.6 (salience 0.8), command 1.0 (0.5); status quo troops 1.0, command
    # 0.4; no deal: u(q) - 0.2 * 0.4, per issue set.
    # Troops alone to 100 (0.1), on a track of troops only: 1 - 0.5 = 0.5 against
    # 0.6 - 0.08 = 0.52: refused.
    assert washington.utility({"troops": 0.1}, ["troops"]) == pytest.approx(0.5)
    assert value_of_no_deal(world, washington, ["troops"]) == pytest.approx(0.52)
    # The package adds command to 100 (1.0): (0.8 * 0.5 + 0.5 * 1.0) / 1.3 = 0.6923 against
    # (0.8 * 0.6 + 0.5 * (1 - 0.6)) / 1.3 - 0.08 = 0.4431: accepted.
    package = {"troops": 0.1, "command": 1.0}
    assert value_of_deal(world, washington, package, dialogue) == pytest.approx(0.9 / 1.3)
    no_deal = value_of_no_deal(world, washington, ["troops", "command"])
    assert no_deal == pytest.approx(0.68 / 1.3 - 0.08)
