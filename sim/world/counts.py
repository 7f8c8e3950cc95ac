"""Counts of what happened: this step's (for the series) and the run's (for the outcomes)."""

from __future__ import annotations

from collections import Counter

COUNTS = ("attacks", "strikes", "arrests", "protests", "spoils")


class Counts:
    """``step``: this step's; ``total``: this run's; ``earlier``: those of the run(s) this one
    started from (``initial_state``), which conditions on totals count too."""

    def __init__(self) -> None:
        self.step: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.earlier: Counter[str] = Counter()

    def carry(self, earlier: dict[str, int]) -> None:
        """Start from the totals of an earlier run."""
        self.earlier = Counter({name: n for name, n in earlier.items() if name in COUNTS})

    def ever(self) -> dict[str, int]:
        """Totals since the first run of a chain of starting states, in :data:`COUNTS` order."""
        return {name: self.earlier[name] + self.total[name] for name in COUNTS}

    def begin_step(self) -> None:
        self.step = Counter()

    def add(self, what: str, n: int = 1) -> None:
        self.step[what] += n
        self.total[what] += n
