"""The shape every decision shares: a question put to one actor in one step, the answer's type
and bounds, and the words a person reads; each kind of decision is one subclass of
:class:`Question` (:mod:`agents.decisions.talks`, :mod:`.violence`, :mod:`.home`).

A front end (the terminal ``play``, the web forms, the classroom) never branches on a kind's
name: it asks the question for its :class:`Form` (yes/no, a count, a percentage, amounts per
issue), its words (:meth:`Question.describe`) and to read an answer: as a person types it
(:func:`agents.decisions.form.read_answer`) or in the model's units (:meth:`Question.parse`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, ClassVar, Protocol

from agents.decisions.form import (
    Amounts,
    AnswerValue,
    Count,
    Form,
    Percentage,
    YesNo,
    check_answer,
)

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario

ContextValue = str | int | float | bool | None | dict[str, float] | dict[str, tuple[float, float]]
"""One number (or table of numbers) the model put to the actor."""


@dataclass(frozen=True)
class Choice:
    """An answer and why; the event log records both."""

    value: AnswerValue
    reason: str

    def number(self) -> float:
        """The answer as a number (a count, share or signal; yes is 1)."""
        if isinstance(self.value, dict):
            raise TypeError(f"expected a number, got amounts per issue {self.value!r}")
        return float(self.value)

    def amounts(self) -> Amounts:
        """The answer as an amount per issue (an offer)."""
        if not isinstance(self.value, dict):
            raise TypeError(f"an offer is an amount per issue, not {self.value!r}")
        return self.value


class Wording(Protocol):
    """What a question needs to speak in a person's terms: labels and units of the scenario."""

    @property
    def track(self) -> str:
        """The label of the track the decision is about ('' if none)."""
        ...

    def issue_label(self, issue: str) -> str: ...

    def issue_units(self, issue: str) -> str: ...

    def actor_name(self, actor: str) -> str:
        """An actor's name as people know it ('Kataib Hezbollah'), never its id."""
        ...

    def bloc_name(self, government: str, bloc: str) -> str:
        """A parliamentary bloc's name in the government's parliament."""
        ...

    def amount(self, issue: str, value: float) -> str:
        """A value already in the issue's units, readable: '1,000 troops'."""
        ...


class Advice(str):
    """A line of :meth:`Question.describe` that gives away the model's own answer (its
    probability, its share, its signal) or a number hidden from the player (the offer the other
    side would accept). Front ends show such lines only where the facilitator allows."""


@dataclass(frozen=True)
class Question:
    """Base of the decision kinds. A subclass sets ``kind``, declares its context as fields
    (types and units), and says how the model itself answers (:meth:`heuristic`) and what a
    person reads (:meth:`describe`). Fields with a ``None`` default are left out of
    :meth:`context` when not given, as the model did not put them."""

    kind: ClassVar[str]
    FORM: ClassVar[Form] = YesNo()
    """How it is answered (an offer's bounds come from its own scales: see Offer.form)."""
    STANDING: ClassVar[str] = ""
    """A question about a track, as a standing order on a seat's turn form ('{track}' is the
    track's label), without numbers: in a simultaneous turn the numbers depend on what the
    other seats are deciding at the same time, and showing them would give their orders away.
    Empty for questions about the seat's own state, whose numbers the form shows."""

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        """Whether the model can put this question to the actor in this scenario (a seat may
        take only such decisions)."""
        raise NotImplementedError

    def heuristic(self) -> Choice:
        """The model's own answer on these numbers, and why."""
        raise NotImplementedError

    def answer(self) -> AnswerValue:
        """The model's own answer alone: what :meth:`heuristic` decides, without the words of
        its reason (a run that logs nothing asks this and formats no reasons)."""
        return self.heuristic().value

    def describe(self, wording: Wording) -> list[str]:
        """The question, the numbers behind it (no 0-1 values) and how to answer; the lines
        that give the model's own answer away are :class:`Advice`."""
        raise NotImplementedError

    def form(self) -> Form:
        return self.FORM

    def parse(self, value: object) -> AnswerValue:
        """An answer in the model's units checked against this question's form (the one rule
        of :mod:`agents.decisions.form`); AnswerError says what to give."""
        return check_answer(self.form(), value)

    def scripted(self, value: bool | float) -> AnswerValue:
        """A scenario script's answer (yes/no or a number) in the form the model takes: a
        count from a number (yes is one), a share or signal as a number, yes/no as given."""
        form = self.form()
        if isinstance(form, Count):
            return max(0, int(value))
        if isinstance(form, Percentage):
            return float(value)
        return value

    def context(self) -> dict[str, ContextValue]:
        """The numbers put to the actor by name, as the classroom stores them."""
        given: dict[str, ContextValue] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None and item.default is None:
                continue
            given[item.name] = value
        return given


class ByChance:
    """The model's answer to a yes/no question that follows a probability: yes when the step's
    uniform draw falls below it. Mixed into a question whose fields include ``probability`` and
    ``draw`` (its ``kind`` is the verb of the reason)."""

    kind: ClassVar[str]
    probability: float
    draw: float

    def heuristic(self) -> Choice:
        act = self.answer()
        verb = self.kind if act else f"no {self.kind}"
        sign = "<" if act else ">="
        return Choice(act, f"{verb}: draw {self.draw:.3f} {sign} p {self.probability:.3f}")

    def answer(self) -> bool:
        return self.draw < self.probability


def pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def amounts(wording: Wording, values: Mapping[str, float]) -> str:
    return ", ".join(wording.amount(i, v) for i, v in values.items())
