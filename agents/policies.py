"""Built-in policies: the heuristic behaviour of the model, and scripts that override it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.decisions import Choice, Decision, Policy

if TYPE_CHECKING:
    from sim.scenario.schema import ScriptedDecision


class HeuristicPolicy:
    """The model's own behaviour: each question's own rule (compare values, follow
    probabilities, concede at set rates)."""

    def decide(self, decision: Decision) -> Choice:
        return decision.question.heuristic()


@dataclass
class ScriptedPolicy:
    """Fixed answers at given dates (from YAML); anything not scripted falls back."""

    script: dict[tuple[str, str, str | None], ScriptedChoice]
    fallback: Policy

    def decide(self, decision: Decision) -> Choice:
        scripted = self.script.get((decision.date, decision.kind, decision.track))
        if scripted is None:
            scripted = self.script.get((decision.date, decision.kind, None))
        if scripted is None:
            return self.fallback.decide(decision)
        return Choice(decision.question.scripted(scripted.value), scripted.reason)


@dataclass(frozen=True)
class ScriptedChoice:
    """A script's answer as the scenario gives it: yes/no or a number, and why."""

    value: bool | float
    reason: str


def policy_for(spec_name: str, script: Iterable[ScriptedDecision]) -> Policy:
    """Build the policy a scenario names for an actor."""
    heuristic = HeuristicPolicy()
    if spec_name == "heuristic":
        return heuristic
    table = {
        (str(item.date), item.decision, item.track): ScriptedChoice(item.choice, item.reason)
        for item in script
    }
    return ScriptedPolicy(table, heuristic)


def describe(policy: Policy) -> str:
    """Who answers an actor's decisions, for the run's record: ``heuristic``, ``scripted``, or
    the policy's own ``label`` (a person's seat, a named strategy), else its class name."""
    label = getattr(policy, "label", None)
    if isinstance(label, str) and label:
        return label
    if isinstance(policy, HeuristicPolicy):
        return "heuristic"
    if isinstance(policy, ScriptedPolicy):
        return "scripted"
    return type(policy).__name__
