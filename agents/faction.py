"""Armed factions (Kataib Hezbollah, Badr, Nujaba, ...): the one home of their behaviour.

Grievance follows the gap between a faction's ideals and the status quo; disruption (leaders and
cells lost to arrests and strikes) holds it back and recovers. Each month the faction decides
its campaign (suspend, go on, escalate) on what attacks buy it against what they cost it.
Attacks in a month are a count whose expected value follows grievance, strength left, tension,
disruption, the patron's encouragement or restraint, a truce, the campaign and any outside
mobilisation.
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
        StateField("campaign", "number"),
        StateField("mobilisation", "number"),
        StateField("mobilised_until", "step"),
        StateField("struck_lately", "flag"),
    )

    def __init__(
        self, model: mesa.Model, actor_id: str, spec: ActorSpec, scales: Scales, policy: Policy
    ) -> None:
        super().__init__(model, actor_id, spec, scales, policy)
        self.grievance = 0.0
        self.deterrence = 0.0
        self.paused = False
        self.strength = 1.0
        self.campaign = GO_ON
        self.mobilisation = 1.0
        self.mobilised_until = 0
        self.struck_lately = False

    def start(self, status_quo: dict[str, float]) -> None:
        """Grievance starts at the present gap, so a run does not begin with a warm-up."""
        self.grievance = self.gap(status_quo)

    def update(self, gap: float, dynamics: Dynamics) -> None:
        """D <- D (1 - decay); G <- m G + (1 - m) gap(q): slow to build, slow to fade (``gap``
        is :meth:`gap` of this month's status quo, which the violence phase computes once)."""
        self.deterrence *= 1.0 - float(dynamics.deterrence_decay)
        memory = float(self.behaviour.grievance_memory)
        self.grievance = memory * self.grievance + (1.0 - memory) * gap

    def attack_rate(
        self, tension: float, sponsor: float, dynamics: Dynamics, campaign: int | None = None
    ) -> float:
        """Expected attacks this month, at the faction's campaign (or the one given).

        lambda = attack_rate * propensity * strength * G * (1 - D) * (1 + tension)
                 * max(0, 1 + sponsor) * (pause_rate_factor if paused) * M * x_c
        with M the outside mobilisation and x_c the campaign's intensity.
        """
        rate = (
            float(dynamics.attack_rate)
            * float(self.behaviour.attack_propensity)
            * self.strength
            * self.grievance
            * (1.0 - self.deterrence)
            * (1.0 + tension)
            * max(0.0, 1.0 + sponsor)
            * self.mobilisation
        )
        if self.paused:
            rate *= float(dynamics.pause_rate_factor)
        level = self.campaign if campaign is None else campaign
        return rate * intensity(level, dynamics)

    def mobilise(self, factor: float, until: int) -> None:
        """An outside shock multiplies the attack intensity by ``factor`` through step ``until``
        (a later shock replaces an earlier one)."""
        self.mobilisation, self.mobilised_until = factor, until

    def demobilise(self, step: int) -> None:
        """The shock's months are over: the intensity returns to the faction's own."""
        if step > self.mobilised_until:
            self.mobilisation = 1.0

    def stake(self, dynamics: Dynamics) -> float:
        """What one more strike would take from it: the strength and the leaders it still has.

        l = strike_capability_loss * K + strike_deterrence * (1 - D)
        """
        loss = float(dynamics.strike_capability_loss) * self.strength
        return loss + float(dynamics.strike_deterrence) * (1.0 - self.deterrence)

    def campaign_values(
        self, gain: float, risks: tuple[float, float, float], gap: float, dynamics: Dynamics
    ) -> tuple[float, float, float]:
        """The value of each campaign level c (suspend, go on, escalate) this month.

        V_c = x_c b - e gap x_c^2 / 2 - phi x_c min(1, P_c + D) l

        with b what a unit of campaign buys (:func:`campaign_gain`), x_c the level's intensity,
        e = campaign_effort (attacks cost more the faster they come), counted in the faction's
        gap (what it fights for: a faction whose grievance is its gap goes on; anger above it,
        as after a strike, pushes it on, a gap being closed holds it back), P_c the target's
        strike probability at the attacks it would count, D the fear a past strike or arrest
        left, l the faction's stake and phi = strike_fear.
        """
        effort = float(dynamics.campaign_effort) * gap
        fear = float(dynamics.strike_fear)
        stake = self.stake(dynamics)
        values = []
        for level, risk in enumerate(risks):
            x = intensity(level, dynamics)
            struck = min(1.0, risk + self.deterrence)
            values.append(x * gain - 0.5 * effort * x * x - fear * x * struck * stake)
        return values[0], values[1], values[2]

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

    def struck(self, dynamics: Dynamics) -> None:
        """Every strike costs men and arms (strength, for good), leaders and cells (disruption,
        which recovers) and feeds revenge (grievance). Whether it then deters or provokes is the
        faction's next campaign decision."""
        self.strength *= 1.0 - float(dynamics.strike_capability_loss)
        self.deterrence = min(1.0, self.deterrence + float(dynamics.strike_deterrence))
        self.grievance = min(1.0, self.grievance + float(self.behaviour.revenge))
        self.struck_lately = True

    def arrested(self, dynamics: Dynamics) -> None:
        """Arrests deter and, at half the weight of a strike, feed revenge."""
        self.deterrence = min(1.0, self.deterrence + float(dynamics.arrest_deterrence))
        self.grievance = min(1.0, self.grievance + 0.5 * float(self.behaviour.revenge))


SUSPEND, GO_ON, ESCALATE = 0, 1, 2
LEVELS = (SUSPEND, GO_ON, ESCALATE)
"""The campaign levels a faction chooses among each month."""


def intensity(level: int, dynamics: Dynamics) -> float:
    """x_c: pause_rate_factor when suspended, 1 going on, campaign_escalation escalated."""
    if level <= SUSPEND:
        return float(dynamics.pause_rate_factor)
    if level >= ESCALATE:
        return float(dynamics.campaign_escalation)
    return 1.0


def campaign_gain(
    grievance: float, progress: float, concession: float, sponsor: float, mobilisation: float = 1.0
) -> float:
    """What a unit of campaign buys: pressure worth the grievance on the part of the gap that
    commitments in force will not close, more where the target has been seen to give way under
    attacks, as far as the patron encourages (or less as it restrains), and as an outside
    mobilisation M makes the cause worth more this month.

    b = G (1 - pi) (1 + epsilon) max(0, 1 + sigma) M
    """
    share = grievance * (1.0 - progress) * (1.0 + concession)
    return share * max(0.0, 1.0 + sponsor) * mobilisation
