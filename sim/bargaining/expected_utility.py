"""Bueno de Mesquita's expected utility model, as specified by Scholz, Calbert and Smith (2011).

Single-issue model applied to each dimension on its own (with the actors' saliences on that
dimension). Each round: find the median voter position, the actors' risk exponents from how
exposed they are to challenges, every actor's expected utility of challenging every other,
then each actor answers the most valuable challenge it received by losing the conflict,
compromising or capitulating. See docs/bargaining.md for the equations and our readings of
the points the paper leaves open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from sim.bargaining.baselines import support_shares
from sim.bargaining.options import (
    OptionValue,
    Setting,
    SMPOptions,
    options_from,
    parse_settings,
)
from sim.bargaining.outcome import CycleDetector, Distribution, Termination, make_outcome, pool
from sim.bargaining.result import BargainResult, EUMove, EUTurn, TurnEvent
from sim.bargaining.smp_common import stop_reason


@dataclass(frozen=True)
class ExpectedUtilityOptions:
    """``q``: probability the status quo holds absent a challenge; ``t``: probability that,
    if it does not, things improve for the challenger. Stopping follows the SMP's rule."""

    q: float = 1.0
    t: float = 1.0
    min_turns: int = 2
    max_turns: int = 100
    min_delta_ratio: float = 0.02

    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting("q", float, 0.0, 1.0),
        Setting("t", float, 0.0, 1.0),
        Setting("min_turns", int, 1),
        Setting("max_turns", int, 1),
        Setting("min_delta_ratio", float, 0.0),
    )

    def __post_init__(self) -> None:
        if not (0.0 <= self.q <= 1.0 and 0.0 <= self.t <= 1.0):
            raise ValueError("q and t are probabilities and must lie in [0, 1]")

    @classmethod
    def from_mapping(cls, settings: Mapping[str, OptionValue] | None) -> ExpectedUtilityOptions:
        """Build options from plain data, e.g. a scenario file; unknown keys are errors."""
        return options_from(cls, parse_settings("expected_utility", cls.SETTINGS, settings))


def _scaled_utility(base: np.ndarray, r: np.ndarray) -> np.ndarray:
    """BDM's utility 2 − 4·base^r, with base in [0, 1] and risk exponent r in [0.5, 2]."""
    return 2.0 - 4.0 * np.power(np.clip(base, 0.0, 1.0), r)


def median_voter_position(x: np.ndarray, weights: np.ndarray) -> float:
    """The actor position that wins the most pairwise votes (the weighted median)."""
    cost = (weights[:, None] * np.abs(x[:, None] - x[None, :])).sum(axis=0)
    return float(x[int(np.argmin(cost))])


def win_probabilities(x: np.ndarray, weights: np.ndarray, span: float) -> np.ndarray:
    """``P[i, j]``: share of all votes cast in the i-versus-j contest that back i."""
    gap = np.abs(x[:, None] - x[None, :]) / span  # gap[k, m] = |x_k − x_m|
    votes = weights[:, None, None] * (gap[:, None, :] - gap[:, :, None])  # votes[k, i, j]
    backing = np.maximum(votes, 0.0).sum(axis=0)
    total = np.abs(votes).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, backing / np.where(total > 0, total, 1.0), 0.5)


