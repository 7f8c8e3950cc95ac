"""The parts of a held round that every protocol's round uses, and the table round.

A table round (compromise, spatial models): offers -> a proposal from the protocol -> an
incremental step toward it -> acceptance -> ratification -> agreed (a step), settled (the whole
deal, the parties having converged), stalled, failed (trust lost) or rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from agents.decisions import Accept, Offer, Vote
from agents.government import GovernmentAgent
from sim import parliament
from sim.negotiation.table import Proposal, Table
from sim.world.operations import close_round, cost_trust, in_units, value_of_deal
from sim.world.operations import value_of_no_deal as value_of_no_deal

if TYPE_CHECKING:
    from agents import ActorAgent
    from sim.negotiation.track import RoundResult, TrackState
    from sim.world import World

Propose = Callable[[Table, np.random.Generator], Proposal]
"""A table protocol's rule: the table in, a proposed deal out."""


def mean_trust(world: World, actor: ActorAgent, others: list[str]) -> float:
    others = [o for o in others if o != actor.actor_id]
    return sum(actor.trust_in(o) for o in others) / len(others) if others else 1.0


def table_of(world: World, state: TrackState, offers: dict[str, dict[str, float]]) -> Table:
    """The parties (at their offers) and the stakeholders (at their positions)."""
    spec = state.spec
    members = [*spec.parties, *[s for s in spec.stakeholders if s not in spec.parties]]
    positions = np.array(
        [[offers.get(a, world.actors[a].positions)[i] for i in spec.issues] for a in members]
    )
    saliences = np.array([[world.actors[a].saliences[i] for i in spec.issues] for a in members])
    capabilities = np.array([world.actors[a].effective_capability for a in members])
    return Table(members, list(spec.issues), capabilities, positions, saliences)


def agreement_probability(world: World, state: TrackState) -> float:
    """Chance that a round both sides can accept actually agrees.

    p = clip(agreement_chance + w_T (T - 0.5) + w_H H - w_tau tension), where T is the mean
    trust between the parties and H the host's standing: the parties' mean trust in the host
    times its stability (0 without a host).
    """
    spec, dyn = state.spec, world.dynamics
    actors = [world.actors[p] for p in spec.parties]
    trust = sum(mean_trust(world, a, spec.parties) for a in actors) / len(actors)
    standing = 0.0
    if spec.host is not None:
        host = world.actors[spec.host]
        others = [a for a in actors if a is not host]
        if others:
            standing = sum(a.trust_in(spec.host) for a in others) / len(others)
            standing *= host.stability if isinstance(host, GovernmentAgent) else 1.0
    p = (
        float(spec.agreement_chance)
        + float(dyn.round_trust_weight) * (trust - 0.5)
        + float(dyn.round_host_weight) * standing
        - float(dyn.round_tension_weight) * world.tension
    )
    return min(1.0, max(0.0, p))


def step_toward(world: World, state: TrackState, target: dict[str, float]) -> dict[str, float]:
    """The part of the proposal a round can agree: at most ``step_limit`` from the status quo."""
    deal = {}
    for issue, value in target.items():
        current = world.status_quo[issue]
        limit = state.spec.step_limit.get(issue)
        if limit is None:
            deal[issue] = value
        else:
            reach = world.scales.per_unit(issue, float(limit))
            deal[issue] = current + max(-reach, min(reach, value - current))
    return deal


def table_round(
    world: World, state: TrackState, propose: Propose, draw: float, rng: np.random.Generator
) -> None:
    """A held round of a table protocol; ``draw`` decides agreed, failed or stalled."""
    spec, dyn = state.spec, world.dynamics
    offers = _offers(world, state)
    proposal = propose(table_of(world, state, offers), rng)
    target = proposal.deal
    deal = step_toward(world, state, target)
    state.last_proposal, state.last_deal = target, deal
    gap = float(spec.settlement_gap)
    converged = all(
        abs(offer[i] - target[i]) <= gap and abs(deal[i] - target[i]) < 1e-12
        for offer in offers.values()
        for i in spec.issues
    )
    accepted, rejected = acceptance(world, state, deal)
    ratified = ratification(world, state, deal)
    p_agree = None
    result: RoundResult
    if rejected or not all(ratified.values()):
        result = "rejected"
    else:
        p_agree = agreement_probability(world, state)
        if draw < p_agree:
            result = "settled" if converged else "agreed"
        elif draw < p_agree + float(dyn.round_failure) * (1.0 - p_agree):
            result = "failed"
        else:
            result = "stalled"
    close_round(
        world,
        state,
        result,
        target,
        deal,
        accepted=accepted,
        rejected=rejected,
        ratified=ratified,
        p_agree=p_agree,
        draw=draw,
        protocol=proposal.detail,
    )
    if result == "failed":
        cost_trust(world, spec.parties, float(dyn.fail_trust_loss))


