"""The base actor: capability, positions, saliences, risk attitude, trust and a policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

import mesa

from agents.decisions import Policy

if TYPE_CHECKING:
    from sim.scenario.schema import Actor as ActorSpec
    from sim.world.scales import Scales


StateKind = Literal[
    "positions", "saliences", "trust", "number", "flag", "weights", "offsets", "step", "levels"
]
"""How a field is kept and carried over in ``state.json`` (see :mod:`sim.world.snapshot`):

- ``positions``: issue -> normalised position, stored in the issue's units;
- ``saliences``: issue -> weight in [0, 1], stored as is, restored for issues the actor has;
- ``trust``: other actor -> trust in [0, 1], stored sorted, restored for actors the world has;
- ``number`` / ``flag``: a float / a bool;
- ``weights``: name -> float (parliament seats), stored and restored whole;
- ``offsets``: issue -> normalised shift, stored in the issue's units (a width, not a level);
- ``step``: a step of the run, stored as the month it falls in;
- ``levels``: issue -> normalised level that may come and go (a leader's aim), stored in the
  issue's units and restored whole, for the issues the world has.
"""


@dataclass(frozen=True)
class StateField:
    """One attribute of an actor's state: what a run's future depends on and a snapshot keeps.

    ``recorded`` puts the field in the time series (one column per actor of the kind);
    ``shown`` puts it in the private report a player of the actor reads (a number as a
    percentage, a flag in ``words``: what it says when true, when false)."""

    name: str
    kind: StateKind
    recorded: bool = False
    shown: bool = False
    words: tuple[str, str] | None = None


class ActorAgent(mesa.Agent):
    """An actor of the scenario. Positions are kept on each issue's scale normalised to [0, 1].

    Agents hold their own state and the equations of their behaviour; the phases in
    :mod:`sim.phases` decide when they act and put every choice to their policy.
    """

    kind = "actor"

    STATE: ClassVar[tuple[StateField, ...]] = (
        StateField("positions", "positions"),
        StateField("saliences", "saliences"),
        StateField("capability", "number"),
        StateField("trust", "trust"),
    )
    """The actor's state, declared once: snapshot, restore, the record and the classroom's
    private report all read this. Every other attribute is a parameter or wiring
    (:attr:`WIRING`), fixed for the run except ``behaviour``, whose changes a snapshot keeps."""

    WIRING: ClassVar[frozenset[str]] = frozenset(
        {"actor_id", "name", "risk", "behaviour", "policy", "domestic", "scales"}
    )

    def __init__(
        self, model: mesa.Model, actor_id: str, spec: ActorSpec, scales: Scales, policy: Policy
    ) -> None:
        super().__init__(model)
        self.actor_id = actor_id
        self.name = spec.name
        self.capability = float(spec.capability)
        self.risk = float(spec.risk)
        self.behaviour = spec.behaviour
        self.policy = policy
        self.scales = scales
        self.positions = {
            issue: scales.normalise(issue, float(stance.position))
            for issue, stance in spec.positions.items()
        }
        self.saliences = {issue: float(stance.salience) for issue, stance in spec.positions.items()}
        self.trust = {other: float(value) for other, value in spec.trust.items()}

    @property
    def positions_in_units(self) -> dict[str, float]:
        """Positions as outputs report them, in each issue's units (``positions`` holds the
        model's [0, 1] values, which its arithmetic uses)."""
        return {issue: self.scales.denormalise(issue, p) for issue, p in self.positions.items()}

    @property
    def effective_capability(self) -> float:
        """Capability as it counts in bargaining now (governments lose some when unstable)."""
        return self.capability

    def trust_in(self, other: str) -> float:
        """Trust toward another actor; none stated means neutral (0.5)."""
        return self.trust.get(other, 0.5)

    def shift_trust(self, other: str, amount: float) -> None:
        if other != self.actor_id:
            self.trust[other] = min(1.0, max(0.0, self.trust_in(other) + amount))

    def utility(self, outcome: dict[str, float], issues: list[str]) -> float:
        """Salience-weighted utility in [0, 1] of an outcome: 1 - distance ** 2 ** risk.

        A risk-averse actor (risk > 0) has a concave utility, a risk-acceptant one a convex one.
        """
        exponent = 2.0**self.risk
        positions, saliences = self.positions, self.saliences
        held = [issue for issue in issues if issue in positions]  # no stance: no weight
        weights = [saliences.get(issue, 0.0) for issue in held]
        total = sum(weights)
        if total <= 0:
            return 1.0
        return (
            sum(
                [
                    w * (1.0 - abs(outcome[issue] - positions[issue]) ** exponent)
                    for w, issue in zip(weights, held, strict=True)
                ]
            )
            / total
        )

    def home_pressure(self, status_quo: dict[str, float], issues: list[str]) -> float:
        """What demands at home on these issues cost the actor while unmet (0: none)."""
        return 0.0

    def gap(self, status_quo: dict[str, float]) -> float:
        """Salience-weighted distance in [0, 1] between the status quo and this actor's ideals."""
        saliences, positions = self.saliences, self.positions
        total = sum(saliences.values())
        if total <= 0:
            return 0.0
        return (
            sum([s * abs(status_quo[issue] - positions[issue]) for issue, s in saliences.items()])
            / total
        )
