"""The sweep file format, validated with pydantic; errors name the file, the line and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.errors import InputError
from sim.paths import display_name
from sim.scenario.origins import KeyPath, Origins, format_path
from sim.scenario.yaml_source import read_yaml
from sim.validation_messages import one_line

DESIGNS = ("grid", "random", "latin_hypercube", "sobol", "saltelli", "morris")
Design = Literal["grid", "random", "latin_hypercube", "sobol", "saltelli", "morris"]
Scalar = float | int | bool | str
UNCERTAINTY = ("seed", "parameters", "both")
Uncertainty = Literal["seed", "parameters", "both"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Parameter(Strict):
    """One swept value: a list of ``values`` or a range ``{min, max}`` with optional ``steps``.

    ``steps`` makes a range discrete (evenly spaced levels); a grid needs it, other designs
    sample a range continuously without it.
    """

    values: list[Scalar] | None = Field(default=None, min_length=1, max_length=10_000)
    min: float | None = None
    max: float | None = None
    steps: int | None = Field(strict=True, default=None, ge=2, le=10_000)
    integer: bool = Field(strict=True, default=False)  # a real bool: "no" would read as true

    @model_validator(mode="after")
    def _one_kind(self) -> Parameter:
        has_range = self.min is not None or self.max is not None
        if self.values is not None and (has_range or self.steps is not None):
            raise ValueError("give either values or a range {min, max}, not both")
        if self.values is None and not has_range:
            raise ValueError("give values: [...] or a range {min, max}")
        if has_range and (self.min is None or self.max is None):
            raise ValueError("a range needs both min and max")
        if has_range and self.max <= self.min:  # type: ignore[operator]
            raise ValueError(f"max ({self.max:g}) must be above min ({self.min:g})")
        return self

    def levels(self) -> list[Scalar] | None:
        """The discrete values this parameter takes, or None for a continuous range."""
        if self.values is not None:
            return list(self.values)
        if self.steps is None:
            return None
        lo, hi, n = float(self.min), float(self.max), self.steps  # type: ignore[arg-type]
        return [self.cast(lo + (hi - lo) * k / (n - 1)) for k in range(n)]

    def cast(self, value: float) -> Scalar:
        """Round to 12 significant digits (stable keys) or to an integer."""
        return round(value) if self.integer else float(f"{value:.12g}")


class SweepSpec(Strict):
    """A whole sweep: the base scenario, parameters by dotted path, design, replications, seed."""

    name: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    base: str
    parameters: dict[str, Parameter] = {}  # none: an ensemble, one point
    design: Design = "grid"
    samples: int | None = Field(strict=True, default=None, ge=1, le=1_000_000)
    replications: int = Field(strict=True, default=1, ge=1, le=100_000)
    seed: int = Field(strict=True, default=0, ge=0, lt=2**63)
    # common random numbers: replication r has one seed everywhere; a real bool (YAML's true,
    # Python's True), not a string such as "no" that would read as true
    common_seeds: bool = Field(strict=True, default=False)
    fixed: dict[str, Any] = {}
    steps: int | None = Field(strict=True, default=None, ge=1, le=600)  # as run --steps
    series: list[str] = []  # ["all"] keeps every column
    # what varies between the replications of a point: the seed (the dice), the uncertain
    # parameters (each number with a range or dist, drawn per run; the model seed is then the
    # scenario's), or both
    uncertainty: Uncertainty = "seed"


MAX_RUNS = 1_000_000
"""Design points times replications; past it a sweep is refused before anything is built."""


def design_points(spec: SweepSpec) -> int:
    """How many points the design has, computed without building it."""
    if spec.design == "grid":
        count = 1
        for param in spec.parameters.values():
            count *= len(param.values) if param.values is not None else param.steps or 1
        return count
    samples = spec.samples or 0
    return samples * (len(spec.parameters) + 2) if spec.design == "saltelli" else samples


def _design_problems(spec: SweepSpec) -> list[tuple[KeyPath, str]]:
    """What the chosen design needs from the parameters, located at the key to fix."""
    problems: list[tuple[KeyPath, str]] = []
    runs = design_points(spec) * spec.replications
    if runs > MAX_RUNS:
        problems.append(
            (
                ("replications",) if spec.design == "grid" else ("samples",),
                f"{runs:,} runs is more than the limit of {MAX_RUNS:,}; use fewer points, "
                "steps or replications",
            )
        )
    for path, param in spec.parameters.items():
        if not path or any(not part for part in path.split(".")):
            problems.append(
                (("parameters", path), "not a dotted path like actors.baghdad.capability")
            )
        elif spec.design == "grid" and param.levels() is None:
            problems.append((("parameters", path), "a grid needs steps for a range (or values)"))
    if spec.design == "grid" and spec.samples is not None:  # once ignored without a word
        problems.append(
            (
                ("samples",),
                "a grid runs every combination of its levels; samples are for the random, "
                "latin_hypercube, sobol, saltelli and morris designs (replications repeat each "
                "point)",
            )
        )
    if spec.design != "grid" and spec.samples is None:
        problems.append((("design",), f"the {spec.design} design needs samples: N"))
    if spec.design != "grid" and not spec.parameters:
        problems.append((("design",), f"the {spec.design} design needs parameters to vary"))
    return problems


def _loc_path(loc: tuple[Any, ...]) -> KeyPath:
    return tuple(part for part in loc if isinstance(part, str | int) and "[" not in str(part))


def _where(origins: Origins, path: KeyPath, file: str) -> str:
    origin = origins.nearest(path)
    return origin.file if origin else file


def _key(origins: Origins, path: KeyPath) -> str | None:
    """The key path to show, left out when a command-line option already names it, or an
    option or a function's argument (``-n``, ``runs=``, ``parameters['a.b']``) names exactly
    that key."""
    origin = origins.nearest(path)
    if origin is not None and origin.line is None and origin.file[:2] in ("--", "-p"):
        return None
    if (
        origin is not None
        and origin.line is None
        and origins.get(path) is origin
        and (origin.file.startswith("-") or origin.file.endswith(("=", "]")))
    ):
        return None
    return format_path(path) or None


def validate_sweep(data: dict[str, Any], origins: Origins, file: str) -> SweepSpec:
    """Validate sweep data; the first problem in file order becomes one InputError."""
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        found = [(_loc_path(error["loc"]), one_line(error)) for error in exc.errors()]
    else:
        found = _design_problems(spec)
        if not found:
            return spec
    problems = []
    for path, message in found:
        origin = origins.nearest(path)
        problems.append((origin.line if origin and origin.line else 0, path, message))
    problems.sort(key=lambda item: item[0])
    line, path, message = problems[0]
    more = len(problems) - 1
    if more:
        message += f" (and {more} more problem{'s' * (more > 1)})"
    raise InputError(
        message, file=_where(origins, path, file), line=line or None, key=_key(origins, path)
    )


def _apply_options(data: dict[str, Any], origins: Origins, options: dict[str, Any]) -> None:
    """Command-line options win over the file; errors in them name the option."""
    from sim.scenario.origins import Origin

    for key, value in options.items():
        if value is None:
            continue
        data[key] = value
        for stale in [p for p in origins if p[:1] == (key,)]:
            del origins[stale]
        origins[(key,)] = Origin(f"--{key}", None)


def load_sweep(
    path: str | Path, options: dict[str, Any] | None = None
) -> tuple[SweepSpec, Path, Origins]:
    """Read and validate a sweep file; returns the spec, the base scenario's path and origins."""
    path = Path(path)
    name = display_name(path)
    data, origins = read_yaml(path, name)
    if "base" not in data and {"actors", "meta", "extends"} & set(data):
        raise InputError(
            "this is a scenario, not a sweep file: sweep it with -p PATH=MIN:MAX:STEPS, "
            "or write a sweep file with base: (see docs/sweeps.md)",
            file=name,
            line=1,
        )
    _apply_options(data, origins, options or {})
    spec = validate_sweep(data, origins, name)
    if spec.name is None:
        spec.name = path.stem
    base = (path.parent / spec.base).resolve()
    if not base.is_file():
        origin = origins.get(("base",))
        raise InputError(
            f"base scenario not found: {spec.base} (relative to the sweep file)",
            file=name,
            line=origin.line if origin else None,
            key="base",
        )
    return spec, base, origins
