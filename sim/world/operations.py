"""Operations on the world that several phases perform: the one place each is written.

Commitments (an agreement's or an order's) enter the world through :func:`commit`, so
precedence between orders and agreements is applied, and logged, in one place; attacks and
strikes happen through :func:`attack` and :func:`strike` whether an actor chose them or an
event forced them; trust moves between the parties of a track through :func:`cost_trust`; a
deal and walking away are valued by :func:`value_of_deal` and :func:`value_of_no_deal`; a
round ends, is counted and logged, and an agreement is made, by :func:`close_round`.

Nothing here imports a phase; the phases import this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sim.world.commitments import CommitmentKind, schedule

if TYPE_CHECKING:
    from agents import ActorAgent, FactionAgent, StateAgent
    from sim.negotiation.track import RoundResult, TrackState
    from sim.scenario.schema import Phase, UnilateralEffect
    from sim.world import World

DEFAULT_PHASES = [(1, 1.0)]


# -- trust --------------------------------------------------------------------------------


def cost_trust(world: World, parties: Iterable[str], loss: float) -> None:
    """Every ordered pair of ``parties`` loses ``loss`` trust (a negative loss is a gain)."""
    parties = list(parties)
    for a in parties:
        for b in parties:
            world.actors[a].shift_trust(b, -loss)


# -- commitments ----------------------------------------------------------------------------


def commit(
    world: World,
    issue: str,
    kind: CommitmentKind,
    by: str,
    value: float,
    phases: list[tuple[int, float]],
    cap: float | None,
) -> str:
    """Schedule ``issue`` to reach ``value`` (normalised); return ``in_force`` or ``deferred``."""
    steps = [(world.clock.steps_for(months), share) for months, share in phases]
    commitment = schedule(
        issue, kind, by, world.clock.step, world.status_quo[issue], value, steps, cap
    )
    status, other = world.ledger.commit(commitment)
    scale = world.scales
    fields = {
        "issue": issue,
        "kind": kind,
        "by": by,
        "milestones": [
            {"step": step, "value": scale.denormalise(issue, v)}
            for step, v in commitment.milestones
        ],
    }
    if status == "deferred":
        world.log.event("deferred", **fields, order_by=other.by if other else None)
    else:
        world.log.event("commitment", **fields)
        if other is not None and other is not commitment:
            world.log.event("superseded", issue=issue, kind=other.kind, by=other.by, new_by=by)
    return status


def phases_of(spec_phases: Iterable[Phase]) -> list[tuple[int, float]]:
    """A schedule from the scenario as (months, share) pairs; none means all in one month."""
    return [(int(p.months), float(p.share)) for p in spec_phases] or DEFAULT_PHASES


def order(
    world: World,
    actor: ActorAgent,
    issue: str,
    value: float,
    effect: UnilateralEffect | None = None,
) -> None:
    """An actor's unilateral order: it binds the issue and becomes the actor's own position."""
    months = effect.months if effect is not None else int(actor.behaviour.order_months)
    phases = phases_of(effect.schedule) if effect is not None and effect.schedule else []
    cap = effect.max_change_per_step if effect is not None else None
    per_step = None if cap is None else world.scales.per_unit(issue, float(cap))
    commit(world, issue, "order", actor.actor_id, value, phases or [(months, 1.0)], per_step)
    if issue in actor.positions:
        actor.positions[issue] = value


# -- violence -------------------------------------------------------------------------------


def attack(world: World, faction: FactionAgent, count: int, forced: bool = False) -> None:
    """``count`` attacks: tension and the government's standing suffer; the victim's will to
    stay wears down; the state's command over the factions looks weaker."""
    dyn = world.dynamics
    target = faction.choose_target(world.states)
    victim = target.actor_id if target else "government"
    world.memory.add(faction.actor_id, victim, count)
    world.counts.add("attacks", count)
    world.raise_tension(float(dyn.attack_tension), count)
    government = world.government
    if government is not None:
        government.shift_stability(-float(dyn.attack_stability_loss) * count)
        if target is not None:
            target.shift_trust(government.actor_id, -float(dyn.attack_trust_loss) * count)
    if target is not None:
        target.under_fire({faction.actor_id: (count, faction.positions)})
    integration(world, -float(dyn.attack_integration) * count)
    world.log.event("attack", actor=faction.actor_id, target=victim, count=count, forced=forced)


