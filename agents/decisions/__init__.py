"""The one decision interface: the model asks, a policy answers with a choice and a reason.

Every choice an actor makes goes through :class:`Policy.decide` (where a run keeps no event
log, the model's own policy is answered by the question's ``answer()`` directly: the value of
``heuristic()``, which is all its ``decide`` does, without the reason's words). The model
computes what the built-in behaviour needs (values of a deal and of no deal, a probability and a
uniform draw) and puts it in the decision's :class:`Question`, so a scripted strategy or a human
player sees the same numbers and can answer in its place without touching the model.

Each kind of decision is one frozen dataclass (its context fields with types and units, its
answer's form and bounds, its words, the model's own answer): :mod:`.talks`, :mod:`.violence`,
:mod:`.home`. Adding a kind means writing its class, listing it in :data:`QUESTIONS` and asking
it from a phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from agents.decisions.form import (
    Amounts,
    AnswerError,
    AnswerValue,
    Count,
    Form,
    Percentage,
    PerIssue,
    YesNo,
    check_answer,
    read_answer,
)
from agents.decisions.home import Concede
from agents.decisions.question import Choice, ContextValue, Question, Wording
from agents.decisions.talks import (
    Abandon,
    Accept,
    Defect,
    Host,
    Join,
    Offer,
    Propose,
    Seek,
    Vote,
)
from agents.decisions.violence import (
    Arrest,
    Attack,
    Campaign,
    Order,
    Pause,
    Protest,
    Spoil,
    Sponsor,
    Strike,
)

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario

QUESTIONS: dict[str, type[Question]] = {
    question.kind: question
    for question in (  # in the order a step asks them
        Defect,
        Seek,
        Propose,
        Host,
        Join,
        Offer,
        Accept,
        Vote,
        Abandon,
        Pause,
        Campaign,
        Attack,
        Spoil,
        Sponsor,
        Strike,
        Order,
        Arrest,
        Concede,
        Protest,
    )
}
"""Every kind of decision by name (the name scripts, seats and the event log use), in the order
a step asks them."""

KINDS: tuple[str, ...] = tuple(QUESTIONS)

DecisionKind = str
"""The name of a kind of decision, one of :data:`KINDS`."""


@dataclass(frozen=True)
class Decision:
    """A question put to one actor in one step, with the numbers it may decide on."""

    question: Question
    actor: str
    step: int
    date: str
    track: str | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def context(self) -> dict[str, ContextValue]:
        return self.question.context()


def abilities(scenario: Scenario, actor_id: str) -> list[str]:
    """The decisions the model can put to an actor in this scenario, in the order of a step."""
    return [kind for kind, question in QUESTIONS.items() if question.asked_of(scenario, actor_id)]


class Policy(Protocol):
    """Anything that can take an actor's decisions: heuristics, a script, a student."""

    def decide(self, decision: Decision) -> Choice: ...


__all__ = [
    "KINDS",
    "QUESTIONS",
    "Abandon",
    "Accept",
    "Amounts",
    "AnswerError",
    "AnswerValue",
    "Arrest",
    "Attack",
    "Campaign",
    "Choice",
    "Concede",
    "ContextValue",
    "Count",
    "Decision",
    "DecisionKind",
    "Defect",
    "Form",
    "Host",
    "Join",
    "Offer",
    "Order",
    "Pause",
    "PerIssue",
    "Percentage",
    "Policy",
    "Propose",
    "Protest",
    "Question",
    "Seek",
    "Spoil",
    "Sponsor",
    "Strike",
    "Vote",
    "Wording",
    "YesNo",
    "abilities",
    "check_answer",
    "read_answer",
]
