"""Turn a validated sweep spec into a plan: the base scenario, design points, keys and columns.

Problems that would make every run fail (a parameter path the scenario does not have, a bad
fixed value, an unknown series column) are found here, before anything is written, and reported
at the sweep file's line.
"""

from __future__ import annotations

import copy
import hashlib
import json
import platform
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.scenario.origins import Origins
from sim.sweep.design import DesignPoints, make_design
from sim.sweep.seeds import point_keys, run_id, run_seed
from sim.sweep.spec import Parameter, Scalar, SweepSpec
from sim.sweep.store import FIXED_COLUMNS
from sim.sweep.worker import Context, Task

IDENTITY = (
    "base_sha256",
    "parameters",
    "outcomes",
    "seed",
    "common_seeds",
    "fixed",
    "steps",
    "series",
    "uncertainty",
    "sampled",
)


@dataclass
class Plan:
    spec: SweepSpec
    base: Path
    context: Context
    design: DesignPoints
    keys: list[str]
    outcomes: list[str]
    sampled_from: dict[str, str] = field(default_factory=dict)  # path -> its distribution
    model_seed: int = 0  # the scenario's seed: every run's with uncertainty "parameters"

    @property
    def parameters(self) -> list[str]:
        return list(self.spec.parameters)

    @property
    def sampled(self) -> list[str]:
        """Uncertain parameters drawn per run, in path order (their runs.csv columns)."""
        return list(self.sampled_from)

    @property
    def header(self) -> list[str]:
        return [*FIXED_COLUMNS, *self.parameters, *self.sampled, *self.outcomes]

    @property
    def series_header(self) -> list[str]:
        return ["step", "date", *self.spec.series]

    @property
    def total_runs(self) -> int:
        return len(self.keys) * self.spec.replications

    def tasks(self, skip: Container[str] = frozenset()) -> Iterator[Task]:
        """Tasks in design order, lazily, leaving out runs already done."""
        for key, values in zip(self.keys, self.design.points, strict=True):
            for replication in range(self.spec.replications):
                rid = run_id(key, replication)
                if rid not in skip:
                    seed = run_seed(self.spec.seed, key, replication, self.spec.common_seeds)
                    yield self._task(rid, key, replication, seed, values)

    def _task(self, rid: str, key: str, replication: int, seed: int, values: dict) -> Task:
        """The run's seeds: ``seed`` varies the dice, and seeds the draw of its parameters."""
        mode = self.spec.uncertainty
        model_seed = self.model_seed if mode == "parameters" else seed
        sample_seed = seed if mode != "seed" and self.sampled_from else None
        return Task(rid, key, replication, model_seed, values, sample_seed)

    def manifest(self) -> dict[str, Any]:
        blocks = self.design.blocks
        points = [
            {"index": i, "key": key, "values": values, **({"block": blocks[i]} if blocks else {})}
            for i, (key, values) in enumerate(zip(self.keys, self.design.points, strict=True))
        ]
        return {
            "format": 1,
            "name": self.spec.name,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "sweep": self.spec.model_dump(mode="json"),
            "base": str(self.base),
            "base_sha256": self.context.token,
            "parameters": self.parameters,
            "outcomes": self.outcomes,
            "seed": self.spec.seed,
            "common_seeds": self.spec.common_seeds,
            "fixed": self.spec.fixed,
            "steps": self.spec.steps,
            "series": list(self.spec.series),
            "uncertainty": self.spec.uncertainty,
            "sampled": self.sampled_from,
            "design": {
                "kind": self.spec.design,
                "samples": self.spec.samples,
                "base_samples": self.design.base_samples,
                "points": len(self.keys),
                "replications": self.spec.replications,
                "runs": self.total_runs,
            },
            "points": points,
            "versions": versions(),
        }


