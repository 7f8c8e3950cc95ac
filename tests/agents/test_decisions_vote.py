"""The ``vote`` decision (how a followed bloc votes) and the record of who played each actor."""

from __future__ import annotations

from agents.decisions import Choice, Decision, Vote
from agents.policies import HeuristicPolicy, ScriptedPolicy, describe
from sim.runner import run_scenario
from sim.scenario import load_scenario
from tests.conftest import BASELINE


def _vote(deal_gap: float, quo_gap: float) -> Choice:
    question = Vote(
        deal_gap=deal_gap,
        quo_gap=quo_gap,
        bloc="kurdish",
        seats=58.0,
        government="baghdad",
        deal={"us_troops": 2500.0},
    )
    return HeuristicPolicy().decide(Decision(question, "erbil", 3, "2020-07", "t"))


def test_heuristic_vote_is_the_bloc_rule():
    assert _vote(0.2, 0.3).value is True
    assert _vote(0.3, 0.3).value is True  # as good as the status quo passes
    assert _vote(0.31, 0.3).value is False


class NamedPolicy:
    label = "student: Ana"

    def decide(self, decision: Decision) -> Choice:
        return HeuristicPolicy().decide(decision)


class Plain:
    def decide(self, decision: Decision) -> Choice:
        return HeuristicPolicy().decide(decision)


def test_describe_names_who_answers():
    assert describe(HeuristicPolicy()) == "heuristic"
    assert describe(ScriptedPolicy({}, HeuristicPolicy())) == "scripted"
    assert describe(NamedPolicy()) == "student: Ana"
    assert describe(Plain()) == "Plain"


def test_a_run_records_who_played_and_the_blocs_votes():
    scenario = load_scenario(BASELINE)
    result = run_scenario(scenario, policies={"erbil": NamedPolicy(), "badr": Plain()})
    players = result.outcomes["players"]
    assert players["erbil"] == "student: Ana" and players["badr"] == "Plain"
    assert players["washington"] == "heuristic"
    assert "policy" not in result.resolved["actors"]["erbil"]
    votes = [r for r in result.events if r["type"] == "decision" and r["decision"] == "vote"]
    assert {r["actor"] for r in votes} >= {"erbil", "badr", "sadrists"}
    # same answers as the rule: the run equals the plain heuristic run
    assert result.rows == run_scenario(scenario).rows
