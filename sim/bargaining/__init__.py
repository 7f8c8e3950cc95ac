"""Spatial bargaining: KTAB's Spatial Model of Politics and baselines, selected by name.

``solve(model, capabilities, positions, saliences, ...)`` runs any registered model on the
0–1 scale and returns a ``BargainResult``; ``MODELS`` maps names to the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np

from sim.bargaining.baselines import solve_compromise, solve_weighted_median
from sim.bargaining.expected_utility import ExpectedUtilityOptions, solve_expected_utility
from sim.bargaining.ktab_csv import KTABScenario, parse_ktab_csv, read_ktab_csv
from sim.bargaining.options import (
    BargainModel,
    BigRAdjust,
    BigRRange,
    InterVecBrgn,
    NoOptions,
    OptionError,
    OptionValue,
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
    options: SMPOptions | Mapping[str, OptionValue] | None = None,
    rng: np.random.Generator | None = None,
    record_events: bool = False,
) -> BargainResult:
    if options is not None and not isinstance(options, SMPOptions):
        options = SMPOptions.from_mapping(options)
    return run_smp(
        capabilities, positions, saliences, options=options, rng=rng, record_events=record_events
    )


def _solve_eu(
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    *,
    options: ExpectedUtilityOptions | Mapping[str, OptionValue] | None = None,
    record_events: bool = False,
    **_: object,
) -> BargainResult:
    if options is not None and not isinstance(options, ExpectedUtilityOptions):
        options = ExpectedUtilityOptions.from_mapping(options)
    return solve_expected_utility(
        capabilities, positions, saliences, options=options, record_events=record_events
    )


MODELS: dict[str, Solver] = {
    "smp": _solve_smp,
    "compromise": solve_compromise,
    "weighted_median": solve_weighted_median,
    "expected_utility": _solve_eu,
}


ModelOptions = SMPOptions | ExpectedUtilityOptions | NoOptions
"""The options of one bargaining model, checked against that model's declaration."""

OPTIONS: dict[str, Callable[[Mapping[str, OptionValue]], ModelOptions]] = {
    "smp": SMPOptions.from_mapping,
    "compromise": partial(NoOptions.from_mapping, model="compromise"),
    "weighted_median": partial(NoOptions.from_mapping, model="weighted_median"),
    "expected_utility": ExpectedUtilityOptions.from_mapping,
}
"""Each model's options, parsed by the model's own declaration (names, types, ranges)."""


def options_for(model: str, settings: Mapping[str, OptionValue] | None) -> ModelOptions | None:
    """``settings`` checked by the model's own declaration (None when none are given):
    OptionError names the option a model refuses."""
    if not settings:
        return None
    declared = OPTIONS.get(model)
    if declared is None:
        raise OptionError(None, f"unknown bargaining model {model!r}")
    return declared(settings)


def solve(
    model: str,
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    *,
    options: ModelOptions | Mapping[str, OptionValue] | None = None,
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
    "OPTIONS",
    "BargainModel",
    "BargainResult",
    "BigRAdjust",
    "BigRRange",
    "Distribution",
    "ExpectedUtilityOptions",
    "InterVecBrgn",
    "KTABScenario",
    "ModelOptions",
    "NoOptions",
    "OptionError",
    "OptionValue",
    "Outcome",
    "PCEModel",
    "SMPOptions",
    "StateTransition",
    "ThirdPartyCommit",
    "VictoryProbModel",
    "VotingRule",
    "options_for",
    "parse_ktab_csv",
    "read_ktab_csv",
    "run_smp",
    "solve",
]
