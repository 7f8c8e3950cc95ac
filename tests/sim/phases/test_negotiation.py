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
