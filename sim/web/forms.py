"""What a page may send, checked on the server before anything reaches the session: a size
limit, known message types, the decision the page answered (so an answer for a turn that is
over is refused), numbers in range and known issue ids. A refused message stores nothing and
comes back to the page as one line of text."""

from __future__ import annotations

import json
import math

from agents.decisions import AnswerValue, Count, Decision, Percentage, PerIssue, YesNo, read_answer
from sim.classroom.orders import ADVISERS, Slot, order_error, read_typed_order, to_json
from sim.classroom.session import answer_error
from sim.errors import InputError

MAX_MESSAGE = 8_000  # bytes of one WebSocket message (a written inject fits easily)
MAX_REASON = 600  # characters of a reason
MAX_INJECT = 6_000  # characters of a written inject

FIELD = {YesNo: "choice", Count: "count", Percentage: "percent"}
"""The page's field of a one-field answer, by form."""

SEAT_MESSAGES = {"answer", "orders", "join", "hello"}
MAX_NAME = 40  # characters of a student's name on the roster
FACILITATOR_MESSAGES = {
    "hello",
    "start",
    "pause",
    "resume",
    "next",
    "release",
    "write",
    "branch",
    "end",
    "seat",
    "debrief",
    "advice_on",
    "advice_off",
    "extend",
    "team_rule",
    "captain",
}


def parse(raw: str | bytes, allowed: set[str]) -> dict:
    """A message as a dict with a known ``type``; InputError otherwise."""
    if len(raw) > MAX_MESSAGE:
        raise InputError(f"message too long ({len(raw)} bytes, at most {MAX_MESSAGE})", "page")
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InputError("not a JSON message", "page") from None
    if not isinstance(message, dict) or message.get("type") not in allowed:
        raise InputError("unknown message type", "page")
    return message


def decision_key(decision: Decision, n: int) -> str:
    """The name of one decision, sent with its form and checked when the answer comes back."""
    return f"{decision.step}:{decision.kind}:{decision.track or '-'}:{n}"


def text_field(message: dict, name: str, limit: int) -> str:
    value = message.get(name, "")
    if not isinstance(value, str):
        raise InputError(f"{name} must be text", "page")
    if len(value) > limit:
        raise InputError(f"{name} is too long ({len(value)} characters, at most {limit})", "page")
    return value


def number(value: object, what: str, low: float, high: float) -> float:
    """A finite number in [low, high] from a form field."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(f"{what}: give a number", "page")
    try:
        result = float(value)
    except ValueError:
        raise InputError(f"{what}: '{str(value)[:40]}' is not a number", "page") from None
    if not math.isfinite(result) or not low <= result <= high:
        raise InputError(f"{what}: {result:g} is out of range ({low:g} to {high:g})", "page")
    return result


def answer_value(decision: Decision, values: object) -> AnswerValue:
    """The form's fields as the value :meth:`Session.answer` takes (it checks again), read by
    the one rule every way in uses (:func:`agents.decisions.read_answer`): ``choice`` yes/no,
    ``count``, ``percent`` (per cent on the page, a share in the model), or a field per issue."""
    if not isinstance(values, dict):
        raise InputError("the answer has no fields", "page")
    form = decision.question.form()
    try:
        if isinstance(form, PerIssue):
            return read_answer(form, values)
        return read_answer(form, values.get(FIELD[type(form)]))
    except ValueError as error:
        raise answer_error(decision, error) from None


def order_values(seat: str, slots: list[Slot], values: object) -> dict[str, object]:
    """A turn form's fields as the orders :meth:`Session.send_orders` takes (it checks them
    again): per slot ``advisers``, or the slot's answer read as a question's answer is. Field
    names: ``o:<slot>`` (and ``o:<slot>:<issue>``), ``mode:<slot>``."""
    if not isinstance(values, dict):
        raise InputError("the form has no fields", "page")
    orders: dict[str, object] = {}
    for slot in slots:
        given: object = values.get(f"o:{slot.key}")
        if values.get(f"mode:{slot.key}", "order") == ADVISERS:
            given = ADVISERS  # the value typed before stays unsent
        elif isinstance(slot.form, PerIssue) and given != ADVISERS:
            given = {issue: values.get(f"o:{slot.key}:{issue}") for issue in slot.form.bounds}
        try:
            orders[slot.key] = to_json(read_typed_order(slot.form, given))
        except ValueError as error:
            raise order_error(seat, slot.key, error) from None
    return orders


def percent_range(form: Percentage) -> tuple[float, float]:
    """A share's or signal's bounds in per cent, as the form shows them."""
    return 100.0 * form.low, 100.0 * form.high
