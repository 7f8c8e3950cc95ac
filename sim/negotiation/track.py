"""What the model remembers of a negotiation track between rounds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sim.negotiation.protocol import NegotiationProtocol
    from sim.scenario.schema import Track

TrackStatus = Literal["open", "possible", "closed"]
"""Open: rounds may be held; possible: declared, waiting for a party to seek it; closed: all
parties abandoned it (a settled track is open but ``settled``)."""

RoundResult = Literal["refused", "rejected", "stalled", "failed", "agreed", "settled"]
RESULTS: tuple[RoundResult, ...] = ("refused", "rejected", "stalled", "failed", "agreed", "settled")


@dataclass(frozen=True)
class Tabled:
    """A deal (normalised, per issue of the track) that ``parties`` agreed between themselves
    and put on the table this month (a ``table`` effect)."""

    deal: dict[str, float]
    parties: tuple[str, ...]
    cause: str


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
    status: TrackStatus = "open"
    abandoned_by: list[str] = field(default_factory=list)
    failures: int = 0  # rounds in a row without an agreement, refusals included
    convened: Counter[str] = field(default_factory=Counter)  # rounds called, by who called
    tabled: list[Tabled] = field(default_factory=list)  # deals put on the table this month

    def __post_init__(self) -> None:
        if self.spec.opens == "sought":
            self.status = "possible"

    @property
    def rounds_held(self) -> int:
        """Rounds where the parties sat down (every result but a refusal)."""
        return sum(n for result, n in self.results.items() if result != "refused")

    def is_due(self, step: int) -> bool:
        """A dated round (an invitation of the documented calendar) falls in ``step``."""
        return step in self.due_steps and self.may_meet(step)

    def may_meet(self, step: int) -> bool:
        """Open, not settled, not suspended."""
        return self.status == "open" and step > self.suspended_until and not self.settled

    @property
    def last_round(self) -> int | None:
        """The step of the last round the parties sat down to (None before the first)."""
        return self.held_steps[-1] if self.held_steps else None
