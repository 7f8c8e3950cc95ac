"""Events: dated injects, then stochastic rules; both change the world through effects."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from agents.faction import FactionAgent
from agents.government import GovernmentAgent
from agents.state import StateAgent
from sim.negotiation.track import Tabled
from sim.scenario.schema import (
    ActorEffect,
    AttackEffect,
    BehaviourEffect,
    Change,
    DomesticEffect,
    ElectionEffect,
    MobilisationEffect,
    OrderIdealEffect,
    PositionEffect,
    RescindEffect,
    SeatsEffect,
    StatusQuoEffect,
    StrikeEffect,
    TableEffect,
    TrackEffect,
    TrustEffect,
    UnilateralEffect,
    WorldEffect,
)
from sim.world import operations

if TYPE_CHECKING:
    from sim.phases.draws import StepDraws
    from sim.scenario.schema import Effect
    from sim.world import World


def run(world: World, draws: StepDraws) -> None:
    """Injects of this step in file order; then each rule that is active, holds and fires."""
    month, step = world.clock.month, world.clock.step
    for inject in world.scenario.events.injects.values():
        if world.clock.step_of(inject.date) == step:
            world.log.event("inject", label=inject.label)
            for effect in inject.effects:
                apply_effect(world, effect, inject.label, draws)
    for index, (rule_id, (rule, comparisons)) in enumerate(world.rules.items()):
        if (rule.start and month.minus(rule.start) < 0) or (rule.end and month.minus(rule.end) > 0):
            continue
        if rule.max_times is not None and world.rule_counts[rule_id] >= rule.max_times:
            continue
        if not all(c.holds(condition_value(world, c.variable)) for c in comparisons):
            continue
        if draws.rules[index] < rule.probability:
            world.rule_counts[rule_id] += 1
            world.log.event("rule", rule=rule_id, label=rule.label, p=float(rule.probability))
            for effect in rule.effects:
                apply_effect(world, effect, rule_id, draws)


def condition_value(world: World, name: str) -> float:
    """The value of a condition variable (see :mod:`sim.scenario.conditions`)."""
    gov = world.government
    month = world.clock.month.month
    simple: dict[str, Callable[[], float]] = {
        "tension": lambda: world.tension,
        "step": lambda: world.clock.step,
        "month": lambda: month,
        "attacks": world.memory.total,
        "strikes": lambda: world.counts.ever()["strikes"],
        "arrests": lambda: world.counts.ever()["arrests"],
    }
    if gov is not None:
        simple["stability"] = lambda: gov.stability
        simple["fiscal_stress"] = lambda: gov.fiscal_stress
        simple["power_shortfall"] = lambda: gov.power_shortfall(month)
    if name in simple:
        return float(simple[name]())
    family, *parts = name.split(".")
    if family == "issue":
        return world.scales.denormalise(parts[0], world.status_quo[parts[0]])
    if family == "position":
        return world.scales.denormalise(parts[1], world.actors[parts[0]].positions[parts[1]])
    if family == "trust":
        return world.actors[parts[0]].trust_in(parts[1])
    if family == "grievance":
        actor = world.actors[parts[0]]
        return actor.grievance if isinstance(actor, FactionAgent) else 0.0
    if family == "agreed":
        track = world.tracks[parts[0]]
        return float(track.agreed_before or bool(track.agreements))
    if family == "rounds":
        track = world.tracks[parts[0]]
        return float(track.rounds_before + track.rounds_held)
    raise KeyError(name)


def _changed(current: float, effect: Change, low: float = 0.0, high: float = 1.0) -> float:
    value = effect.to if effect.to is not None else current + (effect.by or 0.0)
    return min(high, max(low, value))


def _in_units(world: World, issue: str, effect: Change, current: float) -> float:
    """A to/by given in the issue's own units, applied to a normalised value."""
    if effect.to is not None:
        return world.scales.normalise(issue, effect.to)
    return min(1.0, max(0.0, current + world.scales.per_unit(issue, effect.by or 0.0)))


