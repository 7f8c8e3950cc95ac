"""Where an exercise starts: the issues' levels and the actors' trust in its first month.

A scenario that starts from another's state (``initial_state``) does not start from the numbers
written in its files (May 2020's): the briefings must tell the state the run really begins
from, so they read it from the model built with the session's seed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Start:
    """The first month's levels (issue units) and trust (0-1), and where they come from."""

    levels: dict[str, float]
    trust: dict[str, dict[str, float]]
    source: str | None  # None: the scenario's own numbers (each cites its facts)


def starting_point(scenario: Scenario) -> Start:
    """The state the run of ``scenario`` (with its seed) begins from."""
    start = scenario.initial_state
    if start is None:
        levels = {i: float(issue.status_quo) for i, issue in scenario.issues.items()}
        trust = {
            a: {o: float(t) for o, t in actor.trust.items()} for a, actor in scenario.actors.items()
        }
        return Start(levels, trust, None)
    from sim.model import CrossroadsModel  # lazy: Mesa is loaded only for a started state

    world = CrossroadsModel(scenario, seed=scenario.seed).world
    levels = {i: world.scales.denormalise(i, v) for i, v in world.status_quo.items()}
    trust = {a: dict(actor.trust) for a, actor in world.actors.items()}
    named = start.scenario or start.file or "a state file"
    month = start.at or scenario.calendar.start
    where = f"the model's run of {named.rsplit('/', 1)[-1]} to {month}"
    return Start(levels, trust, where)
