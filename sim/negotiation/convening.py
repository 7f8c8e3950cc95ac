"""Why a party calls a round: ripeness, credibility and the value of a round to a host.

A party weighs a round against waiting (Zartman's ripeness: a way out that is worth more while
the stalemate hurts). The way out is the deal a round would likely agree, valued against where
the status quo is heading (the commitments in force included), times the chance the round
agrees and the party's belief that the others will carry the deal out (the commitment problem;
a broker's guarantee adds to that belief: the mediator's leverage). Equations in
docs/model.md, "Talks convened by the actors".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.negotiation.rounds import agreement_probability, mean_trust
from sim.world.operations import broker

if TYPE_CHECKING:
    from agents import ActorAgent
    from sim.negotiation.track import TrackState
    from sim.world import World


def heading(world: World) -> dict[str, float]:
    """The status quo as the commitments in force will leave it (normalised)."""
    return {**world.status_quo, **world.ledger.targets()}


def expected_deal(
    world: World, state: TrackState, ahead: dict[str, float] | None = None
) -> dict[str, float]:
    """What a round would likely agree: the capability x salience weighted mean of the table's
    positions (the parties' and the stakeholders'), at most ``step_limit`` from where each
    issue is heading.

    x_j = sum_i c_i s_ij p_ij / sum_i c_i s_ij (the plain mean where no one cares), the
    compromise of :func:`sim.negotiation.table.weighted_mean`, in plain Python: a month asks
    it of every track and the table is a handful of actors.
    """
    spec = state.spec
    members = [world.actors[a] for a in (*spec.parties, *spec.stakeholders)]
    members = list({id(m): m for m in members}.values())  # a stakeholder who is a party: once
    ahead = ahead if ahead is not None else heading(world)
    deal = {}
    for issue in spec.issues:
        weights = [m.effective_capability * m.saliences[issue] for m in members]
        total = sum(weights)
        positions = [m.positions[issue] for m in members]
        if total > 0:
            value = sum(w * p for w, p in zip(weights, positions, strict=True)) / total
        else:
            value = sum(positions) / len(positions)
        limit = spec.step_limit.get(issue)
        if limit is None:
            deal[issue] = value
        else:
            reach = world.scales.per_unit(issue, float(limit))
            deal[issue] = ahead[issue] + max(-reach, min(reach, value - ahead[issue]))
    return deal


def credibility(world: World, actor: ActorAgent, state: TrackState) -> float:
    """How far the actor believes the others will carry out a deal, in [0, 1]:
    c = min(1, mean trust in the other parties + mediation_bonus x trust in the broker)."""
    parties = state.spec.parties
    belief = mean_trust(world, actor, parties)
    by = broker(state)
    if by is not None and by != actor.actor_id:
        belief += float(state.spec.mediation_bonus) * actor.trust_in(by)
    return min(1.0, belief)


@dataclass(frozen=True)
class Prospect:
    """What a round of a track would bring this month, the same for everyone who weighs it:
    where the status quo is heading, the expected deal, its chance, and whether all attend."""

    ahead: dict[str, float]
    deal: dict[str, float]
    p_agree: float
    attended: bool


def prospect(world: World, state: TrackState) -> Prospect:
    """The month's :class:`Prospect` of a track (computed once, weighed by each actor)."""
    ahead = heading(world)
    return Prospect(
        ahead,
        expected_deal(world, state, ahead),
        agreement_probability(world, state),
        attends(world, state),
    )


def deal_gain(
    world: World, actor: ActorAgent, state: TrackState, seen: Prospect | None = None
) -> float:
    """u_a(expected deal) - u_a(status quo heading), over the track's issues."""
    seen = seen or prospect(world, state)
    issues = list(state.spec.issues)
    return actor.utility({**seen.ahead, **seen.deal}, issues) - actor.utility(seen.ahead, issues)


def round_gain(
    world: World, actor: ActorAgent, state: TrackState, seen: Prospect | None = None
) -> float:
    """Expected gain of a round: P(agree) x credibility x deal gain (0 if a party would stay
    away: a round nobody attends agrees nothing)."""
    seen = seen or prospect(world, state)
    if not seen.attended:
        return 0.0
    return seen.p_agree * credibility(world, actor, state) * deal_gain(world, actor, state, seen)


def hurt(world: World, actor: ActorAgent, state: TrackState) -> float:
    """What the stalemate costs the actor each month: conflict_cost x tension, plus the
    pressure of demands at home on the track's issues (a parliament's vote, F03)."""
    pressure = actor.home_pressure(world.status_quo, list(state.spec.issues))
    return float(actor.behaviour.conflict_cost) * world.tension + pressure


def ripeness(gain: float, pain: float, cost: float) -> float:
    """rho = gain (1 + hurt) - cost; no way out (gain <= 0) is never ripe."""
    return gain * (1.0 + pain) - cost if gain > 0 else -cost


def propose_probability(rho: float, rate: float) -> float:
    """p = 1 - exp(-rate rho) for rho > 0, else 0: a hazard that grows with ripeness."""
    return 1.0 - math.exp(-rate * rho) if rho > 0 else 0.0


def host_gain(
    world: World, host: ActorAgent, state: TrackState, seen: Prospect | None = None
) -> float:
    """What a round is worth to its host or mediator: with P the chance it agrees, its own gain
    g from the expected deal (on the issues it cares about) and the standing s a round brings,
    V = P (g + s) - (1 - P) s: a round that fails costs the broker the standing a success
    would have brought, so a broker waits until talks are ripe. Zero if a party would stay away.
    """
    seen = seen or prospect(world, state)
    if not seen.attended:
        return 0.0
    own = deal_gain(world, host, state, seen)  # 0 on issues it has no stance on
    p = seen.p_agree
    standing = float(world.dynamics.host_standing)
    return p * (own + standing) - (1.0 - p) * standing


def join_trust(world: World, state: TrackState, party: str) -> float:
    """The trust a party brings to a round: its least trust in another party, plus the broker's
    good offices (mediation_bonus x trust in the broker)."""
    actor = world.actors[party]
    spec = state.spec
    trust = min(actor.trust_in(o) for o in spec.parties if o != party)
    by = broker(state)
    if by and by != party:
        trust += float(spec.mediation_bonus) * actor.trust_in(by)
    return trust


def attends(world: World, state: TrackState) -> bool:
    """Whether every party's trust reaches its bar for sitting down (its ``join_trust``)."""
    return all(
        join_trust(world, state, p) >= float(world.actors[p].behaviour.join_trust)
        for p in state.spec.parties
    )
