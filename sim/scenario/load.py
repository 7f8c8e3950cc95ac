"""Load a scenario: read, compose ``extends``, apply ``--set``, validate, check references."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from sim.errors import InputError
from sim.paths import display_name
from sim.scenario.checks import scenario_problems
from sim.scenario.compose import compose
from sim.scenario.initial_state import located, month_after, read_state, stored_path
from sim.scenario.origins import KeyPath, Origins, format_path
from sim.scenario.overrides import apply_overrides
from sim.scenario.schema import Scenario
from sim.scenario.state_file import StateProblem, check_state
from sim.validation_messages import one_line


def _data_path(loc: tuple[Any, ...], data: Any) -> KeyPath:
    """Pydantic's error location with union tags removed, so it names keys the user wrote."""
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif last and isinstance(part, str | int) and not str(part).startswith("function-"):
            path.append(part)
    return tuple(path)


# the scenario's own checks: their messages name what was wrong, with no "(got ...)"
OWN_CHECKS = (
    "value_error",
    "unknown_key",
    "source",
    "reason",
    "missing_value",
    "number",
    "uncertainty",
)


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    given = error.get("input")
    text = str(error["msg"]).removeprefix("Value error, ")
    plain_only = kind.startswith(("int_", "float_", "bool_", "string_")) or (
        kind == "value_error" and text.startswith("expected a date")
    )
    if plain_only and isinstance(given, dict) and {"range", "dist"} & set(given):
        return "a range or dist is allowed only on a real number, not on an integer, date or text"
    return one_line(error, OWN_CHECKS)


def _locate(path: KeyPath, origins: Origins) -> InputError:
    origin = origins.nearest(path)
    key = format_path(path) or None
    if origin and origin.line is None and origin.file.partition("=")[0] == f"--set {key}":
        key = None  # the --set names the key already
    return InputError(
        "",
        file=origin.file if origin else None,
        line=origin.line if origin else None,
        key=key,
    )


def _created_by_set(path: KeyPath, origins: Origins) -> str:
    """The section a --set created, when ``path`` lies below one, as a dotted path; else ''."""
    origin = origins.nearest(path)
    if origin is None or origin.line is not None:
        return ""
    for end in range(1, len(path)):
        if origins.get(tuple(path[:end])) == origin:
            return format_path(path[:end])
    return ""


def _error(path: KeyPath, message: str, origins: Origins, more: int) -> InputError:
    error = _locate(path, origins)
    created = _created_by_set(path, origins)
    if created and message.startswith("missing required key"):
        message += (
            f": the scenario has no '{created}' (a typo?), so setting a key below it would "
            "create it"
        )
    error.message = message + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")
    return error


def _line_order(path: KeyPath, origins: Origins) -> tuple[str, int]:
    origin = origins.nearest(path)
    return (origin.file, origin.line or 0) if origin else ("", 0)


def validate_scenario(
    raw: dict[str, Any], origins: Origins, chain: tuple[Path, ...] = ()
) -> Scenario:
    """Validate merged scenario data; the first problem (in file order) becomes an InputError.

    A starting state (``initial_state``) is resolved here too, against the file that names it,
    so every way a scenario is built (a run, a sweep's runs, a calibration's trials) agrees.
    """
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        found = exc.errors()
        found.sort(key=lambda e: e["type"] == "missing")  # a typo explains the missing key
        errors = [(_data_path(e["loc"], raw), _message(e)) for e in found]
        typos = [item for item, e in zip(errors, found, strict=True) if e["type"] != "missing"]
        ranked = typos or errors
        ranked.sort(key=lambda item: _line_order(item[0], origins))
        errors = ranked + [item for item in errors if item not in ranked]
        path, message = errors[0]
        raise _error(path, message, origins, len(errors) - 1) from None
    problems = list(scenario_problems(scenario, raw, origins))
    if problems:
        problems.sort(key=lambda item: _line_order(item[0], origins))
        path, message = problems[0]
        raise _error(path, message, origins, len(problems) - 1)
    return resolve_initial_state(scenario, origins, chain)


def load_scenario_data(path: str | Path, overrides: Sequence[str] = ()) -> tuple[dict, Origins]:
    """The merged raw data of a scenario file and the origin of each key, overrides applied."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=display_name(path))
    raw, origins = compose(path)
    apply_overrides(raw, origins, list(overrides))
    return raw, origins


def load_scenario(
    path: str | Path, overrides: Sequence[str] = (), chain: tuple[Path, ...] = ()
) -> Scenario:
    """Load, compose, override and validate a scenario file."""
    raw, origins = load_scenario_data(path, overrides)
    scenario = validate_scenario(raw, origins, (*chain, Path(path).resolve()))
    scenario._source = str(Path(path).resolve())
    return scenario


def resolve_initial_state(
    scenario: Scenario, origins: Origins, chain: tuple[Path, ...] = ()
) -> Scenario:
    """Check the starting state and store its path; a chain of starts is followed (no cycles)."""
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
    return resolved
