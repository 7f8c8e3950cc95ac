"""A round of an alternating-offers track: one party offers, the other accepts or refuses.

The parties take turns proposing (the track's ``first`` party opens); a refused offer passes the
turn; after ``deadline`` offers without a deal the talks end. Both choices go through the
decision seam, with the equilibrium numbers of :mod:`sim.negotiation.alternating` in the
context, so a student or a model actor can make and judge offers on the same numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.decisions import Accept, Offer
from sim import parliament
from sim.negotiation.alternating import Bargainer, advise
from sim.negotiation.rounds import ratification, step_toward
from sim.world.operations import close_round, in_units, value_of_deal, value_of_no_deal

if TYPE_CHECKING:
    from agents import ActorAgent
    from sim.negotiation.track import RoundResult, TrackState
    from sim.scenario.schema import AlternatingOffersProtocol
    from sim.world import World


def reservation(
    world: World, actor: ActorAgent, state: TrackState, spec: AlternatingOffersProtocol
) -> float:
    """Walking away is worth the larger of the value of no deal and the stated reservation.

    The stated reservation (issue units, per issue) is the worst deal the side accepts; issues
    it does not name stay at the status quo.
    """
    issues = list(state.spec.issues)
    no_deal = value_of_no_deal(world, actor, issues)
    stated = spec.reservation.get(actor.actor_id)
    if not stated:
        return no_deal
    point = dict(world.status_quo)
    point.update({i: world.scales.normalise(i, float(v)) for i, v in stated.items()})
    return max(no_deal, actor.utility(point, issues))


def bargainer(
    world: World, actor: ActorAgent, state: TrackState, spec: AlternatingOffersProtocol
) -> Bargainer:
    issues = list(state.spec.issues)
    return Bargainer(
        ideal=np.array([actor.positions[i] for i in issues]),
        saliences=np.array([actor.saliences.get(i, 0.0) for i in issues]),
        risk=actor.risk,
        reservation=reservation(world, actor, state, spec),
        discount=float(spec.discount),
    )


def turn(state: TrackState, spec: AlternatingOffersProtocol) -> tuple[str, str, int]:
    """Proposer, responder and offers left (this one included) for the round about to be held."""
    parties = list(state.spec.parties)
    first = spec.first or parties[0]
    order = [first, *[p for p in parties if p != first]]
    made = len(state.held_steps) - 1  # offers made before this round (it is already counted)
    proposer, responder = order[made % 2], order[(made + 1) % 2]
    return proposer, responder, int(spec.deadline) - made


def exchange_round(world: World, state: TrackState, spec: AlternatingOffersProtocol) -> None:
    """An accepted (and ratified) offer is agreed, as far as the track's ``step_limit`` allows
    (the whole offer settles the track); a refused one passes the turn; after the last offer
    the track closes (a refused last offer is logged as the deadline)."""
    answer, offer, fields = exchange(world, state, spec)
    left = turn(state, spec)[2]
    deal = step_toward(world, state, offer)
    state.last_proposal, state.last_deal = offer, deal
    ratified = ratification(world, state, deal) if answer == "accepted" else {}
    result: RoundResult = "rejected"
    if answer == "accepted" and all(ratified.values()):
        whole = all(abs(deal[i] - offer[i]) < 1e-12 for i in offer)
        result = "settled" if whole else "agreed"
    close_round(world, state, result, offer, deal, answer=answer, ratified=ratified, **fields)
    if left <= 1 and state.status == "open":  # no offer left: the talks are over, deal or not
        state.status = "closed"
        if result not in ("agreed", "settled"):
            world.log.event("deadline", track=state.track_id)


def exchange(
    world: World, state: TrackState, spec: AlternatingOffersProtocol
) -> tuple[str, dict[str, float], dict[str, str | int | dict[str, float]]]:
    """Ask for the offer and the answer; return the result, the offer and the log fields."""
    issues = list(state.spec.issues)
    proposer_id, responder_id, left = turn(state, spec)
    proposer, responder = world.actors[proposer_id], world.actors[responder_id]
    advice = advise(
        bargainer(world, proposer, state, spec), bargainer(world, responder, state, spec), left
    )
    scales = world.scales  # a person or a policy sees offers in the issues' own units
    offered = zip(issues, advice.offer, strict=True)
    suggested = {i: scales.denormalise(i, float(v)) for i, v in offered}
    last = state.last_proposal
    question = Offer(
        position={i: scales.denormalise(i, proposer.positions[i]) for i in issues},
        last_proposal=None if last is None else {i: scales.denormalise(i, last[i]) for i in issues},
        concession=float(proposer.behaviour.concession),
        scales={i: world.scales.bounds[i] for i in issues},
        suggested=suggested,
        rounds_left=left,
        reservation=reservation(world, proposer, state, spec),
    )
    choice = world.ask(proposer, question, state.track_id)
    offered_units = choice.amounts()
    offer = {i: min(1.0, max(0.0, scales.normalise(i, float(offered_units[i])))) for i in issues}
    responder_side = bargainer(world, responder, state, spec)
    if left > 1:  # refusing: the responder proposes next round, with one offer fewer to go
        after = advise(responder_side, bargainer(world, proposer, state, spec), left - 1)
        wait = responder_side.wait(after.proposer_value)
    else:
        wait = responder_side.reservation
    ratifies = responder_id in state.spec.ratification
    question_back = Accept(
        value_deal=value_of_deal(world, responder, offer, state),
        value_no_deal=responder_side.reservation,
        deal=in_units(world, offer),
        value_wait=wait,
        rounds_left=left,
        approval=parliament.approval(world, responder, offer, issues) if ratifies else None,
        approval_needed=parliament.approval_needed(world, responder) if ratifies else None,
    )
    answer = world.ask(responder, question_back, state.track_id)
    fields: dict[str, str | int | dict[str, float]] = {
        "proposer": proposer_id,
        "responder": responder_id,
        "rounds_left": left,
        "equilibrium_offer": suggested,
    }
    return ("accepted" if answer.value else "refused"), offer, fields
