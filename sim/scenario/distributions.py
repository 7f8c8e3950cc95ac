"""A range or a named distribution beside a number's value: ``range: [lo, hi]`` or
``dist: {name: ..., ...}``, truncated to the range and to the field's valid bounds.

Parsed and checked when a scenario is validated (:mod:`sim.scenario.quantity` calls
:func:`parse_uncertainty`; each field's bounds are applied by :meth:`Uncertainty.bounded`).
Drawing is by the inverse of the truncated distribution function (closed forms, the standard
library's NormalDist, scipy's incomplete beta), so one uniform number gives one value;
:mod:`sim.scenario.uncertainty` gives each parameter its own stream of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist
from typing import Any

from pydantic_core import PydanticCustomError

UNCERTAINTY_KEYS = ("range", "dist")
MIN_MASS = 1e-6  # a truncation that leaves less probability than this is a mistake

# name -> (parameters it takes, parameters it needs); the others default as documented
PARAMETERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "normal": (("mean", "sd"), ("sd",)),
    "lognormal": (("median", "sigma"), ("sigma",)),
    "beta": (("a", "b", "low", "high"), ("a", "b")),
}


def _fail(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("uncertainty", message, context)


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail("{what} must be a finite number, got {got}", what=what, got=repr(value))
    return float(value)


@dataclass(frozen=True)
class Uncertainty:
    """What is known about a number beyond its value; ``low``/``high`` are the field's bounds."""

    name: str
    params: tuple[tuple[str, float], ...]
    range: tuple[float, float] | None = None
    low: float | None = None
    high: float | None = None
    strict_low: bool = False

    # --- the form written in a scenario -------------------------------------------------------
    def written(self) -> dict[str, Any]:
        """The keys as a scenario writes them (the resolved scenario keeps them)."""
        out: dict[str, Any] = {}
        if self.range is not None:
            out["range"] = list(self.range)
        if self.name != "uniform" or self.params:
            out["dist"] = {"name": self.name, **dict(self.params)}
        return out

    def describe(self) -> str:
        """One line for tables and manifests, e.g. ``triangular(low=0.1, mode=0.3, high=0.6)``."""
        parts = [f"{k}={v:g}" for k, v in self._shape().items()]
        text = f"{self.name}({', '.join(parts)})"
        lo, hi = self.support()
        return text + f" on [{lo:g}, {hi:g}]"

    # --- shape and support ----------------------------------------------------------------------
    def _shape(self) -> dict[str, float]:
        given = dict(self.params)
        if self.name in ("uniform", "triangular", "beta") and self.range is not None:
            given.setdefault("low", self.range[0])
            given.setdefault("high", self.range[1])
        if self.name == "beta":
            given.setdefault("low", 0.0)
            given.setdefault("high", 1.0)
        return given

    def _natural(self) -> tuple[float, float]:
        shape = self._shape()
        if self.name in ("uniform", "triangular", "beta"):
            return shape["low"], shape["high"]
        if self.name == "lognormal":
            return 0.0, math.inf
        return -math.inf, math.inf

    def support(self) -> tuple[float, float]:
        """Where draws fall: the distribution's own support cut to the range and the bounds."""
        lo, hi = self._natural()
        for bound in (self.range, (self.low, self.high)):
            if bound is not None:
                if bound[0] is not None:
                    lo = max(lo, bound[0])
                if bound[1] is not None:
                    hi = min(hi, bound[1])
        return lo, hi

    def cdf(self, x: float) -> float:
        """The distribution function (before truncation), in closed form where there is one."""
        if x == -math.inf:
            return 0.0
        if x == math.inf:
            return 1.0
        shape = self._shape()
        if self.name == "normal":
            return NormalDist(shape["mean"], shape["sd"]).cdf(x)
        if self.name == "lognormal":
            return (
                NormalDist(math.log(shape["median"]), shape["sigma"]).cdf(math.log(x))
                if x > 0
                else 0.0
            )
        low, high = shape["low"], shape["high"]
        z = min(max((x - low) / (high - low), 0.0), 1.0)
        if self.name == "uniform":
            return z
        if self.name == "triangular":
            c = (shape["mode"] - low) / (high - low)
            if z <= c:
                return z * z / c if c > 0 else 0.0
            return 1 - (1 - z) ** 2 / (1 - c)
        from scipy.special import betainc

        return float(betainc(shape["a"], shape["b"], z))

    def ppf(self, q: float) -> float:
        """The inverse of :meth:`cdf` for 0 <= q <= 1."""
        shape = self._shape()
        if self.name in ("normal", "lognormal"):
            q = min(max(q, 1e-300), 1 - 1e-16)  # NormalDist refuses 0 and 1
            if self.name == "normal":
                return NormalDist(shape["mean"], shape["sd"]).inv_cdf(q)
            return math.exp(NormalDist(math.log(shape["median"]), shape["sigma"]).inv_cdf(q))
        low, high = shape["low"], shape["high"]
        if self.name == "uniform":
            z = q
        elif self.name == "triangular":
            c = (shape["mode"] - low) / (high - low)
            z = math.sqrt(q * c) if q <= c else 1 - math.sqrt((1 - q) * (1 - c))
        else:
            from scipy.special import betaincinv

            z = float(betaincinv(shape["a"], shape["b"], q))
        return low + z * (high - low)

    def mass(self) -> float:
        """The probability the distribution gives its truncated support."""
        lo, hi = self.support()
        return self.cdf(hi) - self.cdf(lo)

    def value_at(self, u: float) -> float:
        """The ``u``-quantile (0 <= u < 1) of the truncated distribution."""
        lo, hi = self.support()
        c_lo, c_hi = self.cdf(lo), self.cdf(hi)
        q = c_lo + u * (c_hi - c_lo)
        x = self.ppf(q)
        if math.isnan(x):  # scipy's inverse beta gives up on subnormal q: the end it is at
            x = lo if q < 0.5 else hi
        x = min(max(x, lo), hi)
        if self.strict_low and self.low is not None and x <= self.low:
            x = math.nextafter(self.low, math.inf)
        return x

    # --- checks ---------------------------------------------------------------------------------
    def bounded(
        self, low: float | None, high: float | None, strict_low: bool = False, what: str = ""
    ) -> Uncertainty:
        """The same uncertainty within a field's bounds; a range or an explicit support that
        goes outside them, or a distribution with (almost) no mass inside, is an error."""
        lo_text = "-inf" if low is None else f"{low:g}"
        hi_text = "inf" if high is None else f"{high:g}"
        field = what or f"{'(' if strict_low else '['}{lo_text}, {hi_text}]"
        explicit = [self.range] if self.range is not None else []
        if self.name in ("uniform", "triangular", "beta"):
            explicit.append(self._natural())
        for lo, hi in explicit:
            below = low is not None and (lo <= low if strict_low else lo < low)
            if below or (high is not None and hi > high):
                raise ValueError(f"the range [{lo:g}, {hi:g}] goes outside {field}")
        merged_low = low if self.low is None or low is None else max(low, self.low)
        merged_high = high if self.high is None or high is None else min(high, self.high)
        result = replace(
            self,
            low=merged_low if low is not None else self.low,
            high=merged_high if high is not None else self.high,
            strict_low=self.strict_low or strict_low,
        )
        if result.mass() < MIN_MASS:
            lo, hi = result.support()
            raise ValueError(
                f"the {self.name} distribution has almost no probability in [{lo:g}, {hi:g}]"
            )
        return result


