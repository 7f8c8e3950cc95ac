"""A finished trial of a calibration and the table of trials: what the study records and the
report reads (below both, so neither imports the other)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.calibrate.loss import TargetScore
from sim.calibrate.prepare import Prepared


@dataclass(frozen=True)
class TrialResult:
    """One finished trial as the report reads it."""

    index: int  # among finished trials, in the order they finished
    params: dict[str, float | int]
    loss: float
    failed_runs: int
    scores: list[TargetScore]


def trials_table(
    prepared: Prepared, trials: list[TrialResult]
) -> tuple[list[str], list[list[Any]]]:
    """One row per finished trial: parameters, loss, failed runs, share inside per target."""
    params = list(prepared.calibration.spec.parameters)
    names = [t.name for t in prepared.calibration.targets]
    header = ["trial", "loss", "failed_runs", *params, *(f"inside:{n}" for n in names)]
    rows = []
    for trial in trials:
        inside = {s.name: s.inside for s in trial.scores}
        rows.append(
            [
                trial.index,
                repr(trial.loss),
                trial.failed_runs,
                *(repr(trial.params[p]) for p in params),
                *(repr(inside[n]) for n in names),
            ]
        )
    return header, rows
