"""Scenario ids: ``scenarios/us_withdrawal/x.yaml`` is ``us_withdrawal-x``. Wherever a command
takes a file it also takes an id (as ``run.py list`` prints them), and a mistyped one gets a
suggestion."""

from __future__ import annotations

import difflib
from pathlib import Path

from sim.errors import InputError
from sim.paths import SCENARIOS

NOT_SCENARIOS = {"sources.yaml"}


def scenario_id(path: str | Path) -> str:
    """A scenario's id from its path: ``scenarios/us_withdrawal/x.yaml`` -> ``us_withdrawal-x``;
    a file outside ``scenarios/`` is known by its name without ``.yaml``."""
    path = Path(path).resolve()
    try:
        parts = path.relative_to(SCENARIOS).with_suffix("").parts
    except ValueError:
        return path.stem
    return "-".join(parts)


def known_files() -> dict[str, Path]:
    """Every YAML file under ``scenarios/`` by id (scenarios, shared parts, sweeps, ...)."""
    return {
        scenario_id(p): p for p in sorted(SCENARIOS.rglob("*.yaml")) if p.name not in NOT_SCENARIOS
    }


def resolve(argument: str | Path) -> Path:
    """The file a command argument names: an existing path, else a shipped file's id (also
    written as ``folder/name`` or ``folder/name.yaml`` relative to ``scenarios/``)."""
    path = Path(argument)
    if path.exists():
        return path
    text = str(argument)
    known = known_files()
    for candidate in (text, text.removesuffix(".yaml").replace("/", "-")):
        if candidate in known:
            return known[candidate]
    close = difflib.get_close_matches(path.stem if "/" in text else text, list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise InputError(f"no such file or scenario id{hint} (run.py list shows the ids)", file=text)
