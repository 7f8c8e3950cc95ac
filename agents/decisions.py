"""The one decision interface: the model asks, a policy answers with a choice and a reason.

Every choice an actor makes goes through :class:`Policy.decide`. The model computes what the
built-in behaviour needs (values of a deal and of no deal, a probability and a uniform draw) and
puts it in the :class:`Decision`, so a scripted strategy or a human player sees the same numbers
and can answer in its place without touching the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

DecisionKind = Literal[
    "host",  # host a round of a track? context: stability, threshold -> bool
    "join",  # attend a round? context: trust, threshold -> bool
    "offer",  # stated position per issue in the issue's own units -> {issue: float}; context:
    # position and last_proposal (issue units), concession, scales (each issue's min and max)
    "accept",  # accept the proposed deal? context: value_deal, value_no_deal, approval -> bool
    "attack",  # how many attacks this month? context: rate, dispersion, draw -> int
    "spoil",  # attack a track's talks? context: probability, draw -> bool
    "strike",  # retaliate against a faction? context: probability, draw, target -> bool
    "arrest",  # arrest a faction's cell? context: probability, draw, target -> bool
    "protest",  # call protests? context: probability, draw -> bool
    "concede",  # share of the way toward domestic pressure to move, in [0, 1] -> float
    "pause",  # be paused after this month? context: paused, probability, draw -> bool
    "sponsor",  # encourage (+) or restrain (-) client factions, in [-1, 1] -> float
    "order",  # order an issue to one's position alone? context: issue, probability, draw -> bool
    "vote",  # how the parliamentary bloc that follows this actor votes on a deal to ratify?
    # context: government, bloc, seats, deal_gap, quo_gap, deal (issue units) -> bool
]


@dataclass(frozen=True)
class Decision:
    """A question put to one actor in one step, with the numbers it may decide on."""

    kind: DecisionKind
    actor: str
    step: int
    date: str
    track: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Choice:
    """An answer and why; the event log records both."""

    value: Any
    reason: str


class Policy(Protocol):
    """Anything that can take an actor's decisions: heuristics, a script, a student."""

    def decide(self, decision: Decision) -> Choice: ...
