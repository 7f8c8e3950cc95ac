"""Scenarios from Python: an id, a file or a loaded :class:`Scenario`, with ``set`` overrides.

``set={"actors.washington.capability": 0.7}`` is ``--set actors.washington.capability=0.7``:
the same override, checked the same way, so an error names the key as the command line would.
"""

from __future__ import annotations

import json
import numbers
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
    if values is None:
        return []
    if not isinstance(values, Mapping):
        raise InputError(
            f"expected a dict of dotted paths and values, e.g. {{'actors.baghdad.capability': "
            f"0.6}}, got {type(values).__name__} {values!r}",
            file="set=",
        )
    texts = []
    for key, value in values.items():
        try:
            texts.append(f"{key}={json.dumps(value, default=_json)}")
        except TypeError as error:
            raise InputError(str(error), file=f"set[{key!r}]") from None
    return texts


def scenario_path(scenario: str | Path) -> Path:
    """The file of a scenario id (as ``run.py list`` prints it) or path; a file of another
    kind (a sweep, a calibration...) is refused by its kind, not by a scenario's keys."""
    from sim.file_kinds import expect_kind
    from sim.scenario_ids import resolve

    if not isinstance(scenario, str | Path):
        raise InputError(
            f"expected a scenario id, a file or a Scenario, got {type(scenario).__name__} "
            f"{scenario!r}",
            file="scenario=",
        )
    path = resolve(scenario)
    expect_kind(path, "scenario", "scenario=")
    return path


def check_run(seed: object, steps: object) -> None:
    """``seed`` and ``steps`` as ``run.py run`` takes them (``--seed``, ``--steps``): whole
    numbers, a seed from 0 to 2**63 - 1 and from 1 to 600 steps, or None for the scenario's."""
    for name, value, low, high, shown in (
        ("seed", seed, 0, 2**63 - 1, "2**63 - 1"),
        ("steps", steps, 1, 600, "600"),
    ):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise InputError(f"must be a whole number, got {value!r}", file=f"{name}=")
        if not low <= int(value) <= high:
            raise InputError(f"must be between {low} and {shown}, got {value}", file=f"{name}=")


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


def check_policies(policies: Mapping[str, object] | None, scenario: Scenario) -> None:
    """``policies`` as the engine takes them: a dict of the scenario's actor ids, each with an
    object that has a ``decide(decision)`` method (a ``Policy``); a typo in an id is named, not
    a KeyError after the whole run."""
    if policies is None:
        return
    if not isinstance(policies, Mapping):
        raise InputError(
            f"expected a dict of actor ids and policies, got {type(policies).__name__}",
            file="policies=",
        )
    for actor_id, policy in policies.items():
        if actor_id not in scenario.actors:
            import difflib

            close = difflib.get_close_matches(str(actor_id), list(scenario.actors), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise InputError(
                f"no actor {actor_id!r} in the scenario{hint} (actors: "
                f"{', '.join(scenario.actors)})",
                file="policies=",
            )
        if not callable(getattr(policy, "decide", None)):
            raise InputError(
                f"{actor_id}: {type(policy).__name__} has no decide(decision) method; "
                "give a Policy (agents.policies) or an object with one",
                file="policies=",
            )
