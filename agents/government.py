"""The government (Baghdad): a two-level game between talks abroad and politics at home."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

from agents.actor import ActorAgent, StateField

if TYPE_CHECKING:
    import mesa

    from agents.decisions import Policy
    from sim.scenario.schema import Actor as ActorSpec
    from sim.scenario.schema import Domestic
    from sim.world.scales import Scales


class GovernmentAgent(ActorAgent):
    """A government. With a domestic section it has stability, money, power and a parliament."""

    kind = "government"

    STATE: ClassVar[tuple[StateField, ...]] = (
        *ActorAgent.STATE,
        StateField("stability", "number"),
        StateField("spending", "number"),
        StateField("income", "number"),
        StateField("power_base", "number"),
        StateField("power_summer", "number"),
        StateField("seats", "weights"),
        StateField("caretaker", "flag"),
        StateField("caretaker_since", "step"),
        StateField("home_offset", "offsets"),
    )
    """Without a domestic section the home front stays as built: stable, no money, no seats."""

    def __init__(
        self, model: mesa.Model, actor_id: str, spec: ActorSpec, scales: Scales, policy: Policy
    ) -> None:
        super().__init__(model, actor_id, spec, scales, policy)
        self.domestic: Domestic | None = spec.domestic
        self.caretaker = False
        self.caretaker_since = 0
        self.home_offset: dict[str, float] = {}
        self.stability = 1.0
        self.spending = self.income = self.power_base = self.power_summer = 0.0
        self.seats: dict[str, float] = {}
        if self.domestic is not None:
            self.stability = float(self.domestic.stability)
            self.spending = float(self.domestic.spending)
            self.income = float(self.domestic.income)
            self.power_base = float(self.domestic.power_shortfall)
            self.power_summer = float(self.domestic.summer_shortfall)
            parliament = self.domestic.parliament
            self.seats = {
                b: float(bloc.seats) for b, bloc in (parliament.blocs if parliament else {}).items()
            }

    def home_pressure(self, status_quo: dict[str, float], issues: list[str]) -> float:
        """Parliament's unmet demands on these issues: sum over mandates of support x the
        distance between the issue and the level demanded (normalised), capped at 1."""
        mandates = self.domestic.mandates.values() if self.domestic else ()
        scales = self.scales
        pressure = sum(
            float(m.support) * abs(status_quo[m.issue] - scales.normalise(m.issue, float(m.to)))
            for m in mandates
            if m.issue in issues
        )
        return min(1.0, pressure)

    def home_front(self, month: int, faction_pressure: float) -> dict[str, float | int]:
        """This month's home front as the time series records it, column by column."""
        return {
            "stability": self.stability,
            "fiscal_stress": self.fiscal_stress,
            "power_shortfall": self.power_shortfall(month),
            "faction_pressure": faction_pressure,
            "caretaker": int(self.caretaker),
        }

    @property
    def effective_capability(self) -> float:
        """c * (0.5 + 0.5 * stability): an unstable government carries less weight abroad."""
        return self.capability * (0.5 + 0.5 * self.stability)

    @property
    def fiscal_stress(self) -> float:
        """1 - income / spending, clipped to [0, 1]: the share of spending not covered."""
        if self.domestic is None:
            return 0.0
        return min(1.0, max(0.0, 1.0 - self.income / self.spending))

    def power_shortfall(self, month: int) -> float:
        """Base shortfall plus a summer peak in July: b + a * max(0, cos(2 pi (month - 7) / 12))."""
        if self.domestic is None:
            return 0.0
        summer = max(0.0, math.cos(2.0 * math.pi * (month - 7) / 12.0))
        return min(1.0, max(0.0, self.power_base + self.power_summer * summer))

    def stability_target(self, month: int, tension: float) -> float:
        """S* = 1 - (w_F F + w_E E(m) + w_V tension + w_C caretaker), clipped to [0, 1]."""
        d = self.domestic
        if d is None:  # no home front: nothing pulls stability down
            return 1.0
        target = 1.0 - (
            d.fiscal_weight * self.fiscal_stress
            + d.power_weight * self.power_shortfall(month)
            + d.violence_weight * tension
            + d.caretaker_weight * (1.0 if self.caretaker else 0.0)
        )
        return min(1.0, max(0.0, target))

    def update_stability(self, month: int, tension: float) -> float:
        """Move stability a share of the way toward its target; return the target."""
        if self.domestic is None:
            return self.stability
        target = self.stability_target(month, tension)
        self.stability += self.domestic.stability_speed * (target - self.stability)
        self.stability = min(1.0, max(0.0, self.stability))
        return target

    def shift_stability(self, amount: float) -> None:
        self.stability = min(1.0, max(0.0, self.stability + amount))

    def arrest_probability(self) -> float:
        """p = arrest resolve * stability: a weak government arrests less."""
        if self.domestic is None:
            return 0.0
        return min(1.0, max(0.0, self.domestic.arrest_resolve * self.stability))

    def bend_to_home(self, share: float, ideals: dict[str, float]) -> None:
        """Shift stated positions ``share`` of the way toward the factions' ideals, reversibly.

        The shift is an offset on top of the government's own position: each month the previous
        offset is taken back and the new one, from this month's pressure, put on. When pressure
        falls, the position returns.
        """
        for issue, ideal in ideals.items():
            own = self.positions[issue] - self.home_offset.get(issue, 0.0)
            offset = share * (ideal - own)
            self.positions[issue] = own + offset
            self.home_offset[issue] = offset
