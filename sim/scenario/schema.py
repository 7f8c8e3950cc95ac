"""The scenario format as typed models: unknown keys, wrong types and bad ranges are errors.

Cross-references (actors named by tracks, issues named by positions, fact IDs) are checked in
:mod:`sim.scenario.checks`, which needs the whole scenario at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from agents.decisions import KINDS
from sim.calendar import MonthField
from sim.scenario.quantity import FACT_ID, NonNegative, Positive, Real, Share, Signed
from sim.scenario.quantity import Quantity as Q

MAX_ISSUES = 50
MAX_ACTORS = 100
MAX_TRACKS = 100
MAX_INJECTS = 2_000
MAX_RULES = 500
"""Limits on the size of a scenario: far above any real one, low enough to fail fast."""

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


def keyed_by_id(value: object, what: str, example: str) -> object:
    """Refuse the old list form of a keyed section with a message that shows the new form.

    Entries are keyed by id so that a child scenario adds, replaces or removes one by its id
    (see :mod:`sim.scenario.compose`); a list would be replaced whole, losing the parent's.
    """
    if isinstance(value, list):
        raise ValueError(
            f"{what} are keyed by id, not listed: write {example} (a child scenario then adds, "
            "replaces or removes entries by id)"
        )
    return value


class Strict(BaseModel):
    """Base for every section: unknown keys are errors, values are checked on assignment too."""

    model_config = ConfigDict(
        extra="forbid", frozen=False, validate_default=False, allow_inf_nan=False, defer_build=True
    )


class Meta(Strict):
    title: str
    summary: str
    sources: list[str] = []
    notes: str = ""


class Calendar(Strict):
    start: MonthField
    steps: int = Field(strict=True, ge=1, le=600)
    step_months: int = Field(strict=True, default=1, ge=1, le=12)


class Issue(Strict):
    label: str
    min: Real
    max: Real
    units: str
    status_quo: Real
    description: str = ""
    # min < status_quo <= max is checked in sim.scenario.checks, at the key that breaks it


class Stance(Strict):
    """An actor's ideal point on one issue (in the issue's units) and how much it cares."""

    position: Real
    salience: Share


class Bloc(Strict):
    """A parliamentary bloc: seats, and either fixed stances or an actor it follows."""

    name: str
    seats: NonNegative
    follows: str | None = None
    positions: dict[str, Stance] = {}

    @model_validator(mode="after")
    def _one_way(self) -> Bloc:
        if (self.follows is None) == (not self.positions):
            raise ValueError("a bloc needs exactly one of 'follows' (an actor) or 'positions'")
        return self


class Parliament(Strict):
    quorum: Share = Q(0.5)
    faction_veto: Share = Q(0.2)
    blocs: dict[Identifier, Bloc]


class Mandate(Strict):
    """A demand parliament put on the government's agenda (a vote to expel foreign forces):
    the level it demands on an issue (issue units) and the share of all seats that voted for
    it. It binds no timetable; it presses the government while the issue is far from it."""

    issue: str
    to: Real
    support: Share
    since: MonthField | None = None


class Domestic(Strict):
    """The home front of a government: money, power, stability, parliament and its demands."""

    stability: Share = Q(0.5)
    spending: Positive = Q(1.0)
    income: Positive = Q(1.0)
    power_shortfall: Share = Q(0.0)
    summer_shortfall: Share = Q(0.0)
    stability_speed: Share = Q(0.2)
    fiscal_weight: Share = Q(0.35)
    power_weight: Share = Q(0.2)
    violence_weight: Share = Q(0.3)
    home_concession: Share = Q(0.1)
    arrest_resolve: Share = Q(0.3)
    host_min_stability: Share = Q(0.2)
    caretaker_weight: Share = Q(0.15)
    formation_chance: Share = Q(0.2)
    parliament: Parliament | None = None
    mandates: dict[Identifier, Mandate] = {}


class Behaviour(Strict):
    """Behaviour parameters; each kind of actor reads the ones that apply to it."""

    concession: Share = Q(0.2)
    conflict_cost: Share = Q(0.2)
    join_trust: Share = Q(0.15)
    attack_propensity: Share = Q(0.0)
    spoiler_propensity: Share = Q(0.0)
    revenge: Share = Q(0.2)
    grievance_memory: Share = Q(0.7)
    strike_resolve: Share = Q(0.0)
    strike_threshold: NonNegative = Q(2.0)
    protest_propensity: Share = Q(0.0)
    target: str | None = None
    patron: str | None = None
    pause_propensity: Share = Q(0.0)
    pause_end: Share = Q(0.2)
    attack_concession: Share = Q(0.0)
    proxy_control: Share = Q(0.0)
    order_issues: dict[str, Literal["decrease", "increase"]] = {}
    order_ideals: dict[str, Real] = {}  # in issue units; absent: the actor's own position
    order_cut: Share = Q(1.0)
    order_propensity: Share = Q(0.0)
    order_gap: Share = Q(0.1)
    order_months: int = Field(strict=True, default=3, ge=1, le=120)
    order_patience: int = Field(strict=True, default=0, ge=0, le=120)


class PolicySpec(Strict):
    """Who takes an actor's decisions: the built-in heuristics or a script (with fallback)."""

    name: Literal["heuristic", "scripted"] = "heuristic"
    script: dict[Identifier, ScriptedDecision] = {}

    @field_validator("script", mode="before")
    @classmethod
    def _keyed(cls, value: object) -> object:
        return keyed_by_id(value, "script entries", "script: {some_id: {date: ..., decision: ...}}")


