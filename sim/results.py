"""A run's results as plain data: time series, outcomes, events. Plots and sweeps read these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.negotiation.track import RESULTS
from sim.world.counts import COUNTS

if TYPE_CHECKING:
    from sim.world import World


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
    state: dict[str, Any] | None = None

    def series(self, column: str) -> list[Any]:
        """One column of the time series."""
        index = self.columns.index(column)
        return [row[index] for row in self.rows]

    def flat_outcomes(self) -> dict[str, float | int | str | None]:
        """Scalar outcomes with dotted names, one row of a sweep's results table."""
        return flat_outcomes(self.outcomes)


def flat_outcomes(outcomes: dict[str, Any]) -> dict[str, float | int | str | None]:
    """Scalar outcomes with dotted names (lists, trust, agreements and players left out)."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif not isinstance(value, list):
            flat[prefix] = value

    walk("", {k: v for k, v in outcomes.items() if k not in ("trust", "agreements", "players")})
    return flat


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "final": round(values[-1], 6),
        "min": round(min(values), 6),
        "max": round(max(values), 6),
        "mean": round(sum(values) / len(values), 6),
    }


def _order(world: World, issue: str) -> str | None:
    """Who has an order in force on the issue (None if no one): a fixed key for every run."""
    order = world.ledger.orders.get(issue)
    return order.by if order is not None else None


def collect_outcomes(world: World, columns: list[str], rows: list[list[Any]]) -> dict:
    """The headline outcomes of a finished run."""

    def column(name: str) -> list[float]:
        index = columns.index(name)
        return [float(r[index]) for r in rows]

    outcomes: dict[str, Any] = {
        "steps": world.clock.step,
        "start": rows[0][1],
        "end": world.clock.date,
        "agreements": world.agreements,
        "tracks": {
            track_id: {
                "rounds_held": state.rounds_held,
                "rounds": {
                    **{result: state.results.get(result, 0) for result in RESULTS},
                    "spoiled": state.spoiled,
                },
                "agreed": bool(state.agreements),
                "settled": state.settled,
                "first_agreement": state.agreements[0]["date"] if state.agreements else None,
                "agreements": len(state.agreements),
            }
            for track_id, state in world.tracks.items()
        },
        "final_status_quo": {
            issue: round(world.scales.denormalise(issue, value), 6)
            for issue, value in world.status_quo.items()
        },
        "orders_in_force": {issue: _order(world, issue) for issue in world.status_quo},
        "violence": {name: world.counts.total[name] for name in COUNTS},
        "tension": _summary(column("tension")),
    }
    if "stability" in columns:
        outcomes["stability"] = _summary(column("stability"))
    outcomes["trust"] = {
        actor_id: {
            other: round(actor.trust_in(other), 6) for other in world.actors if other != actor_id
        }
        for actor_id, actor in world.actors.items()
    }
    return outcomes
