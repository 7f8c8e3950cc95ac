"""Check a calibration against its scenario before any trial runs, and build the sweep context.

What would make every trial fail (a parameter path the scenario does not have or that does not
take a sourced number, a series column no run records, a month outside the run) is reported
here, at the calibration file's line.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sim.calibrate.spec import Calibration, SeriesTarget
from sim.calibrate.targets import Measure
from sim.errors import InputError
from sim.scenario.origins import Origins
from sim.sweep.seeds import run_seed
from sim.sweep.worker import Context

PROBE = "(probe)"


@dataclass(frozen=True)
class Prepared:
    calibration: Calibration
    context: Context
    seeds: tuple[int, ...]


def ensemble_seeds(seed: int, runs: int) -> tuple[int, ...]:
    """The seeds of an ensemble, the same in every trial (common random numbers)."""
    return tuple(run_seed(seed, "0", r, common=True) for r in range(runs))


def _check_parameters(cal: Calibration, raw: dict[str, Any], origins: Origins) -> None:
    """Each path must take a sourced number at both bounds, as the overlay will write it."""
    # pydantic and the scenario schema: only when a scenario is built
    from sim.scenario.load import validate_scenario
    from sim.scenario.overlays import set_path

    for path, param in cal.spec.parameters.items():
        for value in param.search_bounds():
            trial, trial_origins = copy.deepcopy(raw), Origins(origins)
            sourced = {"value": value, "source": "calibrated", "calibration": PROBE}
            blocked = set_path(trial, path.split("."), sourced)
            if blocked is not None:
                raise cal.error(f"'{blocked}' is a value, not a section", ("parameters", path))
            try:
                validate_scenario(trial, trial_origins)
            except InputError as error:
                raise cal.error(
                    f"the scenario refuses {value:g} here: {error.message}", ("parameters", path)
                ) from None


def _check_targets(cal: Calibration, columns: list[str], months: list[str]) -> None:
    first, last = months[0], months[-1]
    for name, target in cal.spec.targets.items():
        if isinstance(target, SeriesTarget):
            if target.series not in columns or target.series in ("step", "date"):
                raise cal.error(
                    f"no time series column '{target.series}' (see series.csv of a run)",
                    ("targets", name, "series"),
                )
            if str(target.at) not in months:
                raise cal.error(
                    f"{target.at} is outside the run ({first} to {last})", ("targets", name, "at")
                )
        else:
            start, end = (str(m) for m in target.between)
            if end < first or start > last:
                raise cal.error(
                    f"the period {start} to {end} is outside the run ({first} to {last})",
                    ("targets", name, "between"),
                )


def prepare(cal: Calibration) -> Prepared:
    """Load the scenario once, check parameters and targets on a probe run, build the context."""
    # Mesa: only when a run is made
    from sim.runner import run_scenario, scenario_id

    # pydantic and the scenario schema: only when a scenario is built
    from sim.scenario.load import load_scenario_data, validate_scenario

    raw, origins = load_scenario_data(cal.scenario)
    scenario = validate_scenario(copy.deepcopy(raw), Origins(origins))
    _check_parameters(cal, raw, origins)
    name = scenario_id(cal.scenario)
    probe = run_scenario(scenario, seed=cal.spec.ensemble.seed, steps=cal.spec.steps, name=name)
    months = [str(row[probe.columns.index("date")]) for row in probe.rows]
    _check_targets(cal, probe.columns, months)
    measure = Measure(cal.targets)
    token = hashlib.sha256(
        json.dumps([raw, repr(measure)], sort_keys=True, default=str).encode()
    ).hexdigest()
    context = Context(token, raw, origins, name, (), cal.spec.steps, measure)
    seeds = ensemble_seeds(cal.spec.ensemble.seed, cal.spec.ensemble.runs)
    return Prepared(cal, context, seeds)


def scenario_sha256(raw: dict[str, Any]) -> str:
    """The hash of the merged scenario, so a resumed study knows it fits the same model."""
    return hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
