"""Sobol indices: our blocks in SALib's order, and the flags for indices that do not resolve."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.sweep.sobol import RESOLUTION, precision, problems, salib_layout, sobol_indices


def _manifest(names: list[str], fa, fb, fab) -> tuple[dict, dict]:
    """A Saltelli manifest laid out as our design lays it out: A, B, then each AB_i block."""
    n = len(fa)
    blocks = [("A", fa), ("B", fb)] + [(f"AB:{name}", fab[i]) for i, name in enumerate(names)]
    points, values = [], {}
    for b, (label, block) in enumerate(blocks):
        for j, value in enumerate(block):
            key = f"{label}-{j}"
            points.append({"index": b * n + j, "key": key, "block": label})
            values[key] = float(value)
    manifest = {"parameters": names, "design": {"base_samples": n}, "points": points}
    return manifest, values


def test_the_layout_is_salib_own_sample_order() -> None:
    from SALib.sample import sobol as sampler

    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0, 1], [0, 1]]}
    x = sampler.sample(problem, 8, calc_second_order=False, seed=3)  # rows A, AB_a, AB_b, B
    rows = x.reshape(8, 4, 2)
    a, ab, b = rows[:, 0, :], rows[:, 1:3, :], rows[:, 3, :]
    assert np.allclose(ab[:, 0, 0], b[:, 0]) and np.allclose(ab[:, 0, 1], a[:, 1])
    f = x[:, 0] + 10 * x[:, 1] ** 2
    fa, fb = f.reshape(8, 4)[:, 0], f.reshape(8, 4)[:, 3]
    fab = f.reshape(8, 4)[:, 1:3].T
    assert np.array_equal(salib_layout(fa, fb, fab), f)


def test_indices_equal_salib_on_the_same_matrices() -> None:
    from SALib.analyze import sobol
    from SALib.sample import sobol as sampler

    names = ["x1", "x2", "x3"]
    problem = {"num_vars": 3, "names": names, "bounds": [[-np.pi, np.pi]] * 3}
    x = sampler.sample(problem, 1024, calc_second_order=False, seed=5)
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    rows = y.reshape(1024, 5)
    manifest, values = _manifest(names, rows[:, 0], rows[:, 4], rows[:, 1:4].T)
    ours = sobol_indices(manifest, values, resamples=100)
    theirs = sobol.analyze(problem, y, calc_second_order=False, num_resamples=100, seed=20100101)
    assert ours["S1"].to_numpy() == pytest.approx(theirs["S1"])
    assert ours["ST"].to_numpy() == pytest.approx(theirs["ST"])
    assert (ours["ST_high"] - ours["ST"]).to_numpy() == pytest.approx(theirs["ST_conf"])
    # Ishigami's analytic indices (Saltelli et al. 2008): S1 .314 .442 0, ST .558 .442 .244
    assert ours["S1"].to_numpy() == pytest.approx([0.314, 0.442, 0.0], abs=0.06)
    assert ours["ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.06)
    assert (ours["note"][:2] == "").all()  # x1 and x2 are resolved at N = 1024


def test_a_missing_point_drops_its_base_sample_and_a_constant_outcome_has_no_index() -> None:
    rng = np.random.default_rng(0)
    fa, fb, fab = rng.random(8), rng.random(8), rng.random((2, 8))
    manifest, values = _manifest(["a", "b"], fa, fb, fab)
    del values["AB:b-3"]
    assert (sobol_indices(manifest, values)["samples"] == 7).all()
    constant = {key: 2.0 for key in values}
    frame = sobol_indices(manifest, constant)
    assert frame["S1"].isna().all() and (frame["note"] == "constant outcome").all()
    assert precision(frame, 1).resolved


def _row(s1, s1_low, s1_high, st, st_low, st_high):
    return pd.Series(
        {
            "S1": s1,
            "S1_low": s1_low,
            "S1_high": s1_high,
            "ST": st,
            "ST_low": st_low,
            "ST_high": st_high,
        }
    )


def test_problems_name_what_does_not_resolve() -> None:
    # the shipped example of issue 11: S1 0.80 above ST 0.50, intervals up to 1.2
    assert problems(_row(0.80, 0.34, 1.26, 0.50, 0.26, 0.75)) == (
        "S1 above ST; S1 interval wider than the index"
    )
    # a small index pinned down near zero is a result, not noise: width 0.08 < 0.1
    assert problems(_row(0.02, -0.02, 0.06, 0.03, 0.0, 0.06)) == ""
    # a large index with an interval narrower than itself resolves too
    assert problems(_row(0.84, 0.62, 1.05, 0.91, 0.77, 1.06)) == ""
    # ST of 0.2 whose interval is 0.4 wide cannot be told from 0 or 0.4
    assert problems(_row(0.15, 0.10, 0.20, 0.20, 0.0, 0.4)) == "ST interval wider than the index"


def test_runs_needed_scale_with_the_square_of_the_width() -> None:
    frame = pd.DataFrame(
        [
            {**_row(0.15, 0.10, 0.20, 0.20, 0.0, 0.4), "parameter": "a"},
            {**_row(0.02, -0.02, 0.06, 0.03, 0.0, 0.06), "parameter": "b"},
        ]
    )
    frame["samples"] = 32
    frame["note"] = [problems(r) for r in frame.itertuples()]
    found = precision(frame, replications=2)
    # ST of a: width 0.4, allowed max(0.1, 0.2) = 0.2, so (0.4 / 0.2)^2 = 4 times N = 32 -> 128
    assert not found.resolved and found.base_samples_needed == 128
    assert found.runs_needed == 128 * (2 + 2) * 2
    assert "at least N = 128 (1,024 runs at 2 replications)" in found.message(2)
    # the design keeps its first 32 base samples: (128 - 32) x 4 points x 2 replications new
    assert found.new_runs == 768 and "--samples 128 --resume to run the 768 new" in (
        found.message(2)
    )
    assert RESOLUTION == 0.1
    # 4 of the design's 32 base samples were dropped (failed runs): N is still the design's 32
    frame["samples"] = 28
    assert precision(frame, 2, design_samples=32).base_samples == 32


def test_a_larger_saltelli_design_keeps_the_smaller_one_so_resume_runs_only_the_rest() -> None:
    """The advice says '--samples N --resume runs the new ones': every point of the smaller
    design is a point of the larger one, so its runs (keyed by their values) are reused."""
    from sim.sweep.design import saltelli
    from sim.sweep.spec import SweepSpec

    parameters = {"a": {"min": 0.0, "max": 1.0}, "b": {"min": 2.0, "max": 5.0}}
    small = SweepSpec(base="x.yaml", parameters=parameters, design="saltelli", samples=8)
    large = small.model_copy(update={"samples": 32})
    before, after = saltelli(small).points, saltelli(large).points
    assert len(before) == 8 * 4 and len(after) == 32 * 4  # N (d + 2), d = 2
    assert all(point in after for point in before)
    assert len(after) - len(before) == (32 - 8) * (2 + 2)  # the new_runs of the advice at 1 rep
