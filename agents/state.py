"""States (Washington, Tehran, Riyadh): negotiate, strike back, order drawdowns, sponsor proxies."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agents.actor import ActorAgent, StateField

if TYPE_CHECKING:
    import mesa

    from agents.decisions import Policy
    from sim.scenario.schema import Actor as ActorSpec
    from sim.world.scales import Scales


class StateAgent(ActorAgent):
    """A state. It may strike factions that attacked it often enough, if it is resolved to."""

    kind = "state"

    STATE: ClassVar[tuple[StateField, ...]] = (
        *ActorAgent.STATE,
        StateField("order_ideals", "levels"),
    )

    def __init__(
        self, model: mesa.Model, actor_id: str, spec: ActorSpec, scales: Scales, policy: Policy
    ) -> None:
        super().__init__(model, actor_id, spec, scales, policy)
        self.order_ideals = {
            issue: scales.normalise(issue, float(level))
            for issue, level in spec.behaviour.order_ideals.items()
        }

    def order_ideal(self, issue: str) -> float:
        """Where the head of state would take the issue alone: ``order_ideals`` when the
        scenario separates the leader from the negotiators (a president who wants out while his
        generals want a training role, F11), else the state's own position."""
        return self.order_ideals.get(issue, self.positions[issue])

    def set_order_ideal(self, issue: str, level: float | None) -> None:
        """A new head of state's aim for the issue (issue units), or none: his negotiators'."""
        if level is None:
            self.order_ideals.pop(issue, None)
        else:
            self.order_ideals[issue] = self.scales.normalise(issue, float(level))

    def order_level(self, issue: str, status_quo: float) -> float:
        """The level an order sets: it closes the share ``order_cut`` of the gap to the ideal,
        because each cut is bargained down inside the state (and carried out by its military).

        q' = q + c (i* - q)
        """
        cut = float(self.behaviour.order_cut)
        return status_quo + cut * (self.order_ideal(issue) - status_quo)

    def strike_probability(self, recent_attacks: float) -> float:
        """Resolve once attacks in the memory window reach the threshold, else zero."""
        threshold = float(self.behaviour.strike_threshold)
        if self.behaviour.strike_resolve <= 0 or recent_attacks < max(threshold, 1.0):
            return 0.0
        return float(self.behaviour.strike_resolve)

    def sponsor_signal(
        self, gap: float, tension: float, engaged: bool, hurt: float = 0.0, anger: float = 0.0
    ) -> float:
        """The patron's heuristic: encourage its clients while the status quo is far from what
        it wants, restrain them when tension is high or talks it attends are under way; and
        answer strikes on them: while it talks it holds hurt clients back (their losses
        endanger its talks), while it does not it backs them as far as they are aggrieved.

        s = clip(gap(q) - tension - 0.5 e + H ((1 - e) G - e), -1, 1)

        with e = 1 in talks, H the clients' mean disruption (strikes, arrests) and G their
        mean grievance.
        """
        answer = hurt * (-1.0 if engaged else anger)
        return min(1.0, max(-1.0, gap - tension - (0.5 if engaged else 0.0) + answer))

    def order_probability(self, issue: str, status_quo: float) -> float:
        """Chance this month to order the issue toward its ideal alone: ``order_propensity`` once
        the gap exceeds ``order_gap``, in the direction the state may act alone (a state can
        withdraw its own troops; it cannot add them without the host's consent)."""
        direction = self.behaviour.order_issues.get(issue)
        if direction is None or issue not in self.positions:
            return 0.0
        gap = self.order_ideal(issue) - status_quo
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
