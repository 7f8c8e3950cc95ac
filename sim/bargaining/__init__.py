"""Spatial bargaining: KTAB's Spatial Model of Politics and baselines, selected by name.

``solve(model, capabilities, positions, saliences, ...)`` runs any registered model on the
0–1 scale and returns a ``BargainResult``; ``MODELS`` maps names to the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from sim.bargaining.baselines import solve_compromise, solve_weighted_median
from sim.bargaining.expected_utility import ExpectedUtilityOptions, solve_expected_utility
from sim.bargaining.ktab_csv import KTABScenario, parse_ktab_csv, read_ktab_csv
from sim.bargaining.options import (
    BargainModel,
    BigRAdjust,
    BigRRange,
    InterVecBrgn,
    PCEModel,
    SMPOptions,
    StateTransition,
    ThirdPartyCommit,
    VictoryProbModel,
    VotingRule,
)
from sim.bargaining.outcome import Distribution, Outcome
from sim.bargaining.result import BargainResult
from sim.bargaining.smp import check_inputs, run_smp

Solver = Callable[..., BargainResult]


def _solve_smp(
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    *,
    options: SMPOptions | Mapping[str, Any] | None = None,
    rng: np.random.Generator | None = None,
    record_events: bool = False,
) -> BargainResult:
    if options is not None and not isinstance(options, SMPOptions):
        options = SMPOptions.from_mapping(dict(options))
    return run_smp(
        capabilities, positions, saliences, options=options, rng=rng, record_events=record_events
    )


def _solve_eu(
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    *,
    options: ExpectedUtilityOptions | Mapping[str, Any] | None = None,
    record_events: bool = False,
    **_: object,
) -> BargainResult:
    if options is not None and not isinstance(options, ExpectedUtilityOptions):
        options = ExpectedUtilityOptions(**dict(options))
    return solve_expected_utility(
        capabilities, positions, saliences, options=options, record_events=record_events
    )


MODELS: dict[str, Solver] = {
    "smp": _solve_smp,
    "compromise": solve_compromise,
    "weighted_median": solve_weighted_median,
    "expected_utility": _solve_eu,
}


def solve(
    model: str,
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    *,
    options: Any = None,
    rng: np.random.Generator | None = None,
    record_events: bool = False,
) -> BargainResult:
    """Run the bargaining model named ``model`` on positions and saliences in [0, 1].

    ``options`` is model specific (``SMPOptions`` or a dict of its fields for "smp",
    ``ExpectedUtilityOptions`` or a dict for "expected_utility"; ignored by the baselines).
    Raises ``ValueError`` for an unknown model or invalid inputs.
    """
    solver = MODELS.get(model)
    if solver is None:
        raise ValueError(
            f"unknown bargaining model {model!r}; expected one of: {', '.join(MODELS)}"
        )
    caps, pos, sal = check_inputs(capabilities, positions, saliences)
    return solver(caps, pos, sal, options=options, rng=rng, record_events=record_events)


__all__ = [
    "MODELS",
    "BargainModel",
    "BargainResult",
    "BigRAdjust",
    "BigRRange",
    "Distribution",
    "ExpectedUtilityOptions",
    "InterVecBrgn",
    "KTABScenario",
    "Outcome",
    "PCEModel",
    "SMPOptions",
    "StateTransition",
    "ThirdPartyCommit",
    "VictoryProbModel",
    "VotingRule",
    "parse_ktab_csv",
    "read_ktab_csv",
    "run_smp",
    "solve",
]