def versions() -> dict[str, str]:
    """Versions that can change results, so a manifest says what produced its runs."""

    found = {"python": platform.python_version()}
    for package in ("crossroads", "mesa", "numpy", "scipy", "pydantic"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "unknown"
    return found


@dataclass(frozen=True)
class Where:
    """Where the sweep's settings were written, for error messages."""

    file: str
    origins: Origins | None = None

    def error(self, message: str, path: tuple[str, ...]) -> InputError:
        origin = self.origins.nearest(path) if self.origins is not None else None
        from_option = origin is not None and origin.line is None
        return InputError(
            message,
            file=origin.file if origin else self.file,
            line=origin.line if origin else None,
            key=None if from_option else ".".join(path),
        )


def _base_data(spec: SweepSpec, base: Path, where: Where) -> tuple[dict, Origins]:
    # pydantic and the scenario schema: only when a scenario is built
    from sim.scenario.load import load_scenario_data, validate_scenario
    from sim.scenario.overrides import apply_override

    raw, origins = load_scenario_data(base)
    fixed = dict(spec.fixed)
    for path, value in fixed.items():
        try:
            apply_override(raw, origins, path.split("."), value)
        except InputError as error:
            raise where.error(error.message, ("fixed", path)) from None
    try:
        validate_scenario(raw, origins)
    except InputError as error:
        setting = (error.file or "").removeprefix("--set ").partition("=")[0]
        if setting in fixed:
            raise where.error(error.message, ("fixed", setting)) from None
        raise
    return raw, origins


CHECKED_LEVELS = 100
"""Levels of one parameter tried against the base scenario before a sweep starts (evenly
spread when there are more, the first and last always among them)."""


def _probe_values(param: Parameter) -> list[Scalar]:
    """The values of a parameter worth trying: its levels, or a range's ends and middle."""
    levels = param.levels()
    if levels is None:
        lo, hi = float(param.min), float(param.max)  # type: ignore[arg-type]
        levels = [param.cast(lo), param.cast((lo + hi) / 2), param.cast(hi)]
    distinct = list(dict.fromkeys(levels))
    if len(distinct) > CHECKED_LEVELS:
        last = len(distinct) - 1
        distinct = [distinct[round(k * last / (CHECKED_LEVELS - 1))] for k in range(CHECKED_LEVELS)]
    return distinct


def _check_paths(spec: SweepSpec, raw: dict, origins: Origins, where: Where) -> None:
    """Every swept path and value, tried on the base scenario: a run that would fail is a
    mistake in the sweep, refused before anything runs or is written."""

    # pydantic and the scenario schema: only when a scenario is built
    from sim.scenario.load import validate_scenario
    from sim.scenario.overrides import apply_override

    for path, param in spec.parameters.items():
        for value in _probe_values(param):
            trial, trial_origins = copy.deepcopy(raw), Origins(origins)
            try:
                apply_override(trial, trial_origins, path.split("."), value)
                validate_scenario(trial, trial_origins)
            except InputError as error:
                detail = error.message
                if error.file and not error.file.startswith("--set"):
                    detail = f"{error.file}:{error.line}: {error.key}: {detail}"
                elif error.key and error.key != path:
                    detail = f"{error.key}: {detail}"
                raise where.error(
                    f"the base scenario refuses the value {value!r}: {detail}",
                    ("parameters", path),
                ) from None


def make_plan(spec: SweepSpec, base: Path, where: Where) -> Plan:
    """Load the base once, probe one run for the outcome and series columns, build the design."""
    # Mesa: only when a run is made
    from sim.runner import run_scenario, scenario_id

    # pydantic and the scenario schema: only when a scenario is built
    from sim.scenario.load import validate_scenario

    raw, origins = _base_data(spec, base, where)
    _check_paths(spec, raw, origins, where)
    name = scenario_id(base)
    scenario = validate_scenario(*_copy(raw, origins))
    sampled = _sampled(spec, scenario, where)
    probe = run_scenario(scenario, seed=spec.seed, steps=spec.steps, name=name)
    if spec.series == ["all"]:
        spec.series = [c for c in probe.columns if c not in ("step", "date")]
    unknown = [c for c in spec.series if c not in probe.columns or c in ("step", "date")]
    if unknown:
        raise where.error(
            f"no time series column '{unknown[0]}' (see series.csv of a run)", ("series",)
        )
    token = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    context = Context(
        token, raw, origins, name, tuple(spec.series), spec.steps, sampled=tuple(sampled)
    )
    design = make_design(spec)
    keys, outcomes = point_keys(design.points), list(probe.flat_outcomes())
    return Plan(spec, base, context, design, keys, outcomes, sampled, int(scenario.seed))


def _sampled(spec: SweepSpec, scenario: Any, where: Where) -> dict[str, str]:
    """The uncertain parameters each run draws: those with a range or dist, less the swept
    ones (a swept or fixed value replaces the uncertain number); none for seed-only sweeps."""
    # pydantic and the scenario schema: only when a scenario is built
    from sim.scenario.uncertainty import uncertain_parameters

    if spec.uncertainty == "seed":
        return {}
    found = {
        path: uncertainty.describe()
        for path, uncertainty in uncertain_parameters(scenario).items()
        if path not in spec.parameters
    }
    if not found:
        raise where.error(
            f"'{spec.uncertainty}' needs numbers with a range or dist in the base scenario "
            "(none is left unswept); use seed",
            ("uncertainty",),
        )
    return found


def _copy(raw: dict, origins: Origins) -> tuple[dict, Origins]:

    return copy.deepcopy(raw), Origins(origins)
