"""Implementation: commitments move each issue's status quo along its schedule.

Commitments enter the world through :func:`sim.world.operations.commit`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.world.commitments import Commitment

if TYPE_CHECKING:
    from sim.world import World


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