def apply_effect(world: World, effect: Effect, cause: str, draws: StepDraws) -> None:
    """Change the world as ``effect`` says; log it with its cause.

    An effect on state the actor's kind does not have (a grievance of a state, the home front
    of an actor without one) changes nothing; it is still logged."""
    match effect:
        case PositionEffect(kind="position"):
            actor = world.actors[effect.actor]
            current = actor.positions[effect.issue]
            actor.positions[effect.issue] = _in_units(world, effect.issue, effect, current)
        case PositionEffect():
            actor = world.actors[effect.actor]
            current = actor.saliences.get(effect.issue, 0.0)
            actor.saliences[effect.issue] = _changed(current, effect)
        case ActorEffect(kind="capability"):
            actor = world.actors[effect.actor]
            actor.capability = _changed(actor.capability, effect, 1e-6, float("inf"))
        case ActorEffect():
            faction = world.actors[effect.actor]
            if isinstance(faction, FactionAgent):
                faction.grievance = _changed(faction.grievance, effect)
        case TrustEffect():
            actor = world.actors[effect.actor]
            actor.trust[effect.toward] = _changed(actor.trust_in(effect.toward), effect)
        case StatusQuoEffect():
            current = world.status_quo[effect.issue]
            world.status_quo[effect.issue] = _in_units(world, effect.issue, effect, current)
        case WorldEffect():
            world.tension = _changed(world.tension, effect)
        case DomesticEffect():
            government = world.actors[effect.actor]
            if isinstance(government, GovernmentAgent):
                _domestic(government, effect)
        case SeatsEffect():
            government = world.actors[effect.actor]
            if isinstance(government, GovernmentAgent):
                seats = government.seats
                seats[effect.bloc] = _changed(seats[effect.bloc], effect, 0.0, float("inf"))
        case BehaviourEffect():
            actor = world.actors[effect.actor]
            current = float(getattr(actor.behaviour, effect.key))
            update: dict[str, float] = {effect.key: _changed(current, effect)}
            actor.behaviour = actor.behaviour.model_copy(update=update)
        case ElectionEffect():
            government = world.actors[effect.actor]
            if isinstance(government, GovernmentAgent):
                government.caretaker, government.caretaker_since = True, world.clock.step
        case UnilateralEffect():
            actor = world.actors[effect.actor]
            level = world.scales.normalise(effect.issue, effect.to)
            operations.order(world, actor, effect.issue, level, effect)
        case OrderIdealEffect():
            state = world.actors[effect.actor]
            if isinstance(state, StateAgent):
                state.set_order_ideal(effect.issue, effect.to)
        case RescindEffect():
            lifted = world.ledger.rescind(effect.issue, effect.actor)
            world.log.event("rescinded", issue=effect.issue, by=effect.actor, found=bool(lifted))
        case AttackEffect():
            faction = world.actors[effect.actor]
            if isinstance(faction, FactionAgent):
                operations.attack(world, faction, effect.count, forced=True)
        case StrikeEffect():
            striker, target = world.actors[effect.actor], world.actors[effect.target]
            if isinstance(striker, StateAgent) and isinstance(target, FactionAgent):
                operations.strike(world, striker, target, forced=True)
        case MobilisationEffect():
            until = world.clock.step + effect.months - 1
            for actor_id in effect.actors:
                faction = world.actors[actor_id]
                if isinstance(faction, FactionAgent):
                    faction.mobilise(effect.factor, until)
        case TrackEffect():
            _track(world, effect)
        case TableEffect():
            _table(world, effect, cause)
    world.log.event("effect", cause=cause, **effect.model_dump(mode="json", exclude_none=True))


def _domestic(government: GovernmentAgent, effect: DomesticEffect) -> None:
    name = effect.variable
    if name == "stability":
        government.stability = _changed(government.stability, effect)
    elif name == "spending":
        government.spending = _changed(government.spending, effect, 1e-6, float("inf"))
    elif name == "income":
        government.income = _changed(government.income, effect, 1e-6, float("inf"))
    elif name == "power_shortfall":
        government.power_base = _changed(government.power_base, effect)
    else:
        government.power_summer = _changed(government.power_summer, effect)


def _table(world: World, effect: TableEffect, cause: str) -> None:
    """Put the deal on the track's table: the negotiation phase holds a round on it this
    month (:func:`sim.phases.negotiation.take_tabled`). Values clip to the scale."""
    scales = world.scales
    deal = {i: min(1.0, max(0.0, scales.normalise(i, v))) for i, v in effect.deal.items()}
    world.tracks[effect.track].tabled.append(Tabled(deal, tuple(effect.parties), cause))


def _track(world: World, effect: TrackEffect) -> None:
    state = world.tracks[effect.track]
    if effect.kind == "resume":
        state.suspended_until = world.clock.step - 1
        return
    state.suspended_until = max(state.suspended_until, world.clock.step + effect.months)
    if effect.kind == "spoil":  # counted and logged like a faction's spoil (marked forced)
        world.counts.add("spoils")
        state.spoiled += 1
        world.log.event("spoil", track=state.track_id, forced=True)
        default = world.dynamics.spoil_trust_loss
        loss = default if effect.trust_loss is None else float(effect.trust_loss)
        operations.cost_trust(world, state.spec.parties, loss)
