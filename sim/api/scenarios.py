"""Scenarios from Python: an id, a file or a loaded :class:`Scenario`, with ``set`` overrides.

``set={"actors.washington.capability": 0.7}`` is ``--set actors.washington.capability=0.7``:
the same override, checked the same way, so an error names the key as the command line would.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sim.errors import InputError
from sim.scenario.schema import Scenario

ScenarioLike = str | Path | Scenario
Overrides = Mapping[str, object]


def _json(value: object) -> object:
    """numpy scalars as Python numbers (``json`` knows only Python's)."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"cannot write {value!r} as a scenario value")


def assignments(values: Overrides | None) -> list[str]:
    """``{"a.b": 0.7}`` as the ``--set`` texts ``["a.b=0.7"]`` (values written as JSON, which
    YAML reads back unchanged: numbers, booleans, strings, lists)."""
    return [f"{key}={json.dumps(value, default=_json)}" for key, value in (values or {}).items()]


def scenario_path(scenario: str | Path) -> Path:
    """The file of a scenario id (as ``run.py list`` prints it) or path."""
    from sim.scenario_ids import resolve

    return resolve(scenario)


def load(scenario: ScenarioLike, set: Overrides | None = None) -> Scenario:
    """A validated scenario: ``scenario`` as an id, a path or already loaded; ``set`` overrides
    values as ``--set`` does (only on an id or a path, which are validated again with them)."""
    if isinstance(scenario, Scenario):
        if set:
            raise InputError(
                "set= needs the scenario's id or file, which is validated again with the "
                "new values; pass the id, or load_scenario(path, overrides=[...])",
                file="set=",
            )
        return scenario
    if isinstance(scenario, tuple):  # what mesa.batch_run makes of a Scenario given alone
        raise TypeError(
            "scenario= got a tuple: mesa.batch_run iterates a parameter given alone, and a "
            "Scenario iterates over its fields; pass its id or file, or [scenario]"
        )
    from sim.scenario.load import load_scenario

    return load_scenario(scenario_path(scenario), assignments(set))
