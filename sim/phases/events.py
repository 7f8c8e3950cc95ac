"""Events: dated injects, then stochastic rules; both change the world through effects."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    simple = {
        "tension": lambda: world.tension,
        "step": lambda: world.clock.step,
        "month": lambda: month,
        "attacks": world.memory.total,
        "strikes": lambda: world.counts.total["strikes"],
        "arrests": lambda: world.counts.total["arrests"],
        "stability": lambda: gov.stability,
        "fiscal_stress": lambda: gov.fiscal_stress,
        "power_shortfall": lambda: gov.power_shortfall(month),
    }
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
        return float(getattr(world.actors[parts[0]], "grievance", 0.0))
    if family == "agreed":
        return float(bool(world.tracks[parts[0]].agreements))
    if family == "rounds":
        return float(world.tracks[parts[0]].rounds_held)
    raise KeyError(name)


def _changed(current: float, effect, low: float = 0.0, high: float = 1.0) -> float:
    value = effect.to if effect.to is not None else current + effect.by
    return min(high, max(low, value))


def _in_units(world: World, issue: str, effect, current: float) -> float:
    """A to/by given in the issue's own units, applied to a normalised value."""
    if effect.to is not None:
        return world.scales.normalise(issue, effect.to)
    return min(1.0, max(0.0, current + world.scales.per_unit(issue, effect.by)))


def apply_effect(world: World, effect: Effect, cause: str, draws: StepDraws) -> None:
    """Change the world as ``effect`` says; log it with its cause."""
    kind = effect.kind
    actor = world.actors.get(getattr(effect, "actor", None) or "")
    if kind == "position":
        current = actor.positions[effect.issue]
        actor.positions[effect.issue] = _in_units(world, effect.issue, effect, current)
    elif kind == "salience":
        actor.saliences[effect.issue] = _changed(actor.saliences.get(effect.issue, 0.0), effect)
    elif kind == "capability":
        actor.capability = _changed(actor.capability, effect, 1e-6, float("inf"))
    elif kind == "grievance":
        actor.grievance = _changed(getattr(actor, "grievance", 0.0), effect)
    elif kind == "trust":
        actor.trust[effect.toward] = _changed(actor.trust_in(effect.toward), effect)
    elif kind == "status_quo":
        current = world.status_quo[effect.issue]
        world.status_quo[effect.issue] = _in_units(world, effect.issue, effect, current)
    elif kind == "tension":
        world.tension = _changed(world.tension, effect)
    elif kind == "domestic":
        _domestic(actor, effect)
    elif kind == "seats":
        actor.seats[effect.bloc] = _changed(actor.seats[effect.bloc], effect, 0.0, float("inf"))
    elif kind == "behaviour":
        current = float(getattr(actor.behaviour, effect.key))
        actor.behaviour = actor.behaviour.model_copy(update={effect.key: _changed(current, effect)})
    elif kind == "election":
        actor.caretaker, actor.caretaker_since = True, world.clock.step
    elif kind == "unilateral":
        operations.order(
            world, actor, effect.issue, world.scales.normalise(effect.issue, effect.to), effect
        )
    elif kind == "rescind":
        lifted = world.ledger.rescind(effect.issue, effect.actor)
        world.log.event("rescinded", issue=effect.issue, by=effect.actor, found=bool(lifted))
    elif kind == "attack":
        operations.attack(world, actor, effect.count, forced=True)
    elif kind == "strike":
        target = world.actors[effect.target]
        deters = draws.of(world.index(target.actor_id), "struck") < world.dynamics.strike_deters
        operations.strike(world, actor, target, deters, forced=True)
    elif kind in ("suspend", "spoil", "resume"):
        _track(world, effect)
    world.log.event("effect", cause=cause, **effect.model_dump(mode="json", exclude_none=True))


def _domestic(government, effect) -> None:
    name = effect.variable
    if name == "stability":
        government.stability = _changed(government.stability, effect)
    elif name in ("spending", "income"):
        setattr(government, name, _changed(getattr(government, name), effect, 1e-6, float("inf")))
    elif name == "power_shortfall":
        government.power_base = _changed(government.power_base, effect)
    else:
        government.power_summer = _changed(government.power_summer, effect)


def _track(world: World, effect) -> None:
    state = world.tracks[effect.track]
    if effect.kind == "resume":
        state.suspended_until = world.clock.step - 1
        return
    state.suspended_until = max(state.suspended_until, world.clock.step + effect.months)
    if effect.kind == "spoil":
        default = world.dynamics.spoil_trust_loss
        loss = default if effect.trust_loss is None else float(effect.trust_loss)
        operations.cost_trust(world, state.spec.parties, loss)
