"""Counts from one uniform draw: the inverse CDF of the Poisson and negative binomial laws.

Drawing a count by inverting its CDF at a pre-drawn uniform keeps one number per decision, so a
student answering for a faction, or a script, never shifts anyone else's random stream.
"""

from __future__ import annotations

import math

MAX_COUNT = 10_000


def count_quantile(rate: float, dispersion: float | None, u: float) -> int:
    """The smallest n with P(N <= n) >= u, for N of mean ``rate``.

    With ``dispersion`` k, N is negative binomial (variance rate + rate^2 / k): a Poisson count
    whose rate is itself gamma-distributed, as bursts of attacks are. Without it, N is Poisson.
    """
    if rate <= 0.0:
        return 0
    if dispersion is None:
        p = math.exp(-rate)
        ratio = None
    else:
        k = float(dispersion)
        p = (k / (k + rate)) ** k
        ratio = rate / (k + rate)
    cumulative, n = p, 0
    while cumulative < u and n < MAX_COUNT:
        if ratio is None:
            p *= rate / (n + 1)
        else:
            p *= (n + k) / (n + 1) * ratio
        n += 1
        cumulative += p
        if p == 0.0 and cumulative < u:
            break
    return n
