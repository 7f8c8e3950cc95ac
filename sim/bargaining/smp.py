"""KTAB's Spatial Model of Politics (SMP): the turn loop, input checks and the result.

Each turn every actor looks for the challenge with the best expected gain, the challenger and
its target get an interpolated bargain, and every actor adopts whichever of its bargains (or
the status quo) a vote of all actors makes most likely. The run stops when moves become small
compared with the first one, at the turn cap, or (deterministic runs) when a state repeats an
earlier one two or more turns back: a cycle. See docs/bargaining.md for the equations.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from sim.bargaining import smp_fast, smp_reference
from sim.bargaining.options import SMPOptions, StateTransition
from sim.bargaining.outcome import CycleDetector, Distribution, Termination, make_outcome, pool
from sim.bargaining.result import BargainResult, TurnEvent
from sim.bargaining.smp_common import (
    assess_state,
    stop_reason,
    turn_events,
    win_probabilities,
)

Method = Literal["fast", "reference"]


def check_inputs(
    capabilities: np.ndarray, positions: np.ndarray, saliences: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate shapes and ranges; return float copies. Raises ``ValueError``."""
    caps = np.array(capabilities, dtype=float)
    pos = np.array(positions, dtype=float)
    sal = np.array(saliences, dtype=float)
    if pos.ndim == 1:
        pos = pos[:, None]
    if sal.ndim == 1:
        sal = sal[:, None]
    if caps.ndim != 1 or pos.ndim != 2 or pos.shape != sal.shape or pos.shape[0] != caps.size:
        raise ValueError(
            "expected capabilities (n,), positions (n, d) and saliences (n, d); got "
            f"{caps.shape}, {pos.shape}, {sal.shape}"
        )
    if caps.size < 2:
        raise ValueError("bargaining needs at least two actors")
    if not (np.all(np.isfinite(caps)) and np.all(np.isfinite(pos)) and np.all(np.isfinite(sal))):
        raise ValueError("capabilities, positions and saliences must be finite")
    if np.any(caps <= 0):
        raise ValueError("capabilities must be positive")
    if np.any(pos < 0) or np.any(pos > 1):
        raise ValueError("positions must lie in [0, 1]")
    if np.any(sal < 0) or np.any(sal > 1):
        raise ValueError("saliences must lie in [0, 1]")
    return caps, pos, sal


def run_smp(
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    *,
    options: SMPOptions | None = None,
    rng: np.random.Generator | None = None,
    record_events: bool = False,
    method: Method = "fast",
) -> BargainResult:
    """Run the SMP to convergence from positions and saliences on 0–1.

    ``method="reference"`` runs the plain-loop path (slow, for checking); both give the same
    trajectory. A stochastic state transition needs ``rng`` and is reproducible with it.
    """
    options = options or SMPOptions()
    caps, pos, sal = check_inputs(capabilities, positions, saliences)
    if method == "fast":
        challenge_step, resolve_step = smp_fast.best_challenges, smp_fast.resolve_bargains
    elif method == "reference":
        challenge_step = smp_reference.best_challenges
        resolve_step = smp_reference.resolve_bargains
    else:
        raise ValueError(f"unknown method {method!r}; expected 'fast' or 'reference'")

    history = [pos]
    probabilities = []
    distributions: list[Distribution] = []
    events: list[TurnEvent] = []
    cycles = CycleDetector() if options.state_transition is StateTransition.DETERMINISTIC else None
    termination: Termination | None = None
    cycle_length: int | None = None
    while True:
        current = history[-1]
        assessment = assess_state(current, sal, caps, options)
        per_actor, distribution = win_probabilities(current, caps, assessment, options)
        probabilities.append(per_actor)
        distributions.append(distribution)
        turn = len(history) - 1
        termination = stop_reason(history, options) if turn > 0 else None
        if termination is None and cycles is not None:
            cycle_length = cycles.cycle_length(turn, current)
            termination = "cycle" if cycle_length is not None else None
        if termination is not None:
            break
        challenges, bargains = challenge_step(current, sal, caps, assessment, options)
        new, choices = resolve_step(current, sal, caps, assessment, bargains, options, rng)
        if record_events:
            events.append(
                turn_events(len(history) - 1, challenges, bargains, choices, current, new)
            )
        history.append(new)

    # a cycle's last state repeats its first, so the cycle is the `cycle_length` states before
    final = distributions[-1 - cycle_length : -1] if cycle_length else distributions[-1:]
    return BargainResult(
        model="smp",
        positions=np.stack(history),
        probabilities=np.stack(probabilities),
        states=len(history),
        outcome=make_outcome(pool(final)),
        termination=termination,
        cycle_length=cycle_length,
        events=events,
        cycle_forecasts=(
            np.stack([make_outcome(state).forecast for state in final]) if cycle_length else None
        ),
    )
