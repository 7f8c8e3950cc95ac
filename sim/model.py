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
from sim.errors import InputError
from sim.eventlog import EventLog, SilentLog
from sim.negotiation import make_protocol
from sim.negotiation.track import TrackState
from sim.phases import domestic, events, implementation, negotiation, violence
from sim.phases.draws import StepDraws
from sim.phases.record import Recorder
from sim.scenario.checks import government_id
from sim.scenario.conditions import parse_condition
from sim.scenario.schema import InitialState, Scenario
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
        self.world = build_world(self, scenario, policies or {}, self.seed, keep_events)
        start = scenario.initial_state
        if start is not None:
            state = starting_state(start, self.seed)
            try:
                restore(self.world, state, stream=start.file is not None)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise InputError(
                    f"not a state file a run wrote (missing or wrong: {error})",
                    file=start.file,
                    key="initial_state.file",
                ) from None
        self.recorder = Recorder(self.world)
        self.recorder.record(self.world)

    @property
    def date(self) -> str:
        return self.world.clock.date

    def step(self) -> None:
        world = self.world
        world.clock.step = self.steps
        draws = StepDraws.draw(world.rng, len(world.actors), len(world.tracks), len(world.rules))
        world.memory.begin_step()
        world.counts.begin_step()
        for phase in PHASES:
            phase(world, draws)
        self.recorder.record(world)
        if self.steps >= world.clock.steps:
            self.running = False


def build_world(
    model: mesa.Model,
    scenario: Scenario,
    policies: dict[str, Policy],
    seed: int,
    keep_events: bool = True,
) -> World:
    """The world at the start of a run: agents made on ``model``, tracks scheduled, rules read;
    the model's generator (seeded with ``seed``) is the world's. Without ``keep_events`` the
    event log keeps nothing (a sweep's row reads none of it)."""
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
            track_id: TrackState(track_id, spec, make_protocol(spec.protocol), clock.due(spec))
            for track_id, spec in scenario.tracks.items()
        },
        memory=AttackMemory(int(scenario.dynamics.memory_months)),
        log=(EventLog if keep_events else SilentLog)(lambda: (clock.step, clock.date)),
        rng=model.rng,
        seed=seed,
        rules={
            rule_id: (rule, parse_condition(rule.when))
            for rule_id, rule in scenario.events.rules.items()
        },
    )
    world.rule_counts = dict.fromkeys(world.rules, 0)
    fresh = scenario.initial_state is None  # a run from a state inherits what was logged
    for actor_id, spec in scenario.actors.items() if fresh else ():
        for mandate_id, mandate in (spec.domestic.mandates if spec.domestic else {}).items():
            world.log.event(  # what the starting state carries: a demand, no timetable
                "mandate",
                actor=actor_id,
                mandate=mandate_id,
                issue=mandate.issue,
                to=float(mandate.to),
                support=float(mandate.support),
                since=None if mandate.since is None else str(mandate.since),
                binding=False,
            )
    forget_agent_numbering(model)
    return world


def forget_agent_numbering(model: mesa.Model) -> None:
    """Let ``model`` be freed once its run is dropped: the one place that touches Mesa's
    agent numbering.

    Mesa 3.3 numbers agents per model (``unique_id`` 1, 2, ...) in a counter kept on the
    ``Agent`` class, keyed by the model itself and never emptied, so every model a process
    builds (a sweep's runs, a classroom server's replays, the prefix run of an initial state)
    would stay in memory with all its agents. Mesa has no public call to end a model, so once
    ``build_world`` has made every agent of the run (none is made later, and Crossroads never
    reads ``unique_id``) the model's counter is dropped; a Mesa without that counter needs
    nothing.
    """
    counters = getattr(mesa.Agent, "_ids", None)
    if isinstance(counters, dict):
        counters.pop(model, None)


def starting_state(start: InitialState, seed: int) -> dict:
    """The state a scenario starts from: its source scenario run up to the month before ``at``
    (with this run's seed unless the scenario fixes one), or a saved file."""
    from sim.scenario.initial_state import located, read_state

    if start.scenario is not None and start.at is not None:
        source_seed = seed if start.seed is None else start.seed
        return json.loads(_state_before(start.scenario, str(start.at), source_seed))
    return read_state(located(start.file or ""))


@lru_cache(maxsize=32)
def _state_before(stored: str, month: str, seed: int) -> str:
    """Run the source scenario up to ``month`` (exclusive); its state as JSON text (cached, so
    an ensemble or a sweep with common seeds runs the prefix once per seed)."""
    from sim.calendar import parse_month
    from sim.scenario.initial_state import located
    from sim.scenario.load import load_scenario

    source = load_scenario(located(stored))
    model = CrossroadsModel(source, seed=seed)
    steps = model.world.clock.step_of(parse_month(month)) - 1
    while model.steps < steps:
        model.step()
    return json.dumps(snapshot(model.world))
