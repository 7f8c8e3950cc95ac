"""The turn form in the terminal: a seat's standing orders, shown numbered, changed line by line
(``N VALUE``), then sent (``send``). Used by ``run.py play`` in a simultaneous session, where
every seat writes its orders for the whole turn instead of answering month by month."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from sim.classroom.orders import Slot
    from sim.classroom.session import Session

FORM_HELP = """orders: N VALUE changes order N (yes, no, a number, issue=value,..., or advisers);
  | REASON          your reasons (kept in the record and the debrief)
  send              send the orders as shown (they stand until you change them)"""


@dataclass
class Draft:
    """The orders a seat is writing at the terminal, before it sends them."""

    seat: str
    turn: int
    changes: dict[str, object] = field(default_factory=dict)
    reason: str = ""


def current(slot: Slot, draft: Draft) -> str:
    """The order shown for a slot: the draft's change, else the order in force."""
    from agents.decisions import Percentage  # lazy: the command layer loads on use

    if slot.key in draft.changes:
        value = draft.changes[slot.key]
    elif slot.order is None or slot.order.value is None:
        return "advisers"
    else:
        value = slot.order.value
    if value == "advisers":
        return "advisers"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{issue}={float(v):g}" for issue, v in value.items())
    if isinstance(slot.form, Percentage) and isinstance(value, int | float):
        return f"{100 * float(value):g}%"
    return str(value)


def show(session: Session, draft: Draft, out: TextIO) -> None:
    """The seat's form: each slot with the numbers the model expects to put, and its order."""
    from sim.classroom.view import slot_text  # lazy: as above

    name = session.model.world.actors[draft.seat].name
    print(f"\n{name}: your orders for turn {session.turn} (N VALUE changes one; send)", file=out)
    for number, slot in enumerate(session.slots(draft.seat), start=1):
        head, lines = slot_text(session, slot)
        print(f"  {number}. {head}", file=out)
        for line in lines:
            print(f"     {line.strip()}", file=out)
        print(f"     order: {current(slot, draft)}", file=out)


def change(session: Session, draft: Draft, line: str) -> str:
    """Apply one line of the form (``N VALUE`` or ``| REASON``); the reply to print. A value is
    checked against the slot's own form at once."""
    from sim.classroom.orders import order_error, read_typed_order, to_json  # lazy: as above
    from sim.errors import InputError  # lazy: as above

    text, bar, reason = line.partition("|")
    if bar:
        draft.reason = reason.strip()
    text = text.strip()
    if not text:
        return "  reasons noted"
    slots = session.slots(draft.seat)
    number, _, value = text.partition(" ")
    if not number.isdigit() or not 1 <= int(number) <= len(slots) or not value.strip():
        raise InputError(f"give N VALUE with N from 1 to {len(slots)}, or send", file="orders")
    slot = slots[int(number) - 1]
    try:  # read as a question's answer is, now, so the student hears of a mistake at once
        draft.changes[slot.key] = to_json(read_typed_order(slot.form, value))
    except ValueError as error:
        raise order_error(draft.seat, slot.key, error) from None
    return f"  order {number}: {current(slot, draft)}"


def send(session: Session, draft: Draft) -> str:
    """Send every slot's order (the changes, and the orders in force as they stand)."""
    from sim.classroom.orders import to_json  # lazy: as above

    orders: dict[str, object] = {}
    for slot in session.slots(draft.seat):
        if slot.key in draft.changes:
            orders[slot.key] = draft.changes[slot.key]
        else:
            orders[slot.key] = to_json(None if slot.order is None else slot.order.value)
    session.send_orders(draft.seat, orders, draft.reason)
    if session.turn_ran():
        return "  sent; every seat's orders are in and the turn has run"
    return "  sent; they stand until you change them"
