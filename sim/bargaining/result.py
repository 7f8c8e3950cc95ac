"""The result every bargaining model returns, whatever the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class BargainResult:
    """History of a bargaining run on the 0–1 scale.

    ``positions[t, i, k]`` is actor i's position on dimension k in state t (state 0 is the
    input). ``probabilities[t, i]`` is the model's probability that actor i's position
    prevails in state t; for SMP this is KTAB's per-actor figure, so actors sharing a position
    each report that position's probability and a row can sum to more than 1.
    """

    model: str
    positions: np.ndarray
    probabilities: np.ndarray
    states: int
    events: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.positions.ndim != 3 or self.probabilities.ndim != 2:
            raise ValueError("positions must be (states, n, d) and probabilities (states, n)")
        if not (self.positions.shape[0] == self.probabilities.shape[0] == self.states):
            raise ValueError("positions, probabilities and states disagree on the state count")

    @property
    def final_positions(self) -> np.ndarray:
        """Positions in the last state, (n, d) on 0–1."""
        return self.positions[-1]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (nested lists of floats)."""
        return {
            "model": self.model,
            "states": int(self.states),
            "positions": self.positions.tolist(),
            "probabilities": self.probabilities.tolist(),
            "events": self.events,
        }
