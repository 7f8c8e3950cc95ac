"""A run's results as plain data: time series, outcomes, events. Plots and sweeps read these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.recorder import COUNTS

if TYPE_CHECKING:
    from sim.model import CrossroadsModel


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, as lists, dicts and numbers (no Mesa, no numpy)."""

    scenario_id: str
    seed: int
    resolved: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]
    outcomes: dict[str, Any]
    events: list[dict[str, Any]]

    def series(self, column: str) -> list[Any]:
        """One column of the time series."""
        index = self.columns.index(column)
        return [row[index] for row in self.rows]

    def flat_outcomes(self) -> dict[str, float | int | str | None]:
        """Scalar outcomes with dotted names, one row of a sweep's results table."""
        flat: dict[str, Any] = {}

        def walk(prefix: str, value: Any) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    walk(f"{prefix}.{key}" if prefix else str(key), item)
            elif not isinstance(value, list):
                flat[prefix] = value

        walk("", {k: v for k, v in self.outcomes.items() if k not in ("trust", "agreements")})
        return flat


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "final": round(values[-1], 6),
        "min": round(min(values), 6),
        "max": round(max(values), 6),
        "mean": round(sum(values) / len(values), 6),
    }


def collect_outcomes(model: CrossroadsModel, columns: list[str], rows: list[list[Any]]) -> dict:
    """The headline outcomes of a finished run."""

    def column(name: str) -> list[float]:
        index = columns.index(name)
        return [float(r[index]) for r in rows]

    outcomes: dict[str, Any] = {
        "steps": model.steps,
        "start": rows[0][1],
        "end": model.date,
        "agreements": model.agreements,
        "tracks": {
            track_id: {
                "rounds_held": state.rounds_held,
                "rounds_failed": state.rounds_failed,
                "agreed": bool(state.agreements),
                "first_agreement": state.agreements[0]["date"] if state.agreements else None,
                "agreements": len(state.agreements),
            }
            for track_id, state in model.tracks.items()
        },
        "final_status_quo": {
            issue: round(model.denormalise(issue, value), 6)
            for issue, value in model.status_quo.items()
        },
        "violence": {name: model.violence.totals[name] for name in COUNTS},
        "tension": _summary(column("tension")),
    }
    if "stability" in columns:
        outcomes["stability"] = _summary(column("stability"))
    outcomes["trust"] = {
        actor_id: {
            other: round(actor.trust_in(other), 6) for other in model.actors if other != actor_id
        }
        for actor_id, actor in model.actors.items()
    }
    return outcomes
