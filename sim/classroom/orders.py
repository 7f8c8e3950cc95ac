"""Standing orders: a seat's answers for a whole turn, one per kind of decision (and track).

In a simultaneous turn every seat fills one form at the same time instead of answering the
model's questions one by one. An order stands until the seat changes it: each month of the turn
(and of later turns) the model applies it to every question of that kind, in the model's own
order, so the same orders give the same run. An order may also leave a kind to the seat's
advisers (the model's own judgement, month by month). This module is pure: it knows forms and
values, not sessions or stores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from agents.decisions import QUESTIONS, AnswerValue, Count, Decision, Form, Percentage, PerIssue
from sim.classroom.answers import plain

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
    """A person's order as given on a form (``advisers``, yes/no, a number, or a number per
    issue), in the form the model takes; ValueError says what to give."""
    if isinstance(value, str) and value.strip().lower() == ADVISERS:
        return None
    if isinstance(form, PerIssue):
        given = value if isinstance(value, Mapping) else dict.fromkeys(form.bounds, value)
        offer: dict[str, float] = {}
        for issue, (low, high) in form.bounds.items():
            if issue not in given:
                raise ValueError(f"give a value for {issue}")
            amount = _number(given[issue])
            if not low <= amount <= high:
                raise ValueError(f"{issue} must be between {low:g} and {high:g}")
            offer[issue] = amount
        return offer
    if isinstance(form, Count):
        count = _number(value)
        if count != int(count) or not form.low <= count <= form.high:
            raise ValueError(form.problem)
        return int(count)
    if isinstance(form, Percentage):
        share = _number(value)
        if not form.low <= share <= form.high:
            raise ValueError(form.problem)
        return share
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("y", "yes", "true", "1"):
        return True
    if text in ("n", "no", "false", "0"):
        return False
    raise ValueError("answer yes, no or advisers")


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


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("give a number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            raise ValueError(f"give a number, not {value!r}") from None
    else:
        raise ValueError(f"give a number, not {type(value).__name__}")
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("give a finite number")
    return number
