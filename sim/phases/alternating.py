"""A round of an alternating-offers track: one party offers, the other accepts or refuses.

The parties take turns proposing (the track's ``first`` party opens); a refused offer passes the
turn; after ``deadline`` offers without a deal the talks end. Both choices go through the
decision seam, with the equilibrium numbers of :mod:`sim.negotiation.alternating` in the
context, so a student or a model actor can make and judge offers on the same numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import parliament
from sim.negotiation.alternating import Bargainer, advise

if TYPE_CHECKING:
    from agents import ActorAgent
    from sim.negotiation.track import TrackState
    from sim.world import World


def reservation(world: World, actor: ActorAgent, state: TrackState) -> float:
    """Walking away is worth the larger of the value of no deal and the stated reservation.

    The stated reservation (issue units, per issue) is the worst deal the side accepts; issues
    it does not name stay at the status quo.
    """
    spec = state.spec
    issues = list(spec.issues)
    no_deal = (
        actor.utility(world.status_quo, issues) - actor.behaviour.conflict_cost * world.tension
    )
    stated = spec.protocol.reservation.get(actor.actor_id)
    if not stated:
        return no_deal
    point = dict(world.status_quo)
    point.update({i: world.scales.normalise(i, float(v)) for i, v in stated.items()})
    return max(no_deal, actor.utility(point, issues))


def bargainer(world: World, actor: ActorAgent, state: TrackState) -> Bargainer:
    issues = list(state.spec.issues)
    return Bargainer(
        ideal=np.array([actor.positions[i] for i in issues]),
        saliences=np.array([actor.saliences.get(i, 0.0) for i in issues]),
        risk=actor.risk,
        reservation=reservation(world, actor, state),
        discount=float(state.spec.protocol.discount),
    )


def turn(state: TrackState) -> tuple[str, str, int]:
    """Proposer, responder and offers left (this one included) for the round about to be held."""
    spec = state.spec
    parties = list(spec.parties)
    first = spec.protocol.first or parties[0]
    order = [first, *[p for p in parties if p != first]]
    made = len(state.held_steps) - 1  # offers made before this round (it is already counted)
    proposer, responder = order[made % 2], order[(made + 1) % 2]
    return proposer, responder, int(spec.protocol.deadline) - made


def exchange(world: World, state: TrackState) -> tuple[str, dict, dict]:
    """Ask for the offer and the answer; return the result, the offer and the log fields."""
    spec = state.spec
    issues = list(spec.issues)
    proposer_id, responder_id, left = turn(state)
    proposer, responder = world.actors[proposer_id], world.actors[responder_id]
    advice = advise(bargainer(world, proposer, state), bargainer(world, responder, state), left)
    scales = world.scales  # a person or a policy sees offers in the issues' own units
    offered = zip(issues, advice.offer, strict=True)
    suggested = {i: scales.denormalise(i, float(v)) for i, v in offered}
    last = state.last_proposal
    choice = world.ask(
        proposer,
        "offer",
        state.track_id,
        position={i: scales.denormalise(i, proposer.positions[i]) for i in issues},
        last_proposal=None if last is None else {i: scales.denormalise(i, last[i]) for i in issues},
        concession=float(proposer.behaviour.concession),
        scales={i: world.scales.bounds[i] for i in issues},
        suggested=suggested,
        rounds_left=left,
        reservation=reservation(world, proposer, state),
    )
    offer = {i: min(1.0, max(0.0, scales.normalise(i, float(choice.value[i])))) for i in issues}
    from sim.phases.negotiation import _value_of_deal

    responder_side = bargainer(world, responder, state)
    if left > 1:  # refusing: the responder proposes next round, with one offer fewer to go
        after = advise(responder_side, bargainer(world, proposer, state), left - 1)
        wait = responder_side.wait(after.proposer_value)
    else:
        wait = responder_side.reservation
    context = {
        "value_deal": _value_of_deal(world, responder, offer, state),
        "value_no_deal": responder_side.reservation,
        "value_wait": wait,
        "deal": {i: world.scales.denormalise(i, v) for i, v in offer.items()},
        "rounds_left": left,
    }
    if responder_id in spec.ratification:
        context["approval"] = parliament.approval(world, responder, offer, issues)
        context["approval_needed"] = parliament.approval_needed(world, responder)
    answer = world.ask(responder, "accept", state.track_id, **context)
    fields = {
        "proposer": proposer_id,
        "responder": responder_id,
        "rounds_left": left,
        "equilibrium_offer": suggested,
    }
    return ("accepted" if answer.value else "refused"), offer, fields
