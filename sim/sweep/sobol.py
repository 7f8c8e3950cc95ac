"""Sobol sensitivity indices from a Saltelli design, in numpy.

First order: Saltelli et al. (2010), S_i = mean(f_B (f_ABi - f_A)) / V.
Total: Jansen (1999), ST_i = mean((f_A - f_ABi)^2) / (2 V).
Confidence intervals come from a bootstrap over the N base samples. Each design point's value is
the mean over its replications, so noise between seeds is averaged out before the estimate.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd


def _estimate(fa: np.ndarray, fb: np.ndarray, fab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = np.concatenate([fa, fb])
    variance = np.var(both)
    if not variance > 1e-12 * max(1.0, float(np.mean(both**2))):
        nan = np.full(fab.shape[0], np.nan)
        return nan, nan
    centre = np.mean(both)  # centring leaves the estimators unbiased and cuts their variance
    fa, fb, fab = fa - centre, fb - centre, fab - centre
    first = np.mean(fb * (fab - fa), axis=1) / variance
    total = 0.5 * np.mean((fa - fab) ** 2, axis=1) / variance
    return first, total


def block_values(
    manifest: dict[str, Any], point_values: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f_A, f_B and f_AB (one row per parameter) from per-point values; missing points -> NaN."""
    n = int(manifest["design"]["base_samples"])
    names = manifest["parameters"]
    blocks: dict[str, np.ndarray] = {}
    for point in manifest["points"]:
        block = point["block"]
        array = blocks.setdefault(block, np.full(n, np.nan))
        array[point["index"] % n] = point_values.get(point["key"], np.nan)
    fab = np.vstack([blocks[f"AB:{name}"] for name in names])
    return blocks["A"], blocks["B"], fab


def sobol_indices(
    manifest: dict[str, Any],
    point_values: dict[str, float],
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """S1 and ST with bootstrap intervals per parameter; base samples with a gap are dropped."""
    fa, fb, fab = block_values(manifest, point_values)
    keep = np.isfinite(fa) & np.isfinite(fb) & np.isfinite(fab).all(axis=0)
    fa, fb, fab = fa[keep], fb[keep], fab[:, keep]
    names = manifest["parameters"]
    if fa.size < 2:
        first = total = np.full(len(names), np.nan)
        boot_first = boot_total = np.full((1, len(names)), np.nan)
    else:
        first, total = _estimate(fa, fb, fab)
        rng = np.random.default_rng(seed)
        draws = rng.integers(0, fa.size, size=(resamples, fa.size))
        boot = [_estimate(fa[i], fb[i], fab[:, i]) for i in draws]
        boot_first = np.array([b[0] for b in boot])
        boot_total = np.array([b[1] for b in boot])
    tail = 100 * (1 - confidence) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a constant outcome has no indices
        low_first, high_first = np.nanpercentile(boot_first, [tail, 100 - tail], axis=0)
        low_total, high_total = np.nanpercentile(boot_total, [tail, 100 - tail], axis=0)
    return pd.DataFrame(
        {
            "parameter": names,
            "S1": first,
            "S1_low": low_first,
            "S1_high": high_first,
            "ST": total,
            "ST_low": low_total,
            "ST_high": high_total,
            "samples": int(fa.size),
        }
    )
