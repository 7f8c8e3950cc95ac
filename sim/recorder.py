"""The per-step record: one row of plain numbers per step, columns fixed at the start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.faction import FactionAgent

if TYPE_CHECKING:
    from sim.model import CrossroadsModel

COUNTS = ("attacks", "strikes", "arrests", "protests", "spoils")


class Recorder:
    """Collects the time series: status quo and positions in issue units, violence, home front."""

    def __init__(self, model: CrossroadsModel) -> None:
        self.model = model
        self.columns: list[str] = ["step", "date", "tension"]
        self.columns += [f"status_quo:{issue}" for issue in model.scales]
        self.columns += [
            f"position:{actor_id}:{issue}"
            for actor_id, actor in model.actors.items()
            for issue in actor.positions
        ]
        self.columns += list(COUNTS)
        self.factions = [a for a in model.actors.values() if isinstance(a, FactionAgent)]
        self.columns += [f"grievance:{f.actor_id}" for f in self.factions]
        if model.government is not None and model.government.domestic is not None:
            self.columns += ["stability", "fiscal_stress", "power_shortfall", "faction_pressure"]
        self.rows: list[list[float | int | str]] = []

    def record(self) -> None:
        model = self.model
        row: list[float | int | str] = [model.steps, model.date, model.tension]
        row += [model.denormalise(i, v) for i, v in model.status_quo.items()]
        row += [
            model.denormalise(issue, position)
            for actor in model.actors.values()
            for issue, position in actor.positions.items()
        ]
        counts = model.violence.step_counts if model.steps else {}
        row += [counts.get(name, 0) for name in COUNTS]
        row += [f.grievance for f in self.factions]
        gov = model.government
        if gov is not None and gov.domestic is not None:
            month = model.month.month
            row += [
                gov.stability,
                gov.fiscal_stress,
                gov.power_shortfall(month),
                model.faction_pressure(),
            ]
        self.rows.append(row)
