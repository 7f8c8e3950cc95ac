"""Negotiation: confidence building between rounds, then each track's round when it is due.

A round: host -> attendance -> trust -> offers -> proposal -> an incremental step toward it ->
acceptance -> ratification -> the round's result: agreed (a step), settled (the whole deal, the
parties having converged), stalled, failed (trust lost), rejected or refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.government import GovernmentAgent
from sim import parliament
from sim.negotiation.protocol import Table
from sim.phases.implementation import commit, phases_of
from sim.phases.violence import cost_trust

if TYPE_CHECKING:
    from agents import ActorAgent
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


def mean_trust(world: World, actor: ActorAgent, others: list[str]) -> float:
    others = [o for o in others if o != actor.actor_id]
    return sum(actor.trust_in(o) for o in others) / len(others) if others else 1.0


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


def _value_of_no_deal(world: World, actor: ActorAgent, issues: list[str]) -> float:
    """u_a(q) - conflict_cost_a * tension: walking away keeps the status quo and its risks."""
    return actor.utility(world.status_quo, issues) - actor.behaviour.conflict_cost * world.tension


def _broker(state: TrackState) -> str | None:
    return state.spec.host or state.spec.mediator


def _value_of_deal(world: World, actor: ActorAgent, deal: dict[str, float], state) -> float:
    """u_a(q with the deal) + mediation bonus * trust in the broker (good offices make deals
    stick). The utility is over the deal's issues; 0-1 plus at most the bonus."""
    broker = _broker(state)
    bonus = (
        state.spec.mediation_bonus * actor.trust_in(broker)
        if broker and broker != actor.actor_id
        else 0.0
    )
    return actor.utility(deal, state.spec.issues) + bonus


def _attendance(world: World, state: TrackState) -> list[str]:
    """Ask host and parties; return the names of those who refused."""
    spec = state.spec
    refused = []
    if spec.host is not None:
        host = world.actors[spec.host]
        governs = host if isinstance(host, GovernmentAgent) else None
        domestic = governs.domestic if governs else None
        choice = world.ask(
            host,
            "host",
            state.track_id,
            stability=governs.stability if governs else 1.0,
            threshold=float(domestic.host_min_stability) if domestic else 0.0,
        )
        if not choice.value:
            refused.append(spec.host)
    broker = _broker(state)
    for party in spec.parties:
        actor = world.actors[party]
        trust = min(actor.trust_in(o) for o in spec.parties if o != party)
        if broker and broker != party:
            trust += spec.mediation_bonus * actor.trust_in(broker)
        choice = world.ask(
            actor, "join", state.track_id, trust=trust, threshold=float(actor.behaviour.join_trust)
        )
        if not choice.value:
            refused.append(party)
    return refused


def _table(world: World, state: TrackState, offers: dict[str, dict[str, float]]) -> Table:
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


def _step_toward(world: World, state: TrackState, target: dict[str, float]) -> dict[str, float]:
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
    if spec.protocol.name == "alternating_offers":
        _hold_exchange(world, state)
        return
    offers = _offers(world, state)
    proposal = state.protocol.propose(_table(world, state, offers), rng)
    target = proposal.deal
    deal = _step_toward(world, state, target)
    state.last_proposal, state.last_deal = target, deal
    gap = float(spec.settlement_gap)
    converged = all(
        abs(offer[i] - target[i]) <= gap and abs(deal[i] - target[i]) < 1e-12
        for offer in offers.values()
        for i in spec.issues
    )
    accepted, rejected = _acceptance(world, state, deal)
    ratified = _ratification(world, state, deal)
    p_agree = None
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
    state.results[result] += 1
    world.log.event(
        "round",
        track=state.track_id,
        held=True,
        result=result,
        proposal={i: world.scales.denormalise(i, v) for i, v in target.items()},
        deal={i: world.scales.denormalise(i, v) for i, v in deal.items()},
        accepted=accepted,
        rejected=rejected,
        ratified=ratified,
        p_agree=p_agree,
        draw=draw,
        protocol=proposal.detail,
    )
    if result in ("agreed", "settled"):
        _agree(world, state, deal, final=result == "settled")
    elif result == "failed":
        cost_trust(world, spec.parties, float(dyn.fail_trust_loss))


