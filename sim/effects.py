"""Effects of injects and stochastic rules on the model's state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.model import CrossroadsModel


def _changed(current: float, effect: Any, low: float = 0.0, high: float = 1.0) -> float:
    value = effect.to if effect.to is not None else current + effect.by
    return min(high, max(low, value))


def _scaled(model: CrossroadsModel, issue: str, effect: Any, current: float) -> float:
    """Apply a to/by given in the issue's own units to a normalised value."""
    low, high = model.scales[issue]
    if effect.to is not None:
        return model.normalise(issue, effect.to)
    return min(1.0, max(0.0, current + effect.by / (high - low)))


def apply_effect(model: CrossroadsModel, effect: Any, cause: str) -> None:
    """Change the model as ``effect`` says; log it with its cause."""
    kind = effect.kind
    actor = model.actors.get(getattr(effect, "actor", None) or "")
    if kind == "position":
        actor.positions[effect.issue] = _scaled(
            model, effect.issue, effect, actor.positions[effect.issue]
        )
    elif kind == "salience":
        actor.saliences[effect.issue] = _changed(actor.saliences.get(effect.issue, 0.0), effect)
    elif kind == "capability":
        actor.capability = _changed(actor.capability, effect, 1e-6, float("inf"))
    elif kind == "grievance":
        actor.grievance = _changed(getattr(actor, "grievance", 0.0), effect)
    elif kind == "trust":
        actor.trust[effect.toward] = _changed(actor.trust_in(effect.toward), effect)
    elif kind == "status_quo":
        model.status_quo[effect.issue] = _scaled(
            model, effect.issue, effect, model.status_quo[effect.issue]
        )
    elif kind == "tension":
        model.tension = _changed(model.tension, effect)
    elif kind == "domestic":
        _domestic(actor, effect)
    elif kind == "seats":
        actor.seats[effect.bloc] = _changed(actor.seats[effect.bloc], effect, 0.0, float("inf"))
    elif kind == "unilateral":
        cap = None if effect.max_change_per_step is None else float(effect.max_change_per_step)
        model.set_target(
            effect.issue, model.normalise(effect.issue, effect.to), cap, by=effect.actor
        )
    elif kind == "attack":
        model.violence.attack(actor, forced=True)
    elif kind == "strike":
        model.violence.strike(actor, model.actors[effect.target], forced=True)
    elif kind in ("suspend", "spoil", "resume"):
        _track(model, effect)
    model.log.event("effect", cause=cause, **effect.model_dump(mode="json", exclude_none=True))


def _domestic(government: Any, effect: Any) -> None:
    name = effect.variable
    if name == "stability":
        government.stability = _changed(government.stability, effect)
    elif name in ("spending", "income"):
        setattr(government, name, _changed(getattr(government, name), effect, 1e-6, float("inf")))
    elif name == "power_shortfall":
        government.power_base = _changed(government.power_base, effect)
    else:
        government.power_summer = _changed(government.power_summer, effect)


def _track(model: CrossroadsModel, effect: Any) -> None:
    state = model.tracks[effect.track]
    if effect.kind == "resume":
        state.suspended_until = model.steps - 1
        return
    state.suspended_until = max(state.suspended_until, model.steps + effect.months)
    if effect.kind == "spoil":
        default = model.scenario.dynamics.spoil_trust_loss
        model.spoil(state, default if effect.trust_loss is None else float(effect.trust_loss))
