"""Decisions about force and the street: attacks, truces, sponsoring, spoiling, strikes,
arrests, protests and unilateral orders. Most follow a probability the model computed and the
step's uniform draw, so a person who answers as the model would changes nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from agents.chance import count_quantile
from agents.decisions.form import Count, Percentage
from agents.decisions.question import (
    Advice,
    ByChance,
    Choice,
    Question,
    Wording,
    pct,
)

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Attack(Question):
    """How many attacks this month? The model takes the draw's quantile of the count
    distribution (Poisson, or negative binomial with a dispersion) at the faction's rate."""

    kind = "attack"
    rate: float  # expected attacks this month
    dispersion: float | None  # negative-binomial dispersion; None for Poisson
    draw: float  # the step's uniform draw for this faction, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return scenario.actors[actor_id].kind == "faction"

    def heuristic(self) -> Choice:
        n = self.answer()
        return Choice(n, f"{n} attacks: draw {self.draw:.3f}, rate {self.rate:.2f}")

    def answer(self) -> int:
        return count_quantile(self.rate, self.dispersion, self.draw)

    def describe(self, wording: Wording) -> list[str]:
        return [
            "How many attacks this month?",
            f"  at your current grievance the expected number is {self.rate:.1f}",
            "  answer a whole number (0 for none)",
        ]

    FORM = Count(0, 1000, "attacks", "a number of attacks from 0 to 1000")


@dataclass(frozen=True)
class Pause(Question):
    """Be on truce after this month? The model switches (declares or ends a truce) when the
    draw falls below the switching probability."""

    kind = "pause"
    paused: bool  # on truce now
    progress: float  # share of the faction's gap the commitments in force will close, 0-1
    probability: float  # chance of switching this month, 0-1
    draw: float  # the step's uniform draw, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        actor = scenario.actors[actor_id]
        return actor.kind == "faction" and actor.behaviour.pause_propensity > 0

    def heuristic(self) -> Choice:
        switch = self.draw < self.probability
        verb = ("end pause" if self.paused else "declare pause") if switch else "keep"
        return Choice(self.answer(), f"{verb}: draw {self.draw:.3f} vs p {self.probability:.3f}")

    def answer(self) -> bool:
        return self.paused != (self.draw < self.probability)

    def describe(self, wording: Wording) -> list[str]:
        now = "on truce" if self.paused else "active"
        return [
            f"You are {now}. Be on truce after this month?",
            Advice(f"  the model switches with probability {pct(self.probability)}"),
            "  answer yes (truce) or no (active)",
        ]


@dataclass(frozen=True)
class Campaign(Question):
    """Suspend (0), go on (1) or escalate (2) the campaign this month? The model takes the level
    of highest value: what attacks buy against their effort and the strikes they draw."""

    kind = "campaign"
    current: int  # the level now: 0 suspended, 1 going on, 2 escalated
    suspend: float  # value of suspending (utility units)
    go_on: float  # value of going on
    escalate: float  # value of escalating
    gain: float  # what a unit of campaign buys, b
    risk: float  # the target's strike probability if the campaign goes on, 0-1
    struck: bool  # struck since the last decision

    LEVELS: ClassVar[tuple[str, str, str]] = ("suspend", "go on", "escalate")

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        actor = scenario.actors[actor_id]
        return actor.kind == "faction" and actor.behaviour.attack_propensity > 0

    def heuristic(self) -> Choice:
        level = self.answer()
        values = (self.suspend, self.go_on, self.escalate)
        words = ", ".join(f"{n} {v:.3f}" for n, v in zip(self.LEVELS, values, strict=True))
        return Choice(level, f"{self.LEVELS[level]}: {words}")

    def answer(self) -> int:
        """The best level; the current one while none is better."""
        values = (self.suspend, self.go_on, self.escalate)
        best = max(values)
        return self.current if values[self.current] >= best else values.index(best)

    def describe(self, wording: Wording) -> list[str]:
        hit = " You were struck since last month." if self.struck else ""
        return [
            f"Your campaign is now: {self.LEVELS[self.current]}.{hit} This month?",
            Advice(
                f"  the model values suspending {self.suspend:+.2f}, going on "
                f"{self.go_on:+.2f}, escalating {self.escalate:+.2f}"
            ),
            f"  if you go on, the enemy strikes back with probability {pct(self.risk)}",
            "  answer 0 (suspend), 1 (go on) or 2 (escalate)",
        ]

    FORM = Count(0, 2, "levels", "0 to suspend, 1 to go on, 2 to escalate")