def _hold_exchange(world: World, state: TrackState) -> None:
    """An alternating-offers round: an accepted (and ratified) offer is agreed, as far as the
    track's ``step_limit`` allows (the whole offer settles the track); a refused one passes the
    turn; the last offer, if refused, ends the talks."""
    from sim.phases.alternating import exchange

    answer, offer, fields = exchange(world, state)
    deal = _step_toward(world, state, offer)
    state.last_proposal, state.last_deal = offer, deal
    ratified = _ratification(world, state, deal) if answer == "accepted" else {}
    result = "rejected"
    if answer == "accepted" and all(ratified.values()):
        whole = all(abs(deal[i] - offer[i]) < 1e-12 for i in offer)
        result = "settled" if whole else "agreed"
    state.results[result] += 1
    world.log.event(
        "round",
        track=state.track_id,
        held=True,
        result=result,
        proposal={i: world.scales.denormalise(i, v) for i, v in offer.items()},
        deal={i: world.scales.denormalise(i, v) for i, v in deal.items()},
        answer=answer,
        ratified=ratified,
        **fields,
    )
    if result in ("agreed", "settled"):
        _agree(world, state, deal, final=result == "settled")
    elif fields["rounds_left"] <= 1:
        state.suspended_until = world.clock.steps
        world.log.event("deadline", track=state.track_id)


def _offers(world: World, state: TrackState) -> dict[str, dict[str, float]]:
    """Each party states its offer. Policies see and answer in issue units (the unit a person
    and a script use); the model normalises the answer, clipped to the scale."""
    spec = state.spec
    scales = world.scales

    def in_units(values: dict[str, float]) -> dict[str, float]:
        return {i: scales.denormalise(i, values[i]) for i in spec.issues}

    offers = {}
    for party in spec.parties:
        actor = world.actors[party]
        choice = world.ask(
            actor,
            "offer",
            state.track_id,
            position=in_units(actor.positions),
            last_proposal=in_units(state.last_proposal) if state.last_proposal else None,
            concession=float(actor.behaviour.concession),
            scales={i: world.scales.bounds[i] for i in spec.issues},
        )
        offer = {
            i: min(1.0, max(0.0, scales.normalise(i, float(choice.value[i])))) for i in spec.issues
        }
        actor.positions.update(offer)
        offers[party] = offer
    return offers


def _acceptance(world: World, state: TrackState, deal: dict[str, float]):
    spec = state.spec
    accepted, rejected = [], []
    for party in spec.must_accept if spec.must_accept is not None else spec.parties:
        actor = world.actors[party]
        context = {
            "value_deal": _value_of_deal(world, actor, deal, state),
            "value_no_deal": _value_of_no_deal(world, actor, spec.issues),
            "deal": {i: world.scales.denormalise(i, v) for i, v in deal.items()},
        }
        if party in spec.ratification:
            context["approval"] = parliament.approval(world, actor, deal, spec.issues)
            context["approval_needed"] = parliament.approval_needed(world, actor)
        choice = world.ask(actor, "accept", state.track_id, **context)
        (accepted if choice.value else rejected).append(party)
    return accepted, rejected


def _ratification(world: World, state: TrackState, deal: dict[str, float]) -> dict[str, bool]:
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


def _bloc_votes(world: World, state: TrackState, government, deal: dict[str, float]):
    """Each actor a bloc follows decides how the bloc votes (heuristic: closer to its stances
    than the status quo); blocs with fixed stances vote by that rule alone."""
    house = government.domestic.parliament if government.domestic else None
    votes: dict[str, bool] = {}
    for bloc_id, bloc in house.blocs.items() if house else ():
        if bloc.follows is None or bloc.follows not in world.actors:
            continue
        deal_gap, quo_gap = parliament.gaps(world, bloc, deal, state.spec.issues)
        choice = world.ask(
            world.actors[bloc.follows],
            "vote",
            state.track_id,
            government=government.actor_id,
            bloc=bloc_id,
            seats=float(government.seats[bloc_id]),
            deal_gap=deal_gap,
            quo_gap=quo_gap,
            deal={i: world.scales.denormalise(i, v) for i, v in deal.items()},
        )
        votes[bloc_id] = bool(choice.value)
    return votes


def _agree(world: World, state: TrackState, deal: dict[str, float], final: bool) -> None:
    spec, dyn = state.spec, world.dynamics
    record = {
        "track": state.track_id,
        "step": world.clock.step,
        "date": world.clock.date,
        "deal": {i: round(world.scales.denormalise(i, v), 6) for i, v in deal.items()},
        "parties": list(spec.parties),
        "final": final,
    }
    state.agreements.append(record)
    world.agreements.append(record)
    world.log.event("agreement", **{k: v for k, v in record.items() if k not in ("step", "date")})
    cost_trust(world, spec.parties, -float(dyn.agreement_trust_gain))
    phases = phases_of(spec.schedule)
    for issue, value in deal.items():
        cap = spec.max_change_per_step.get(issue)
        cap = None if cap is None else world.scales.per_unit(issue, float(cap))
        status = commit(world, issue, "agreement", state.track_id, value, phases, cap)
        record.setdefault("status", {})[issue] = status
    if final and spec.closes_on_settlement:
        state.settled = True
        world.log.event("settled", track=state.track_id)
