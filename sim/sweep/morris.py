"""The Morris method (elementary effects): its design of trajectories and its indices, by SALib.

A trajectory starts at a random point of a 4-level grid in the unit cube and moves one
parameter at a time by 2/3 of its range; N trajectories give N (d + 1) points, cheap enough to
screen many parameters. mu* (the mean absolute effect) ranks the parameters; sigma (the spread
of the effects) marks interactions or non-linearity (Morris 1991; Campolongo et al. 2007).
The design is rebuilt from the manifest for the analysis, so only values need storing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

LEVELS = 4
DESIGN_STREAM = 0x5EED  # as the other designs: the sampler's stream apart from the run seeds
BOOTSTRAP_SEED = 19910501


def unit_trajectories(d: int, n: int, seed: int) -> np.ndarray:
    """N trajectories of d + 1 rows in the unit cube, one trajectory after another."""
    # SALib: only for Morris and Sobol designs
    from SALib.sample import morris

    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DESIGN_STREAM,)))
    return morris.sample(problem, n, num_levels=LEVELS, seed=rng)


def morris_indices(
    manifest: dict[str, Any], point_values: dict[str, float], resamples: int = 1000
) -> pd.DataFrame:
    """mu, mu* with its 95% interval and sigma per parameter; trajectories with a missing point
    are dropped whole."""
    # SALib: only for Morris and Sobol designs
    from SALib.analyze import morris

    names = list(manifest["parameters"])
    d = len(names)
    n = int(manifest["design"]["base_samples"])
    unit = unit_trajectories(d, n, int(manifest["seed"]))
    ordered = sorted(manifest["points"], key=lambda p: p["index"])
    y = np.array([point_values.get(p["key"], np.nan) for p in ordered], dtype=float)
    whole = np.isfinite(y.reshape(n, d + 1)).all(axis=1)
    keep = np.repeat(whole, d + 1)
    kept = int(whole.sum())
    frame = pd.DataFrame({"parameter": names, "trajectories": kept})
    if kept < 2 or np.ptp(y[keep]) == 0:
        for column in ("mu", "mu_star", "mu_star_low", "mu_star_high", "sigma"):
            frame[column] = np.nan
        frame["note"] = "too few trajectories" if kept < 2 else "constant outcome"
        return frame
    problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
    found = morris.analyze(
        problem,
        unit[keep],
        y[keep],
        num_resamples=resamples,
        num_levels=LEVELS,
        seed=BOOTSTRAP_SEED,
    )
    mu_star, conf = np.asarray(found["mu_star"], float), np.asarray(found["mu_star_conf"], float)
    frame["mu"] = np.asarray(found["mu"], float)
    frame["mu_star"] = mu_star
    frame["mu_star_low"] = mu_star - conf
    frame["mu_star_high"] = mu_star + conf
    frame["sigma"] = np.asarray(found["sigma"], float)
    frame["note"] = [
        "mu* interval wider than mu*" if 2 * c > m and m >= 0.1 * mu_star.max() else ""
        for m, c in zip(mu_star, conf, strict=True)
    ]
    return frame
