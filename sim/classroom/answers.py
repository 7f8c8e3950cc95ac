"""Seats as policies: a seat answers from the recorded choices, and stops the step when it meets
a decision nobody has answered yet.

Every decision is keyed by (step, actor, kind, track, n), n counting the decisions of that
actor, kind and track within the step, so the same choices put back in give the same run: the
model pre-draws its randomness per step, and the questions come in a fixed order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, NotRequired, TypedDict

from agents.decisions import AnswerValue, Choice, Decision
from agents.policies import HeuristicPolicy

Key = tuple[int, str, str, str | None, int]
HEURISTIC = HeuristicPolicy()


def plain(value: object) -> Any:
    """A JSON-safe copy (floats as written, tuples as lists, keys as text); JSON's own types,
    which a checker cannot follow through ``json.loads``."""
    return json.loads(json.dumps(value, default=float))


class AnswerJSON(TypedDict):
    """An answer as stored in a session's log (``Answer.to_json``); rows written before the
    date, the context and the model's own choice were recorded lack those keys."""

    step: int
    actor: str
    kind: str
    track: str | None
    n: int
    value: AnswerValue
    reason: str
    by: str
    date: NotRequired[str]
    context: NotRequired[dict[str, object]]
    model_value: NotRequired[AnswerValue | None]
    model_reason: NotRequired[str]


@dataclass(frozen=True)
class Answer:
    """One recorded choice: who answered, with the numbers the model put to the seat and what
    the model itself would have chosen on them."""

    step: int
    actor: str
    kind: str
    track: str | None
    n: int
    value: AnswerValue
    reason: str
    by: str
    date: str = ""
    context: dict[str, object] = field(default_factory=dict)  # the question's numbers, as JSON
    model_value: AnswerValue | None = None
    model_reason: str = ""

    @property
    def key(self) -> Key:
        return (self.step, self.actor, self.kind, self.track, self.n)

    def to_json(self) -> AnswerJSON:
        return plain(asdict(self))

    @classmethod
    def from_json(cls, data: AnswerJSON) -> Answer:
        """An answer as stored (JSON), by this or an earlier version: the fields are the same."""
        return cls(**data)


class NeedsAnswer(Exception):
    """Raised inside a step when a seat has a decision no one has answered yet."""

    def __init__(self, decision: Decision, n: int) -> None:
        super().__init__(f"{decision.actor} must decide {decision.kind} ({decision.date})")
        self.decision = decision
        self.n = n


def answer_of(decision: Decision, n: int, choice: Choice, by: str) -> Answer:
    """Record a choice with its context and the model's own choice on the same numbers."""
    model = HEURISTIC.decide(decision)
    return Answer(
        step=decision.step,
        actor=decision.actor,
        kind=decision.kind,
        track=decision.track,
        n=n,
        value=plain(choice.value),
        reason=choice.reason,
        by=by,
        date=decision.date,
        context=plain(decision.context),
        model_value=plain(model.value),
        model_reason=model.reason,
    )


class AnswerBook:
    """The recorded choices by key, and the count of each decision within the current step."""

    def __init__(self, answers: list[Answer] | None = None) -> None:
        self.answers: dict[Key, Answer] = {}
        self._seen: dict[tuple, int] = {}
        for answer in answers or []:
            self.add(answer)

    def add(self, answer: Answer) -> None:
        self.answers[answer.key] = answer

    def begin_step(self) -> None:
        """Start counting afresh (a step begins, or is run again from its start)."""
        self._seen.clear()

    def occurrence(self, decision: Decision) -> int:
        """n for this decision; counts restart by themselves when a new step's decisions come."""
        if self._seen and next(iter(self._seen))[0] != decision.step:
            self._seen.clear()
        base = (decision.step, decision.actor, decision.kind, decision.track)
        n = self._seen.get(base, 0)
        self._seen[base] = n + 1
        return n

    def get(self, decision: Decision, n: int) -> Answer | None:
        return self.answers.get((decision.step, decision.actor, decision.kind, decision.track, n))


Resolver = Callable[[Decision, int], Choice]
"""Answers a decision nobody has recorded: the model, a script, or raise NeedsAnswer."""


class SeatPolicy:
    """The policy of a seat: the seat's kinds of decision come from the book (or the resolver);
    every other decision of the actor is the model's."""

    def __init__(
        self,
        actor: str,
        kinds: frozenset[str],
        book: AnswerBook,
        resolve: Resolver,
        label: Callable[[], str] = lambda: "seat",
    ) -> None:
        self.actor = actor
        self.kinds = kinds
        self.book = book
        self.resolve = resolve
        self._label = label

    @property
    def label(self) -> str:
        return self._label()

    def __deepcopy__(self, memo: dict) -> SeatPolicy:
        return self  # no state of the run lives here: a copied model shares the seat

    def decide(self, decision: Decision) -> Choice:
        if decision.kind not in self.kinds:
            return HEURISTIC.decide(decision)
        n = self.book.occurrence(decision)
        recorded = self.book.get(decision, n)
        if recorded is not None:
            return Choice(recorded.value, recorded.reason)
        return self.resolve(decision, n)
