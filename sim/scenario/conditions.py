"""A tiny, safe condition language for stochastic rules: ``tension > 0.5 and issue.us_troops > 0``.

No ``eval``: a condition is a conjunction of comparisons between a named model variable and a
number. Names are checked against the scenario when it is loaded.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

_COMPARISON = re.compile(
    r"^\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$"
)
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}

WORLD_VARIABLES = ("tension", "step", "month", "attacks", "strikes", "arrests")
GOVERNMENT_VARIABLES = ("stability", "fiscal_stress", "power_shortfall")
FAMILIES = {
    "issue": 1,
    "position": 2,
    "trust": 2,
    "grievance": 1,
    "agreed": 1,
    "rounds": 1,
}


@dataclass(frozen=True)
class Comparison:
    variable: str
    op: str
    number: float

    def holds(self, value: float) -> bool:
        return _OPERATORS[self.op](value, self.number)


def parse_condition(text: str) -> list[Comparison]:
    """Parse ``a > 1 and b <= 2``; an empty condition always holds. Raises ValueError."""
    if not text.strip():
        return []
    comparisons = []
    for part in re.split(r"\s+and\s+", text.strip()):
        match = _COMPARISON.match(part)
        if not match:
            raise ValueError(
                f"cannot read '{part.strip()}': write 'name op number' joined by 'and' "
                "(ops: < <= > >= == !=)"
            )
        name, op, number = match.groups()
        if not math.isfinite(float(number)):
            raise ValueError(f"the number in '{part.strip()}' is too large")
        comparisons.append(Comparison(name, op, float(number)))
    return comparisons


def variable_problem(
    name: str, issues: set[str], actors: set[str], tracks: set[str], has_government: bool
) -> str | None:
    """Why ``name`` is not a variable of this scenario, or None if it is one."""
    if name in WORLD_VARIABLES:
        return None
    if name in GOVERNMENT_VARIABLES:
        return None if has_government else f"'{name}' needs a government with a domestic section"
    family, _, rest = name.partition(".")
    if family not in FAMILIES:
        names = ", ".join([*WORLD_VARIABLES, *GOVERNMENT_VARIABLES, *(f + ".*" for f in FAMILIES)])
        return f"unknown variable '{name}' (known: {names})"
    parts = rest.split(".") if rest else []
    if len(parts) != FAMILIES[family]:
        return f"'{family}' takes {FAMILIES[family]} name(s) after it, e.g. {family}.x"
    kinds = {
        "issue": [issues],
        "position": [actors, issues],
        "trust": [actors, actors],
        "grievance": [actors],
        "agreed": [tracks],
        "rounds": [tracks],
    }[family]
    labels = {id(issues): "issue", id(actors): "actor", id(tracks): "track"}
    for part, known in zip(parts, kinds, strict=True):
        if part not in known:
            return f"unknown {labels[id(known)]} '{part}' in '{name}'"
    return None
