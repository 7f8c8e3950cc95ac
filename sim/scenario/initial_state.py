"""A scenario's ``initial_state``: where its file is, how it is stored and read, and the month a
run starting from it begins. Resolving it against its scenario (chains of starting states
included) is :func:`sim.scenario.load.resolve_initial_state`."""

from __future__ import annotations

import json
from pathlib import Path

from sim.calendar import Month, parse_month
from sim.paths import ROOT


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


def month_after(state: dict) -> Month:
    """The first month a scenario starting from ``state`` simulates."""
    return parse_month(state["date"]).plus(1)
