"""Alternating offers: the backward induction by hand on one issue with linear utilities, and
rounds in the model (offers, refusals, the deadline) through the decision seam."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from agents.decisions import Accept, Choice, Decision, Offer
from agents.policies import HeuristicPolicy
from sim.errors import InputError
from sim.negotiation.alternating import Bargainer, advise
from sim.runner import run_scenario
from sim.scenario import load_scenario
from tests.conftest import SCENARIOS

OFFERS = SCENARIOS / "regional_mediation" / "iran_saudi_offers.yaml"


def side(ideal: float, reservation: float, discount: float = 0.5) -> Bargainer:
    # risk 0: u(x) = 1 - |x - ideal|, linear on [0, 1]
    return Bargainer(np.array([ideal]), np.array([1.0]), 0.0, reservation, discount)


def test_last_offer_leaves_the_responder_its_reservation():
    # A (ideal 0) proposes, B (ideal 1) takes x iff u_B(x) = x >= 0.3: A offers x = 0.3
    advice = advise(side(0.0, 0.2), side(1.0, 0.3), rounds_left=1)
    assert advice.acceptable
    assert advice.offer[0] == pytest.approx(0.3)
    assert advice.proposer_value == pytest.approx(0.7)


def test_two_offers_left_the_responder_gets_its_discounted_turn():
    # With one offer left B would propose x = 1 - r_A = 0.8 (u_B = 0.8). Now B's threshold is
    # r_B + delta (0.8 - r_B) = 0.2 + 0.5 * 0.6 = 0.5, so A offers x = 0.5.
    advice = advise(side(0.0, 0.2), side(1.0, 0.2), rounds_left=2)
    assert advice.responder_threshold == pytest.approx(0.5)
    assert advice.offer[0] == pytest.approx(0.5)
    # three left (A, B, A): with one left A offers x = r_B = 0.2 (u_A = 0.8); with two left
    # B must give A 0.2 + 0.5 (0.8 - 0.2) = 0.5, so B offers x = 0.5 (u_B = 0.5); now B's
    # threshold is 0.2 + 0.5 (0.5 - 0.2) = 0.35 and A offers x = 0.35
    three = advise(side(0.0, 0.2), side(1.0, 0.2), rounds_left=3)
    assert three.responder_threshold == pytest.approx(0.35)
    assert three.offer[0] == pytest.approx(0.35)


def test_no_deal_when_reservations_leave_no_room():
    advice = advise(side(0.0, 0.6), side(1.0, 0.6), rounds_left=1)
    assert not advice.acceptable
    assert advice.offer[0] == pytest.approx(0.0)  # the proposer just states its ideal


def test_heuristic_offers_the_equilibrium_and_accepts_above_waiting():
    policy = HeuristicPolicy()
    question = Offer(
        position={"ties": 0.5},
        last_proposal=None,
        concession=0.2,
        scales={"ties": (0.0, 1.0)},
        suggested={"ties": 0.4},
    )
    offer = Decision(question, "riyadh", 4, "2021-04", "t")
    assert policy.decide(offer).value == {"ties": 0.4}
    accept = Accept(value_deal=0.6, value_no_deal=0.3, deal={"ties": 0.4}, value_wait=0.65)
    assert policy.decide(Decision(accept, "tehran", 4, "2021-04", "t")).value is False
    accept = replace(accept, value_wait=0.55)
    assert policy.decide(Decision(accept, "tehran", 4, "2021-04", "t")).value is True


class Refuse:
    """A responder who refuses every offer (a student holding out)."""

    label = "script: refuse"

    def decide(self, decision: Decision) -> Choice:
        if decision.kind == "accept":
            return Choice(False, "hold out")
        return HeuristicPolicy().decide(decision)


def test_model_rounds_alternate_and_lapse_at_the_deadline():
    scenario = load_scenario(OFFERS)
    result = run_scenario(scenario, policies={"tehran": Refuse(), "riyadh": Refuse()})
    rounds = [r for r in result.events if r["type"] == "round" and r["held"]]
    assert rounds, "no round held"
    proposers = [r["proposer"] for r in rounds]
    assert proposers[:2] == ["riyadh", "tehran"][: len(proposers[:2])]
    assert all(a != b for a, b in itertools.pairwise(proposers))
    assert [r["rounds_left"] for r in rounds] == list(range(8, 8 - len(rounds), -1))
    assert all(r["result"] == "rejected" for r in rounds)
    assert not result.outcomes["agreements"]
    if rounds[-1]["rounds_left"] == 1:
        assert any(r["type"] == "deadline" for r in result.events)
    assert result.outcomes["players"]["tehran"] == "script: refuse"


def test_model_actors_agree_at_each_offer_a_step_at_a_time():
    result = run_scenario(load_scenario(OFFERS))
    rounds = [r for r in result.events if r["type"] == "round" and r["held"]]
    first = rounds[0]
    # Riyadh opens with the equilibrium offer; Tehran accepts; the step limit of 10 points
    # from the status quo of 10 makes the first agreement 20
    assert first["proposer"] == "riyadh" and first["answer"] == "accepted"
    assert first["proposal"] == first["equilibrium_offer"]
    assert (first["result"], first["deal"]["iran_saudi_ties"]) == ("agreed", 20.0)
    assert result.outcomes["agreements"][0]["deal"]["iran_saudi_ties"] == 20.0
    # the talks go on until an accepted offer lies within a step: then they settle
    assert rounds[-1]["result"] == "settled"
    assert rounds[-1]["deal"] == rounds[-1]["proposal"]


def test_alternating_offers_need_two_parties(tmp_path):
    text = (
        OFFERS.read_text(encoding="utf-8")
        .replace("parties: [riyadh, tehran]", "parties: [riyadh, tehran, baghdad]")
        .replace("../common/", str(SCENARIOS / "common") + "/")
    )
    path = tmp_path / "three.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="exactly two parties"):
        load_scenario(path)


class LastMinute:
    """A responder who refuses every offer but the last, which agrees a step of at most 10
    points and so leaves the gap open."""

    def decide(self, decision: Decision) -> Choice:
        if decision.kind == "accept":
            return Choice(decision.context.get("rounds_left") == 1, "wait for the deadline")
        return HeuristicPolicy().decide(decision)


def test_no_round_is_called_after_the_last_offer_whatever_it_brought():
    """Actors who call rounds of their own (issue 18) never outrun the deadline: after the
    eighth offer, accepted or not, the track is closed (an accepted eighth offer used to leave
    it open, and the next round called failed with no offer left)."""
    scenario = load_scenario(OFFERS, ["calendar.steps=48"])
    result = run_scenario(scenario, policies={"tehran": LastMinute(), "riyadh": LastMinute()})
    rounds = [r for r in result.events if r["type"] == "round" and r["held"]]
    assert [r["rounds_left"] for r in rounds] == list(range(8, 0, -1))
    assert [r["result"] for r in rounds] == ["rejected"] * 7 + ["agreed"]
    assert result.state["tracks"]["iran_saudi_talks"]["status"] == "closed"