class ScriptedDecision(Strict):
    date: MonthField
    decision: Literal[KINDS]  # type: ignore[valid-type]  # the names of agents.decisions
    choice: bool | float
    track: str | None = None
    reason: str = "scripted"


PolicySpec.model_rebuild()


class Actor(Strict):
    name: str
    kind: Literal["state", "government", "faction", "movement"]
    capability: Positive
    risk: Signed = Q(0.0)
    positions: dict[str, Stance] = {}
    trust: dict[str, Share] = {}
    behaviour: Behaviour = Behaviour()
    domestic: Domestic | None = None
    policy: PolicySpec = PolicySpec()
    aliases: list[str] = []
    description: str = ""

    @model_validator(mode="after")
    def _domestic_for_governments(self) -> Actor:
        if self.domestic is not None and self.kind != "government":
            raise ValueError(f"only a government has a 'domestic' section, not a {self.kind}")
        return self


class CompromiseProtocol(Strict):
    name: Literal["compromise"]


class SpatialProtocol(Strict):
    name: Literal["spatial"]
    model: Literal["smp", "compromise", "weighted_median", "expected_utility"] = "smp"
    options: dict[str, str | int | float | bool] = {}  # checked by the model's declaration


class AlternatingOffersProtocol(Strict):
    """Two parties take turns offering; a refused offer passes the turn; ``deadline`` offers.

    ``reservation`` (issue units, per party and issue) is the worst deal a party accepts;
    ``discount`` the share of a deal's surplus left after one round of delay.
    """

    name: Literal["alternating_offers"]
    deadline: int = Field(default=6, ge=1, le=120)
    discount: Share = Q(0.9)
    first: str | None = None
    reservation: dict[str, dict[str, Real]] = {}


Protocol = Annotated[
    CompromiseProtocol | SpatialProtocol | AlternatingOffersProtocol, Field(discriminator="name")
]


class Phase(Strict):
    """A milestone of an agreement: ``share`` of the change done ``months`` after agreeing."""

    months: int = Field(strict=True, ge=1, le=240)
    share: Share


def check_phases(phases: list[Phase]) -> None:
    """Milestones come in order, shares grow, and the last one completes the change."""
    if not phases:
        return
    months = [p.months for p in phases]
    shares = [float(p.share) for p in phases]
    if months != sorted(set(months)) or shares != sorted(shares):
        raise ValueError("schedule phases need growing months and shares")
    if shares[-1] != 1.0:
        raise ValueError("the last phase of a schedule must have share 1 (the whole change)")


class ConfidenceBuilding(Strict):
    """Between rounds, trust above ``trust_reference`` moves parties' ambitions toward one end
    of the track's issues (full relations, say); trust below it moves them back."""

    rate: Share
    toward: Literal["max", "min"] = "max"
    trust_reference: Share = Q(0.2)


class Convening(Strict):
    """How the parties convene rounds of their own between and after the dated ones.

    Each month a party proposes a round with probability 1 - exp(-rate * ripeness), where
    ripeness is its expected gain from a round, raised by the stalemate's cost and less the
    cost of a round (docs/model.md, "Talks convened by the actors"). ``min_months`` is the
    preparation a round needs after the last one; ``patience`` the rounds in a row without an
    agreement after which a party with nothing left to gain abandons the track.
    """

    rate: NonNegative = Q(3.0)
    round_cost: Share = Q(0.02)
    min_months: int = Field(strict=True, default=2, ge=1, le=120)
    patience: int = Field(strict=True, default=3, ge=1, le=100)


