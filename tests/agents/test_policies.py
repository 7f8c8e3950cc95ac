"""Decisions go through one interface: scripts and other policies take an actor's place."""

from __future__ import annotations

from agents import Choice, Decision, HeuristicPolicy
from sim.runner import run_scenario
from sim.scenario import load_scenario
from tests.conftest import MINIMAL, SCENARIOS


class AlwaysYes(HeuristicPolicy):
    """Says yes to every question of the given kinds, like an eager student."""

    def __init__(self, kinds: set[str]) -> None:
        self.kinds = kinds

    def decide(self, decision: Decision) -> Choice:
        if decision.kind in self.kinds:
            return Choice(True, "student said yes")
        return super().decide(decision)


IRAN_US = SCENARIOS / "regional_mediation" / "iran_us_baghdad.yaml"


def test_tehran_refuses_us_talks_with_its_own_policy():
    result = run_scenario(load_scenario(IRAN_US))
    assert result.outcomes["tracks"]["iran_us_talks"]["rounds_held"] == 0
    refusals = [
        e
        for e in result.events
        if e["type"] == "decision"
        and e["decision"] == "join"
        and e["actor"] == "tehran"
        and e["track"] == "iran_us_talks"
    ]
    assert refusals and all(e["choice"] is False and "trust" in e["reason"] for e in refusals)


def test_players_in_two_seats_change_the_talks_but_not_other_draws():
    scenario = load_scenario(IRAN_US)
    own = run_scenario(scenario)
    yes = AlwaysYes({"join"})
    played = run_scenario(scenario, policies={"tehran": yes, "washington": yes})
    # both sit down; Baghdad hosts while a round is still worth something to it (its standing
    # gain turns negative once a deal is agreed and nothing better is in reach)
    assert played.outcomes["tracks"]["iran_us_talks"]["rounds_held"] >= 2

    def draws(result):
        return [
            e["reason"]
            for e in result.events
            if e["type"] == "decision" and e["decision"] == "attack" and e["date"] < "2021-09"
        ]

    assert draws(own) == draws(played)


def test_scripted_decision_from_yaml_overrides_the_heuristic(write):
    text = (
        MINIMAL
        + ("    must_accept: [baghdad, washington]\n")
        + """\
"""
    )
    path = write("s.yaml", text)
    base = run_scenario(load_scenario(path))
    assert base.outcomes["tracks"]["talks"]["agreed"] is True
    scripted = load_scenario(
        path,
        [
            "actors.washington.policy={name: scripted, script: {wait: {date: 2021-02, "
            "decision: accept, choice: false, track: talks, "
            "reason: 'no deal before the election'}}}"
        ],
    )
    result = run_scenario(scripted)
    assert result.outcomes["tracks"]["talks"]["agreed"] is False
    reasons = [e["reason"] for e in result.events if e.get("decision") == "accept"]
    assert "no deal before the election" in reasons


def test_scripted_offer_is_in_the_issues_units(write):
    path = write("s.yaml", MINIMAL)
    scenario = load_scenario(
        path,
        [
            "actors.washington.policy={name: scripted, script: {hold: {date: 2021-02, "
            "decision: offer, choice: 5200, track: talks}}}"
        ],
    )
    result = run_scenario(scenario)
    offered = result.series("position:washington:us_troops")
    assert offered[2] == 5200  # step 2 is the round in 2021-02


def test_inject_source_is_checked_like_a_sourced_number(write):
    import pytest

    from sim.errors import InputError

    text = MINIMAL + (
        "events:\n  injects:\n    x:\n      date: 2021-03\n      label: x\n"
        "      source: judgement\n      effects: [{kind: tension, by: 0.1}]\n"
    )
    with pytest.raises(InputError, match="needs a one-line reason"):
        load_scenario(write("inject.yaml", text))
