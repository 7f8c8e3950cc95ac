"""Numbers that say where they came from: ``0.6`` or ``{value: 0.6, source: [F09]}``.

Fitted numbers say ``{value: 312.5, source: calibrated, calibration: FILE}``: the calibration
file that produced them (see docs/calibration.md).

A :class:`Quantity` is a ``float`` (so model code does plain arithmetic) that also carries its
provenance, which is written back into the resolved scenario of every run. A sourced number may
also carry a ``range`` or a ``dist`` (:mod:`sim.scenario.distributions`) that ensembles sample.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from sim.scenario.distributions import UNCERTAINTY_KEYS, Uncertainty, parse_uncertainty

FACT_ID = re.compile(r"^[FP]\d{2,3}$")  # F: the five documents; P: public record
JUDGEMENT = "judgement"
OVERRIDE = "override"
CALIBRATED = "calibrated"
_KEYS = {"value", "source", "reason", "calibration", *UNCERTAINTY_KEYS}


class Quantity(float):
    """A float with its provenance: fact IDs, ``judgement`` (with a reason), ``override``, or
    ``calibrated`` (with the calibration file that fitted it)."""

    source: tuple[str, ...] | str | None
    reason: str | None
    calibration: str | None
    uncertainty: Uncertainty | None

    def __new__(
        cls,
        value: float,
        source: tuple[str, ...] | str | None = None,
        reason=None,
        calibration: str | None = None,
        uncertainty: Uncertainty | None = None,
    ):
        self = super().__new__(cls, value)
        self.source = source
        self.reason = reason
        self.calibration = calibration
        self.uncertainty = uncertainty
        return self

    def __reduce__(self):
        args = (float(self), self.source, self.reason, self.calibration, self.uncertainty)
        return (Quantity, args)

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(_serialize),
        )


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number", "expected a number, got {got}", {"got": repr(value)})
    return finite(value)


def finite(value: int | float) -> float:
    """``value`` as a float, refusing NaN, infinities and integers too large for a float."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        shown = repr(value) if isinstance(value, float) else "a number too large"
        raise PydanticCustomError("number", "expected a finite number, got {got}", {"got": shown})
    return number


def _validate(value: Any) -> Quantity:
    if isinstance(value, Quantity):
        return value
    if not isinstance(value, dict):
        return Quantity(_number(value))
    unknown = sorted(set(value) - _KEYS, key=str)
    if unknown:
        raise PydanticCustomError(
            "unknown_key",
            "unknown key '{key}' in a sourced number (expected value, source, reason,"
            " calibration, range or dist)",
            {"key": unknown[0]},
        )
    if "value" not in value:
        raise PydanticCustomError("missing_value", "a sourced number needs a 'value'")
    source = value.get("source")
    reason = value.get("reason")
    calibration = value.get("calibration")
    if reason is not None and not isinstance(reason, str):
        raise PydanticCustomError("reason", "reason must be a line of text")
    if isinstance(source, list):
        if not source or not all(isinstance(s, str) and FACT_ID.match(s) for s in source):
            raise PydanticCustomError(
                "source",
                "source must list fact IDs such as [F09], got {got}",
                {"got": repr(source)},
            )
        source = tuple(source)
    elif source == JUDGEMENT:
        if not reason or not reason.strip():
            raise PydanticCustomError("reason", "source: judgement needs a one-line reason")
    elif source not in (None, OVERRIDE, CALIBRATED):
        raise PydanticCustomError(
            "source",
            "source must be a list of fact IDs, 'judgement', 'override' or 'calibrated', got {got}",
            {"got": repr(source)},
        )
    named = isinstance(calibration, str) and bool(calibration.strip())
    if (source == CALIBRATED) != named or (calibration is not None and not named):
        raise PydanticCustomError(
            "source", "source: calibrated goes with calibration: FILE (the calibration file)"
        )
    number = _number(value["value"])
    return Quantity(number, source, reason, calibration, parse_uncertainty(value, number))


def _serialize(value: Quantity) -> Any:
    uncertainty = getattr(value, "uncertainty", None)
    if not isinstance(value, Quantity) or (value.source is None and uncertainty is None):
        return float(value)
    out: dict[str, Any] = {"value": float(value)}
    if value.source is not None:
        out["source"] = list(value.source) if isinstance(value.source, tuple) else value.source
    if value.reason:
        out["reason"] = value.reason
    if value.calibration:
        out["calibration"] = value.calibration
    if uncertainty is not None:
        out.update(uncertainty.written())
    return out


def _between(low: float | None, high: float | None, strict_low: bool = False):
    def check(value: Quantity) -> Quantity:
        too_low = low is not None and (value <= low if strict_low else value < low)
        if too_low or (high is not None and value > high):
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            bracket = "(" if strict_low else "["
            raise ValueError(f"{float(value):g} is out of range {bracket}{lo}, {hi}]")
        if value.uncertainty is not None:  # draws stay within the field's bounds too
            value.uncertainty = value.uncertainty.bounded(low, high, strict_low)
        return value

    return AfterValidator(check)


Share = Annotated[Quantity, _between(0.0, 1.0)]
"""A number in [0, 1]: saliences, probabilities, trust, stability, propensities."""

Signed = Annotated[Quantity, _between(-1.0, 1.0)]
"""A number in [-1, 1]: risk attitudes."""

Positive = Annotated[Quantity, _between(0.0, None, strict_low=True)]
"""A number above zero: capabilities, money."""

NonNegative = Annotated[Quantity, _between(0.0, None)]
"""A number at or above zero: counts, seats, caps."""

Real = Quantity
"""Any real number; its range is checked against an issue's scale elsewhere."""
