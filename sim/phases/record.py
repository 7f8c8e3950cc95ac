"""The record: one row of plain numbers per step, columns fixed at the start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.world.counts import COUNTS

if TYPE_CHECKING:
    from sim.world import World


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
    """Collects the time series: status quo and positions in issue units, violence, home front,
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
        self.factions = world.factions
        self.columns += [f"grievance:{f.actor_id}" for f in self.factions]
        self.columns += [f"paused:{f.actor_id}" for f in self.factions]
        gov = world.government
        self.home_front = gov is not None and gov.domestic is not None
        if self.home_front:
            self.columns += [
                "stability",
                "fiscal_stress",
                "power_shortfall",
                "faction_pressure",
                "caretaker",
            ]
        self.trust = trust_pairs(world)
        self.columns += [f"trust:{a}:{b}" for a, b in self.trust]
        self.rows: list[list[float | int | str]] = []

    def record(self, world: World) -> None:
        scales = world.scales
        row: list[float | int | str] = [world.clock.step, world.clock.date, world.tension]
        row += [scales.denormalise(i, v) for i, v in world.status_quo.items()]
        row += [
            scales.denormalise(issue, position)
            for actor in world.actors.values()
            for issue, position in actor.positions.items()
        ]
        row += [world.counts.step.get(name, 0) for name in COUNTS]
        row += [f.grievance for f in self.factions]
        row += [int(f.paused) for f in self.factions]
        if self.home_front:
            gov = world.government
            row += [
                gov.stability,
                gov.fiscal_stress,
                gov.power_shortfall(world.clock.month.month),
                world.faction_pressure(),
                int(gov.caretaker),
            ]
        row += [world.actors[a].trust_in(b) for a, b in self.trust]
        self.rows.append(row)