class Track(Strict):
    """A negotiation: issues, parties, who may host or mediate, a protocol, dated rounds (the
    documented calendar, as invitations a party may refuse) and how the parties convene more."""

    label: str
    issues: list[str] = Field(min_length=1)
    parties: list[str] = Field(min_length=2)
    stakeholders: list[str] = []
    host: str | None = None
    mediator: str | None = None
    protocol: Protocol
    rounds: list[MonthField] = []
    every: int | None = Field(strict=True, default=None, ge=1, le=120)
    start: MonthField | None = None
    end: MonthField | None = None
    must_accept: list[str] | None = None
    ratification: list[str] = []
    max_change_per_step: dict[str, NonNegative] = {}
    mediation_bonus: Share = Q(0.1)
    agreement_chance: Share = Q(0.7)
    step_limit: dict[str, NonNegative] = {}
    settlement_gap: Share = Q(0.05)
    closes_on_settlement: bool = True
    schedule: list[Phase] = []
    confidence_building: ConfidenceBuilding | None = None
    convening: Convening | None = Field(default_factory=Convening)
    opens: Literal["open", "sought"] = "open"

    @model_validator(mode="after")
    def _phases(self) -> Track:
        check_phases(self.schedule)
        return self

    @model_validator(mode="after")
    def _two_sides(self) -> Track:
        protocol = self.protocol
        if protocol.name != "alternating_offers":
            return self
        if len(self.parties) != 2:
            raise ValueError("alternating offers need exactly two parties")
        named = [protocol.first] if protocol.first else []
        outsiders = [a for a in [*named, *protocol.reservation] if a not in self.parties]
        if outsiders:
            raise ValueError(f"protocol names {outsiders[0]!r}, who is not a party")
        stray = [i for r in protocol.reservation.values() for i in r if i not in self.issues]
        if stray:
            raise ValueError(f"reservation names issue {stray[0]!r}, not one of the track's")
        return self

    @model_validator(mode="after")
    def _schedule(self) -> Track:
        if self.rounds and self.every is not None:
            raise ValueError("a track takes 'rounds' (dates) or 'every' (months), not both")
        if not self.rounds and self.every is None and self.convening is None:
            raise ValueError(
                "a track with 'convening: null' needs 'rounds' (dates) or 'every' (months)"
            )
        if self.opens == "sought" and (self.rounds or self.every is not None):
            raise ValueError("a track that opens when sought ('opens: sought') has no dated rounds")
        if self.opens == "sought" and self.convening is None:
            raise ValueError("a track that opens when sought needs 'convening'")
        return self


class Change(Strict):
    """``to`` sets a value; ``by`` adds to it. Exactly one is given."""

    to: float | None = None
    by: float | None = None

    @model_validator(mode="after")
    def _one(self) -> Change:
        if (self.to is None) == (self.by is None):
            raise ValueError("give exactly one of 'to' or 'by'")
        return self


class PositionEffect(Change):
    kind: Literal["position", "salience"]
    actor: str
    issue: str


class ActorEffect(Change):
    kind: Literal["capability", "grievance"]
    actor: str


class TrustEffect(Change):
    kind: Literal["trust"]
    actor: str
    toward: str


class StatusQuoEffect(Change):
    kind: Literal["status_quo"]
    issue: str


class WorldEffect(Change):
    kind: Literal["tension"]


class DomesticEffect(Change):
    kind: Literal["domestic"]
    actor: str
    variable: Literal["stability", "spending", "income", "power_shortfall", "summer_shortfall"]


class SeatsEffect(Change):
    kind: Literal["seats"]
    actor: str
    bloc: str


class UnilateralEffect(Strict):
    """An actor orders an issue alone, e.g. a drawdown without an agreement.

    The order binds until the same actor orders again or rescinds it; agreements on the issue
    meanwhile are deferred. ``months`` (or ``schedule`` phases) set its pace.
    """

    kind: Literal["unilateral"]
    actor: str
    issue: str
    to: float
    months: int = Field(strict=True, default=1, ge=1, le=240)
    schedule: list[Phase] = []
    max_change_per_step: NonNegative | None = None

    @model_validator(mode="after")
    def _phases(self) -> UnilateralEffect:
        check_phases(self.schedule)
        return self


