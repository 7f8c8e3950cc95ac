"""Pieces of the SMP shared by the fast and the reference path.

Utilities, risk attitudes, winning probabilities of a state, the stopping rule, bargain
selection by vote and the plain-data record of a turn. Keeping these in one place means the
two paths differ only in how they loop over actors and pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.bargaining.options import (
    BigRAdjust,
    BigRRange,
    SMPOptions,
    StateTransition,
)
from sim.bargaining.outcome import Distribution, Termination, group_positions
from sim.bargaining.result import ChallengeRecord, MoveRecord, SMPTurn
from sim.bargaining.victory import coalitions, option_probabilities, scalar_pce

MIN_SIGNIFICANT_GAIN = 1e-5  # expected gains below this do not motivate a challenge
MIN_SIGNIFICANT_DELTA = 1e-4  # added to the first step, guarding the stopping ratio from 0/0


def utility(distance: np.ndarray | float, risk: np.ndarray | float) -> np.ndarray:
    """Utility of a position at salience-weighted ``distance`` for risk attitude ``risk``.

    Quadratic in distance: risk-neutral (0) is linear, risk-averse (+) concave near the ideal,
    risk-seeking (−) convex. Distances a hair above 1 (round-off) keep the slope at d = 1,
    which is what capping d at 1 inside the bracket does.
    """
    d = np.asarray(distance, dtype=float)
    return (1 - d) * (1 + np.minimum(d, 1.0) * risk)


def weighted_distance(
    ideals: np.ndarray, positions: np.ndarray, saliences: np.ndarray
) -> np.ndarray:
    """``D[i, j]``: salience-weighted RMS distance from i's ideal to j's position, using i's
    saliences (so the salience profile, not its total, shapes the metric). An actor with no
    salience anywhere is at distance 0 from every position: it does not care where things go."""
    diff = ideals[:, None, :] - positions[None, :, :]
    weighted = diff * saliences[:, None, :]
    num = (weighted * weighted).sum(axis=2)
    den = (saliences * saliences).sum(axis=1)
    return np.sqrt(num / np.where(den > 0, den, 1.0)[:, None])


def risk_from_probabilities(p: np.ndarray, rng_kind: BigRRange) -> np.ndarray:
    """Risk attitude of each actor from how likely its position is to prevail.

    Actors whose positions are likely winners have much to lose and are risk averse; long shots
    are risk seeking. With equal probabilities everywhere, everyone is risk neutral.
    """
    p_min, p_max = float(np.min(p)), float(np.max(p))
    spread = p_max - p_min
    if spread <= 0.0:
        return np.zeros_like(p)
    if rng_kind is BigRRange.MIN:
        return (p - p_min) / spread
    if rng_kind is BigRRange.MID:
        return (3 * p - (p_max + 2 * p_min)) / (2 * spread)
    if rng_kind is BigRRange.MAX:
        return (2 * p - (p_max + p_min)) / spread
    raise ValueError(f"unknown big-R range {rng_kind!r}")


def estimated_risk(r_observer: np.ndarray, r_actor: np.ndarray, adjust: BigRAdjust) -> np.ndarray:
    """Observer h's estimate of actor i's risk attitude, anchored on h's own."""
    if adjust is BigRAdjust.FULL:
        return r_actor + 0.0 * r_observer
    if adjust is BigRAdjust.TWO_THIRDS:
        return (r_observer + (2.0 * r_actor)) / 3.0
    if adjust is BigRAdjust.HALF:
        return (r_observer + r_actor) / 2
    if adjust is BigRAdjust.ONE_THIRD:
        return ((2.0 * r_observer) + r_actor) / 3.0
    if adjust is BigRAdjust.NONE:
        return r_observer + 0.0 * r_actor
    raise ValueError(f"unknown big-R adjustment {adjust!r}")


@dataclass(frozen=True)
class StateAssessment:
    """What every actor believes about one state: distances, risk attitudes, perspectives."""

    distance: np.ndarray  # D[i, j], (n, n)
    risk: np.ndarray  # R[i], (n,)
    risk_estimate: np.ndarray  # Rh[h, i], h's estimate of i's risk attitude, (n, n)

    def utilities_seen_by(self, h: int) -> np.ndarray:
        """``A[i, j]``: h's estimate of the utility to i of j's position."""
        return utility(self.distance, self.risk_estimate[h][:, None])

    def own_utilities(self) -> np.ndarray:
        """``U[i, j]``: i's own estimate of the utility to i of j's position."""
        own_risk = np.diag(self.risk_estimate)
        return utility(self.distance, own_risk[:, None])


def assess_state(
    positions: np.ndarray, saliences: np.ndarray, capabilities: np.ndarray, options: SMPOptions
) -> StateAssessment:
    """Distances, then risk attitudes inferred from a risk-neutral vote over all positions."""
    d = weighted_distance(positions, positions, saliences)
    neutral = utility(d, 0.0)
    c = coalitions(capabilities, neutral, options.voting_rule)
    p = option_probabilities(c, options.victory_prob, options.pce)
    r = risk_from_probabilities(p, options.big_r_range)
    rh = estimated_risk(r[:, None], r[None, :], options.big_r_adjust)
    return StateAssessment(distance=d, risk=r, risk_estimate=rh)


