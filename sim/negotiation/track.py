"""What the model remembers of a negotiation track between rounds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sim.negotiation.protocol import NegotiationProtocol
    from sim.scenario.schema import Track

RoundResult = Literal["refused", "rejected", "stalled", "failed", "agreed", "settled"]
RESULTS: tuple[RoundResult, ...] = ("refused", "rejected", "stalled", "failed", "agreed", "settled")


@dataclass
class TrackState:
    """Due steps, suspension, results of past rounds, the last proposal and the agreements."""

    track_id: str
    spec: Track
    protocol: NegotiationProtocol
    due_steps: frozenset[int]
    suspended_until: int = -1
    results: Counter[str] = field(default_factory=Counter)
    spoiled: int = 0
    settled: bool = False
    last_proposal: dict[str, float] | None = None
    last_deal: dict[str, float] | None = None
    held_this_step: bool = False
    held_steps: list[int] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    rounds_before: int = 0  # rounds held by the run(s) this one started from
    agreed_before: bool = False  # whether those reached an agreement

    @property
    def rounds_held(self) -> int:
        """Rounds where the parties sat down (every result but a refusal)."""
        return sum(n for result, n in self.results.items() if result != "refused")

    def is_due(self, step: int) -> bool:
        return step in self.due_steps and step > self.suspended_until and not self.settled
