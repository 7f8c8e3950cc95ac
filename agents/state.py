"""States (Washington, Tehran, Riyadh): negotiate, strike back, order drawdowns, sponsor proxies."""

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

    def sponsor_signal(self, gap: float, tension: float, engaged: bool) -> float:
        """The patron's heuristic: encourage its clients while the status quo is far from what
        it wants, restrain them when tension is high or talks it attends are under way.

        s = clip(gap(q) - tension - 0.5 * engaged, -1, 1)
        """
        return min(1.0, max(-1.0, gap - tension - (0.5 if engaged else 0.0)))

    def order_probability(self, issue: str, status_quo: float) -> float:
        """Chance this month to order the issue to its position alone: ``order_propensity`` once
        the gap exceeds ``order_gap``, in the direction the state may act alone (a state can
        withdraw its own troops; it cannot add them without the host's consent)."""
        direction = self.behaviour.order_issues.get(issue)
        if direction is None or issue not in self.positions:
            return 0.0
        gap = self.positions[issue] - status_quo
        if (direction == "decrease" and gap >= 0) or (direction == "increase" and gap <= 0):
            return 0.0
        if abs(gap) <= float(self.behaviour.order_gap):
            return 0.0
        return float(self.behaviour.order_propensity)

    def under_fire(self, attackers: dict[str, tuple[int, dict[str, float]]]) -> None:
        """Attacks wear down a state's will on the attackers' issues (casualty aversion).

        For each attacker with n attacks and ideal p_f: p_j += min(1, k n) (p_fj - p_j), with
        k = attack_concession, on the issues both have positions on.
        """
        k = float(self.behaviour.attack_concession)
        if k <= 0:
            return
        for count, ideals in attackers.values():
            share = min(1.0, k * count)
            for issue, ideal in ideals.items():
                if issue in self.positions:
                    self.positions[issue] += share * (ideal - self.positions[issue])
