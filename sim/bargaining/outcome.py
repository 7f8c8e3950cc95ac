"""What a bargaining run predicts: distinct positions with probabilities, the forecast, and
how the run ended (converged, stopped at the turn cap, or entered a cycle).

A model reports, for its last state, each distinct position (positions closer than
``POSITION_TOLERANCE`` count as one), the probability that it prevails (summing to 1) and the
actors who hold it. A run that ends in a cycle reports the cycle's states pooled, each with
weight 1/length, so the answer does not depend on where in the cycle the run stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

POSITION_TOLERANCE = 1e-3  # positions closer than this (0–1 scale, Euclidean) count as one

Termination = Literal["converged", "max_turns", "cycle"]


def position_gaps(positions: np.ndarray) -> np.ndarray:
    """Euclidean distance between every two actors' positions, (n, n)."""
    diff = positions[:, None, :] - positions[None, :, :]
    return np.sqrt((diff * diff).sum(axis=2))


def group_positions(positions: np.ndarray) -> tuple[list[int], np.ndarray]:
    """Distinct positions of a state, as KTAB groups them.

    Returns the representatives (first actor of each group, scanning in actor order) and, for
    every actor, the index of its group: the last representative within the tolerance.
    """
    close = position_gaps(positions) < POSITION_TOLERANCE  # symmetric
    representatives: list[int] = []
    covered = np.zeros(close.shape[0], dtype=bool)  # within the tolerance of a representative
    for i in range(close.shape[0]):
        if not covered[i]:
            representatives.append(i)
            covered |= close[i]
    matches = close[:, representatives]  # every row has a match
    membership = matches.shape[1] - 1 - np.argmax(matches[:, ::-1], axis=1)
    return representatives, membership


@dataclass(frozen=True, eq=False)
class Distribution:
    """Distinct positions (m, d), their probabilities (m,) summing to 1, and their holders."""

    positions: np.ndarray
    probabilities: np.ndarray
    holders: list[list[int]]

    @classmethod
    def from_groups(
        cls,
        positions: np.ndarray,
        representatives: list[int],
        membership: np.ndarray,
        group_probabilities: np.ndarray,
    ) -> Distribution:
        p = np.asarray(group_probabilities, dtype=float)
        total = p.sum()
        p = p / total if total > 0 else np.full(p.size, 1.0 / p.size)
        holders = [np.flatnonzero(membership == g).tolist() for g in range(len(representatives))]
        return cls(positions[representatives].copy(), p, holders)

    @classmethod
    def by_weight(cls, positions: np.ndarray, weights: np.ndarray) -> Distribution:
        """Each distinct position's share of the actors' total weight (equal shares if the
        weights are all zero): the probability the one-shot models and EU report."""
        if weights.sum() <= 0:
            weights = np.ones_like(weights)
        representatives, membership = group_positions(positions)
        group_weight = np.bincount(membership, weights=weights, minlength=len(representatives))
        return cls.from_groups(positions, representatives, membership, group_weight)


def pool(states: list[Distribution]) -> Distribution:
    """Mix several states' distributions with equal weight, merging positions that coincide."""
    if len(states) == 1:
        return states[0]
    positions = np.concatenate([s.positions for s in states])
    probabilities = np.concatenate([s.probabilities for s in states]) / len(states)
    holders = [h for s in states for h in s.holders]
    representatives, membership = group_positions(positions)
    merged_p = np.bincount(membership, weights=probabilities, minlength=len(representatives))
    merged_holders: list[list[int]] = [[] for _ in representatives]
    for entry, group in enumerate(membership):
        merged_holders[group] = sorted(set(merged_holders[group]) | set(holders[entry]))
    return Distribution(positions[representatives].copy(), merged_p, merged_holders)


@dataclass(frozen=True, eq=False)
class Outcome:
    """The prediction of a run, all on 0–1.

    ``forecast`` is the model's point forecast per dimension (SMP: the probability-weighted
    mean of the distinct positions; the others: their defined point), ``most_probable`` the
    distinct position most likely to prevail (first on ties).
    """

    distribution: Distribution
    forecast: np.ndarray  # (d,)
    most_probable: np.ndarray  # (d,)


def make_outcome(distribution: Distribution, forecast: np.ndarray | None = None) -> Outcome:
    """Outcome of a distribution; ``forecast`` defaults to its probability-weighted mean."""
    mean = distribution.probabilities @ distribution.positions
    mode = distribution.positions[int(np.argmax(distribution.probabilities))]
    return Outcome(distribution, mean if forecast is None else np.asarray(forecast), mode.copy())


class CycleDetector:
    """Remembers every state of a deterministic run and spots an exact repeat.

    A repeat after one turn is a fixed point (the stopping rule handles it); a repeat after
    two or more turns is a cycle the run would follow forever.
    """

    def __init__(self) -> None:
        self._seen: dict[bytes, int] = {}

    def cycle_length(self, turn: int, state: np.ndarray) -> int | None:
        """Length of the cycle that ``state`` (reached at ``turn``) closes, if any."""
        key = np.ascontiguousarray(state).tobytes()
        earlier = self._seen.get(key)
        self._seen[key] = turn
        if earlier is not None and turn - earlier >= 2:
            return turn - earlier
        return None
