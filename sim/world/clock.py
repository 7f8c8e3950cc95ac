"""The model's clock: which step it is and which month that step covers."""

from __future__ import annotations

from sim.calendar import Month


class Clock:
    """Step ``k`` (0 before the first step) covers ``start + (k - 1) * step_months``.

    The month and its ``YYYY-MM`` text are computed once per step: every log record reads them.
    """

    def __init__(self, start: Month, step_months: int, steps: int, step: int = 0) -> None:
        self.start = start
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
