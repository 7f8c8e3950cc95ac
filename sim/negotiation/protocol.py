"""The protocol interface: how a held round of a track turns into a result.

Every protocol holds a round through :meth:`NegotiationProtocol.hold`; the negotiation phase
asks who attends and then hands the round to the track's protocol, whatever it is. The table
protocols (compromise, the spatial models) share one round (:func:`sim.negotiation.rounds.
table_round`) and differ in the deal they propose from plain arrays (capabilities, positions
normalised to [0, 1], saliences), so the bargaining maths stays free of Mesa; alternating offers
holds a round of one offer and one answer (:mod:`sim.negotiation.exchange`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.negotiation.exchange import exchange_round
from sim.negotiation.rounds import table_round
from sim.negotiation.table import Proposal, Table, weighted_mean

if TYPE_CHECKING:
    from sim.bargaining import ModelOptions
    from sim.negotiation.track import TrackState
    from sim.scenario.schema import AlternatingOffersProtocol
    from sim.scenario.schema import Protocol as ProtocolSpec
    from sim.world import World

__all__ = [
    "AlternatingOffers",
    "CompromiseProtocol",
    "NegotiationProtocol",
    "Proposal",
    "SpatialProtocol",
    "Table",
    "make_protocol",
    "weighted_mean",
]


class NegotiationProtocol(Protocol):
    def hold(self, world: World, state: TrackState, draw: float, rng: np.random.Generator) -> None:
        """Hold a round the parties attend: ask, decide its result, log it, apply it."""
        ...


class TableProtocol:
    """A protocol that proposes a deal from the table; its rounds are table rounds."""

    def propose(self, table: Table, rng: np.random.Generator) -> Proposal:
        raise NotImplementedError

    def hold(self, world: World, state: TrackState, draw: float, rng: np.random.Generator) -> None:
        table_round(world, state, self.propose, draw, rng)


class CompromiseProtocol(TableProtocol):
    """Capability x salience weighted mean of the stated positions."""

    def propose(self, table: Table, rng: np.random.Generator) -> Proposal:
        deal = weighted_mean(table)
        return Proposal(
            dict(zip(table.issues, map(float, deal), strict=True)), {"model": "compromise"}
        )


class SpatialProtocol(TableProtocol):
    """A spatial bargaining model from :mod:`sim.bargaining` (KTAB's SMP by default).

    The deal is the expected outcome of the final state: each actor's final position weighted by
    its probability of prevailing, x* = sum_i P_i x_i.
    """

    def __init__(self, model: str = "smp", options: ModelOptions | None = None) -> None:
        self.model = model
        self.options = options

    def propose(self, table: Table, rng: np.random.Generator) -> Proposal:
        """The deal of the model's run on ``table``; a deterministic SMP run on a table already
        solved in this process is not run again (:data:`_SOLVED`), since it gives the same
        deal and detail and draws nothing from ``rng``."""
        key = self._key(table)
        proposal = _SOLVED.get(key) if key is not None else None
        if proposal is None:
            proposal = self._solve(table, rng)
            if key is not None:
                if len(_SOLVED) >= _SOLVED_KEPT:
                    del _SOLVED[next(iter(_SOLVED))]  # the oldest
                _SOLVED[key] = proposal
        return Proposal(dict(proposal.deal), proposal.detail)

    def _key(self, table: Table) -> tuple[object, ...] | None:
        """What the run depends on, or None when it may draw from its generator (or is not
        the SMP, whose determinism is what is checked here)."""
        from sim.bargaining import SMPOptions, StateTransition

        options = self.options
        if self.model != "smp" or not (options is None or isinstance(options, SMPOptions)):
            return None
        if options is not None and options.state_transition is not StateTransition.DETERMINISTIC:
            return None
        return (
            options,
            tuple(table.actors),
            tuple(table.issues),
            table.positions.shape,
            table.capabilities.tobytes(),
            table.positions.tobytes(),
            table.saliences.tobytes(),
        )

    def _solve(self, table: Table, rng: np.random.Generator) -> Proposal:
        from sim.bargaining import solve  # the bargaining core loads when a spatial track meets

        result = solve(
            self.model,
            table.capabilities,
            table.positions,
            table.saliences,
            options=self.options,
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


_SOLVED: dict[tuple[object, ...], Proposal] = {}
"""Deterministic SMP proposals by table, kept across runs of one process: a sweep's or an
ensemble's runs often put the same table to the model (the first round of a track before
anything has moved, above all). The detail is shared, so it must stay unchanged: the event log
copies it."""
_SOLVED_KEPT = 256  # proposals kept (a few KiB each); the oldest goes first


class AlternatingOffers:
    """Two parties take turns: one offers, the other accepts or refuses (see
    :mod:`sim.negotiation.exchange`); the track's ``deadline``, ``discount``, ``first`` and
    ``reservation`` settings come with it."""

    def __init__(self, spec: AlternatingOffersProtocol) -> None:
        self.spec = spec

    def hold(self, world: World, state: TrackState, draw: float, rng: np.random.Generator) -> None:
        exchange_round(world, state, self.spec)


_ACTOR_FIELDS = ("initiator", "target", "actor")


def _named(value: object, actors: list[str]) -> object:
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


def make_protocol(spec: ProtocolSpec) -> NegotiationProtocol:
    """The protocol a track's ``protocol:`` section names."""
    if spec.name == "compromise":
        return CompromiseProtocol()
    if spec.name == "spatial":
        from sim.bargaining import options_for  # as in SpatialProtocol.propose

        return SpatialProtocol(spec.model, options_for(spec.model, spec.options))
    return AlternatingOffers(spec)