def _offers(world: World, state: TrackState) -> dict[str, dict[str, float]]:
    """Each party states its offer. Policies see and answer in issue units (the unit a person
    and a script use); the model normalises the answer, clipped to the scale."""
    spec = state.spec
    scales = world.scales

    def units_of(values: dict[str, float]) -> dict[str, float]:
        return {i: scales.denormalise(i, values[i]) for i in spec.issues}

    offers = {}
    for party in spec.parties:
        actor = world.actors[party]
        question = Offer(
            position=units_of(actor.positions),
            last_proposal=units_of(state.last_proposal) if state.last_proposal else None,
            concession=float(actor.behaviour.concession),
            scales={i: world.scales.bounds[i] for i in spec.issues},
        )
        offered = world.ask(actor, question, state.track_id).amounts()
        offer = {i: min(1.0, max(0.0, scales.normalise(i, float(offered[i])))) for i in spec.issues}
        actor.positions.update(offer)
        offers[party] = offer
    return offers


def acceptance(
    world: World, state: TrackState, deal: dict[str, float], agreed: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Who must accept is asked (``agreed``: those who already said yes, not asked again)."""
    spec = state.spec
    accepted: list[str] = []
    rejected: list[str] = []
    for party in spec.must_accept if spec.must_accept is not None else spec.parties:
        if party in agreed:
            accepted.append(party)
            continue
        actor = world.actors[party]
        ratifies = party in spec.ratification
        question = Accept(
            value_deal=value_of_deal(world, actor, deal, state),
            value_no_deal=value_of_no_deal(world, actor, spec.issues),
            deal=in_units(world, deal),
            approval=parliament.approval(world, actor, deal, spec.issues) if ratifies else None,
            approval_needed=parliament.approval_needed(world, actor) if ratifies else None,
        )
        choice = world.ask(actor, question, state.track_id)
        (accepted if choice.value else rejected).append(party)
    return accepted, rejected


def ratification(world: World, state: TrackState, deal: dict[str, float]) -> dict[str, bool]:
    """Each ratifying government's parliament votes; a caretaker government cannot ratify."""
    result = {}
    for government_id in state.spec.ratification:
        government = world.actors[government_id]
        if isinstance(government, GovernmentAgent) and government.caretaker:
            result[government_id] = False
            continue
        votes = _bloc_votes(world, state, government, deal)
        share = parliament.approval(world, government, deal, state.spec.issues, votes)
        result[government_id] = share >= parliament.approval_needed(world, government)
    return result


def _bloc_votes(
    world: World, state: TrackState, government: GovernmentAgent, deal: dict[str, float]
) -> dict[str, bool]:
    """Each actor a bloc follows decides how the bloc votes (heuristic: closer to its stances
    than the status quo); blocs with fixed stances vote by that rule alone."""
    house = government.domestic.parliament if government.domestic else None
    votes: dict[str, bool] = {}
    for bloc_id, bloc in house.blocs.items() if house else ():
        if bloc.follows is None or bloc.follows not in world.actors:
            continue
        deal_gap, quo_gap = parliament.gaps(world, bloc, deal, state.spec.issues)
        question = Vote(
            government=government.actor_id,
            bloc=bloc_id,
            seats=float(government.seats[bloc_id]),
            deal_gap=deal_gap,
            quo_gap=quo_gap,
            deal=in_units(world, deal),
        )
        choice = world.ask(world.actors[bloc.follows], question, state.track_id)
        votes[bloc_id] = bool(choice.value)
    return votes
