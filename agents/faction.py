"""Armed factions (Kataib Hezbollah, Badr, Nujaba, ...): the one home of their behaviour.

Grievance follows the gap between a faction's ideals and the status quo; deterrence (arrests,
strikes that land) holds it back and decays. Attacks in a month are a count whose expected value
follows grievance, capability left, tension, deterrence, the patron's encouragement or restraint,
and whether the faction has declared a pause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agents.actor import ActorAgent, StateField

if TYPE_CHECKING:
    import mesa

    from agents.decisions import Policy
    from agents.state import StateAgent
    from sim.scenario.schema import Actor as ActorSpec
    from sim.scenario.schema import Dynamics
    from sim.world.scales import Scales


class FactionAgent(ActorAgent):
    """An armed faction: grievance, deterrence, a pause it may declare, attacks and spoiling."""

    kind = "faction"

    STATE: ClassVar[tuple[StateField, ...]] = (
        *ActorAgent.STATE,
        StateField("grievance", "number", recorded=True, shown=True),
        StateField("deterrence", "number", shown=True),
        StateField("paused", "flag", recorded=True, shown=True, words=("on truce", "active")),
        StateField("strength", "number"),
    )

    def __init__(
        self, model: mesa.Model, actor_id: str, spec: ActorSpec, scales: Scales, policy: Policy
    ) -> None:
        super().__init__(model, actor_id, spec, scales, policy)
        self.grievance = 0.0
        self.deterrence = 0.0
        self.paused = False
        self.strength = 1.0

    def start(self, status_quo: dict[str, float]) -> None:
        """Grievance starts at the present gap, so a run does not begin with a warm-up."""
        self.grievance = self.gap(status_quo)

    def update(self, status_quo: dict[str, float], dynamics: Dynamics) -> None:
        """D <- D (1 - decay); G <- m G + (1 - m) gap(q): slow to build, slow to fade."""
        self.deterrence *= 1.0 - float(dynamics.deterrence_decay)
        memory = float(self.behaviour.grievance_memory)
        self.grievance = memory * self.grievance + (1.0 - memory) * self.gap(status_quo)

    def attack_rate(self, tension: float, sponsor: float, dynamics: Dynamics) -> float:
        """Expected attacks this month.

        lambda = attack_rate * propensity * strength * G * (1 - D) * (1 + tension)
                 * max(0, 1 + sponsor) * (pause_rate_factor if paused)
        """
        rate = (
            float(dynamics.attack_rate)
            * float(self.behaviour.attack_propensity)
            * self.strength
            * self.grievance
            * (1.0 - self.deterrence)
            * (1.0 + tension)
            * max(0.0, 1.0 + sponsor)
        )
        return rate * float(dynamics.pause_rate_factor) if self.paused else rate

    def spoil_probability(self, dislike: float) -> float:
        """p = spoiler propensity * (grievance + how much worse the proposal is than q)."""
        raw = self.behaviour.spoiler_propensity * (self.grievance + max(0.0, dislike))
        return min(1.0, max(0.0, raw))

    def pause_probability(self, progress: float) -> float:
        """Chance to switch this month: to declare a pause, or (if paused) to end it.

        A pause is declared with p = pause_propensity * progress, where progress is the share of
        the faction's gap that commitments in force will close; it ends with
        p = pause_end * (1 - progress): a pause lasts while the other side delivers.
        """
        progress = min(1.0, max(0.0, progress))
        if self.paused:
            return min(1.0, float(self.behaviour.pause_end) * (1.0 - progress))
        return min(1.0, float(self.behaviour.pause_propensity) * progress)

    def choose_target(self, states: list[StateAgent]) -> StateAgent | None:
        """The named target, else the state the faction trusts least (ties by scenario order)."""
        named = self.behaviour.target
        if named:
            return next((s for s in states if s.actor_id == named), None)
        return min(states, key=self.trust_in) if states else None

    def struck(self, deters: bool, dynamics: Dynamics) -> None:
        """A strike either deters (fear, lost men and arms) or provokes (revenge, no pause)."""
        if deters:
            self.deterrence = min(1.0, self.deterrence + float(dynamics.strike_deterrence))
            self.strength *= 1.0 - float(dynamics.strike_capability_loss)
        else:
            self.grievance = min(1.0, self.grievance + float(self.behaviour.revenge))
            self.paused = False

    def arrested(self, dynamics: Dynamics) -> None:
        """Arrests deter and, at half the weight of a strike, feed revenge."""
        self.deterrence = min(1.0, self.deterrence + float(dynamics.arrest_deterrence))
        self.grievance = min(1.0, self.grievance + 0.5 * float(self.behaviour.revenge))
