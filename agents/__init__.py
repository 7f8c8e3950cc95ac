"""The actors of Crossroads as Mesa agents, and the policies that take their decisions."""

from agents.actor import ActorAgent
from agents.decisions import Choice, Decision, Policy
from agents.faction import FactionAgent
from agents.government import GovernmentAgent
from agents.movement import MovementAgent
from agents.policies import HeuristicPolicy, ScriptedPolicy, policy_for
from agents.state import StateAgent

AGENT_CLASSES: dict[str, type[ActorAgent]] = {
    "state": StateAgent,
    "government": GovernmentAgent,
    "faction": FactionAgent,
    "movement": MovementAgent,
}

__all__ = [
    "AGENT_CLASSES",
    "ActorAgent",
    "Choice",
    "Decision",
    "FactionAgent",
    "GovernmentAgent",
    "HeuristicPolicy",
    "MovementAgent",
    "Policy",
    "ScriptedPolicy",
    "StateAgent",
    "policy_for",
]
