"""Implementation: commitments move each issue's status quo along its schedule.

Also the one way commitments enter the world (:func:`commit`), so precedence between orders and
agreements is applied, and logged, in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.world.commitments import Commitment, CommitmentKind, schedule

if TYPE_CHECKING:
    from sim.world import World

DEFAULT_PHASES = [(1, 1.0)]


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


def phases_of(spec_phases) -> list[tuple[int, float]]:
    """A schedule from the scenario as (months, share) pairs; none means all in one month."""
    return [(int(p.months), float(p.share)) for p in spec_phases] or DEFAULT_PHASES


def order(world: World, actor, issue: str, value: float, effect=None) -> None:
    """An actor's unilateral order: it binds the issue and becomes the actor's own position."""
    months = effect.months if effect is not None else int(actor.behaviour.order_months)
    phases = phases_of(effect.schedule) if effect is not None and effect.schedule else []
    cap = getattr(effect, "max_change_per_step", None)
    cap = None if cap is None else world.scales.per_unit(issue, float(cap))
    commit(world, issue, "order", actor.actor_id, value, phases or [(months, 1.0)], cap)
    if issue in actor.positions:
        actor.positions[issue] = value


def run(world: World, draws=None) -> None:
    """Each commitment pulls its issue toward the scheduled value, at most ``cap`` per step."""
    step = world.clock.step
    for issue in sorted(world.ledger.active):
        commitment: Commitment = world.ledger.active[issue]
        current = world.status_quo[issue]
        change = commitment.scheduled(step) - current
        if commitment.cap is not None:
            change = max(-commitment.cap, min(commitment.cap, change))
        world.status_quo[issue] = min(1.0, max(0.0, current + change))
        done = step >= commitment.last_step
        if done and abs(world.status_quo[issue] - commitment.final_value) < 1e-12:
            world.status_quo[issue] = commitment.final_value
            del world.ledger.active[issue]
            world.log.event(
                "implemented",
                issue=issue,
                by=commitment.by,
                kind=commitment.kind,
                value=world.scales.denormalise(issue, commitment.final_value),
            )
