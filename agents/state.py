"""States (Washington, Tehran, Riyadh): negotiate, host or join talks, retaliate by strikes."""

from __future__ import annotations

from agents.actor import ActorAgent


class StateAgent(ActorAgent):
    """A state. It may strike factions that attacked it often enough, if it is resolved to."""

    kind = "state"

    def strike_probability(self, recent_attacks: int) -> float:
        """Resolve once attacks in the memory window reach the threshold, else zero."""
        threshold = float(self.behaviour.strike_threshold)
        if self.behaviour.strike_resolve <= 0 or recent_attacks < max(threshold, 1.0):
            return 0.0
        return float(self.behaviour.strike_resolve)