class RescindEffect(Strict):
    """An actor lifts its order on an issue (a new administration, say)."""

    kind: Literal["rescind"]
    actor: str
    issue: str


class OrderIdealEffect(Strict):
    """A new head of state with another aim for the issue he may order alone (issue units);
    no ``to``: the state's own negotiating position, as when a new president wants what his
    negotiators want."""

    kind: Literal["order_ideal"]
    actor: str
    issue: str
    to: float | None = None


class ElectionEffect(Strict):
    """Elections: the government turns caretaker until a new one is formed."""

    kind: Literal["election"]
    actor: str


class BehaviourEffect(Change):
    """An outside shock to a behaviour coefficient (a patron's new line, a new leader)."""

    kind: Literal["behaviour"]
    actor: str
    key: Literal[
        "attack_propensity",
        "spoiler_propensity",
        "revenge",
        "strike_resolve",
        "protest_propensity",
        "pause_propensity",
        "pause_end",
        "attack_concession",
        "proxy_control",
        "order_propensity",
        "order_cut",
        "concession",
        "conflict_cost",
        "join_trust",
    ]


class AttackEffect(Strict):
    kind: Literal["attack"]
    actor: str
    count: int = Field(strict=True, default=1, ge=1, le=1000)


class StrikeEffect(Strict):
    kind: Literal["strike"]
    actor: str
    target: str


class MobilisationEffect(Strict):
    """An outside shock to armed factions (a patron's call to arms, a killing abroad, a
    religious date): each named faction's attack intensity is multiplied by ``factor`` for
    ``months`` steps, this one included; the count keeps its negative-binomial spread."""

    kind: Literal["mobilisation"]
    actors: list[str] = Field(min_length=1, max_length=MAX_ACTORS)
    factor: float = Field(gt=0.0, le=20.0)
    months: int = Field(strict=True, default=1, ge=1, le=24)


class TrackEffect(Strict):
    """Suspend a track, or spoil it (suspension plus lost trust between its parties)."""

    kind: Literal["suspend", "spoil", "resume"]
    track: str
    months: int = Field(strict=True, default=1, ge=0, le=120)
    trust_loss: Share | None = None


class TableEffect(Strict):
    """A deal two parties of a track have already agreed between themselves (a proposal made
    and accepted in a classroom): the track holds a round this month with ``deal`` (issue units,
    every issue of the track) on the table, and the rest of the way is any round's: the other
    parties attend and accept, the home fronts ratify, the schedule carries it out."""

    kind: Literal["table"]
    track: str
    deal: dict[str, float] = Field(min_length=1, max_length=MAX_ISSUES)
    parties: list[str] = Field(min_length=1, max_length=2)


Effect = Annotated[
    PositionEffect
    | ActorEffect
    | TrustEffect
    | StatusQuoEffect
    | WorldEffect
    | DomesticEffect
    | SeatsEffect
    | UnilateralEffect
    | RescindEffect
    | OrderIdealEffect
    | ElectionEffect
    | BehaviourEffect
    | AttackEffect
    | StrikeEffect
    | MobilisationEffect
    | TrackEffect
    | TableEffect,
    Field(discriminator="kind"),
]


class Inject(Strict):
    date: MonthField
    label: str
    effects: list[Effect] = Field(min_length=1)
    source: list[str] | Literal["judgement"] | None = None
    reason: str = ""

    @model_validator(mode="after")
    def _provenance(self) -> Inject:
        if isinstance(self.source, list):
            bad = [s for s in self.source if not FACT_ID.match(s)]
            if not self.source or bad:
                raise ValueError(f"source must list fact IDs such as [F09], got {self.source!r}")
        elif self.source == "judgement" and not self.reason.strip():
            raise ValueError("source: judgement needs a one-line reason")
        return self


class Rule(Strict):
    """A stochastic event: each step, if ``when`` holds, it fires with ``probability``."""

    label: str
    when: str = ""
    probability: Share
    effects: list[Effect] = Field(min_length=1)
    start: MonthField | None = None
    end: MonthField | None = None
    max_times: int | None = Field(strict=True, default=None, ge=1, le=10_000)


