"""A sweep from the command line alone: ``sweep SCENARIO.yaml -p path=min:max:steps ...``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.scenario.origins import Origin, Origins
from sim.scenario.yaml_source import parse_text
from sim.sweep.spec import SweepSpec, validate_sweep


def _value(text: str, option: str, key: str | None) -> Any:
    """One value as YAML reads it in a scenario file (so 1e308 is a number), finite."""
    try:
        value, _ = parse_text(text, option)
    except InputError:
        raise InputError(f"cannot read the value '{text}'", file=option, key=key) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"expected a finite number, got '{text}'", file=option, key=key)
    return value


def _number(text: str, option: str, key: str | None) -> float:
    value = _value(text, option, key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"expected a number, got '{text}'", file=option, key=key)
    try:
        return float(value)
    except OverflowError:
        raise InputError(f"expected a finite number, got '{text}'", file=option, key=key) from None


def parse_parameter(text: str, option: str = "-p") -> tuple[str, dict[str, Any]]:
    """``path=lo:hi:steps``, ``path=lo:hi`` (a range) or ``path=a,b,c`` (values)."""
    name = f"{option} {text}"
    path, sep, rest = text.partition("=")
    path = path.strip()
    if not sep or not path or not rest.strip() or any(not p for p in path.split(".")):
        raise InputError(
            f"expects path.to.key=MIN:MAX[:STEPS] or path.to.key=A,B,C; got '{text}'", file=name
        )
    if ":" in rest:
        parts = rest.split(":")
        if len(parts) not in (2, 3):
            raise InputError(f"expects MIN:MAX or MIN:MAX:STEPS, got '{rest}'", file=name)
        spec: dict[str, Any] = {
            "min": _number(parts[0], name, None),
            "max": _number(parts[1], name, None),
        }
        if len(parts) == 3:
            steps = _number(parts[2], name, None)
            if steps != int(steps):
                raise InputError(f"steps must be a whole number, got '{parts[2]}'", file=name)
            spec["steps"] = int(steps)
        return path, spec
    return path, {"values": [_value(item, name, None) for item in rest.split(",")]}


def sweep_from_options(
    scenario: Path, parameters: list[str], options: dict[str, Any]
) -> tuple[SweepSpec, Path, Origins]:
    """Build and validate a spec as if it had been written in a sweep file."""
    # Mesa: only when a run is made
    from sim.runner import scenario_id

    scenario = Path(scenario)
    if not scenario.is_file():
        raise InputError("file not found", file=str(scenario))
    data: dict[str, Any] = {"base": str(scenario.resolve()), "name": scenario_id(scenario)}
    origins = Origins()
    data["parameters"] = {}
    for text in parameters:
        path, spec = parse_parameter(text)
        data["parameters"][path] = spec
        origins[("parameters", path)] = Origin(f"-p {text}", None)
    for key, value in options.items():
        if value is not None:
            data[key] = value
            origins[(key,)] = Origin(f"--{key}", None)
    return validate_sweep(data, origins, "-p"), scenario.resolve(), origins
