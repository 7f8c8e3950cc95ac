"""Negotiation: confidence building between rounds, then each track's round when it is due.

A round: host -> attendance (refused, or held) -> trust gained by sitting down -> the track's
protocol holds the rest (:meth:`sim.negotiation.protocol.NegotiationProtocol.hold`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.decisions import Host, Join
from agents.government import GovernmentAgent
from sim.negotiation.rounds import mean_trust
from sim.world.operations import broker, cost_trust

if TYPE_CHECKING:
    from sim.negotiation.track import TrackState
    from sim.phases.draws import StepDraws
    from sim.world import World


def run(world: World, draws: StepDraws) -> None:
    for column, state in enumerate(world.tracks.values()):
        state.held_this_step = False
        build_confidence(world, state)
        if state.is_due(world.clock.step):
            rng = np.random.default_rng(int(draws.track_seeds[column]))
            hold_round(world, state, float(draws.rounds[column]), rng)


def build_confidence(world: World, state: TrackState) -> None:
    """Once talks have begun, trust moves the parties' ambitions on the track's issues.

    With x the position measured from the far end (x = p toward max, 1 - p toward min) and
    T the party's mean trust in the other parties: dx = r (T - T_ref) (1 - x) if T >= T_ref,
    else dx = r (T - T_ref) x. Trust above the reference lets a settlement beyond the opening
    positions come within reach; trust below it shrinks ambitions.
    """
    spec = state.spec.confidence_building
    if spec is None or not state.held_steps or state.settled:
        return
    rate, reference = float(spec.rate), float(spec.trust_reference)
    for party in state.spec.parties:
        actor = world.actors[party]
        excess = mean_trust(world, actor, state.spec.parties) - reference
        for issue in state.spec.issues:
            p = actor.positions[issue]
            x = p if spec.toward == "max" else 1.0 - p
            x += rate * excess * ((1.0 - x) if excess >= 0 else x)
            actor.positions[issue] = min(1.0, max(0.0, x if spec.toward == "max" else 1.0 - x))


def _attendance(world: World, state: TrackState) -> list[str]:
    """Ask host and parties; return the names of those who refused."""
    spec = state.spec
    refused = []
    if spec.host is not None:
        host = world.actors[spec.host]
        governs = host if isinstance(host, GovernmentAgent) else None
        domestic = governs.domestic if governs else None
        question = Host(
            stability=governs.stability if governs else 1.0,
            threshold=float(domestic.host_min_stability) if domestic else 0.0,
        )
        choice = world.ask(host, question, state.track_id)
        if not choice.value:
            refused.append(spec.host)
    by = broker(state)
    for party in spec.parties:
        actor = world.actors[party]
        trust = min(actor.trust_in(o) for o in spec.parties if o != party)
        if by and by != party:
            trust += spec.mediation_bonus * actor.trust_in(by)
        join = Join(trust=trust, threshold=float(actor.behaviour.join_trust))
        choice = world.ask(actor, join, state.track_id)
        if not choice.value:
            refused.append(party)
    return refused


def hold_round(world: World, state: TrackState, draw: float, rng: np.random.Generator) -> None:
    """Run one round of ``state``'s track and log what happened and why."""
    spec, dyn = state.spec, world.dynamics
    refused = _attendance(world, state)
    if refused:
        state.results["refused"] += 1
        world.log.event(
            "round", track=state.track_id, held=False, result="refused", refused=refused
        )
        return
    state.held_this_step = True
    state.held_steps.append(world.clock.step)
    cost_trust(world, spec.parties, -float(dyn.round_trust_gain))
    state.protocol.hold(world, state, draw, rng)
