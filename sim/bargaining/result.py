"""The result every bargaining model returns, whatever the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

import numpy as np

from sim.bargaining.outcome import Outcome, Termination


class BargainRecord(TypedDict):
    """One SMP bargain a challenge led to, positions on the 0–1 scale."""

    id: int
    perspective: str
    initiator_position: list[float]
    target_position: list[float]


class ChallengeRecord(TypedDict):
    """An SMP initiator's best challenge in a turn and the estimates behind it."""

    initiator: int
    target: int
    expected_gain: float
    win_probability: float
    target_estimate: float
    bargains: list[BargainRecord]


# "from" is a keyword, hence the functional form; options and adopted are bargain ids or
# "status_quo", positions on the 0–1 scale
MoveRecord = TypedDict(
    "MoveRecord",
    {
        "actor": int,
        "options": list[int | str],
        "option_probabilities": list[float],
        "adopted": int | str,
        "reason": str,
        "from": list[float],
        "to": list[float],
    },
)


class SMPTurn(TypedDict):
    """One SMP turn as recorded with ``record_events``: challenges, bargains, why each moved."""

    turn: int
    challenges: list[ChallengeRecord]
    moves: list[MoveRecord]


class EUChallenge(TypedDict):
    """An expected-utility challenge on one dimension: the initiator's gain and its odds."""

    initiator: int
    target: int
    expected_gain: float
    win_probability: float


class EUMove(TypedDict):
    """How an actor answered the best challenge it received (outcome: lost a conflict,
    compromised, capitulated or held its position)."""

    actor: int
    challenger: int
    challenger_gain: float
    own_gain: float
    outcome: str


class EUDimension(TypedDict):
    dimension: int
    challenges: list[EUChallenge]
    moves: list[EUMove]


class EUTurn(TypedDict):
    """One expected-utility turn as recorded with ``record_events``, dimension by dimension."""

    turn: int
    dimensions: list[EUDimension]


TurnEvent = SMPTurn | EUTurn
"""One turn of a bargaining run as recorded, in the model's own terms."""


@dataclass(frozen=True, eq=False)
class BargainResult:
    """History of a bargaining run on the 0–1 scale, and what it predicts.

    ``positions[t, i, k]`` is actor i's position on dimension k in state t (state 0 is the
    input). ``probabilities[t, i]`` is the model's probability that actor i's position
    prevails in state t; for SMP this is KTAB's per-actor figure, so actors sharing a position
    each report that position's probability and a row can sum to more than 1. ``outcome``
    lists the distinct final positions once each, with probabilities summing to 1, and the
    forecast. ``termination`` says how the run ended; ``cycle_length`` is set for a cycle, and
    ``cycle_forecasts[s]`` is then the forecast each of the cycle's states alone would give
    (the reported forecast is their mean, which may be a value none of them gives).
    """

    model: str
    positions: np.ndarray
    probabilities: np.ndarray
    states: int
    outcome: Outcome
    termination: Termination = "converged"
    cycle_length: int | None = None
    events: list[TurnEvent] = field(default_factory=list)
    cycle_forecasts: np.ndarray | None = None  # (cycle_length, d), 0–1

    def __post_init__(self) -> None:
        if self.positions.ndim != 3 or self.probabilities.ndim != 2:
            raise ValueError("positions must be (states, n, d) and probabilities (states, n)")
        if not (self.positions.shape[0] == self.probabilities.shape[0] == self.states):
            raise ValueError("positions, probabilities and states disagree on the state count")
        if (self.termination == "cycle") != (self.cycle_length is not None):
            raise ValueError("a cycle_length is given exactly when the run ended in a cycle")
        if (self.cycle_forecasts is None) != (self.cycle_length is None):
            raise ValueError("cycle_forecasts are given exactly when the run ended in a cycle")

    @property
    def cycle_states(self) -> list[int]:
        """The states of the cycle a run ended in (the last state repeats the first of them)."""
        if self.cycle_length is None:
            return []
        return list(range(self.states - 1 - self.cycle_length, self.states - 1))

    @property
    def final_positions(self) -> np.ndarray:
        """Positions in the last state, (n, d) on 0–1."""
        return self.positions[-1]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (nested lists of floats, 0–1 scale)."""
        distribution = self.outcome.distribution
        return {
            "model": self.model,
            "states": int(self.states),
            "termination": self.termination,
            "cycle_length": self.cycle_length,
            "forecast": self.outcome.forecast.tolist(),
            "most_probable": self.outcome.most_probable.tolist(),
            "outcomes": [
                {"position": pos.tolist(), "probability": float(p), "actors": holders}
                for pos, p, holders in zip(
                    distribution.positions,
                    distribution.probabilities,
                    distribution.holders,
                    strict=True,
                )
            ],
            "positions": self.positions.tolist(),
            "probabilities": self.probabilities.tolist(),
            "events": self.events,
        }
