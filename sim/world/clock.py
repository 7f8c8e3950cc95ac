"""The model's clock: which step it is and which month that step covers."""

from __future__ import annotations

from dataclasses import dataclass

from sim.calendar import Month


@dataclass
class Clock:
    """Step ``k`` (0 before the first step) covers ``start + (k - 1) * step_months``."""

    start: Month
    step_months: int
    steps: int
    step: int = 0

    @property
    def month(self) -> Month:
        """The month of the current step (the start month before the first step)."""
        return self.start.plus(max(self.step - 1, 0) * self.step_months)

    @property
    def date(self) -> str:
        """The current month as ``YYYY-MM``, as logs and series show it."""
        return str(self.month)

    def step_of(self, month: Month) -> int:
        """The step whose period contains ``month``."""
        return month.minus(self.start) // self.step_months + 1

    def steps_for(self, months: int) -> int:
        """How many steps ``months`` months last (at least one)."""
        return max(1, -(-months // self.step_months))
