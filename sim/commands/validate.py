"""``run.py validate FILE...``: check scenario, sweep, calibration and exercise files without
running them; the fact catalogue and KTAB data files are skipped."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from sim.commands import add_overrides


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario, sweep, calibration and exercise files without running them",
        description="Check each file (a scenario with what it extends, a sweep with its base, "
        "a calibration or exercise file when this version has that command); ids from "
        "'run.py list' work too. Prints one line per file (for a scenario, then one indented "
        "line per calibrated number and per entry it adds, changes, replaces or removes against "
        "the files it extends); the fact catalogue and KTAB data are skipped. Exit status 2 if "
        "any file has a problem.",
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="YAML files of any kind (scenario, sweep, calibration, exercise), or shipped ids",
    )
    add_overrides(parser, "check scenarios with this override applied")
    parser.set_defaults(handler=handle)


def check_scenario(path: Path, overrides: list[str]) -> str:
    """The title, then one indented line per calibrated number and per entry the file adds,
    changes, replaces or removes against the files it extends."""
    # lazy: the scenario schema loads pydantic and YAML, not needed for --help
    from sim.scenario import load_scenario
    from sim.scenario.compose import child_changes
    from sim.scenario.overlays import calibrated_values

    scenario = load_scenario(path, overrides)
    lines = [scenario.meta.title]
    resolved = scenario.model_dump(mode="json", exclude_none=True)
    for key, value, calibration in calibrated_values(resolved):
        lines.append(f"  calibrated: {key} = {value:g} ({calibration})")
    lines += [f"  {change}" for change in child_changes(path)]
    return "\n".join(lines)


def check_sweep(path: Path, overrides: list[str]) -> str:
    # lazy: the sweep machinery, only for a sweep file
    from sim.sweep.plan import Where, make_plan
    from sim.sweep.spec import load_sweep

    spec, base, origins = load_sweep(path)
    points = len(make_plan(spec, base, Where(str(path), origins)).keys)
    runs = points * spec.replications
    return f"sweep: {spec.description} ({plural(points, 'point')}, {plural(runs, 'run')})"


Check = Callable[[Path, list[str]], "str | None"]


def check_by(module: str, function: str, kind: str) -> Check:
    """A checker that calls ``module.function(path)`` if this version has it."""

    def check(path: Path, overrides: list[str]) -> str | None:
        try:
            loader = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            return None
        loaded = loader(path)
        first = loaded[0] if isinstance(loaded, tuple) else loaded
        title = getattr(getattr(first, "meta", None), "title", None)
        return f"{kind}: {title or getattr(first, 'description', '') or path.name}"

    return check


def check_overlay(path: Path, overrides: list[str]) -> str:
    """An overlay's shape: dotted paths to values (applied and checked with a scenario)."""
    # lazy: the scenario package, only for an overlay
    from sim.scenario.overlays import read_overlay

    data, _ = read_overlay(path)
    values = plural(len(data["set"]), "value")
    source = f" from {data['calibration']}" if data.get("calibration") else ""
    return f"overlay: {values}{source}"


CHECKS: dict[str, Check] = {
    "scenario": check_scenario,
    "sweep": check_sweep,
    "calibration": check_by("sim.calibrate.spec", "load_calibration", "calibration"),
    "exercise": check_by("sim.classroom.spec", "load_exercise", "exercise"),
    "overlay": check_overlay,
}


def plural(n: int, word: str) -> str:
    # lazy: sim.summary loads pandas, only when a count is printed
    from sim.summary import plural as make

    return make(n, word)


def handle(args: argparse.Namespace) -> int:
    # lazy: sim.errors loads dataclasses; the checks load their own modules
    from sim.errors import InputError
    from sim.file_kinds import kind_of
    from sim.scenario_ids import resolve

    status = 0
    for file in args.files:
        try:
            path = resolve(file)
            if path.is_dir():
                raise InputError("is a folder; name the files to check", file=file)
            kind = kind_of(path)
            if kind in ("facts", "data"):
                what = "the fact catalogue" if kind == "facts" else "data, not a scenario"
                print(f"skipped: {file}: {what}")
                continue
            answer = CHECKS[kind](path, args.overrides)
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
        else:
            if answer is None:
                print(f"skipped: {file}: a {kind} file; this version has no {kind} command")
            else:
                print(f"ok: {file}: {answer}")
    return status