def strike(world: World, state: StateAgent, faction: FactionAgent, forced: bool = False) -> None:
    """A strike costs the faction strength, leaders and calm (its answer is its next campaign
    decision); it raises tension and costs the striker trust."""
    dyn = world.dynamics
    faction.struck(dyn)
    world.counts.add("strikes")
    world.raise_tension(float(dyn.strike_tension))
    for other in world.actors.values():
        if other is state:
            continue
        aggrieved = other.kind == "faction" or other is world.government
        if aggrieved or other.trust_in(faction.actor_id) > 0.5:
            other.shift_trust(state.actor_id, -float(dyn.strike_trust_loss))
    if world.government is not None:
        world.government.shift_stability(-float(dyn.strike_stability_loss))
    world.memory.forget_attacks_on(state.actor_id)
    world.log.event("strike", actor=state.actor_id, target=faction.actor_id, forced=forced)


def integration(world: World, amount: float) -> None:
    """Arrests assert the state's command over the factions; attacks outside it erode it."""
    issue = world.dynamics.integration_issue
    if issue and amount:
        world.move_status_quo(issue, world.scales.per_unit(issue, amount))


# -- deals ----------------------------------------------------------------------------------


def broker(state: TrackState) -> str | None:
    """Who offers good offices on a track: its host, else its mediator."""
    return state.spec.host or state.spec.mediator


def value_of_no_deal(world: World, actor: ActorAgent, issues: list[str]) -> float:
    """u_a(q) - conflict_cost_a * tension: walking away keeps the status quo and its risks."""
    return actor.utility(world.status_quo, issues) - actor.behaviour.conflict_cost * world.tension


def value_of_deal(
    world: World, actor: ActorAgent, deal: Mapping[str, float], state: TrackState
) -> float:
    """u_a(q with the deal) + mediation bonus * trust in the broker (good offices make deals
    stick). The utility is over the deal's issues; 0-1 plus at most the bonus."""
    by = broker(state)
    bonus = state.spec.mediation_bonus * actor.trust_in(by) if by and by != actor.actor_id else 0.0
    return actor.utility(dict(deal), state.spec.issues) + bonus


def in_units(world: World, values: Mapping[str, float]) -> dict[str, float]:
    """Normalised values per issue in the issues' own units (as logged and as people see them)."""
    return {i: world.scales.denormalise(i, v) for i, v in values.items()}


def close_round(
    world: World,
    state: TrackState,
    result: RoundResult,
    proposal: Mapping[str, float],
    deal: Mapping[str, float],
    **fields: object,
) -> None:
    """The end of a round that was held: count its result, log it, make an agreed deal."""
    state.results[result] += 1
    world.log.event(
        "round",
        track=state.track_id,
        held=True,
        result=result,
        proposal=in_units(world, proposal),
        deal=in_units(world, deal),
        **fields,
    )
    if result in ("agreed", "settled"):
        agree(world, state, dict(deal), final=result == "settled")


def defect(world: World, state: TrackState, actor: ActorAgent) -> list[str]:
    """``actor`` walks away from the track's agreement being carried out: the deal's remaining
    steps are void on every issue of the package (the status quo stays where implementation
    left it), the others lose ``defect_trust_loss`` of their trust in the defector, and the
    track is open to talks again. Returns the issues whose commitments were voided."""
    voided = [
        issue
        for issue, c in sorted(world.ledger.active.items())
        if c.kind == "agreement" and c.by == state.track_id
    ]
    for issue in voided:
        del world.ledger.active[issue]
    loss = float(world.dynamics.defect_trust_loss)
    for other in state.spec.parties:
        if other != actor.actor_id:
            world.actors[other].shift_trust(actor.actor_id, -loss)
    state.settled = False
    world.log.event("defected", track=state.track_id, actor=actor.actor_id, issues=voided)
    return voided


def agree(world: World, state: TrackState, deal: dict[str, float], final: bool) -> None:
    """An agreement: recorded on the track and the world, trust gained, the deal committed
    along the track's schedule; a final one may close the track."""
    spec, dyn = state.spec, world.dynamics
    record: dict[str, object] = {
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
    statuses: dict[str, str] = {}
    for issue, value in deal.items():
        cap = spec.max_change_per_step.get(issue)
        per_step = None if cap is None else world.scales.per_unit(issue, float(cap))
        statuses[issue] = commit(world, issue, "agreement", state.track_id, value, phases, per_step)
        record["status"] = statuses  # added after the log line, as the agreement's record
    if final and spec.closes_on_settlement:
        state.settled = True
        world.log.event("settled", track=state.track_id)
