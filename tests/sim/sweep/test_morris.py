"""Morris: the design's trajectories, and elementary effects of a function known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from sim.sweep.design import make_design
from sim.sweep.morris import morris_indices
from sim.sweep.seeds import point_keys
from sim.sweep.spec import SweepSpec

NAMES = ["a", "b", "c"]


def _design(n: int = 30):
    spec = SweepSpec.model_validate(
        {
            "base": "-",
            "design": "morris",
            "samples": n,
            "seed": 4,
            "parameters": {name: {"min": 0.0, "max": 1.0} for name in NAMES},
        }
    )
    design = make_design(spec)
    keys = point_keys(design.points)
    manifest = {
        "parameters": NAMES,
        "seed": 4,
        "design": {"base_samples": design.base_samples},
        "points": [{"index": i, "key": k} for i, k in enumerate(keys)],
    }
    return design, keys, manifest


def test_each_step_of_a_trajectory_moves_one_parameter_by_two_thirds() -> None:
    design, _, _ = _design()
    x = np.array([[p[n] for n in NAMES] for p in design.points])
    assert x.shape == (30 * 4, 3) and design.blocks[:5] == ["T0"] * 4 + ["T1"]
    steps = np.abs(np.diff(x.reshape(30, 4, 3), axis=1))
    moved = steps > 1e-9
    assert (moved.sum(axis=2) == 1).all()  # one parameter at a time
    assert steps[moved] == pytest.approx(2 / 3)  # delta = p / (2 (p - 1)) with p = 4 levels


def test_elementary_effects_of_a_known_function() -> None:
    design, keys, manifest = _design()
    x = np.array([[p[n] for n in NAMES] for p in design.points])
    y = 2 * x[:, 0] + x[:, 2] ** 2  # b does nothing
    found = morris_indices(manifest, dict(zip(keys, y, strict=True)), resamples=100)
    a, b, c = (found.iloc[i] for i in range(3))
    # a: every effect is (2 * 2/3) / (2/3) = 2; b: 0; c: ((u + 2/3)^2 - u^2) / (2/3) = 2u + 2/3
    assert a["mu"] == pytest.approx(2.0) and a["sigma"] == pytest.approx(0.0, abs=1e-12)
    assert b["mu_star"] == 0.0
    assert 2 / 3 <= c["mu_star"] <= 4 / 3 and c["sigma"] > 0
    assert (found["trajectories"] == 30).all()
    del_key = keys[5]  # a point of trajectory 1: that trajectory is dropped whole
    values = dict(zip(keys, y, strict=True))
    del values[del_key]
    assert (morris_indices(manifest, values, resamples=100)["trajectories"] == 29).all()
