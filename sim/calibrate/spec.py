"""The calibration file format, validated with pydantic; errors name the file, line and key."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from sim.calendar import Month, MonthField
from sim.calibrate.targets import EventCount, Matcher, SeriesAt
from sim.errors import InputError
from sim.paths import display_name
from sim.scenario.origins import KeyPath, Origin, Origins, format_path
from sim.scenario.yaml_source import read_yaml
from sim.validation_messages import one_line

Scalar = str | int | float | bool
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Parameter(Strict):
    """A value to fit within ``bounds`` (on a log scale if ``log``; whole if ``integer``)."""

    bounds: tuple[float, float]
    log: bool = False
    integer: bool = False

    @model_validator(mode="after")
    def _bounds(self) -> Parameter:
        low, high = self.bounds
        if high <= low:
            raise ValueError(f"bounds must be [low, high] with low < high, got [{low:g}, {high:g}]")
        if self.log and low <= 0:
            raise ValueError(f"a log scale needs bounds above zero, got [{low:g}, {high:g}]")
        if self.integer and math.ceil(low) > math.floor(high):
            raise ValueError(f"no whole number between {low:g} and {high:g}")
        return self

    def search_bounds(self) -> tuple[float, float] | tuple[int, int]:
        """The bounds the search uses: whole numbers inside them for an integer parameter."""
        low, high = self.bounds
        return (math.ceil(low), math.floor(high)) if self.integer else (low, high)


class Tolerance(Strict):
    absolute: float | None = Field(default=None, gt=0)
    relative: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one(self) -> Tolerance:
        if (self.absolute is None) == (self.relative is None):
            raise ValueError("give exactly one of absolute or relative")
        return self


def _matcher(value: dict[str, Any]) -> dict[str, Any]:
    if "kind" not in value:
        raise ValueError("an event matcher needs kind (the event type, e.g. round or strike)")
    for key, item in value.items():
        items = item if isinstance(item, list) else [item]
        if not items or not all(isinstance(i, Scalar) for i in items):
            raise ValueError(f"'{key}' must be a value or a list of values to match")
    return value


EventMatcher = Annotated[dict[str, Any], AfterValidator(_matcher)]
"""Event fields to match: ``kind`` (the event type) and any others, by equality."""


class _Target(Strict):
    source: list[str] = Field(min_length=1)
    weight: float = Field(default=1.0, ge=0)
    held_back: bool = False
    description: str = ""


class SeriesTarget(_Target):
    series: str
    at: MonthField
    value: float
    tolerance: Tolerance

    @model_validator(mode="after")
    def _relative(self) -> SeriesTarget:
        if self.tolerance.relative is not None and self.value == 0:
            raise ValueError("a relative tolerance needs a value other than 0")
        return self


class _Period(_Target):
    between: tuple[MonthField, MonthField]

    @field_validator("between")
    @classmethod
    def _order(cls, value: tuple[Month, Month]) -> tuple[Month, Month]:
        if value[1].minus(value[0]) < 0:
            raise ValueError(
                f"[first, last] with first not after last, got [{value[0]}, {value[1]}]"
            )
        return value


class CountTarget(_Period):
    count: EventMatcher
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _range(self) -> CountTarget:
        if self.min is None and self.max is None:
            raise ValueError("a count target needs min, max or both")
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class EventTarget(_Period):
    must_happen: EventMatcher | None = None
    must_not_happen: EventMatcher | None = None

    @model_validator(mode="after")
    def _one(self) -> EventTarget:
        if (self.must_happen is None) == (self.must_not_happen is None):
            raise ValueError("give exactly one of must_happen or must_not_happen")
        return self


SERIES, COUNT, EVENT = "series target", "count target", "event target"  # never a key
TAGS = (SERIES, COUNT, EVENT)


def _target_kind(value: Any) -> str | None:
    if isinstance(value, SeriesTarget | CountTarget | EventTarget):
        return {SeriesTarget: SERIES, CountTarget: COUNT, EventTarget: EVENT}[type(value)]
    if not isinstance(value, dict):
        return None
    if "series" in value:
        return SERIES
    if "count" in value:
        return COUNT
    if "must_happen" in value or "must_not_happen" in value:
        return EVENT
    return None


TargetSpec = Annotated[
    Annotated[SeriesTarget, Tag(SERIES)]
    | Annotated[CountTarget, Tag(COUNT)]
    | Annotated[EventTarget, Tag(EVENT)],
    Discriminator(
        _target_kind,
        custom_error_type="target_kind",
        custom_error_message="a target needs one of series, count, must_happen, must_not_happen",
    ),
]


class Ensemble(Strict):
    runs: int = Field(ge=1, le=100_000)
    seed: int = Field(default=0, ge=0, lt=2**63)


class Search(Strict):
    trials: int = Field(ge=1, le=1_000_000)
    seed: int = Field(default=0, ge=0, lt=2**63)
    startup_trials: int = Field(default=10, ge=1, le=10_000)


class Loss(Strict):
    median_weight: float = Field(default=1.0, ge=0)
    band_weight: float = Field(default=0.0, ge=0)
    distance_cap: float = Field(default=10.0, gt=0)


class CalibrationSpec(Strict):
    """A whole calibration: scenario, parameters, targets, ensemble, search, loss, overlay."""

    name: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    scenario: str
    parameters: dict[str, Parameter] = Field(min_length=1)
    targets: dict[Name, TargetSpec] = Field(min_length=1)
    ensemble: Ensemble
    search: Search
    loss: Loss = Loss()
    steps: int | None = Field(default=None, ge=1, le=600)
    overlay: str

    @model_validator(mode="after")
    def _something_to_fit(self) -> CalibrationSpec:
        if not any(not t.held_back and t.weight > 0 for t in self.targets.values()):
            raise ValueError("at least one target must be fitted (not held_back, weight above 0)")
        return self


def to_target(name: str, spec: SeriesTarget | CountTarget | EventTarget) -> SeriesAt | EventCount:
    """The measuring target for one validated target spec."""
    if isinstance(spec, SeriesTarget):
        tol = spec.tolerance
        width = (
            tol.absolute if tol.absolute is not None else (tol.relative or 0.0) * abs(spec.value)
        )
        return SeriesAt(name, spec.series, str(spec.at), spec.value, float(width))
    first, last = (str(month) for month in spec.between)
    if isinstance(spec, CountTarget):
        low = float(spec.min) if spec.min is not None else 0.0
        high = float(spec.max) if spec.max is not None else math.inf
        return EventCount(name, Matcher.of(spec.count), first, last, low, high)
    if spec.must_happen is not None:
        return EventCount(name, Matcher.of(spec.must_happen), first, last, 1.0, math.inf)
    return EventCount(name, Matcher.of(spec.must_not_happen or {}), first, last, 0.0, 0.0)


@dataclass(frozen=True)
class Calibration:
    """A loaded calibration: the spec, where it was read from, and its scenario's path."""

    spec: CalibrationSpec
    file: Path
    scenario: Path
    overlay: Path
    origins: Origins

    def error(self, message: str, path: KeyPath) -> InputError:
        origin = self.origins.nearest(path)
        return InputError(
            message,
            file=origin.file if origin else str(self.file),
            line=origin.line if origin else None,
            key=format_path(path) or None,
        )

    @property
    def targets(self) -> tuple[SeriesAt | EventCount, ...]:
        return tuple(to_target(n, t) for n, t in self.spec.targets.items())

    @property
    def fit_weights(self) -> dict[str, float]:
        return {n: t.weight for n, t in self.spec.targets.items() if not t.held_back}


