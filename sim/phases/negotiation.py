"""Negotiation: confidence building between rounds, then each track's round if one is called.

First, a party to whom a deal being carried out has turned sour may walk away from it. A round
is called by the documented calendar (a dated invitation) or by a party: on a track not
yet open, a party may seek it (which opens it); on an open track, a party may propose a round
once the last one is ``min_months`` behind and no dated round is that close ahead
(:mod:`sim.negotiation.convening`). A called round: host -> attendance (refused, or held) ->
trust gained by sitting down -> the track's protocol holds the rest
(:meth:`sim.negotiation.protocol.NegotiationProtocol.hold`). After ``patience`` rounds in a row
without an agreement the parties are asked whether they abandon the track; when all have, it
closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.decisions import Abandon, Defect, Host, Join, Propose, Seek
from agents.government import GovernmentAgent
from sim.negotiation import convening
from sim.negotiation.rounds import mean_trust
from sim.negotiation.tabled import tabled_round
from sim.world.operations import broker, cost_trust, defect, in_units

if TYPE_CHECKING:
    from sim.negotiation.track import Tabled, TrackState
    from sim.phases.draws import StepDraws
    from sim.world import World


def run(world: World, draws: StepDraws) -> None:
    for state in world.tracks.values():
        keep_or_defect(world, state)
    for column, state in enumerate(world.tracks.values()):
        state.held_this_step = False
        build_confidence(world, state)
        tabled = take_tabled(world, state)
        called_by: str | None = tabled.parties[0] if tabled else "calendar"
        if tabled is None and not state.is_due(world.clock.step):
            called_by = call(world, state, draws, column)
        if called_by is None:
            continue
        state.convened[called_by] += 1
        rng = np.random.default_rng(int(draws.track_seeds[column]))
        hold_round(world, state, float(draws.rounds[column]), rng, tabled)
        after_round(world, state)


def take_tabled(world: World, state: TrackState) -> Tabled | None:
    """The deal tabled on the track this month (a ``table`` effect), which replaces any other
    round of the month; a possible track opens for it. Not held: a second deal of the same
    month, or any on a closed, settled or suspended track (each logged with why)."""
    tabled, state.tabled = state.tabled, []
    step = world.clock.step
    why = ""
    if state.status == "closed":
        why = "the track is closed"
    elif state.settled:
        why = "the track is settled"
    elif step <= state.suspended_until:
        why = "the track is suspended"
    for index, deal in enumerate(tabled):
        if why or index:
            reason = why or "another deal was on the table this month"
            world.log.event(
                "tabled", track=state.track_id, held=False, by=list(deal.parties), why=reason
            )
    if why or not tabled:
        return None
    first = tabled[0]
    if state.status == "possible":
        state.status = "open"
        world.log.event("opened", track=state.track_id, by=first.parties[0])
    world.log.event("convened", track=state.track_id, by=first.parties[0], tabled=True)
    return first


def keep_or_defect(world: World, state: TrackState) -> None:
    """A party to whom the rest of the track's deal in force is now worth less than stopping
    where things are (its preferences moved, or a new leader came) is asked whether it walks
    away; the first that does voids the package (:func:`sim.world.operations.defect`)."""
    deal = {
        issue: c.final_value
        for issue, c in sorted(world.ledger.active.items())
        if c.kind == "agreement" and c.by == state.track_id
    }
    if not deal:
        return
    issues = list(deal)
    for party in state.spec.parties:
        actor = world.actors[party]
        keep = actor.utility({**world.status_quo, **deal}, issues)
        stop = actor.utility(world.status_quo, issues)
        if stop <= keep:
            continue
        question = Defect(
            value_keep=keep,
            value_stop=stop,
            cost=float(world.dynamics.defect_cost),
            deal=in_units(world, deal),
        )
        if world.ask(actor, question, state.track_id).value:
            defect(world, state, actor)
            return


def call(world: World, state: TrackState, draws: StepDraws, column: int) -> str | None:
    """Ask the parties in scenario order, then the broker, whether one calls a round this month;
    return who did. Only an actor with something to gain (a way out) is asked.

    A possible track is sought (a yes opens it); an open one gets a round proposed once its
    last round is ``min_months`` behind and no dated round is due within that time."""
    spec, step = state.spec, world.clock.step
    rules = spec.convening
    if rules is None or state.status == "closed":
        return None
    if state.status == "open":
        if not state.may_meet(step):
            return None
        wait = world.clock.steps_for(int(rules.min_months))
        last = state.last_round
        if last is not None and step - last < wait:
            return None
        if any(due in state.due_steps for due in range(step + 1, step + wait)):
            return None
    kind = Seek if state.status == "possible" else Propose
    cost, rate = float(rules.round_cost), float(rules.rate)
    by = broker(state)
    callers = [p for p in spec.parties if p not in state.abandoned_by]
    if by is not None and by not in spec.parties:
        callers.append(by)  # a host or mediator may offer its good offices unasked (F19)
    seen = convening.prospect(world, state)
    for party in callers:
        actor = world.actors[party]
        if party in spec.parties:
            gain = convening.round_gain(world, actor, state, seen)
        else:
            gain = convening.host_gain(world, actor, state, seen)
        if gain <= 0:  # no way out in reach: nothing to call a round for, nothing to ask
            continue
        pain = convening.hurt(world, actor, state)
        rho = convening.ripeness(gain, pain, cost)
        question = kind(
            gain=gain,
            hurt=pain,
            cost=cost,
            probability=convening.propose_probability(rho, rate),
            draw=float(draws.convene[world.index(party), column]),
        )
        if world.ask(actor, question, state.track_id).value:
            if state.status == "possible":
                state.status = "open"
                world.log.event("opened", track=state.track_id, by=party)
            world.log.event("convened", track=state.track_id, by=party)
            return party
    return None


def after_round(world: World, state: TrackState) -> None:
    """Count rounds in a row without an agreement; past patience, ask who abandons."""
    rules = state.spec.convening
    if state.agreements and state.agreements[-1]["step"] == world.clock.step:
        state.failures = 0
        return
    state.failures += 1
    if rules is None or state.failures < int(rules.patience):
        return
    seen = convening.prospect(world, state)
    for party in state.spec.parties:
        if party in state.abandoned_by:
            continue
        actor = world.actors[party]
        question = Abandon(
            failures=state.failures,
            patience=int(rules.patience),
            gain=convening.round_gain(world, actor, state, seen),
        )
        if world.ask(actor, question, state.track_id).value:
            state.abandoned_by.append(party)
            world.log.event("abandon", track=state.track_id, actor=party)
    if set(state.abandoned_by) >= set(state.spec.parties):
        state.status = "closed"
        world.log.event("closed", track=state.track_id)


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


def _attendance(world: World, state: TrackState, present: tuple[str, ...] = ()) -> list[str]:
    """Ask host and parties (not those ``present``: they tabled the deal); return the names
    of those who refused."""
    spec = state.spec
    refused = []
    if spec.host is not None:
        host = world.actors[spec.host]
        governs = host if isinstance(host, GovernmentAgent) else None
        domestic = governs.domestic if governs else None
        question = Host(
            stability=governs.stability if governs else 1.0,
            threshold=float(domestic.host_min_stability) if domestic else 0.0,
            gain=convening.host_gain(world, host, state),
        )
        choice = world.ask(host, question, state.track_id)
        if not choice.value:
            refused.append(spec.host)
    for party in spec.parties:
        if party in present:
            continue
        actor = world.actors[party]
        trust = convening.join_trust(world, state, party)
        join = Join(trust=trust, threshold=float(actor.behaviour.join_trust))
        choice = world.ask(actor, join, state.track_id)
        if not choice.value:
            refused.append(party)
    return refused


def hold_round(
    world: World,
    state: TrackState,
    draw: float,
    rng: np.random.Generator,
    tabled: Tabled | None = None,
) -> None:
    """Run one round of ``state``'s track (on ``tabled``'s deal if given: see
    :mod:`sim.negotiation.tabled`) and log what happened and why."""
    spec, dyn = state.spec, world.dynamics
    refused = _attendance(world, state, tabled.parties if tabled else ())
    if refused:
        state.results["refused"] += 1
        world.log.event(
            "round", track=state.track_id, held=False, result="refused", refused=refused
        )
        return
    state.held_this_step = True
    state.held_steps.append(world.clock.step)
    cost_trust(world, spec.parties, -float(dyn.round_trust_gain))
    if tabled is None:
        state.protocol.hold(world, state, draw, rng)
    else:
        tabled_round(world, state, tabled)
