"""Commitments: agreements and unilateral orders with dated milestones, and their precedence.

A commitment says where an issue's status quo must be by which step. Implementation follows the
schedule; a per-step cap is a feasibility limit (logistics), not the pace. Precedence: an order
binds until its actor gives another order on the issue (or rescinds it); an agreement reached
while an order is in force is recorded but deferred (not implemented); a newer commitment of the
same rank replaces an older one. Nothing is overridden silently: every replacement is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CommitmentKind = Literal["order", "agreement"]


@dataclass(frozen=True)
class Commitment:
    """Move ``issue`` from ``start_value`` (at ``start_step - 1``) through the milestones."""

    issue: str
    kind: CommitmentKind
    by: str
    start_step: int
    start_value: float
    milestones: tuple[tuple[int, float], ...]
    cap: float | None = None

    @property
    def final_value(self) -> float:
        return self.milestones[-1][1]

    @property
    def last_step(self) -> int:
        return self.milestones[-1][0]

    def scheduled(self, step: int) -> float:
        """Where the schedule wants the issue at ``step``: linear between milestones."""
        previous_step, previous_value = self.start_step - 1, self.start_value
        for due, value in self.milestones:
            if step <= due:
                span = due - previous_step
                done = (step - previous_step) / span if span > 0 else 1.0
                return previous_value + max(0.0, done) * (value - previous_value)
            previous_step, previous_value = due, value
        return self.final_value


def schedule(
    issue: str,
    kind: CommitmentKind,
    by: str,
    step: int,
    current: float,
    target: float,
    phases: list[tuple[int, float]],
    cap: float | None,
) -> Commitment:
    """A commitment from ``current`` to ``target`` in phases of (steps from now, share done).

    A phase ``(3, 0.5)`` means half of the change is done by the end of the third step counting
    the present one (step + 2).
    """
    milestones = tuple(
        (step + max(1, steps) - 1, current + share * (target - current)) for steps, share in phases
    )
    return Commitment(issue, kind, by, step, current, milestones, cap)


@dataclass
class Ledger:
    """Commitments in force per issue, and the orders that bind each issue."""

    active: dict[str, Commitment] = field(default_factory=dict)
    orders: dict[str, Commitment] = field(default_factory=dict)

    def commit(self, commitment: Commitment) -> tuple[str, Commitment | None]:
        """Take a new commitment; return what happened to it and what it replaced.

        Returns ``("deferred", order)`` when an order binds the issue and the newcomer is an
        agreement, else ``("in_force", replaced_or_None)``.
        """
        issue = commitment.issue
        if commitment.kind == "agreement" and issue in self.orders:
            return "deferred", self.orders[issue]
        replaced = self.active.get(issue)
        if commitment.kind == "order":
            replaced = replaced or self.orders.get(issue)
            self.orders[issue] = commitment
        self.active[issue] = commitment
        return "in_force", replaced

    def rescind(self, issue: str, actor: str) -> Commitment | None:
        """``actor`` lifts its order on ``issue``; the schedule in force stops too."""
        order = self.orders.get(issue)
        if order is None or order.by != actor:
            return None
        del self.orders[issue]
        if self.active.get(issue) is order:
            del self.active[issue]
        return order

    def targets(self) -> dict[str, float]:
        """Where each commitment in force will leave its issue."""
        return {issue: c.final_value for issue, c in self.active.items()}