def _data_path(loc: tuple[Any, ...], data: Any) -> KeyPath:
    """Pydantic's error location without union tags, so it names keys the user wrote."""
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif position == len(loc) - 1 and isinstance(part, str) and part not in TAGS:
            path.append(part)
    return tuple(path)


def validate_calibration(data: dict[str, Any], origins: Origins, file: str) -> CalibrationSpec:
    """Validate calibration data; the first problem in file order becomes one InputError."""
    try:
        spec = CalibrationSpec.model_validate(data)
    except ValidationError as exc:
        found = [(_data_path(e["loc"], data), one_line(e)) for e in exc.errors()]
    else:
        found = list(_fact_problems(spec))
        if not found:
            return spec

    def line(path: KeyPath) -> int:
        origin = origins.nearest(path)
        return origin.line if origin and origin.line else 0

    found.sort(key=lambda item: line(item[0]))
    path, message = found[0]
    if len(found) > 1:
        more = len(found) - 1
        message += f" (and {more} more problem{'s' * (more > 1)})"
    origin = origins.nearest(path)
    raise InputError(
        message,
        file=origin.file if origin else file,
        line=line(path) or None,
        key=format_path(path) or None,
    )


def _fact_problems(spec: CalibrationSpec) -> list[tuple[KeyPath, str]]:
    from sim.scenario.checks import known_fact_ids
    from sim.scenario.quantity import FACT_ID

    known = known_fact_ids()
    problems: list[tuple[KeyPath, str]] = []
    for name, target in spec.targets.items():
        for index, fact in enumerate(target.source):
            if not FACT_ID.match(fact) or fact not in known:
                problems.append(
                    (
                        ("targets", name, "source", index),
                        f"unknown fact ID '{fact}' (see scenarios/sources.yaml)",
                    )
                )
    return problems


def _apply_trials(data: dict[str, Any], origins: Origins, trials: int | None) -> None:
    """``--trials N`` wins over the file's search.trials; errors in it name the option."""
    search = data.get("search")
    if trials is not None and isinstance(search, dict):
        search["trials"] = trials
        origins[("search", "trials")] = Origin("--trials", None)


def load_calibration(path: str | Path, trials: int | None = None) -> Calibration:
    """Read and validate a calibration file; paths in it are relative to the file."""
    path = Path(path)
    name = display_name(path)
    data, origins = read_yaml(path, name)
    if "scenario" not in data and {"actors", "meta", "extends", "base"} & set(data):
        raise InputError(
            "this is not a calibration file: it needs scenario, parameters, targets, ensemble, "
            "search and overlay (see docs/calibration.md)",
            file=name,
            line=1,
        )
    spec = validate_calibration(copy.deepcopy(data), origins, name)  # the file as validate sees it
    if trials is not None:  # then --trials, checked by the same rules
        _apply_trials(data, origins, trials)
        spec = validate_calibration(data, origins, name)
    if spec.name is None:
        spec.name = path.stem
    scenario = (path.parent / spec.scenario).resolve()
    calibration = Calibration(spec, path.resolve(), scenario, (path.parent / spec.overlay), origins)
    if not scenario.is_file():
        raise calibration.error(
            f"scenario not found: {spec.scenario} (relative to the calibration file)",
            ("scenario",),
        )
    return calibration
