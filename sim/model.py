"""The Crossroads model: Mesa owns the agents and the clock; the world holds the state; each step
runs the phases in order.

Step order: events (injects, rules) -> negotiation -> violence and responses -> domestic politics
-> implementation -> record. Data flows one way: world -> phases -> records.
"""

from __future__ import annotations

import json
from functools import lru_cache

import mesa
import numpy as np

from agents import AGENT_CLASSES, FactionAgent, GovernmentAgent, Policy, policy_for
from sim.eventlog import EventLog, SilentLog
from sim.negotiation import make_protocol
from sim.negotiation.track import TrackState
from sim.phases import domestic, events, implementation, negotiation, violence
from sim.phases.draws import StepDraws
from sim.phases.record import Recorder
from sim.scenario.checks import government_id
from sim.scenario.conditions import parse_condition
from sim.scenario.schema import Scenario, Track
from sim.world import AttackMemory, Clock, Scales, World
from sim.world.snapshot import restore, snapshot

PHASES = (events.run, negotiation.run, violence.run, domestic.run, implementation.run)


class CrossroadsModel(mesa.Model):
    """One run of a scenario. All randomness comes from one numpy Generator seeded per run."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        policies: dict[str, Policy] | None = None,
        *,
        keep_events: bool = True,
    ) -> None:
        self.seed = scenario.seed if seed is None else seed
        super().__init__(rng=np.random.default_rng(self.seed))
        self.scenario = scenario
        self.world = build_world(self, scenario, policies or {}, keep_events)
        if scenario.initial_state is not None:
            restore(self.world, starting_state(scenario, self.seed))
        self.recorder = Recorder(self.world)
        self.recorder.record(self.world)

    @property
    def date(self) -> str:
        return self.world.clock.date

    def step(self) -> None:
        world = self.world
        world.clock.step = self.steps
        draws = StepDraws.draw(self.rng, len(world.actors), len(world.tracks), len(world.rules))
        world.memory.begin_step()
        world.counts.begin_step()
        for phase in PHASES:
            phase(world, draws)
        self.recorder.record(world)
        if self.steps >= world.clock.steps:
            self.running = False


def build_world(
    model: mesa.Model, scenario: Scenario, policies: dict[str, Policy], keep_events: bool = True
) -> World:
    """The world at the start of a run: agents made on ``model``, tracks scheduled, rules read;
    without ``keep_events`` the event log keeps nothing (nothing in a run reads it)."""
    calendar = scenario.calendar
    clock = Clock(calendar.start, calendar.step_months, calendar.steps)
    scales = Scales({i: (float(s.min), float(s.max)) for i, s in scenario.issues.items()})
    actors = {}
    for actor_id, spec in scenario.actors.items():
        policy = policies.get(actor_id) or policy_for(spec.policy.name, spec.policy.script.values())
        actors[actor_id] = AGENT_CLASSES[spec.kind](model, actor_id, spec, scales, policy)
    gov = actors.get(government_id(scenario) or "")
    status_quo = {i: scales.normalise(i, float(s.status_quo)) for i, s in scenario.issues.items()}
    for actor in actors.values():
        if isinstance(actor, FactionAgent):
            actor.start(status_quo)
    world = World(
        scenario=scenario,
        clock=clock,
        scales=scales,
        status_quo=status_quo,
        tension=float(scenario.dynamics.tension),
        actors=actors,
        government=gov if isinstance(gov, GovernmentAgent) else None,
        tracks={
            track_id: TrackState(track_id, spec, make_protocol(spec.protocol), due(clock, spec))
            for track_id, spec in scenario.tracks.items()
        },
        memory=AttackMemory(int(scenario.dynamics.memory_months)),
        log=(EventLog if keep_events else SilentLog)(lambda: (clock.step, clock.date)),
        rules={
            rule_id: (rule, parse_condition(rule.when))
            for rule_id, rule in scenario.events.rules.items()
        },
    )
    world.rule_counts = dict.fromkeys(world.rules, 0)
    return world


def due(clock: Clock, track: Track) -> frozenset[int]:
    """The steps at which a track holds rounds: its dates, or every so many months."""
    if track.rounds:
        return frozenset(clock.step_of(m) for m in track.rounds)
    first = clock.step_of(track.start) if track.start else 1
    last = clock.step_of(track.end) if track.end else clock.steps
    stride = max(1, track.every // clock.step_months)
    return frozenset(range(max(first, 1), last + 1, stride))


def starting_state(scenario: Scenario, seed: int) -> dict:
    """The state a scenario starts from: a saved file, or its source scenario run up to the
    month before ``at`` (with this run's seed unless the scenario fixes one)."""
    from sim.scenario.initial_state import located

    start = scenario.initial_state
    if start.file is not None:
        from sim.scenario.initial_state import read_state

        return read_state(located(start.file))
    source_seed = seed if start.seed is None else start.seed
    return json.loads(_state_before(start.scenario, str(start.at), source_seed))


@lru_cache(maxsize=32)
def _state_before(stored: str, month: str, seed: int) -> str:
    """Run the source scenario up to ``month`` (exclusive); its state as JSON text (cached, so
    an ensemble or a sweep with common seeds runs the prefix once per seed)."""
    from sim.calendar import parse_month
    from sim.scenario.initial_state import located
    from sim.scenario.load import load_scenario

    source = load_scenario(located(stored))
    model = CrossroadsModel(source, seed=seed)
    try:
        steps = model.world.clock.step_of(parse_month(month)) - 1
        while model.steps < steps:
            model.step()
        return json.dumps(snapshot(model.world))
    finally:
        mesa.Agent._ids.pop(model, None)