def _parse_range(raw: Any) -> tuple[float, float]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise _fail("range must be [low, high], got {got}", got=repr(raw))
    lo, hi = (_finite(v, "each end of range") for v in raw)
    if hi <= lo:
        raise _fail("range [{lo}, {hi}] must have low below high", lo=f"{lo:g}", hi=f"{hi:g}")
    return lo, hi


def _parse_dist(raw: Any, value: float, has_range: bool) -> tuple[str, dict[str, float]]:
    if not isinstance(raw, dict) or "name" not in raw:
        raise _fail("dist must be a mapping with a name, e.g. {name: normal, sd: 0.1}")
    name = raw["name"]
    if name not in PARAMETERS:
        raise _fail(
            "unknown distribution {got} (known: {known})",
            got=repr(name),
            known=", ".join(PARAMETERS),
        )
    takes, needs = PARAMETERS[name]
    params = {k: v for k, v in raw.items() if k != "name"}
    for key in params:
        if key not in takes:
            raise _fail(
                "{name} takes {takes}, not '{key}'", name=name, takes=", ".join(takes), key=key
            )
    for key in needs:
        if key not in params:
            raise _fail("the {name} distribution needs '{key}'", name=name, key=key)
    shape = {k: _finite(v, k) for k, v in params.items()}
    if name in ("uniform", "triangular") and not has_range and not {"low", "high"} <= set(shape):
        raise _fail("the {name} distribution needs low and high (or a range)", name=name)
    for key in ("sd", "sigma", "a", "b"):
        if key in shape and shape[key] <= 0:
            raise _fail("{key} must be above 0, got {got}", key=key, got=f"{shape[key]:g}")
    if name == "lognormal" and shape.get("median", value) <= 0:
        raise _fail("a lognormal needs a median (or value) above 0")
    return name, shape


def parse_uncertainty(mapping: dict[str, Any], value: float) -> Uncertainty | None:
    """The ``range``/``dist`` of a sourced number, checked against its value; None if neither."""
    if not any(key in mapping for key in UNCERTAINTY_KEYS):
        return None
    bounds = _parse_range(mapping["range"]) if "range" in mapping else None
    if "dist" in mapping:
        name, shape = _parse_dist(mapping["dist"], value, bounds is not None)
    else:
        name, shape = "uniform", {}
    if name == "triangular":
        shape_with_value = {"mode": value, **shape}
    elif name == "normal":
        shape_with_value = {"mean": value, **shape}
    elif name == "lognormal":
        shape_with_value = {"median": value, **shape}
    else:
        shape_with_value = shape
    full = Uncertainty(name, tuple(shape_with_value.items()), bounds)
    low, high = full._natural()
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise _fail(
            "value {value} is outside its range [{lo}, {hi}]",
            value=f"{value:g}",
            lo=f"{bounds[0]:g}",
            hi=f"{bounds[1]:g}",
        )
    if high <= low:
        raise _fail("the {name} distribution needs low below high", name=name)
    if not low <= value <= high or (name == "lognormal" and value <= 0):
        raise _fail(
            "value {value} is outside the support of its {name} distribution",
            value=f"{value:g}",
            name=name,
        )
    if name == "triangular":
        mode = dict(full.params)["mode"]
        if not low <= mode <= high:
            raise _fail("the triangular mode {mode} is outside [low, high]", mode=f"{mode:g}")
    if full.mass() < MIN_MASS:
        raise _fail("the {name} distribution has almost no probability in its range", name=name)
    return full  # a mode, mean or median left out is the value: written out, it stays put
    # when a draw replaces the value