class Events(Strict):
    """Dated injects and stochastic rules, each keyed by an id; injects of one step fire in
    the order they appear (a parent's first, then the child's new ones)."""

    injects: dict[Identifier, Inject] = Field(default={}, max_length=MAX_INJECTS)
    rules: dict[Identifier, Rule] = Field(default={}, max_length=MAX_RULES)

    @field_validator("injects", mode="before")
    @classmethod
    def _keyed(cls, value: object) -> object:
        return keyed_by_id(value, "injects", "injects: {some_id: {date: ..., label: ...}}")


class Dynamics(Strict):
    """World-level coefficients of violence, escalation and confidence building."""

    tension: Share = Q(0.3)
    tension_cooling: Share = Q(0.15)
    attack_tension: Share = Q(0.06)
    strike_tension: Share = Q(0.15)
    strike_deterrence: Share = Q(0.35)
    arrest_deterrence: Share = Q(0.25)
    deterrence_decay: Share = Q(0.2)
    attack_trust_loss: Share = Q(0.03)
    strike_trust_loss: Share = Q(0.05)
    attack_stability_loss: Share = Q(0.01)
    strike_stability_loss: Share = Q(0.04)
    round_trust_gain: Share = Q(0.02)
    spoil_months: int = Field(strict=True, default=2, ge=0, le=24)
    spoil_trust_loss: Share = Q(0.05)
    protest_stability_loss: Share = Q(0.02)
    memory_months: int = Field(strict=True, default=3, ge=1, le=24)
    attack_rate: NonNegative = Q(6.0)
    attack_dispersion: Positive | None = Q(2.0)
    pause_rate_factor: Share = Q(0.2)
    strike_capability_loss: Share = Q(0.1)
    campaign_escalation: Positive = Q(1.5)
    campaign_effort: NonNegative = Q(1.0)
    strike_fear: NonNegative = Q(1.5)
    agreement_trust_gain: Share = Q(0.05)
    fail_trust_loss: Share = Q(0.05)
    round_trust_weight: Share = Q(0.6)
    round_host_weight: Share = Q(0.4)
    round_tension_weight: Share = Q(0.3)
    round_failure: Share = Q(0.3)
    host_standing: Share = Q(0.05)
    defect_cost: Share = Q(0.05)
    defect_trust_loss: Share = Q(0.2)
    integration_issue: str | None = None
    arrest_integration: NonNegative = Q(0.0)
    attack_integration: NonNegative = Q(0.0)


FigureName = Literal["positions", "status_quo", "violence", "domestic", "trust"]


class Outputs(Strict):
    figures: list[FigureName] = ["positions", "status_quo", "violence", "domestic", "trust"]
    dpi: int = Field(strict=True, default=100, ge=30, le=600)


class InitialState(Strict):
    """Start from a state: another scenario's at a month (run with this run's seed unless
    ``seed`` is given), or a ``state.json`` that a run wrote. Paths are relative to the file
    that names them."""

    scenario: str | None = None
    at: MonthField | None = None
    file: str | None = None
    seed: int | None = Field(strict=True, default=None, ge=0, lt=2**63)

    @model_validator(mode="after")
    def _one_source(self) -> InitialState:
        if (self.scenario is None) == (self.file is None):
            raise ValueError("give exactly one of 'scenario' (with 'at') or 'file'")
        if self.scenario is not None and self.at is None:
            raise ValueError("'at' names the month whose state the run starts from")
        if self.file is not None and self.at is not None:
            raise ValueError("a state file carries its own date: leave out 'at'")
        return self


class Scenario(Strict):
    """A whole scenario after ``extends`` and overrides: what one run needs."""

    meta: Meta
    calendar: Calendar
    seed: int = Field(strict=True, default=0, ge=0, lt=2**63)
    issues: dict[Identifier, Issue] = Field(min_length=1, max_length=MAX_ISSUES)
    actors: dict[Identifier, Actor] = Field(min_length=1, max_length=MAX_ACTORS)
    government: str | None = None
    tracks: dict[Identifier, Track] = Field(default={}, max_length=MAX_TRACKS)
    events: Events = Events()
    dynamics: Dynamics = Dynamics()
    outputs: Outputs = Outputs()
    initial_state: InitialState | None = None
    _source: str | None = PrivateAttr(default=None)

    @property
    def source(self) -> str | None:
        """The file this scenario was loaded from (None if built in memory): its id names the
        run's records. Not part of the data, so not in ``model_dump``."""
        return self._source
