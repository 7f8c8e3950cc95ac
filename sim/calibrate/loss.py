"""Score an ensemble against targets, and combine the scores of the fit targets into one loss.

For target i over an ensemble of R runs with measures m_1..m_R (a failed run has none):

    s_i = (1/R) * #{r : m_r inside tolerance}          share of runs inside
    d_i = min(D, dist_i(median of the measures))        scaled distance of the median
    b_i = min(D, band_i(q25, q75))                      the documented point outside the 50% band
    L   = sum_i w_i * ((1 - s_i) + lambda * d_i + beta * b_i) / sum_i w_i   (fit targets only)

``dist_i`` is |median - value| / tolerance for a series target and the number of events the
median lies outside [min, max] for a count or event target; ``band_i`` is the same distance
taken from the nearer quartile (0 when the documented point is a typical run). D caps one wild
target (and stands for the distance when no run succeeded); lambda is ``loss.median_weight``,
beta ``loss.band_weight``. Held-back targets are scored the same way but never enter L. See
docs/calibration.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from sim.calibrate.targets import Target


@dataclass(frozen=True)
class TargetScore:
    """One target over one ensemble: share inside, median and the 50% and 90% intervals."""

    name: str
    runs: int
    measured: int  # runs that gave a number
    inside: float  # share of all runs inside tolerance
    median: float | None
    q05: float | None
    q25: float | None
    q75: float | None
    q95: float | None
    distance: float  # scaled distance of the median, capped
    band: float = 0.0  # scaled distance of the documented point from the 50% band, capped

    def as_dict(self) -> dict[str, float | int | str | None]:
        return asdict(self)


def _rounded(value: float) -> float:
    """12 significant digits: identical text on every platform and backend."""
    return float(f"{value:.12g}")


def score(target: Target, measures: Sequence[float | None], cap: float) -> TargetScore:
    """Score one target on the measures of an ensemble's runs (None or NaN: the run failed)."""
    values = [m for m in measures if m is not None and not math.isnan(m)]
    runs = len(measures)
    inside = sum(1 for m in values if target.inside(m)) / runs if runs else 0.0
    if not values:
        return TargetScore(target.name, runs, 0, 0.0, None, None, None, None, None, cap, cap)
    q05, q25, median, q75, q95 = (
        _rounded(float(q)) for q in np.quantile(values, [0.05, 0.25, 0.5, 0.75, 0.95])
    )
    distance = _rounded(min(cap, target.distance(median)))
    band = _rounded(min(cap, target.band_distance(q25, q75)))
    return TargetScore(
        target.name, runs, len(values), _rounded(inside), median, q05, q25, q75, q95, distance, band
    )


def combine(
    scores: Sequence[TargetScore],
    weights: dict[str, float],
    median_weight: float,
    band_weight: float = 0.0,
) -> float:
    """The weighted loss over the targets named in ``weights`` (the fit targets)."""
    total = sum(weights[s.name] for s in scores if s.name in weights)
    if total <= 0:
        raise ValueError("no fit target has a positive weight")
    value = sum(
        weights[s.name] * ((1.0 - s.inside) + median_weight * s.distance + band_weight * s.band)
        for s in scores
        if s.name in weights
    )
    return _rounded(value / total)
