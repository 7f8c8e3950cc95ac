"""Issue scales: the one place values move between an issue's units and the model's [0, 1]."""

from __future__ import annotations

from collections.abc import Mapping


class Scales:
    """Each issue's ``(min, max)``; inside the model every issue value lives on [0, 1]."""

    def __init__(self, bounds: Mapping[str, tuple[float, float]]) -> None:
        self.bounds = dict(bounds)

    def __iter__(self):
        return iter(self.bounds)

    def width(self, issue: str) -> float:
        low, high = self.bounds[issue]
        return high - low

    def normalise(self, issue: str, value: float) -> float:
        """A value in the issue's units on [0, 1]."""
        low, high = self.bounds[issue]
        return (value - low) / (high - low)

    def denormalise(self, issue: str, value: float) -> float:
        """A value on [0, 1] back in the issue's units."""
        low, high = self.bounds[issue]
        return low + value * (high - low)

    def to_units(self, issue: str) -> tuple[float, float]:
        """``(low, width)``: :meth:`denormalise` is ``low + value * width``, the same numbers
        for a loop that converts many values (the record, every month)."""
        return self.bounds[issue][0], self.width(issue)

    def per_unit(self, issue: str, amount: float) -> float:
        """An amount (a change, a cap) in the issue's units as a share of the scale."""
        return amount / self.width(issue)
