"""Movements (the Sadrists): they move parliament blocs and call protests."""

from __future__ import annotations

from agents.actor import ActorAgent


class MovementAgent(ActorAgent):
    """A mass movement. Protests follow its gap to the status quo."""

    kind = "movement"

    def protest_probability(self, status_quo: dict[str, float]) -> float:
        """p = protest propensity * gap(q)."""
        return min(1.0, max(0.0, self.behaviour.protest_propensity * self.gap(status_quo)))
