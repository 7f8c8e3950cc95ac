"""The record: one row of plain numbers per step, columns fixed at the start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.world.counts import COUNTS

if TYPE_CHECKING:
    from sim.world import World


class Recorder:
    """Collects the time series: status quo and positions in issue units, violence, home front."""

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
        self.rows.append(row)
