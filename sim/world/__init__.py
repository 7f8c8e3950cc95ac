"""The world: everything a step reads and writes, in one place.

The Mesa model builds the world and calls the phases (:mod:`sim.phases`) in order; each phase is
a function of the world and the step's random draws. Nothing here imports the model or a phase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from agents.decisions import Choice, Decision, Question
from agents.policies import HeuristicPolicy
from sim.eventlog import EventLog
from sim.world.clock import Clock
from sim.world.commitments import Ledger
from sim.world.counts import COUNTS, Counts
from sim.world.memory import AttackMemory
from sim.world.scales import Scales

if TYPE_CHECKING:
    from agents import ActorAgent, FactionAgent, GovernmentAgent, MovementAgent, StateAgent
    from sim.negotiation.track import TrackState
    from sim.scenario.conditions import Comparison
    from sim.scenario.schema import Dynamics, Rule, Scenario

__all__ = ["COUNTS", "AttackMemory", "Clock", "Counts", "Ledger", "Scales", "World"]


@dataclass
class World:
    """The state of one run: clock, scales, status quo, tension, actors, tracks, memory, log,
    and the run's random generator (the model draws each step's numbers from it)."""

    scenario: Scenario
    clock: Clock
    scales: Scales
    status_quo: dict[str, float]
    tension: float
    actors: dict[str, ActorAgent]
    government: GovernmentAgent | None
    tracks: dict[str, TrackState]
    memory: AttackMemory
    log: EventLog
    rng: np.random.Generator
    seed: int
    ledger: Ledger = field(default_factory=Ledger)
    counts: Counts = field(default_factory=Counts)
    agreements: list[dict] = field(default_factory=list)
    rules: dict[str, tuple[Rule, list[Comparison]]] = field(default_factory=dict)
    rule_counts: dict[str, int] = field(default_factory=dict)
    _rows: dict[str, int] = field(default_factory=dict, repr=False)
    _kinds: dict[str, list] = field(default_factory=dict, repr=False)

    @property
    def dynamics(self) -> Dynamics:
        return self.scenario.dynamics

    def of_kind(self, kind: str) -> list:
        """Actors of one kind, in scenario order (a new list each time; the cast is made once,
        as for :meth:`index`: a run neither adds nor removes actors)."""
        kinds = self._cast()
        if kind not in kinds:
            kinds[kind] = [a for a in self.actors.values() if a.kind == kind]
        return list(kinds[kind])

    @property
    def factions(self) -> list[FactionAgent]:
        return self.of_kind("faction")

    @property
    def states(self) -> list[StateAgent]:
        return self.of_kind("state")

    @property
    def movements(self) -> list[MovementAgent]:
        return self.of_kind("movement")

    def index(self, actor_id: str) -> int:
        """The actor's row in the step's draws (its place in scenario order)."""
        self._cast()
        return self._rows[actor_id]

    def _cast(self) -> dict[str, list]:
        """The rows and the lists by kind, made again only when the actors change (a run
        neither adds nor removes any; a world is filled after it is made)."""
        if len(self._rows) != len(self.actors):
            self._rows = {a: row for row, a in enumerate(self.actors)}
            self._kinds = {}
        return self._kinds

    def ask(self, actor: ActorAgent, question: Question, track: str | None = None) -> Choice:
        """Put a question to the actor's policy; log the answer with its reason. (The model's
        own policy answers from the question alone, so where nothing is logged it is asked
        for its answer alone: no decision around it, no reason in words.)"""
        if type(actor.policy) is HeuristicPolicy and not self.log.keeps:
            return Choice(question.answer(), "")
        decision = Decision(question, actor.actor_id, self.clock.step, self.clock.date, track)
        choice = actor.policy.decide(decision)
        self.log.decision(decision, choice)
        return choice

    def faction_pressure(self) -> float:
        """Capability-weighted mean grievance of the armed factions, in [0, 1]."""
        factions = self.factions
        total = sum(f.capability for f in factions)
        return sum(f.capability * f.grievance for f in factions) / total if total > 0 else 0.0

    def raise_tension(self, amount: float, times: int = 1) -> None:
        """Each of ``times`` shocks closes ``amount`` of the gap to 1: tension saturates."""
        self.tension = 1.0 - (1.0 - self.tension) * (1.0 - amount) ** times

    def move_status_quo(self, issue: str, by: float) -> None:
        """Shift an issue's status quo by a normalised amount, kept on [0, 1]."""
        self.status_quo[issue] = min(1.0, max(0.0, self.status_quo[issue] + by))
