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
    named = start.scenario or start.file or ""
    origin = origins.nearest(("initial_state", key))
    file = origin.file if origin else None
    line = origin.line if origin else None

    def refused(message: str, at_key: str = f"initial_state.{key}") -> InputError:
        return InputError(message, file=file, line=line, key=at_key)

    base = Path(file).parent if file is not None and line is not None else Path.cwd()
    path = (base / named).resolve()
    if not path.is_file() and located(named).is_file():
        path = located(named).resolve()  # as a resolved scenario stores it
    if not path.is_file():
        raise refused(f"no such file: {path}")
    if key == "file":
        try:
            state = read_state(path)
            first = month_after(state)
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
            raise refused(f"not a state file a run wrote ({error})") from None
        from sim.scenario.state_file import StateProblem, check_state

        try:
            check_state(state, scenario)
        except StateProblem as problem:
            message = f"not a state file a run wrote ({start.file}: {problem.key}: {problem})"
            raise refused(message) from None
        if first != scenario.calendar.start:
            raise refused(f"the state is of {state['date']}, so calendar.start must be {first}")
    else:
        if path in chain:
            raise refused("initial_state makes a cycle of starting states")
        if start.at is None:  # the schema asks for it; checked again for the type
            raise refused("'at' names the month whose state the run starts from")
        source = load_scenario(path, chain=(*chain, path))
        clock_start, steps = source.calendar.start, source.calendar.steps
        offset = start.at.minus(clock_start)
        if offset < 0 or offset > steps * source.calendar.step_months:
            raise refused(f"{start.at} is outside that scenario's run")
        if start.at != scenario.calendar.start:
            message = f"the run starts {scenario.calendar.start}, not {start.at}"
            raise refused(message, "initial_state.at")
    stored = start.model_copy(update={key: stored_path(path)})
    resolved = scenario.model_copy(update={"initial_state": stored})
    if key == "file":
        try:
            _check_restorable(resolved)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise refused(f"not a state file a run wrote (missing or wrong: {error})") from None
    return resolved
