"""Standing orders: a seat's answers for a whole turn, one per kind of decision (and track).

In a simultaneous turn every seat fills one form at the same time instead of answering the
model's questions one by one. An order stands until the seat changes it: each month of the turn
(and of later turns) the model applies it to every question of that kind, in the model's own
order, so the same orders give the same run. An order may also leave a kind to the seat's
advisers (the model's own judgement, month by month). An order is read as a question's answer
is (:mod:`agents.decisions.form`); only ``advisers`` and the slot's key are the orders' own.
This module is pure: it knows forms and values, not sessions or stores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from agents.decisions import (
    QUESTIONS,
    AnswerValue,
    Count,
    Decision,
    Form,
    Percentage,
    PerIssue,
    check_answer,
    read_answer,
)
from sim.classroom.answers import plain
from sim.errors import InputError

ADVISERS = "advisers"
"""The value of an order that leaves the kind to the model's own judgement, month by month."""

OrderValue = AnswerValue | None
"""An order's answer in the form its kind takes; None leaves it to the advisers."""


def order_key(kind: str, track: str | None) -> str:
    """The slot an answer belongs to: the kind, and the track for decisions about talks."""
    return kind if track is None else f"{kind}@{track}"


def split_key(key: str) -> tuple[str, str | None]:
    kind, _, track = key.partition("@")
    return kind, track or None


@dataclass(frozen=True)
class Order:
    """One standing order: its value (None: the advisers decide), who gave it, in which turn."""

    value: OrderValue
    by: str
    turn: int
    reason: str = ""


@dataclass
class StandingOrders:
    """Every seat's orders by slot; a later order replaces an earlier one of the same slot."""

    orders: dict[str, dict[str, Order]] = field(default_factory=dict)

    def give(self, actor: str, key: str, order: Order) -> None:
        self.orders.setdefault(actor, {})[key] = order

    def get(self, actor: str, key: str) -> Order | None:
        return self.orders.get(actor, {}).get(key)

    def of(self, actor: str) -> dict[str, Order]:
        return dict(self.orders.get(actor, {}))


@dataclass(frozen=True)
class Slot:
    """One line of a seat's turn form: a kind of decision (on a track), how it is answered, the
    questions the model expects to put this turn (none: a standing order for later), and the
    order in force."""

    key: str
    kind: str
    track: str | None
    form: Form
    expected: tuple[Decision, ...]
    order: Order | None

    @property
    def sample(self) -> Decision | None:
        """The first question expected this turn, whose numbers the form shows."""
        return self.expected[0] if self.expected else None


def slot_form(
    kind: str,
    track_bounds: Mapping[str, tuple[float, float]] | None,
    start: Mapping[str, float] | None = None,
) -> Form:
    """How a slot is answered: the kind's own form; an offer's bounds are its track's scales
    and it starts from ``start`` (the seat's own position), else the middle of each scale."""
    form = QUESTIONS[kind].FORM
    if isinstance(form, PerIssue):
        bounds = dict(track_bounds or {})
        start = start or {}
        first = {i: float(start.get(i, (low + high) / 2)) for i, (low, high) in bounds.items()}
        return PerIssue(bounds, first)
    return form


def read_order(form: Form, value: object) -> OrderValue:
    """An order as sent to the session or stored (a share from 0 to 1): ``advisers``, or the
    answer its form takes by the one rule of :mod:`agents.decisions.form`; AnswerError says
    what to give."""
    if _advisers(value):
        return None
    return check_answer(form, value)


def read_typed_order(form: Form, value: object) -> OrderValue:
    """An order as a person types it on a turn form (a share in per cent, an offer as
    ``issue=value, ...``): ``advisers``, or the answer read as a question's answer is."""
    if _advisers(value):
        return None
    return read_answer(form, value)


def order_error(actor: str, key: str, error: ValueError) -> InputError:
    """A refused order as one line naming the seat and the slot, and the word that leaves the
    slot to the model: ``orders: baghdad.host@talks: answer yes or no (or advisers)``."""
    return InputError(f"{error} (or {ADVISERS})", file="orders", key=f"{actor}.{key}")


def _advisers(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() == ADVISERS


def apply_order(decision: Decision, value: AnswerValue) -> AnswerValue:
    """A standing order as this month's answer: the decision's own bounds hold (a count or an
    offer beyond what this question allows is brought to its nearest bound)."""
    form = decision.question.form()
    if isinstance(form, PerIssue) and isinstance(value, dict):
        return {
            issue: min(high, max(low, float(value.get(issue, (low + high) / 2))))
            for issue, (low, high) in form.bounds.items()
        }
    if isinstance(form, Count) and not isinstance(value, dict):
        return min(form.high, max(form.low, int(value)))
    if isinstance(form, Percentage) and not isinstance(value, dict):
        return min(form.high, max(form.low, float(value)))
    return bool(value)


def to_json(value: OrderValue) -> object:
    """An order's value as stored: ``advisers`` or the answer as JSON."""
    return ADVISERS if value is None else plain(value)