def expected_utilities(
    x: np.ndarray,
    salience: np.ndarray,
    weights: np.ndarray,
    risk: np.ndarray,
    span: float,
    options: ExpectedUtilityOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """``EU[i, j]``: i's expected utility of challenging j; and the win probabilities."""
    mu = median_voter_position(x, weights)
    gap = np.abs(x[:, None] - x[None, :]) / span
    to_median = (np.abs(x - mu) / span)[:, None]
    r = risk[:, None]
    success = _scaled_utility(0.5 - 0.5 * gap, r)
    failure = _scaled_utility(0.5 + 0.5 * gap, r)
    better = _scaled_utility(0.5 - 0.25 * (to_median + gap), r)
    worse = _scaled_utility(0.5 + 0.25 * (to_median + gap), r)
    status_quo = _scaled_utility(np.full_like(gap, 0.5), r)
    p = win_probabilities(x, weights, span)
    s_j = salience[None, :]
    challenge = s_j * (p * success + (1 - p) * failure) + (1 - s_j) * success
    no_challenge = options.q * status_quo + (1 - options.q) * (
        options.t * better + (1 - options.t) * worse
    )
    eu = challenge - no_challenge
    np.fill_diagonal(eu, 0.0)
    return eu, p


def risk_exponents(eu_neutral: np.ndarray) -> np.ndarray:
    """Risk exponent r_i in [0.5, 2] from how much others expect to gain by challenging i."""
    exposure = eu_neutral.sum(axis=0) - np.diag(eu_neutral)  # sum over challengers j of EU[j, i]
    lo, hi = exposure.min(), exposure.max()
    if hi - lo <= 0:
        return np.ones_like(exposure)
    big_r = (2 * exposure - hi - lo) / (hi - lo)
    return (1 - big_r / 3) / (1 + big_r / 3)


def challengers(x: np.ndarray, eu: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``sends[i, j]``: i challenges j. It must expect a gain, stand elsewhere, and have some
    weight on the dimension: an actor with zero salience (or no capability) does not pull."""
    sends = (eu > 0) & (x[:, None] != x[None, :]) & (weights[:, None] > 0)
    np.fill_diagonal(sends, False)
    return sends


def respond_to_offers(
    x: np.ndarray, eu: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, list[EUMove]]:
    """Each actor answers the best challenge it received; returns new positions and reasons."""
    n = x.size
    new_x = x.copy()
    moves: list[EUMove] = []
    sends = challengers(x, eu, weights)
    for j in range(n):
        senders = np.flatnonzero(sends[:, j]).tolist()
        if not senders:
            continue
        best = max(eu[i, j] for i in senders)
        top = [i for i in senders if eu[i, j] == best]
        i = min(top, key=lambda a: (abs(x[a] - x[j]), a))
        offered, own = eu[i, j], eu[j, i]  # the challenger's gain; j's view of challenging i
        if own > 0 and own < offered:
            new_x[j], outcome = x[i], "lost a conflict"
        elif own < 0 and abs(own) < offered:
            new_x[j] = x[j] + (x[i] - x[j]) * abs(own / offered)
            outcome = "compromised"
        elif own < 0:
            new_x[j], outcome = x[i], "capitulated"
        else:
            outcome = "held its position"
        moves.append(
            {
                "actor": j,
                "challenger": i,
                "challenger_gain": float(offered),
                "own_gain": float(own),
                "outcome": outcome,
            }
        )
    return new_x, moves


def solve_expected_utility(
    capabilities: np.ndarray,
    positions: np.ndarray,
    saliences: np.ndarray,
    *,
    options: ExpectedUtilityOptions | None = None,
    record_events: bool = False,
    **_: object,
) -> BargainResult:
    """Run the expected utility model round by round until moves become small."""
    options = options or ExpectedUtilityOptions()
    caps = np.asarray(capabilities, dtype=float)
    pos = np.asarray(positions, dtype=float)
    sal = np.asarray(saliences, dtype=float)
    spans = pos.max(axis=0) - pos.min(axis=0)
    stop_rule = SMPOptions(
        min_turns=options.min_turns,
        max_turns=options.max_turns,
        min_delta_ratio=options.min_delta_ratio,
    )
    history = [pos.copy()]
    events: list[TurnEvent] = []
    cycles = CycleDetector()
    termination: Termination | None = None
    cycle_length: int | None = None
    while True:
        turn = len(history) - 1
        termination = stop_reason(history, stop_rule) if turn > 0 else None
        if termination is None:
            cycle_length = cycles.cycle_length(turn, history[-1])
            termination = "cycle" if cycle_length is not None else None
        if termination is not None:
            break
        current = history[-1]
        new = current.copy()
        turn_record: EUTurn = {"turn": len(history) - 1, "dimensions": []}
        for k in range(pos.shape[1]):
            if spans[k] <= 0:
                continue
            w = caps * sal[:, k]
            neutral = expected_utilities(
                current[:, k], sal[:, k], w, np.ones_like(w), spans[k], options
            )[0]
            eu, p = expected_utilities(
                current[:, k], sal[:, k], w, risk_exponents(neutral), spans[k], options
            )
            new[:, k], moves = respond_to_offers(current[:, k], eu, w)
            if record_events:
                turn_record["dimensions"].append(
                    {
                        "dimension": k,
                        "challenges": [
                            {
                                "initiator": int(i),
                                "target": int(j),
                                "expected_gain": float(eu[i, j]),
                                "win_probability": float(p[i, j]),
                            }
                            for i, j in zip(
                                *np.nonzero(challengers(current[:, k], eu, w)), strict=True
                            )
                        ],
                        "moves": moves,
                    }
                )
        if record_events:
            events.append(turn_record)
        history.append(new)
    weights = caps * sal.sum(axis=1)
    probabilities = np.stack([support_shares(p, weights) for p in history])
    # a cycle's last state repeats its first, so the cycle is the `cycle_length` states before
    final = history[-1 - cycle_length : -1] if cycle_length else history[-1:]
    medians = np.stack([median_voter_positions(state, caps, sal) for state in final])
    median = medians.mean(axis=0)
    distribution = pool([Distribution.by_weight(state, weights) for state in final])
    return BargainResult(
        model="expected_utility",
        positions=np.stack(history),
        probabilities=probabilities,
        states=len(history),
        outcome=make_outcome(distribution, forecast=median),
        termination=termination,
        cycle_length=cycle_length,
        events=events,
        cycle_forecasts=medians if cycle_length else None,
    )


def median_voter_positions(
    positions: np.ndarray, capabilities: np.ndarray, saliences: np.ndarray
) -> np.ndarray:
    """The model's forecast: the median voter position on each dimension, (d,)."""
    return np.array(
        [
            median_voter_position(positions[:, k], capabilities * saliences[:, k])
            for k in range(positions.shape[1])
        ]
    )
