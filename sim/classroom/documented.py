"""The documented path a debrief draws over the model's runs: the dated values the project's
calibration is fitted to and checked against (each target that names a series, a month and a
value, with the facts it cites), read from the shipped calibration file rather than typed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from sim.classroom.facts import catalogue
from sim.paths import SCENARIOS

CALIBRATION = SCENARIOS / "calibration" / "baseline_2020.yaml"


@dataclass(frozen=True)
class Documented:
    """One dated documented value of a series, with the facts it comes from."""

    series: str
    month: str  # YYYY-MM
    value: float
    facts: tuple[str, ...]
    outside: bool  # every fact cited is from outside the five source documents


@lru_cache(maxsize=1)
def documented_points() -> tuple[Documented, ...]:
    """Every series target of the shipped calibration, in the file's order."""
    data = yaml.safe_load(CALIBRATION.read_text(encoding="utf-8"))
    book = catalogue()
    points = []
    for target in data.get("targets", {}).values():
        if not {"series", "at", "value"} <= set(target):
            continue
        facts = tuple(str(f) for f in target.get("source", []))
        outside = bool(facts) and all(f in book.facts and book.outside(f) for f in facts)
        at = target["at"]
        month = at if isinstance(at, str) else f"{at.year:04d}-{at.month:02d}"
        points.append(Documented(target["series"], month, float(target["value"]), facts, outside))
    return tuple(points)


def within(series: str, months: list[str]) -> list[Documented]:
    """The documented values of ``series`` whose month is one of the exercise's ``months``."""
    return [p for p in documented_points() if p.series == series and p.month in months]
