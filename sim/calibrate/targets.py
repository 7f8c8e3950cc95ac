"""Calibration targets: what one run is measured by, and when a measure is inside tolerance.

Each target turns a :class:`~sim.results.RunResult` into one number (a series value at a month,
or a count of matching events in a period) and says which numbers are acceptable. Targets are
plain frozen dataclasses, so a sweep worker can receive them pickled and measure runs where
they are made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from sim.results import RunResult

Scalar = str | int | float | bool
MISSING = object()


def _same(got: object, want: Scalar) -> bool:
    """Equality that keeps booleans apart from numbers (``held: true`` is not ``held: 1``)."""
    if isinstance(want, bool) or isinstance(got, bool):
        return isinstance(got, bool) and isinstance(want, bool) and got == want
    return got == want


@dataclass(frozen=True)
class Matcher:
    """Events whose fields equal the given values; ``kind`` is matched against the event type.

    A value may be a tuple (any of these); a dotted field name looks inside nested records.
    """

    fields: tuple[tuple[str, Scalar | tuple[Scalar, ...]], ...]

    @staticmethod
    def of(fields: dict[str, Scalar | list[Scalar]]) -> Matcher:
        items = [(k, tuple(v) if isinstance(v, list) else v) for k, v in fields.items()]
        return Matcher(tuple(items))

    def matches(self, event: dict) -> bool:
        for key, want in self.fields:
            got: object = event
            for part in ("type" if key == "kind" else key).split("."):
                got = got.get(part, MISSING) if isinstance(got, dict) else MISSING
            options = want if isinstance(want, tuple) else (want,)
            if got is MISSING or not any(_same(got, option) for option in options):
                return False
        return True

    def __str__(self) -> str:
        def text(value: Scalar | tuple[Scalar, ...]) -> str:
            if isinstance(value, tuple):
                return "[" + ", ".join(text(v) for v in value) + "]"
            return str(value).lower() if isinstance(value, bool) else str(value)

        return ", ".join(f"{key}: {text(value)}" for key, value in self.fields)


class Target(Protocol):
    """What the loss and the report need from any kind of target."""

    @property
    def name(self) -> str: ...

    def measure(self, result: RunResult) -> float: ...

    def inside(self, value: float) -> bool: ...

    def distance(self, median: float) -> float: ...

    def band_distance(self, q25: float, q75: float) -> float: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class SeriesAt:
    """A series column's value at the end of a month, within ``tolerance`` of ``value``."""

    name: str
    column: str
    month: str  # YYYY-MM
    value: float
    tolerance: float  # absolute, in the column's units

    def measure(self, result: RunResult) -> float:
        """The last recorded row of the month (the state at its end); NaN if there is none."""
        if self.column not in result.columns:
            return math.nan
        index, date_index = result.columns.index(self.column), result.columns.index("date")
        found = [row[index] for row in result.rows if row[date_index] == self.month]
        return float(found[-1]) if found else math.nan

    def inside(self, value: float) -> bool:
        return not math.isnan(value) and abs(value - self.value) <= self.tolerance

    def distance(self, median: float) -> float:
        """How many tolerances the median is from the documented value."""
        return abs(median - self.value) / self.tolerance

    def band_distance(self, q25: float, q75: float) -> float:
        """How many tolerances the documented value lies outside the runs' 50% band."""
        return max(0.0, q25 - self.value, self.value - q75) / self.tolerance

    def describe(self) -> str:
        return f"{self.column} at {self.month}: {self.value:g} ± {self.tolerance:g}"


@dataclass(frozen=True)
class EventCount:
    """The number of matching events from ``first`` to ``last`` (months, both included).

    ``low``/``high`` bound the acceptable count: an event that must happen is ``[1, inf]``,
    one that must not is ``[0, 0]``.
    """

    name: str
    matcher: Matcher
    first: str  # YYYY-MM
    last: str
    low: float = 0.0
    high: float = math.inf

    def measure(self, result: RunResult) -> float:
        return float(
            sum(
                1
                for event in result.events
                if self.first <= str(event.get("date", "")) <= self.last
                and self.matcher.matches(event)
            )
        )

    def inside(self, value: float) -> bool:
        return not math.isnan(value) and self.low <= value <= self.high

    def distance(self, median: float) -> float:
        """How many events the median is outside the acceptable range (0 inside it)."""
        return max(0.0, self.low - median, median - self.high)

    def band_distance(self, q25: float, q75: float) -> float:
        """How many events lie between the acceptable range and the runs' 50% band."""
        return max(0.0, self.low - q75, q25 - self.high)

    def describe(self) -> str:
        if (self.low, self.high) == (1.0, math.inf):
            bound = "happens"
        elif (self.low, self.high) == (0.0, 0.0):
            bound = "never happens"
        elif self.high == math.inf:
            bound = f"at least {self.low:g}"
        elif self.low == self.high:
            bound = f"exactly {self.low:g}"
        else:
            bound = f"{self.low:g} to {self.high:g}"
        return f"events {{{self.matcher}}} from {self.first} to {self.last}: {bound}"


@dataclass(frozen=True)
class Measure:
    """Measure a run by every target: the function a sweep worker applies to each run."""

    targets: tuple[SeriesAt | EventCount, ...]

    def __call__(self, result: RunResult) -> dict[str, float]:
        return {target.name: target.measure(result) for target in self.targets}
