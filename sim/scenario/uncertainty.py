"""Parametric uncertainty: find a scenario's uncertain numbers and draw them.

Every number written with a ``range`` or ``dist`` is a parameter, named by its dotted path as
``--set`` names it (``actors.kataib_hezbollah.behaviour.attack_propensity``). A draw gives each
path its own random stream, seeded from the generator it is given and a hash of the path, so
adding or removing one uncertain parameter leaves the draws of every other one unchanged.
Positions and status quos are drawn within their issue's scale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel

from sim.scenario.distributions import Uncertainty
from sim.scenario.quantity import Quantity
from sim.scenario.schema import Scenario

SAMPLING_STREAM = 0x5A4D9  # spawn key of a run's sampling stream, apart from its model seed
Path = tuple[str, ...]


def _children(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield name, getattr(node, name)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key), value
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield str(index), value


def _walk(node: Any, path: Path = ()) -> Iterator[tuple[Path, Quantity]]:
    for key, child in _children(node):
        if isinstance(child, Quantity):
            if child.uncertainty is not None:
                yield (*path, key), child
        elif isinstance(child, BaseModel | dict | list | tuple):
            yield from _walk(child, (*path, key))


def _scale_issue(path: Path) -> str | None:
    """The issue whose scale bounds a position or a status quo at ``path``."""
    if len(path) >= 3 and path[-1] == "position" and path[-3] == "positions":
        return path[-2]
    if len(path) == 3 and path[0] == "issues" and path[2] == "status_quo":
        return path[1]
    return None


def uncertain_parameters(scenario: Scenario) -> dict[str, Uncertainty]:
    """Every number with a range or dist, by dotted path in sorted order, within its bounds."""
    found: dict[str, Uncertainty] = {}
    for path, quantity in _walk(scenario):
        uncertainty = quantity.uncertainty
        assert uncertainty is not None
        issue = _scale_issue(path)
        if issue is not None and issue in scenario.issues:
            scale = scenario.issues[issue]
            uncertainty = uncertainty.bounded(float(scale.min), float(scale.max))
        found[".".join(path)] = uncertainty
    return dict(sorted(found.items()))


def path_key(path: str) -> int:
    """A 64-bit number for a dotted path: the spawn key of its stream."""
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big")


def draw_values(
    scenario: Scenario, rng: np.random.Generator, skip: frozenset[str] = frozenset()
) -> dict[str, float]:
    """One value for every uncertain parameter (but those in ``skip``), by path.

    ``rng`` gives four words of entropy (always four, whatever the scenario); each path then
    draws one uniform number from ``SeedSequence(entropy, spawn_key=(path_key(path),))``.
    """
    entropy = [int(w) for w in rng.integers(0, 2**32, size=4, dtype=np.uint64)]
    values = {}
    for path, uncertainty in uncertain_parameters(scenario).items():
        if path in skip:
            continue
        stream = np.random.SeedSequence(entropy, spawn_key=(path_key(path),))
        u = float(np.random.default_rng(stream).random())
        values[path] = uncertainty.value_at(u)
    return values


def _get(node: Any, key: str) -> Any:
    if isinstance(node, BaseModel):
        return getattr(node, key)
    if isinstance(node, dict):
        return node[key]
    return node[int(key)]


def _replaced(node: Any, keys: list[str], value: float, dotted: str) -> Any:
    """A copy of ``node`` with the number at ``keys`` set; only the nodes on the path are
    copied (shallowly), the rest is shared with ``node``."""
    key, rest = keys[0], keys[1:]
    old = _get(node, key)
    if rest:
        new = _replaced(old, rest, value, dotted)
    elif isinstance(old, Quantity) and old.uncertainty is not None:
        new = Quantity(value, old.source, old.reason, old.calibration, old.uncertainty)
    else:
        raise KeyError(f"{dotted} is not an uncertain parameter of the scenario")
    if isinstance(node, BaseModel):
        return node.model_copy(update={key: new})
    if isinstance(node, dict):
        return {**node, key: new}
    items = list(node)
    items[int(key)] = new
    return type(node)(items)


def with_values(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """The scenario with these uncertain numbers set; provenance and range are kept.

    The input is left as it is: the result copies the sections on each path and shares the
    others with it (scenarios are read, never written, by the model)."""
    for dotted, value in values.items():
        scenario = _replaced(scenario, dotted.split("."), value, dotted)
    return scenario


def sample_scenario(scenario: Scenario, rng: np.random.Generator) -> Scenario:
    """The scenario with every uncertain parameter drawn (deterministic for a given ``rng``)."""
    return with_values(scenario, draw_values(scenario, rng))


def sampling_rng(seed: int) -> np.random.Generator:
    """The generator that draws a run's parameters: its own stream, never the model's dice."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(SAMPLING_STREAM,)))
