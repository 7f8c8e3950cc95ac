"""The protocol interface: a table of actors' positions in, a proposed deal out.

Protocols see plain arrays only (capabilities, positions normalised to [0, 1], saliences), so the
bargaining maths stays free of Mesa and can be swapped by name in a scenario file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

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
    detail: dict[str, Any] = field(default_factory=dict)


class NegotiationProtocol(Protocol):
    def propose(self, table: Table, rng: np.random.Generator) -> Proposal: ...


def weighted_mean(table: Table) -> np.ndarray:
    """The compromise model: x*_j = sum_i c_i s_ij x_ij / sum_i c_i s_ij (per issue j)."""
    weights = table.capabilities[:, None] * table.saliences
    totals = weights.sum(axis=0)
    safe = np.where(totals > 0, totals, 1.0)
    mean = (weights * table.positions).sum(axis=0) / safe
    return np.where(totals > 0, mean, table.positions.mean(axis=0))


class CompromiseProtocol:
    """Capability x salience weighted mean of the stated positions."""

    def propose(self, table: Table, rng: np.random.Generator) -> Proposal:
        deal = weighted_mean(table)
        return Proposal(
            dict(zip(table.issues, map(float, deal), strict=True)), {"model": "compromise"}
        )


class SpatialProtocol:
    """A spatial bargaining model from :mod:`sim.bargaining` (KTAB's SMP by default).

    The deal is the expected outcome of the final state: each actor's final position weighted by
    its probability of prevailing, x* = sum_i P_i x_i.
    """

    def __init__(self, model: str = "smp", options: dict[str, str] | None = None) -> None:
        self.model = model
        self.options = options or {}

    def propose(self, table: Table, rng: np.random.Generator) -> Proposal:
        from sim.bargaining import solve

        result = solve(
            self.model,
            table.capabilities,
            table.positions,
            table.saliences,
            options=self.options or None,
            rng=rng,
            record_events=True,
        )
        final = np.asarray(result.positions[-1])
        weights = np.asarray(result.probabilities[-1])
        weights = (
            weights / weights.sum()
            if weights.sum() > 0
            else np.full(len(weights), 1 / len(weights))
        )
        deal = np.clip(weights @ final, 0.0, 1.0)
        detail = {
            "model": self.model,
            "states": int(result.states),
            "final_positions": {
                actor: [round(float(v), 6) for v in row]
                for actor, row in zip(table.actors, final, strict=True)
            },
            "probabilities": {
                actor: round(float(p), 6) for actor, p in zip(table.actors, weights, strict=True)
            },
            "turns": _named(result.events, table.actors),
        }
        return Proposal(dict(zip(table.issues, map(float, deal), strict=True)), detail)


class AlternatingOffers:
    """Offers are made and judged in the round itself (:mod:`sim.phases.alternating`); as a
    table protocol it proposes the capability x salience weighted mean, for tools that ask."""

    def propose(self, table: Table, rng: np.random.Generator) -> Proposal:
        deal = weighted_mean(table)
        detail = {"model": "alternating_offers"}
        return Proposal(dict(zip(table.issues, map(float, deal), strict=True)), detail)


_ACTOR_FIELDS = ("initiator", "target", "actor")


def _named(value: Any, actors: list[str]) -> Any:
    """The core's per-turn story with actor indices replaced by actor ids, for the event log.

    Who challenged whom, the bargains proposed, the probability of winning and why each actor
    moved: the data a classroom debrief needs. Positions stay on the normalised 0-1 scale.
    """
    if isinstance(value, dict):
        return {
            key: actors[item]
            if key in _ACTOR_FIELDS and isinstance(item, int)
            else _named(item, actors)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_named(item, actors) for item in value]
    return value


def make_protocol(spec: Any) -> NegotiationProtocol:
    """The protocol a track's ``protocol:`` section names."""
    if spec.name == "compromise":
        return CompromiseProtocol()
    if spec.name == "spatial":
        return SpatialProtocol(spec.model, dict(spec.options))
    if spec.name == "alternating_offers":
        return AlternatingOffers()
    raise ValueError(f"unknown protocol {spec.name!r}")
