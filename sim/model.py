"""The Crossroads model: Mesa owns the agents and the clock; each step runs the phases in order.

Step order: injects and stochastic rules -> negotiation rounds due -> violence and responses ->
domestic politics -> implementation of agreements -> record.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from agents import AGENT_CLASSES, ActorAgent, FactionAgent, GovernmentAgent, Policy, policy_for
from sim.calendar import Month
from sim.effects import apply_effect
from sim.eventlog import EventLog
from sim.negotiation import make_protocol
from sim.negotiation.rounds import TrackState, hold_round
from sim.recorder import Recorder
from sim.scenario.checks import government_id
from sim.scenario.conditions import parse_condition
from sim.scenario.schema import Scenario, Track
from sim.violence import DRAW_COLUMNS, Violence


class CrossroadsModel(mesa.Model):
    """One run of a scenario. All randomness comes from one numpy Generator seeded per run."""

    def __init__(
        self, scenario: Scenario, seed: int | None = None, policies: dict[str, Policy] | None = None
    ) -> None:
        self.seed = scenario.seed if seed is None else seed
        super().__init__(rng=np.random.default_rng(self.seed))
        self.scenario = scenario
        self.start: Month = scenario.calendar.start
        self.log = EventLog(lambda: (self.steps, self.date))
        self.scales = {i: (float(s.min), float(s.max)) for i, s in scenario.issues.items()}
        self.status_quo = {
            i: self.normalise(i, float(s.status_quo)) for i, s in scenario.issues.items()
        }
        self.tension = float(scenario.dynamics.tension)
        self.targets: dict[str, tuple[float, float | None, str]] = {}
        self.agreements: list[dict[str, Any]] = []
        self.rounds_this_step: set[str] = set()
        self.actors: dict[str, ActorAgent] = {}
        for actor_id, spec in scenario.actors.items():
            policy = (policies or {}).get(actor_id) or policy_for(
                spec.policy.name, spec.policy.script.values()
            )
            cls = AGENT_CLASSES[spec.kind]
            self.actors[actor_id] = cls(self, actor_id, spec, self.scales, policy)
        self.actor_index = {actor_id: row for row, actor_id in enumerate(self.actors)}
        gov_id = government_id(scenario)
        gov = self.actors.get(gov_id) if gov_id else None
        self.government: GovernmentAgent | None = gov if isinstance(gov, GovernmentAgent) else None
        for faction in self._factions():
            faction.start(self.status_quo)
        self.tracks = {
            track_id: TrackState(
                track_id, spec, make_protocol(spec.protocol), self._due_steps(spec)
            )
            for track_id, spec in scenario.tracks.items()
        }
        self.rules = {
            rule_id: (rule, parse_condition(rule.when))
            for rule_id, rule in scenario.events.rules.items()
        }
        self.rule_counts = dict.fromkeys(self.rules, 0)
        self.violence = Violence(self)
        self.recorder = Recorder(self)
        self.recorder.record()

    # --- clock and scales -------------------------------------------------------------------
    @property
    def month(self) -> Month:
        """The month of the current step (the start month before the first step)."""
        months = max(self.steps - 1, 0) * self.scenario.calendar.step_months
        return self.start.plus(months)

    @property
    def date(self) -> str:
        """The current month as ``YYYY-MM``, as logs and series show it."""
        return str(self.month)

    def step_of(self, month: Month) -> int:
        """The step whose period contains ``month``."""
        return month.minus(self.start) // self.scenario.calendar.step_months + 1

    def _due_steps(self, track: Track) -> frozenset[int]:
        if track.rounds:
            return frozenset(self.step_of(m) for m in track.rounds)
        first = self.step_of(track.start) if track.start else 1
        last = self.step_of(track.end) if track.end else self.scenario.calendar.steps
        stride = max(1, track.every // self.scenario.calendar.step_months)
        return frozenset(range(max(first, 1), last + 1, stride))

    def normalise(self, issue: str, value: float) -> float:
        low, high = self.scales[issue]
        return (value - low) / (high - low)

    def denormalise(self, issue: str, value: float) -> float:
        low, high = self.scales[issue]
        return low + value * (high - low)

    # --- shared state helpers ---------------------------------------------------------------
    def _factions(self) -> list[FactionAgent]:
        return [a for a in self.actors.values() if isinstance(a, FactionAgent)]

    def faction_pressure(self) -> float:
        """Capability-weighted mean grievance of the armed factions, in [0, 1]."""
        factions = self._factions()
        total = sum(f.capability for f in factions)
        return sum(f.capability * f.grievance for f in factions) / total if total > 0 else 0.0

    def set_target(self, issue: str, value: float, cap: float | None, by: str) -> None:
        """Agreements and unilateral decisions set where an issue's status quo is heading."""
        self.targets[issue] = (min(1.0, max(0.0, value)), cap, by)

    def spoil(self, state: TrackState, trust_loss: float) -> None:
        """A spoiled round costs trust between every pair of the track's parties."""
        for a in state.spec.parties:
            for b in state.spec.parties:
                self.actors[a].shift_trust(b, -trust_loss)

    def variable(self, name: str) -> float:
        """The value of a condition variable (see :mod:`sim.scenario.conditions`)."""
        gov = self.government
        simple = {
            "tension": lambda: self.tension,
            "step": lambda: float(self.steps),
            "month": lambda: float(self.month.month),
            "attacks": lambda: float(self.violence.recent_attacks()),
            "strikes": lambda: float(self.violence.totals["strikes"]),
            "arrests": lambda: float(self.violence.totals["arrests"]),
            "stability": lambda: gov.stability,
            "fiscal_stress": lambda: gov.fiscal_stress,
            "power_shortfall": lambda: gov.power_shortfall(self.month.month),
        }
        if name in simple:
            return float(simple[name]())
        family, *parts = name.split(".")
        if family == "issue":
            return self.denormalise(parts[0], self.status_quo[parts[0]])
        if family == "position":
            return self.denormalise(parts[1], self.actors[parts[0]].positions[parts[1]])
        if family == "trust":
            return self.actors[parts[0]].trust_in(parts[1])
        if family == "grievance":
            return float(getattr(self.actors[parts[0]], "grievance", 0.0))
        if family == "agreed":
            return float(bool(self.tracks[parts[0]].agreements))
        if family == "rounds":
            return float(self.tracks[parts[0]].rounds_held)
        raise KeyError(name)

    # --- the step ---------------------------------------------------------------------------
    def step(self) -> None:
        n_actors, n_tracks = len(self.actors), len(self.tracks)
        draws = self.rng.random((n_actors, DRAW_COLUMNS))
        spoil_draws = self.rng.random((n_actors, max(n_tracks, 1)))
        rule_draws = self.rng.random(max(len(self.rules), 1))
        track_seeds = self.rng.integers(0, 2**63 - 1, size=max(n_tracks, 1))
        self.violence.begin_step()
        self._events(rule_draws)
        self._negotiations(track_seeds)
        self.violence.run_phase(draws, spoil_draws)
        self._domestic_politics()
        self._implementation()
        self.recorder.record()
        if self.steps >= self.scenario.calendar.steps:
            self.running = False

    def _events(self, rule_draws: np.ndarray) -> None:
        month = self.month
        for inject in self.scenario.events.injects.values():
            if self.step_of(inject.date) == self.steps:
                self.log.event("inject", label=inject.label)
                for effect in inject.effects:
                    apply_effect(self, effect, inject.label)
        for index, (rule_id, (rule, comparisons)) in enumerate(self.rules.items()):
            if (rule.start and month.minus(rule.start) < 0) or (
                rule.end and month.minus(rule.end) > 0
            ):
                continue
            if rule.max_times is not None and self.rule_counts[rule_id] >= rule.max_times:
                continue
            if not all(c.holds(self.variable(c.variable)) for c in comparisons):
                continue
            if rule_draws[index] < rule.probability:
                self.rule_counts[rule_id] += 1
                self.log.event("rule", rule=rule_id, label=rule.label, p=float(rule.probability))
                for effect in rule.effects:
                    apply_effect(self, effect, rule_id)

    def _negotiations(self, track_seeds: np.ndarray) -> None:
        self.rounds_this_step = set()
        for column, state in enumerate(self.tracks.values()):
            if state.is_due(self.steps):
                held = state.rounds_held
                hold_round(self, state, np.random.default_rng(int(track_seeds[column])))
                if state.rounds_held > held:
                    self.rounds_this_step.add(state.track_id)

    def _domestic_politics(self) -> None:
        gov = self.government
        if gov is None:
            return
        gov.update_stability(self.month.month, self.tension)
        factions = self._factions()
        pressure = self.faction_pressure()
        if not factions or pressure <= 0:
            return
        _, choice = gov.decide(
            "concede",
            pressure=pressure,
            suggested=float(gov.domestic.home_concession) * pressure,
        )
        share = min(1.0, max(0.0, float(choice.value)))
        for issue in gov.positions:
            holders = [f for f in factions if issue in f.positions]
            weight = sum(f.capability for f in holders)
            if weight > 0:
                ideal = sum(f.capability * f.positions[issue] for f in holders) / weight
                gov.positions[issue] += share * (ideal - gov.positions[issue])

    def _implementation(self) -> None:
        """Move each issue toward its target, at most the cap per step (in the issue's units)."""
        for issue in sorted(self.targets):
            target, cap, by = self.targets[issue]
            current = self.status_quo[issue]
            change = target - current
            if cap is not None:
                low, high = self.scales[issue]
                limit = cap / (high - low)
                change = max(-limit, min(limit, change))
            self.status_quo[issue] = current + change
            if abs(target - self.status_quo[issue]) < 1e-12:
                self.status_quo[issue] = target
                del self.targets[issue]
                self.log.event(
                    "implemented", issue=issue, by=by, value=self.denormalise(issue, target)
                )
