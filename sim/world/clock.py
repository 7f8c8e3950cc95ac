"""The model's clock: which step it is and which month that step covers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.calendar import Month

if TYPE_CHECKING:
    from sim.scenario.schema import Track


class Clock:
    """Step ``k`` (0 before the first step) covers ``start + (k - 1) * step_months``.

    The month and its ``YYYY-MM`` text are computed once per step: every log record reads them.
    """

    def __init__(self, start: Month, step_months: int, steps: int, step: int = 0) -> None:
        self.start = start
        self.origin = start  # the first month of the first run of a chain of starting states
        self.step_months = step_months
        self.steps = steps
        self.step = step

    @property
    def step(self) -> int:
        return self._step

    @step.setter
    def step(self, value: int) -> None:
        self._step = value
        self.month = self.start.plus(max(value - 1, 0) * self.step_months)
        self.date = str(self.month)

    def step_of(self, month: Month) -> int:
        """The step whose period contains ``month``."""
        return month.minus(self.start) // self.step_months + 1

    def steps_for(self, months: int) -> int:
        """How many steps ``months`` months last (at least one)."""
        return max(1, -(-months // self.step_months))

    def due(self, track: Track) -> frozenset[int]:
        """The steps at which a track has a dated round: its dates, or every so many months
        from its start (else from the origin, so a run started from a state keeps the
        rhythm); none when the actors alone call its rounds."""
        if track.rounds:
            return frozenset(self.step_of(m) for m in track.rounds)
        if track.every is None:  # no calendar: rounds only when the actors call them
            return frozenset()
        first = self.step_of(track.start or self.origin)
        last = self.step_of(track.end) if track.end else self.steps
        stride = max(1, (track.every or 1) // self.step_months)
        if first < 1:  # the rhythm began before this run: its first beat in the run
            first += -(-(1 - first) // stride) * stride
        return frozenset(range(first, last + 1, stride))
