"""What a page may send, checked on the server before anything reaches the session: a size
limit, known message types, the decision the page answered (so an answer for a turn that is
over is refused), numbers in range and known issue ids. A refused message stores nothing and
comes back to the page as one line of text."""

from __future__ import annotations

import json
import math

from agents.decisions import AnswerValue, Count, Decision, Percentage, YesNo
from sim.classroom.orders import Slot
from sim.errors import InputError

MAX_MESSAGE = 8_000  # bytes of one WebSocket message (a written inject fits easily)
MAX_REASON = 600  # characters of a reason
MAX_INJECT = 6_000  # characters of a written inject

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
    """The form's fields as the value :meth:`Session.answer` takes (it checks again)."""
    if not isinstance(values, dict):
        raise InputError("the answer has no fields", "page")
    form = decision.question.form()
    if isinstance(form, YesNo):
        choice = values.get("choice")
        if choice not in ("yes", "no"):
            raise InputError("answer yes or no", "page")
        return choice == "yes"
    if isinstance(form, Count):
        count = number(values.get("count"), form.noun, form.low, form.high)
        if count != int(count):
            raise InputError(f"{form.noun}: give a whole number", "page")
        return int(count)
    if isinstance(form, Percentage):
        low, high = percent_range(form)
        return number(values.get("percent"), "per cent", low, high) / 100.0
    unknown = sorted(set(values) - set(form.bounds))
    if unknown:
        raise InputError(f"unknown issue '{str(unknown[0])[:40]}'", "page")
    return {
        issue: number(values.get(issue), issue, float(low), float(high))
        for issue, (low, high) in form.bounds.items()
    }


def order_values(slots: list[Slot], values: object) -> dict[str, object]:
    """A turn form's fields as the orders :meth:`Session.send_orders` takes (it checks them
    again): per slot ``advisers``, or yes/no, a count, a share (from per cent) or a value per
    issue. Field names: ``o:<slot>`` (and ``o:<slot>:<issue>``), ``mode:<slot>``."""
    if not isinstance(values, dict):
        raise InputError("the form has no fields", "page")
    orders: dict[str, object] = {}
    for slot in slots:
        mode = values.get(f"mode:{slot.key}", "order")
        given = values.get(f"o:{slot.key}")
        if mode == "advisers" or given == "advisers":
            orders[slot.key] = "advisers"
            continue
        form = slot.form
        what = slot.kind
        if isinstance(form, YesNo):
            if given not in ("yes", "no"):
                raise InputError(f"{what}: choose yes, no or advisers", "page")
            orders[slot.key] = given == "yes"
        elif isinstance(form, Count):
            count = number(given, f"{what} ({form.noun})", form.low, form.high)
            if count != int(count):
                raise InputError(f"{what}: give a whole number", "page")
            orders[slot.key] = int(count)
        elif isinstance(form, Percentage):
            low, high = percent_range(form)
            orders[slot.key] = number(given, f"{what} (per cent)", low, high) / 100.0
        else:
            orders[slot.key] = {
                issue: number(values.get(f"o:{slot.key}:{issue}"), issue, float(lo), float(hi))
                for issue, (lo, hi) in form.bounds.items()
            }
    return orders


def percent_range(form: Percentage) -> tuple[float, float]:
    """A share's or signal's bounds in per cent, as the form shows them."""
    return 100.0 * form.low, 100.0 * form.high
