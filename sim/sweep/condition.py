"""The outcome conditions of ``analyze --discover``: ``OUTCOME OP VALUE``, joined by ``and``.

``final_status_quo.us_troops < 1000``, ``tracks.iran_saudi_talks.agreed == true and
violence.attacks >= 20``. Outcomes are columns of runs.csv; a yes/no outcome compares with
``true``/``false`` (or is named alone, meaning ``== true``). Anything else is refused with one
line naming the problem.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from sim.errors import InputError
from sim.sweep.store import FIXED_COLUMNS

OPERATORS: dict[str, Callable] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
_CLAUSE = re.compile(r"^\s*(?P<name>[^\s<>=!]+)\s*(?:(?P<op>[<>=!]+)\s*(?P<value>\S+))?\s*$")
_TRUTH = {"true": 1.0, "false": 0.0}
OPTION = "--discover"


@dataclass(frozen=True)
class Clause:
    outcome: str
    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.outcome} {self.op} {self.value:g}"


@dataclass(frozen=True)
class Condition:
    """Runs that meet every clause are the cases of interest."""

    text: str
    clauses: tuple[Clause, ...]

    @property
    def outcomes(self) -> list[str]:
        return [clause.outcome for clause in self.clauses]

    def evaluate(self, table: pd.DataFrame) -> pd.Series:
        """True where a run meets the condition; a run with an empty outcome does not."""
        met = pd.Series(True, index=table.index)
        for clause in self.clauses:
            values = _numbers(table[clause.outcome])
            met &= OPERATORS[clause.op](values, clause.value).fillna(False).astype(bool)
        return met


def _numbers(column: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(column):
        return column.astype(float)
    if not pd.api.types.is_numeric_dtype(column):
        lowered = column.astype(str).str.lower()
        if lowered.isin(["true", "false", "nan", "none", ""]).all():
            return lowered.map(_TRUTH).astype(float)
    return pd.to_numeric(column, errors="coerce")


def _clause(text: str, columns: list[str], parameters: list[str]) -> Clause:
    match = _CLAUSE.match(text)
    if not match:
        raise InputError(
            f"cannot read '{text.strip()}': write OUTCOME OP VALUE, e.g. "
            "final_status_quo.us_troops < 1000",
            file=OPTION,
        )
    name, op, value = match["name"], match["op"], match["value"]
    if name in parameters:
        raise InputError(
            f"'{name}' is a swept parameter, not an outcome: discovery explains outcomes "
            "by parameters",
            file=OPTION,
        )
    if name not in columns or name in FIXED_COLUMNS:
        close = [c for c in columns if name.split(".")[-1] in c and c not in FIXED_COLUMNS][:3]
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see the header of runs.csv)"
        raise InputError(f"unknown outcome '{name}'{hint}", file=OPTION)
    if op is None:
        return Clause(name, "==", 1.0)
    if op not in OPERATORS:
        raise InputError(
            f"unknown operator '{op}' in '{text.strip()}': use one of "
            + ", ".join(sorted(OPERATORS, key=len)),
            file=OPTION,
        )
    if value.lower() in _TRUTH:
        return Clause(name, op, _TRUTH[value.lower()])
    try:
        number = float(value)
    except ValueError:
        raise InputError(
            f"'{value}' is not a number (nor true or false) in '{text.strip()}'", file=OPTION
        ) from None
    if not math.isfinite(number):  # nan compares false with everything, inf is no threshold
        raise InputError(f"'{value}' is not a finite number in '{text.strip()}'", file=OPTION)
    return Clause(name, op, number)


def parse_condition(text: str, columns: list[str], parameters: list[str]) -> Condition:
    """Read a condition against the columns of a sweep's runs.csv."""
    parts = re.split(r"\s+and\s+", text.strip(), flags=re.IGNORECASE)
    if not text.strip() or any(not part.strip() for part in parts):
        raise InputError("empty condition: e.g. final_status_quo.us_troops < 1000", file=OPTION)
    return Condition(text.strip(), tuple(_clause(part, columns, parameters) for part in parts))
