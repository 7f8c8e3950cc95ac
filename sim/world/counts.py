"""Counts of what happened: this step's (for the series) and the run's (for the outcomes)."""

from __future__ import annotations

from collections import Counter

COUNTS = ("attacks", "strikes", "arrests", "protests", "spoils")


class Counts:
    def __init__(self) -> None:
        self.step: Counter[str] = Counter()
        self.total: Counter[str] = Counter()

    def begin_step(self) -> None:
        self.step = Counter()

    def add(self, what: str, n: int = 1) -> None:
        self.step[what] += n
        self.total[what] += n
