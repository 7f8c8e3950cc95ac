"""The record: one row of plain numbers per step, columns fixed at the start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents import AGENT_CLASSES
from sim.world.counts import COUNTS

if TYPE_CHECKING:
    from agents.actor import ActorAgent, StateField
    from sim.world import World

Cell = float | int | str


def trust_pairs(world: World) -> list[tuple[str, str]]:
    """The trust that moves the story, as (truster, trusted) pairs in a fixed order.

    Each party of each track toward each other party (and toward the track's host or mediator,
    whose standing brings parties to the table), then each state toward the government, whose
    standing decides hosting and whose failure to stop attacks costs trust. Nothing is listed
    twice; the full end matrix stays in ``outcomes.json``.
    """
    pairs: list[tuple[str, str]] = []

    def add(a: str, b: str) -> None:
        if a != b and (a, b) not in pairs and a in world.actors and b in world.actors:
            pairs.append((a, b))

    for track in world.tracks.values():
        spec = track.spec
        broker = spec.host or spec.mediator
        for a in spec.parties:
            for b in spec.parties:
                add(a, b)
            if broker:
                add(a, broker)
    if world.government is not None:
        for state in world.states:
            add(state.actor_id, world.government.actor_id)
    return pairs


class Recorder:
    """Collects the time series: status quo and positions in issue units, violence, the fields
    each kind of actor declares ``recorded`` (one column per actor), the government's home front
    and the trust of the pairs that matter (:func:`trust_pairs`)."""

    def __init__(self, world: World) -> None:
        self.columns: list[str] = ["step", "date", "tension"]
        self.columns += [f"status_quo:{issue}" for issue in world.status_quo]
        self.columns += [
            f"position:{actor_id}:{issue}"
            for actor_id, actor in world.actors.items()
            for issue in actor.positions
        ]
        self.columns += list(COUNTS)
        self.recorded: list[tuple[StateField, list[ActorAgent]]] = [
            (field, world.of_kind(cls.kind))
            for cls in AGENT_CLASSES.values()
            for field in cls.STATE
            if field.recorded
        ]
        self.columns += [
            f"{field.name}:{actor.actor_id}" for field, actors in self.recorded for actor in actors
        ]
        gov = world.government
        self.home_front = gov is not None and gov.domestic is not None
        if gov is not None and gov.domestic is not None:
            self.columns += list(gov.home_front(world.clock.month.month, 0.0))
        self.trust = trust_pairs(world)
        self.columns += [f"trust:{a}:{b}" for a, b in self.trust]
        self.rows: list[list[Cell]] = []
        units = world.scales.to_units
        self.status_quo_units = [(issue, *units(issue)) for issue in world.status_quo]
        self.position_units = [
            (actor, issue, *units(issue))
            for actor in world.actors.values()
            for issue in actor.positions
        ]

    def record(self, world: World) -> None:
        """One row; values in issue units (:meth:`sim.world.scales.Scales.to_units`)."""
        row: list[Cell] = [world.clock.step, world.clock.date, world.tension]
        status_quo = world.status_quo
        row += [low + status_quo[issue] * width for issue, low, width in self.status_quo_units]
        row += [
            low + actor.positions[issue] * width for actor, issue, low, width in self.position_units
        ]
        row += [world.counts.step.get(name, 0) for name in COUNTS]
        for field, actors in self.recorded:
            row += [_cell(field, getattr(actor, field.name)) for actor in actors]
        gov = world.government
        if self.home_front and gov is not None:
            row += gov.home_front(world.clock.month.month, world.faction_pressure()).values()
        row += [world.actors[a].trust_in(b) for a, b in self.trust]
        self.rows.append(row)


def _cell(field: StateField, value: float | bool) -> float | int:
    """A flag is recorded as 0 or 1, a number as it is."""
    return int(value) if field.kind == "flag" else value
