"""Sobol sensitivity indices of a Saltelli design, estimated by SALib, and whether they resolve.

Our design stores blocks A, B and AB_i one after another; SALib reads, for each base sample j,
the rows A_j, AB_1j .. AB_dj, B_j. ``salib_layout`` does that reshuffle and SALib does the
estimation: S1 with Saltelli et al. (2010), ST with Jansen (1999), intervals from a bootstrap
over the N base samples (normal approximation). Each design point's value is the mean over its
replications, so noise between seeds is averaged out before the estimate.

An estimate is *unresolved* when the sample cannot separate the indices: S1 above ST (which the
true indices never are), or an interval wider than ``RESOLUTION`` and than the index itself.
Interval widths shrink as 1/sqrt(N) (the central limit theorem for these Monte Carlo
estimators), so N (w / a)^2 base samples bring a width w down to the allowed a: that, for the
worst flagged interval, is the number of runs we say would be needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

RESOLUTION = 0.1  # indices closer than this are not told apart; intervals must be narrower
SLACK = 0.02  # S1 may exceed ST by this much before we call it a contradiction
BOOTSTRAP_SEED = 20100101  # SALib falls back on the global numpy state for a seed of 0


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


def salib_layout(fa: np.ndarray, fb: np.ndarray, fab: np.ndarray) -> np.ndarray:
    """Outputs in SALib's order: A_j, AB_1j, ..., AB_dj, B_j for each base sample j."""
    return np.column_stack([fa, fab.T, fb]).ravel()


def _salib(names: list[str], y: np.ndarray, resamples: int, confidence: float) -> dict:
    # SALib: only for Morris and Sobol designs
    from SALib.analyze import sobol

    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    return sobol.analyze(
        problem,
        y,
        calc_second_order=False,
        num_resamples=resamples,
        conf_level=confidence,
        seed=BOOTSTRAP_SEED,
    )


def sobol_indices(
    manifest: dict[str, Any],
    point_values: dict[str, float],
    resamples: int = 1000,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """S1 and ST with intervals per parameter and a note where they do not resolve.

    Base samples with a missing point (a failed run) are dropped whole; a constant outcome has
    no indices (NaN, noted as such).
    """
    fa, fb, fab = block_values(manifest, point_values)
    keep = np.isfinite(fa) & np.isfinite(fb) & np.isfinite(fab).all(axis=0)
    fa, fb, fab = fa[keep], fb[keep], fab[:, keep]
    names = list(manifest["parameters"])
    nan = np.full(len(names), np.nan)
    first = first_conf = total = total_conf = nan
    both = np.concatenate([fa, fb])
    constant = fa.size < 2 or np.ptp(both) <= 1e-12 * max(1.0, float(np.max(np.abs(both))))
    if not constant:
        found = _salib(names, salib_layout(fa, fb, fab), resamples, confidence)
        first, first_conf = np.asarray(found["S1"]), np.asarray(found["S1_conf"])
        total, total_conf = np.asarray(found["ST"]), np.asarray(found["ST_conf"])
    frame = pd.DataFrame(
        {
            "parameter": names,
            "S1": first,
            "S1_low": first - first_conf,
            "S1_high": first + first_conf,
            "ST": total,
            "ST_low": total - total_conf,
            "ST_high": total + total_conf,
            "samples": int(fa.size),
        }
    )
    frame["note"] = [
        "constant outcome" if constant else problems(row) for row in frame.itertuples()
    ]
    return frame


def problems(row: Any) -> str:
    """Why one parameter's estimates do not resolve ('' when they do)."""
    found = []
    if row.S1 > row.ST + SLACK:
        found.append("S1 above ST")
    for name in ("S1", "ST"):
        low, high, value = (
            getattr(row, f"{name}_low"),
            getattr(row, f"{name}_high"),
            getattr(row, name),
        )
        if high - low > max(RESOLUTION, abs(value)):
            found.append(f"{name} interval wider than the index")
    return "; ".join(found)


@dataclass(frozen=True)
class Precision:
    """Whether an outcome's indices resolve, and the base samples and runs it would take if
    they do not, in the terms ``sweep`` reports a design in (``--samples N``; N (d + 2) points
    x replications runs)."""

    resolved: bool
    base_samples: int
    base_samples_needed: int
    runs_needed: int
    new_runs: int = 0

    def message(self, replications: int) -> str:
        if self.resolved:
            return ""
        return (
            f"too few runs to separate the indices (N = {self.base_samples} base samples); "
            f"at least N = {self.base_samples_needed} ({self.runs_needed:,} runs at "
            f"{replications} replication{'s' * (replications != 1)}) would be needed: "
            f"sweep again with --samples {self.base_samples_needed} --resume to run the "
            f"{self.new_runs:,} new ones (the design keeps its first N)"
        )


def precision(frame: pd.DataFrame, replications: int, design_samples: int = 0) -> Precision:
    """Resolved if no row has a problem; else the N at which every flagged interval would be
    narrow enough, N (width / allowed width)^2, rounded up to a power of two.

    N is the design's ``design_samples`` when given (a base sample dropped for a failed run
    still counts: the next sweep loses as many), else the samples the estimate kept."""
    kept = int(frame["samples"].iloc[0]) if len(frame) else 0
    n = max(design_samples, kept)
    d = len(frame)
    per_sample = (d + 2) * replications  # runs of one base sample: rows A, B and each AB_i
    noted = frame["note"].fillna("")
    flagged = frame[(noted != "") & (noted != "constant outcome")]
    if kept < 2 or flagged.empty:
        return Precision(True, n, n, n * per_sample)
    ratios = [2.0]  # at least twice the sample, even when only S1 > ST is wrong
    for name in ("S1", "ST"):
        width = (flagged[f"{name}_high"] - flagged[f"{name}_low"]).to_numpy(float)
        allowed = np.maximum(RESOLUTION, np.abs(flagged[name].to_numpy(float)))
        ratios += list((width / allowed) ** 2)
    needed = 1 << math.ceil(math.log2(math.ceil(n * max(ratios))))
    return Precision(False, n, needed, needed * per_sample, (needed - n) * per_sample)