def win_probabilities(
    positions: np.ndarray,
    capabilities: np.ndarray,
    assessment: StateAssessment,
    options: SMPOptions,
) -> tuple[np.ndarray, Distribution]:
    """Each actor's probability that its position prevails, voting over distinct positions,
    and the distribution over those distinct positions.

    Actors sharing a position report that position's probability (KTAB's convention), so the
    per-actor row can sum to more than 1; the distribution lists each position once.
    """
    unique, membership = group_positions(positions)
    own = assessment.own_utilities()
    p_unique = scalar_pce(
        capabilities, own[:, unique], options.voting_rule, options.victory_prob, options.pce
    )
    distribution = Distribution.from_groups(positions, unique, membership, p_unique)
    return p_unique[membership], distribution


def state_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Sum over actors of the Euclidean distance each moved."""
    return float(np.linalg.norm(a - b, axis=1).sum())


def stop_reason(history: list[np.ndarray], options: SMPOptions) -> Termination | None:
    """KTAB's rule: "converged" once a step is under 2 % of the first one (after a minimum
    number of turns), "max_turns" at the turn cap, else None. ``history`` holds every state."""
    turn = len(history) - 1
    if turn >= options.min_turns:
        first = state_distance(history[0], history[1]) + MIN_SIGNIFICANT_DELTA
        last = state_distance(history[turn], history[turn - 1])
        if last / first < options.min_delta_ratio:
            return "converged"
    if turn >= options.max_turns:
        return "max_turns"
    return None


def should_stop(history: list[np.ndarray], options: SMPOptions) -> bool:
    """Whether the run stops after the last state of ``history`` (see ``stop_reason``)."""
    return stop_reason(history, options) is not None


@dataclass
class Bargains:
    """All bargains of a turn, in the order they were proposed (by initiator)."""

    initiator: list[int] = field(default_factory=list)
    receiver: list[int] = field(default_factory=list)
    initiator_position: list[np.ndarray] = field(default_factory=list)
    receiver_position: list[np.ndarray] = field(default_factory=list)
    perspective: list[str] = field(default_factory=list)

    def add(self, i: int, j: int, pos_i: np.ndarray, pos_j: np.ndarray, perspective: str) -> None:
        self.initiator.append(i)
        self.receiver.append(j)
        self.initiator_position.append(np.asarray(pos_i, dtype=float))
        self.receiver_position.append(np.asarray(pos_j, dtype=float))
        self.perspective.append(perspective)

    def __len__(self) -> int:
        return len(self.initiator)

    def involving(self, k: int) -> list[int]:
        """Indices of the bargains k is party to, in proposal order."""
        return [b for b in range(len(self)) if self.initiator[b] == k or self.receiver[b] == k]

    def position_for(self, b: int, k: int) -> np.ndarray:
        return self.initiator_position[b] if self.initiator[b] == k else self.receiver_position[b]


@dataclass
class Challenge:
    """An initiator's best challenge in a turn and the estimates behind it."""

    initiator: int
    target: int
    expected_gain: float
    win_probability: float  # initiator's estimate that it beats the target
    target_estimate: float  # target's estimate that the initiator beats it


def choose_option(p: np.ndarray, options: SMPOptions, rng: np.random.Generator | None) -> int:
    """Index of the adopted option: the most likely one, or a draw by probability."""
    if options.state_transition is StateTransition.DETERMINISTIC or len(p) == 1:
        return int(np.argmax(p))
    if rng is None:
        raise ValueError("a stochastic state transition needs a numpy Generator (rng)")
    cumulative = np.cumsum(p)
    draw = rng.random() * cumulative[-1]
    return int(min(np.searchsorted(cumulative, draw, side="right"), len(p) - 1))


def turn_events(
    turn: int,
    challenges: list[Challenge],
    bargains: Bargains,
    choices: list[tuple[list[int | None], np.ndarray, int]],
    old_positions: np.ndarray,
    new_positions: np.ndarray,
) -> SMPTurn:
    """Plain-data account of one turn: challenges, bargains, and why each actor moved."""
    bargain_ids: dict[int, list[int]] = {}
    for b in range(len(bargains)):
        bargain_ids.setdefault(bargains.initiator[b], []).append(b)
    challenge_records: list[ChallengeRecord] = []
    for ch in challenges:
        challenge_records.append(
            {
                "initiator": ch.initiator,
                "target": ch.target,
                "expected_gain": float(ch.expected_gain),
                "win_probability": float(ch.win_probability),
                "target_estimate": float(ch.target_estimate),
                "bargains": [
                    {
                        "id": b,
                        "perspective": bargains.perspective[b],
                        "initiator_position": bargains.initiator_position[b].tolist(),
                        "target_position": bargains.receiver_position[b].tolist(),
                    }
                    for b in bargain_ids.get(ch.initiator, [])
                ],
            }
        )
    moves: list[MoveRecord] = []
    for k, (option_ids, probabilities, chosen) in enumerate(choices):
        adopted = option_ids[chosen]
        if adopted is None:
            reason = "kept its position: the status quo was the most likely outcome"
        else:
            other = (
                bargains.receiver[adopted]
                if bargains.initiator[adopted] == k
                else bargains.initiator[adopted]
            )
            role = "proposed to" if bargains.initiator[adopted] == k else "offered by"
            reason = f"adopted bargain {adopted} {role} actor {other}"
        moves.append(
            {
                "actor": k,
                "options": [("status_quo" if o is None else o) for o in option_ids],
                "option_probabilities": [float(x) for x in probabilities],
                "adopted": "status_quo" if adopted is None else adopted,
                "reason": reason,
                "from": old_positions[k].tolist(),
                "to": new_positions[k].tolist(),
            }
        )
    return {"turn": turn, "challenges": challenge_records, "moves": moves}
