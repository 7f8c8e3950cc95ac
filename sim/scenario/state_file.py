"""A ``state.json`` checked like a scenario file before a run starts from it: the scenario's
own actors, issues and tracks, finite numbers, values on their scales (levels as shares of the
saved scales, or in issue units in files written before ``scales`` was kept; other shares from
0 to 1), months that parse. A problem is one line naming the file
and the key; keys this check does not know are left to the code that reads them."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from sim.calendar import parse_month
from sim.scenario.schema import Scenario

SHARES = ("grievance", "deterrence", "stability")


class StateProblem(ValueError):
    """What is wrong at one key of a state file."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _non_finite(value: Any, key: str) -> Iterator[str]:
    """Keys of every number that is not finite (JSON reads 1e400 as infinity)."""
    if isinstance(value, float) and not math.isfinite(value):
        yield key
    elif isinstance(value, dict):
        for name, inner in value.items():
            yield from _non_finite(inner, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _non_finite(inner, f"{key}[{index}]")


class StateChecker:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.levels_are_shares = False  # set from the file: it keeps its scales

    def number(self, value: Any, key: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise StateProblem(key, f"expected a number, got {value!r}")
        if not low <= value <= high:
            raise StateProblem(key, f"{value:g} is outside {low:g} to {high:g}")
        return float(value)

    def mapping(self, value: Any, key: str) -> dict:
        if not isinstance(value, dict):
            raise StateProblem(key, f"expected a mapping, got {type(value).__name__}")
        return value

    def known(self, name: Any, known: dict, what: str, key: str) -> None:
        if name not in known:
            listed = ", ".join(known) or "none"
            raise StateProblem(key, f"unknown {what} '{name}' (this scenario's: {listed})")

    def on_scale(self, issue: Any, value: Any, key: str) -> None:
        self.known(issue, self.scenario.issues, "issue", key)
        if self.levels_are_shares:
            self.number(value, key, 0.0, 1.0)
            return
        spec = self.scenario.issues[issue]
        self.number(value, key, float(spec.min), float(spec.max))

    def issue_values(self, values: Any, key: str) -> None:
        for issue, value in self.mapping(values, key).items():
            self.on_scale(issue, value, f"{key}.{issue}")

    def scales(self, saved: Any) -> None:
        """The scales the file's levels are shares of: known issues, finite, min below max."""
        for issue, scale in self.mapping(saved, "scales").items():
            self.known(issue, self.scenario.issues, "issue", f"scales.{issue}")
            if not isinstance(scale, list) or len(scale) != 2:
                raise StateProblem(f"scales.{issue}", f"expected [min, max], got {scale!r}")
            low = self.number(scale[0], f"scales.{issue}[0]", -math.inf, math.inf)
            high = self.number(scale[1], f"scales.{issue}[1]", -math.inf, math.inf)
            if not low < high:
                raise StateProblem(f"scales.{issue}", f"min {low:g} is not below max {high:g}")
        self.levels_are_shares = True

    def month(self, value: Any, key: str) -> None:
        try:
            parse_month(value)
        except (TypeError, ValueError, AttributeError):
            raise StateProblem(key, f"expected a month YYYY-MM, got {value!r}") from None

    def actor(self, actor_id: str, saved: Any) -> None:
        base = f"actors.{actor_id}"
        saved = self.mapping(saved, base)
        for part in ("positions", "saliences", "capability", "trust"):
            if part not in saved:
                raise StateProblem(f"{base}.{part}", "missing")
        self.issue_values(saved["positions"], f"{base}.positions")
        for issue, value in self.mapping(saved["saliences"], f"{base}.saliences").items():
            self.known(issue, self.scenario.issues, "issue", f"{base}.saliences.{issue}")
            self.number(value, f"{base}.saliences.{issue}", 0.0, 1.0)
        self.number(saved["capability"], f"{base}.capability", 0.0, math.inf)
        for other, value in self.mapping(saved["trust"], f"{base}.trust").items():
            self.known(other, self.scenario.actors, "actor", f"{base}.trust.{other}")
            self.number(value, f"{base}.trust.{other}", 0.0, 1.0)
        for name in SHARES:
            if name in saved:
                self.number(saved[name], f"{base}.{name}", 0.0, 1.0)

    def commitment(self, data: Any, key: str) -> None:
        data = self.mapping(data, key)
        for part in ("issue", "start", "start_value", "milestones"):
            if part not in data:
                raise StateProblem(f"{key}.{part}", "missing")
        issue = data["issue"]
        self.on_scale(issue, data["start_value"], f"{key}.start_value")
        self.month(data["start"], f"{key}.start")
        if not isinstance(data["milestones"], list):
            raise StateProblem(f"{key}.milestones", "expected a list")
        for index, milestone in enumerate(data["milestones"]):
            where = f"{key}.milestones[{index}]"
            milestone = self.mapping(milestone, where)
            self.month(milestone.get("month"), f"{where}.month")
            self.on_scale(issue, milestone.get("value"), f"{where}.value")

    def track(self, track_id: str, saved: Any) -> None:
        base = f"tracks.{track_id}"
        saved = self.mapping(saved, base)
        for index, month in enumerate(saved.get("held", [])):
            self.month(month, f"{base}.held[{index}]")
        if saved.get("suspended_until") is not None:
            self.month(saved["suspended_until"], f"{base}.suspended_until")
        if saved.get("last_proposal") is not None:
            self.issue_values(saved["last_proposal"], f"{base}.last_proposal")
        if "status" in saved and saved["status"] not in ("open", "possible", "closed"):
            raise StateProblem(f"{base}.status", "expected open, possible or closed")
        if not isinstance(saved.get("abandoned_by", []), list):
            raise StateProblem(f"{base}.abandoned_by", "expected a list of actors")
        if "failures" in saved:
            self.number(saved["failures"], f"{base}.failures", 0.0, 1e6)

    def check(self, state: dict[str, Any]) -> None:
        for key in _non_finite(state, ""):
            raise StateProblem(key, "not a finite number")
        for part in ("date", "tension", "status_quo", "actors"):
            if part not in state:
                raise StateProblem(part, "missing")
        self.month(state["date"], "date")
        if "scales" in state:
            self.scales(state["scales"])
        self.number(state["tension"], "tension", 0.0, 1.0)
        self.issue_values(state["status_quo"], "status_quo")
        for actor_id, saved in self.mapping(state["actors"], "actors").items():
            self.known(actor_id, self.scenario.actors, "actor", f"actors.{actor_id}")
            self.actor(actor_id, saved)
        for part in ("commitments", "orders"):
            items = state.get(part, [])
            if not isinstance(items, list):
                raise StateProblem(part, "expected a list")
            for index, data in enumerate(items):
                self.commitment(data, f"{part}[{index}]")
        for track_id, saved in self.mapping(state.get("tracks", {}), "tracks").items():
            self.known(track_id, self.scenario.tracks, "track", f"tracks.{track_id}")
            self.track(track_id, saved)
        attacks = state.get("attacks", [])
        for index, step in enumerate(attacks if isinstance(attacks, list) else [None]):
            if not isinstance(step, list):
                raise StateProblem(f"attacks[{index}]", "expected a list of attacks")
            for inner, entry in enumerate(step):
                where = f"attacks[{index}][{inner}]"
                entry = self.mapping(entry, where)
                for role in ("attacker", "victim"):
                    self.known(entry.get(role), self.scenario.actors, "actor", f"{where}.{role}")
                count = entry.get("count")
                if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                    raise StateProblem(f"{where}.count", f"expected a count, got {count!r}")


def check_state(state: dict[str, Any], scenario: Scenario) -> None:
    """Raise :class:`StateProblem` for the first thing in ``state`` this scenario cannot take."""
    StateChecker(scenario).check(state)
