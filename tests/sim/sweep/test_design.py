"""Designs produce what they claim: sizes, bounds, strata, Saltelli structure, stable seeds."""

from __future__ import annotations

import numpy as np
import pytest

from sim.sweep.design import make_design
from sim.sweep.seeds import point_keys, run_id, run_seed
from sim.sweep.spec import SweepSpec

A = "actors.washington.behaviour.strike_resolve"
B = "actors.kataib_hezbollah.behaviour.attack_propensity"
C = "actors.baghdad.capability"


def spec(**fields) -> SweepSpec:
    data = {
        "base": "x.yaml",
        "parameters": {A: {"min": 0.1, "max": 0.9}, B: {"min": 0.0, "max": 1.0}},
    }
    data.update(fields)
    return SweepSpec.model_validate(data)


def test_grid_is_every_combination_first_parameter_slowest() -> None:
    s = spec(parameters={A: {"min": 0.0, "max": 1.0, "steps": 3}, B: {"values": [1, 2]}})
    points = make_design(s).points
    assert points == [
        {A: 0.0, B: 1},
        {A: 0.0, B: 2},
        {A: 0.5, B: 1},
        {A: 0.5, B: 2},
        {A: 1.0, B: 1},
        {A: 1.0, B: 2},
    ]


@pytest.mark.parametrize("design", ["random", "latin_hypercube", "sobol", "saltelli"])
def test_sampled_designs_have_their_size_and_stay_in_bounds(design: str) -> None:
    s = spec(design=design, samples=16)
    points = make_design(s).points
    assert len(points) == (16 * (2 + 2) if design in ("sobol", "saltelli") else 16)
    a = np.array([p[A] for p in points])
    b = np.array([p[B] for p in points])
    assert a.min() >= 0.1 and a.max() <= 0.9 and b.min() >= 0.0 and b.max() <= 1.0
    assert len(set(map(tuple, zip(a, b, strict=True)))) > len(points) // 2
    assert make_design(s).points == points  # seeded: the same design every time


def test_latin_hypercube_puts_one_point_in_each_stratum() -> None:
    n = 25
    points = make_design(spec(design="latin_hypercube", samples=n)).points
    for name, lo, hi in ((A, 0.1, 0.9), (B, 0.0, 1.0)):
        strata = sorted(int((p[name] - lo) / (hi - lo) * n) for p in points)
        assert strata == list(range(n))


def test_saltelli_blocks_follow_the_scheme() -> None:
    s = spec(
        design="saltelli",
        samples=8,
        parameters={A: {"min": 0, "max": 1}, B: {"min": 0, "max": 1}, C: {"min": 0.2, "max": 0.8}},
    )
    design = make_design(s)
    n, names = 8, [A, B, C]
    assert design.base_samples == n and len(design.points) == n * 5
    rows = np.array([[p[k] for k in names] for p in design.points])
    a, b = rows[:n], rows[n : 2 * n]
    assert design.blocks[:n] == ["A"] * n and design.blocks[n : 2 * n] == ["B"] * n
    for i, name in enumerate(names):
        ab = rows[(2 + i) * n : (3 + i) * n]
        assert design.blocks[(2 + i) * n] == f"AB:{name}"
        expected = a.copy()
        expected[:, i] = b[:, i]
        assert np.array_equal(ab, expected)


def test_discrete_parameters_take_only_their_levels_in_sampled_designs() -> None:
    s = spec(
        design="random",
        samples=50,
        parameters={A: {"values": [0.2, 0.4]}, B: {"min": 0, "max": 1, "steps": 3}},
    )
    points = make_design(s).points
    assert {p[A] for p in points} == {0.2, 0.4}
    assert {p[B] for p in points} == {0.0, 0.5, 1.0}


def test_more_samples_keep_the_earlier_points() -> None:
    for design in ("random", "sobol"):
        small = make_design(spec(design=design, samples=8)).points
        large = make_design(spec(design=design, samples=16)).points
        assert all(p in large for p in small), design


def _seeds(s: SweepSpec) -> dict[str, int]:
    keys = point_keys(make_design(s).points)
    return {run_id(k, r): run_seed(s.seed, k, r) for k in keys for r in range(s.replications)}


def test_adding_points_or_replications_never_changes_existing_seeds() -> None:
    base = spec(
        parameters={A: {"values": [0.1, 0.5]}, B: {"values": [0.2, 0.4]}}, replications=3, seed=11
    )
    more_points = spec(
        parameters={A: {"values": [0.1, 0.3, 0.5]}, B: {"values": [0.2, 0.4, 0.9]}},
        replications=3,
        seed=11,
    )
    more_reps = spec(
        parameters={A: {"values": [0.1, 0.5]}, B: {"values": [0.2, 0.4]}}, replications=7, seed=11
    )
    reordered = spec(
        parameters={B: {"values": [0.4, 0.2]}, A: {"values": [0.5, 0.1]}}, replications=3, seed=11
    )
    old = _seeds(base)
    for bigger in (more_points, more_reps, reordered):
        new = _seeds(bigger)
        assert {rid: new[rid] for rid in old} == old
    assert len(set(_seeds(more_points).values())) == 9 * 3  # every run its own seed
    assert (
        _seeds(
            spec(
                parameters={A: {"values": [0.1, 0.5]}, B: {"values": [0.2, 0.4]}},
                replications=3,
                seed=12,
            )
        )
        != old
    )


def test_repeated_points_get_their_own_keys() -> None:
    keys = point_keys([{A: 0.5}, {A: 0.5}, {A: 0.7}])
    assert len(set(keys)) == 3
    assert point_keys([{A: 0.5}])[0] == keys[0]
    assert 0 <= run_seed(2**63 - 1, keys[0], 99) < 2**63


def test_common_seeds_share_the_dice_across_points_and_stay_stable() -> None:
    s = spec(parameters={A: {"values": [0.1, 0.5]}}, replications=3, seed=11, common_seeds=True)
    keys = point_keys(make_design(s).points)
    seeds = {(k, r): run_seed(s.seed, k, r, common=True) for k in keys for r in range(3)}
    assert seeds[(keys[0], 1)] == seeds[(keys[1], 1)] != seeds[(keys[0], 2)]
    assert seeds[(keys[0], 0)] != run_seed(s.seed, keys[0], 0)
