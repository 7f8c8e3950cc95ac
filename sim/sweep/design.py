"""Design points: which parameter values each run of a sweep gets.

Every design maps a unit hypercube sample onto the parameters, so ranges and discrete levels
are handled once. Samplers are seeded from the sweep's master seed, so a design is reproducible,
and taking more samples keeps the earlier ones (row-major draws and Sobol sequences are prefixes).
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np

from sim.sweep.spec import Parameter, Scalar, SweepSpec

DESIGN_STREAM = 0x5EED  # spawn key of the design sampler, apart from the run seeds


@dataclass(frozen=True)
class DesignPoints:
    """The points of a design, in design order; ``blocks`` labels Saltelli's A, B, AB_i rows."""

    points: list[dict[str, Scalar]]
    blocks: list[str] | None = None
    base_samples: int | None = None


def _value(param: Parameter, u: float) -> Scalar:
    levels = param.levels()
    if levels is not None:
        return levels[min(int(u * len(levels)), len(levels) - 1)]
    return param.cast(float(param.min) + u * (float(param.max) - float(param.min)))  # type: ignore[arg-type]


def _map(spec: SweepSpec, unit: np.ndarray) -> list[dict[str, Scalar]]:
    names = list(spec.parameters)
    return [
        {name: _value(spec.parameters[name], float(u)) for name, u in zip(names, row, strict=True)}
        for row in unit
    ]


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DESIGN_STREAM,)))


def _qmc(kind: str, d: int, seed: int):
    # scipy.stats: only for sampled designs
    from scipy.stats import qmc

    cls = qmc.LatinHypercube if kind == "lhs" else qmc.Sobol
    try:
        return cls(d, rng=_rng(seed))
    except TypeError:  # scipy < 1.15 calls it seed
        return cls(d, seed=_rng(seed))


def _sobol(d: int, n: int, seed: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # balance properties want a power of two; still valid
        return _qmc("sobol", d, seed).random(n)


def grid(spec: SweepSpec) -> DesignPoints:
    """Every combination of levels; the first parameter varies slowest."""
    names = list(spec.parameters)
    levels = [spec.parameters[name].levels() or [] for name in names]
    return DesignPoints(
        [dict(zip(names, combo, strict=True)) for combo in itertools.product(*levels)]
    )


def saltelli(spec: SweepSpec) -> DesignPoints:
    """Saltelli's scheme for Sobol indices: A, B and each AB_i (A with column i from B).

    A and B are the two halves of one scrambled Sobol sequence of 2d dimensions, so the design
    has N (d + 2) points for N = ``samples``.
    """
    d, n = len(spec.parameters), int(spec.samples or 0)
    both = _sobol(2 * d, n, spec.seed)
    a, b = both[:, :d], both[:, d:]
    blocks = [a, b]
    labels = ["A"] * n + ["B"] * n
    for i, name in enumerate(spec.parameters):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
        labels += [f"AB:{name}"] * n
    return DesignPoints(_map(spec, np.vstack(blocks)), labels, n)


def make_design(spec: SweepSpec) -> DesignPoints:
    """The design points the spec asks for."""
    d, n = len(spec.parameters), int(spec.samples or 0)
    if spec.design == "grid":
        return grid(spec)
    if spec.design == "random":
        return DesignPoints(_map(spec, _rng(spec.seed).random((n, d))))
    if spec.design == "latin_hypercube":
        return DesignPoints(_map(spec, _qmc("lhs", d, spec.seed).random(n)))
    if spec.design == "morris":
        from sim.sweep.morris import unit_trajectories

        unit = unit_trajectories(d, n, spec.seed)
        return DesignPoints(_map(spec, unit), [f"T{i // (d + 1)}" for i in range(len(unit))], n)
    return saltelli(spec)
