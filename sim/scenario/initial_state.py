"""Resolve a scenario's ``initial_state``: paths, dates, and chains of starting states."""

from __future__ import annotations

import json
from pathlib import Path

from sim.errors import InputError
from sim.paths import ROOT
from sim.scenario.origins import Origins
from sim.scenario.schema import Scenario


def stored_path(path: Path) -> str:
    """A path as the resolved scenario keeps it: relative to the project when inside it, so the
    same scenario gives the same bytes on every machine."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path.resolve())


def located(stored: str) -> Path:
    """The file a stored path names."""
    path = Path(stored)
    return path if path.is_absolute() else ROOT / path


MAX_STATE_BYTES = 10_000_000


def _finite(text: str) -> float:
    raise ValueError(f"{text} is not a finite number")


def read_state(path: Path) -> dict:
    """A state file a run wrote: at most 10 MB of JSON, finite numbers only."""
    if path.stat().st_size > MAX_STATE_BYTES:
        raise ValueError(f"larger than {MAX_STATE_BYTES:,} bytes")
    state = json.loads(path.read_text(encoding="utf-8"), parse_constant=_finite)
    if not isinstance(state, dict):
        raise ValueError("not a JSON object")
    return state


def _check_restorable(scenario: Scenario) -> None:
    """Build the run's world from the state once, so a damaged file is refused before any run."""
    from sim.model import CrossroadsModel

    CrossroadsModel(scenario)


def resolve_initial_state(
    scenario: Scenario, origins: Origins, chain: tuple[Path, ...] = ()
) -> Scenario:
    """Check the starting state and store its path; a chain of starts is followed (no cycles)."""
    from sim.scenario.load import load_scenario
    from sim.world.snapshot import month_after

    start = scenario.initial_state
    if start is None:
        return scenario
    key = "scenario" if start.scenario is not None else "file"
    origin = origins.nearest(("initial_state", key))
    where = {
        "file": origin.file if origin else None,
        "line": origin.line if origin else None,
        "key": f"initial_state.{key}",
    }
    from_file = origin is not None and origin.line is not None
    base = Path(origin.file).parent if from_file else Path.cwd()
    path = (base / (start.scenario or start.file)).resolve()
    if not path.is_file() and located(start.scenario or start.file).is_file():
        path = located(start.scenario or start.file).resolve()  # as a resolved scenario stores it
    if not path.is_file():
        raise InputError(f"no such file: {path}", **where)
    if key == "file":
        try:
            state = read_state(path)
            first = month_after(state)
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
            raise InputError(f"not a state file a run wrote ({error})", **where) from None
        if first != scenario.calendar.start:
            raise InputError(
                f"the state is of {state['date']}, so calendar.start must be {first}", **where
            )
    else:
        if path in chain:
            raise InputError("initial_state makes a cycle of starting states", **where)
        source = load_scenario(path, chain=(*chain, path))
        clock_start, steps = source.calendar.start, source.calendar.steps
        offset = start.at.minus(clock_start)
        if offset < 0 or offset > steps * source.calendar.step_months:
            raise InputError(f"{start.at} is outside that scenario's run", **where)
        if start.at != scenario.calendar.start:
            where["key"] = "initial_state.at"
            raise InputError(f"the run starts {scenario.calendar.start}, not {start.at}", **where)
    stored = start.model_copy(update={key: stored_path(path)})
    resolved = scenario.model_copy(update={"initial_state": stored})
    if key == "file":
        try:
            _check_restorable(resolved)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            message = f"not a state file a run wrote (missing or wrong: {error})"
            raise InputError(message, **where) from None
    return resolved