@dataclass(frozen=True)
class Sponsor(Question):
    """Encourage (+) or restrain (-) one's client factions, a signal in [-1, 1]."""

    kind = "sponsor"
    suggested: float  # the model's signal, -1 to 1
    why: str  # the numbers behind it, in words

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        """A state with client factions and some control over them."""
        actor = scenario.actors[actor_id]
        clients = any(
            a.kind == "faction" and a.behaviour.patron == actor_id for a in scenario.actors.values()
        )
        return actor.kind == "state" and clients and actor.behaviour.proxy_control > 0

    def heuristic(self) -> Choice:
        signal = self.suggested
        verb = "encourage" if signal > 0 else "restrain"
        return Choice(signal, f"{verb} {abs(signal):.2f}: {self.why}")

    def answer(self) -> float:
        return self.suggested

    def describe(self, wording: Wording) -> list[str]:
        return [
            "Your signal to the factions close to you this month?",
            Advice(f"  the model would send {100 * self.suggested:+.0f}%"),
            "  answer a percentage from -100 (hold them back) to 100 (push them on)",
        ]

    FORM = Percentage(-1.0, 1.0, True, "a signal from -1 (restrain) to 1 (encourage)")


@dataclass(frozen=True)
class Spoil(ByChance, Question):
    """Attack a track's talks this month (they were held and a deal is on the table)?"""

    kind = "spoil"
    STANDING = "Spoil the {track} with an attack?"
    probability: float  # chance the faction spoils, from how much it dislikes the deal, 0-1
    draw: float  # the step's uniform draw for this faction and track, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        actor = scenario.actors[actor_id]
        spoiler = actor.kind == "faction" and actor.behaviour.spoiler_propensity > 0
        return spoiler and bool(scenario.tracks)

    def describe(self, wording: Wording) -> list[str]:
        return _likely(f"Attack the {wording.track} talks this month?", self.probability)


@dataclass(frozen=True)
class Strike(ByChance, Question):
    """Retaliate against the faction that attacked most in recent months?"""

    kind = "strike"
    probability: float  # chance of striking, 0-1
    draw: float  # the step's uniform draw, 0-1
    target: str  # the faction to strike
    recent_attacks: int  # attacks on the actor within the memory window

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        actor = scenario.actors[actor_id]
        return actor.kind == "state" and actor.behaviour.strike_resolve > 0

    def describe(self, wording: Wording) -> list[str]:
        target = wording.actor_name(self.target)
        asked = f"Strike {target}? ({self.recent_attacks} attacks on you in the last months)"
        return _likely(asked, self.probability)


@dataclass(frozen=True)
class Arrest(ByChance, Question):
    """Arrest a cell of the faction that attacked most this month?"""

    kind = "arrest"
    probability: float  # chance of arresting, 0-1
    draw: float  # the step's uniform draw, 0-1
    target: str  # the faction

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return governs(scenario, actor_id)

    def describe(self, wording: Wording) -> list[str]:
        return _likely(f"Arrest a cell of {wording.actor_name(self.target)}?", self.probability)


@dataclass(frozen=True)
class Protest(ByChance, Question):
    """Call one's supporters into the streets?"""

    kind = "protest"
    probability: float  # chance of protests, 0-1
    draw: float  # the step's uniform draw, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        actor = scenario.actors[actor_id]
        return actor.kind == "movement" and actor.behaviour.protest_propensity > 0

    def describe(self, wording: Wording) -> list[str]:
        return _likely("Call your supporters into the streets?", self.probability)


@dataclass(frozen=True)
class Order(ByChance, Question):
    """Order an issue to one's own position alone (a president's drawdown)?"""

    kind = "order"
    issue: str  # the issue ordered
    position: float  # the level ordered, issue units
    status_quo: float  # the issue now, issue units
    probability: float  # chance of ordering, 0-1
    draw: float  # the step's uniform draw, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        actor = scenario.actors[actor_id]
        b = actor.behaviour
        return actor.kind == "state" and bool(b.order_issues) and b.order_propensity > 0

    def describe(self, wording: Wording) -> list[str]:
        asked = (
            f"Order {wording.issue_label(self.issue)} to "
            f"{wording.amount(self.issue, self.position)} on your own "
            f"(now {wording.amount(self.issue, self.status_quo)})?"
        )
        return _likely(asked, self.probability)


def governs(scenario: Scenario, actor_id: str) -> bool:
    """The actor is the scenario's government with a home front (arrests, concessions)."""
    actor = scenario.actors[actor_id]
    return (
        actor.kind == "government"
        and actor.domestic is not None
        and scenario.government in (None, actor_id)
    )


def _likely(asked: str, probability: float) -> list[str]:
    return [
        asked,
        Advice(f"  the model would do it with probability {pct(probability)}"),
        "  answer yes or no",
    ]
