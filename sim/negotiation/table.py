"""The table a bargaining protocol sees: actors' capabilities, positions and saliences as plain
arrays (positions normalised to [0, 1]), and the deal it proposes. No Mesa, no world."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Table:
    """Who sits at the table and what they want: rows are actors, columns are issues."""

    actors: list[str]
    issues: list[str]
    capabilities: np.ndarray
    positions: np.ndarray
    saliences: np.ndarray


@dataclass(frozen=True)
class Proposal:
    """A deal (normalised position per issue) and what the protocol did to get there."""

    deal: dict[str, float]
    detail: dict[str, object] = field(default_factory=dict)


def weighted_mean(table: Table) -> np.ndarray:
    """The compromise model: x*_j = sum_i c_i s_ij x_ij / sum_i c_i s_ij (per issue j)."""
    weights = table.capabilities[:, None] * table.saliences
    totals = weights.sum(axis=0)
    safe = np.where(totals > 0, totals, 1.0)
    mean = (weights * table.positions).sum(axis=0) / safe
    return np.where(totals > 0, mean, table.positions.mean(axis=0))
