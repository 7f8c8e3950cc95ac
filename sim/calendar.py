"""Months as the model's clock: scenario dates are read as months and steps map to months."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, PlainSerializer

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


class Month(NamedTuple):
    """A calendar month; days in scenario dates are kept only for the record."""

    year: int
    month: int

    def plus(self, months: int) -> Month:
        """The month ``months`` after this one."""
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def minus(self, other: Month) -> int:
        """Whole months from ``other`` to this month."""
        return (self.year - other.year) * 12 + (self.month - other.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_month(value: Any) -> Month:
    """Read ``2020-05``, ``2020-05-07`` or a YAML date as a month."""
    if isinstance(value, Month):
        return value
    if isinstance(value, dt.date):
        return Month(value.year, value.month)
    if isinstance(value, str):
        match = _MONTH.match(value.strip())
        if match:
            year, month, day = match.groups()
            try:
                dt.date(int(year), int(month), int(day or 1))
            except ValueError:
                pass
            else:
                return Month(int(year), int(month))
    raise ValueError(f"expected a date such as 2020-05 or 2020-05-07, got {value!r}")


MonthField = Annotated[
    Month,
    BeforeValidator(parse_month),
    PlainSerializer(lambda m: str(m), return_type=str),
]
"""A pydantic field type for months, written back as ``YYYY-MM``."""
