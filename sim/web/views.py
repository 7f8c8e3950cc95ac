"""What each page shows, as plain data for the templates: the seat's page (only what its actor
may see, through :mod:`sim.classroom.view`) and the facilitator's overview of every seat.
Templates escape every string; the small charts are drawn here as SVG point lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.decisions import QUESTIONS, Count, Form, Percentage, PerIssue
from sim.classroom.answers import Answer
from sim.classroom.news import NewsWords, headline
from sim.classroom.orders import Slot
from sim.classroom.view import (
    describe_decision,
    private_report,
    public_report,
    slot_text,
    typed,
)
from sim.web.feeds import feed
from sim.web.forms import decision_key, percent_range
from sim.web.rooms import Room

if TYPE_CHECKING:
    from sim.scenario.schema import Issue

CHART_W, CHART_H = 160, 40


@dataclass(frozen=True)
class Chart:
    """A small line chart of one issue's status quo, month by month."""

    label: str
    points: str  # "x,y x,y ..." in a CHART_W x CHART_H box
    first: str
    last: str
    low: str
    high: str


def charts(room: Room) -> list[Chart]:
    model = room.session.model
    columns, rows = model.recorder.columns, model.recorder.rows
    out = []
    for issue, spec in model.world.scenario.issues.items():
        low, high = float(spec.min), float(spec.max)
        unit = spec.units.split(" (")[0]
        column = columns.index(f"status_quo:{issue}")
        values = [float(row[column]) for row in rows] or [
            model.world.scales.denormalise(issue, model.world.status_quo[issue])
        ]
        span = max(1, len(values) - 1)
        points = " ".join(
            f"{CHART_W * i / span:.1f},{CHART_H * (1 - (v - low) / ((high - low) or 1)):.1f}"
            for i, v in enumerate(values)
        )
        first = str(rows[0][1]) if rows else str(model.world.clock.date)
        last = str(rows[-1][1]) if rows else first
        out.append(
            Chart(spec.label, points, first, last, f"{low:,.0f} {unit}", f"{high:,.0f} {unit}")
        )
    return out


def readable(room: Room, answer: Answer) -> str:
    if isinstance(answer.value, dict):  # an offer, in the issue's units as typed
        issues = room.session.base.issues
        return ", ".join(typed(float(v), issues[i].units) for i, v in answer.value.items())
    if isinstance(answer.value, bool):
        return "yes" if answer.value else "no"
    if isinstance(QUESTIONS[answer.kind].FORM, Percentage):
        return f"{100 * float(answer.value):+.0f}%"
    return str(answer.value)


def actor_name(room: Room, actor: str | None) -> str:
    if actor is None:
        return ""
    actors = room.session.model.world.actors
    return actors[actor].name if actor in actors else actor


def form_fields(room: Room) -> dict:
    """The inputs of the pending decision's form, with their ranges."""
    pending = room.session.pending
    assert pending is not None, "a form is shown only while a decision waits"
    return fields_of(pending.decision.question.form(), room.session.base.issues)


def fields_of(form: Form, issues: Mapping[str, Issue]) -> dict:
    """The inputs a form needs, with their ranges (issue labels and units from ``issues``)."""
    if isinstance(form, PerIssue):
        return {
            "kind": "offer",
            "issues": [
                {
                    "id": issue,
                    "label": issues[issue].label,
                    "units": issues[issue].units,
                    "low": float(low),
                    "high": float(high),
                    "suggested": form.suggested[issue],
                }
                for issue, (low, high) in form.bounds.items()
            ],
        }
    if isinstance(form, Count):  # its own noun and bounds: attacks, or a campaign's level
        return {"kind": "count", "noun": form.noun, "low": form.low, "high": form.high}
    if isinstance(form, Percentage):
        low, high = percent_range(form)
        return {"kind": "percent", "low": low, "high": high}
    return {"kind": "yesno"}


def order_default(slot: Slot) -> object:
    """What a slot's inputs start from: the order in force (``advisers`` when there is none
    or it leaves the kind to the advisers), shown in the form's own units (per cent)."""
    order = slot.order
    if order is None or order.value is None:
        return "advisers"
    value = order.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(slot.form, Percentage) and not isinstance(value, dict):
        return round(100.0 * float(value), 2)
    return value


def sender_name(by: str) -> str:
    """The student's name from a stored sender ("person: Ana"); nothing when the page sent no
    name ("person: web"), so a seat is never shown the server's own label."""
    name = by.removeprefix("person").removeprefix(":").strip()
    return "" if name == "web" else name


def turn_form(room: Room, seat: str) -> dict | None:
    """A seat's turn form in a simultaneous turn: one line per slot (the questions the model
    expects this turn first, then standing orders), each starting from the order in force."""
    session = room.session
    if not session.simultaneous or room.ended or session.finished or session.turn_ran():
        return None
    issues = session.base.issues
    lines = []
    for slot in session.slots(seat):
        head, numbers = slot_text(session, slot)
        fields = fields_of(slot.form, issues)
        default = order_default(slot)
        if fields["kind"] == "offer":
            for issue in fields["issues"]:
                if isinstance(default, dict):
                    issue["suggested"] = default[issue["id"]]
        lines.append(
            {
                "key": slot.key,
                "head": head,
                "numbers": numbers,
                "fields": fields,
                "default": default,
                "expected": bool(slot.expected),
            }
        )
    return {
        "key": f"orders:{session.turn}:{seat in session.sent}",
        "slots": lines,
        "sent": seat in session.sent,
        "sent_by": sender_name(session.sent.get(seat, "")),
        "deadline": session.deadline(seat),
    }


def turn_steps(room: Room) -> range:
    session = room.session
    return range(session.first_step(session.turn), session.last_step(session.turn) + 1)


@dataclass(frozen=True)
class Shared:
    """What every page of a session shows alike, computed once per change."""

    public: list[str]
    charts: list[Chart]
    answers: list[Answer]
    state: dict


def shared(room: Room) -> Shared:
    session = room.session
    return Shared(public_report(session), charts(room), session.answers(), state(room))


def seat_page(room: Room, seat: str, common: Shared | None = None) -> dict:
    """Everything one seat may see, and nothing of another seat's private state."""
    common = common or shared(room)
    session = room.session
    pending = session.pending
    decision = None
    if pending is not None and pending.decision.actor == seat and not room.ended:
        decision = {
            "key": decision_key(pending.decision, pending.n),
            "lines": describe_decision(session.model.world, pending.decision, session.advice),
            "fields": form_fields(room),
            "date": pending.decision.date,
        }
    history = [
        {"date": a.date, "kind": a.kind, "value": readable(room, a), "reason": a.reason, "by": a.by}
        for a in common.answers
        if a.actor == seat and a.by != "model: seat empty"
    ]
    orders = turn_form(room, seat)
    waiting = [actor_name(room, a) for a in session.waiting_for() if a != seat]
    return {
        "room": room,
        "seat": seat,
        "name": actor_name(room, seat),
        "orders": orders,
        "waiting_others": ", ".join(waiting),
        "public": common.public,
        "private": private_report(session, seat),
        "charts": common.charts,
        "decision": decision,
        "waiting_for": actor_name(room, pending.decision.actor) if pending else "",
        "history": history[::-1],
        "news": feed(room, seat),  # this turn's news and the earlier turns', through the fog
        "state": common.state,
    }


def state(room: Room) -> dict:
    session = room.session
    return {
        "turn": session.turn,
        "turns": session.turns,
        "paused": session.paused_since is not None,
        "started": room.started,
        "ended": room.ended or session.finished,
        "deadline": session.deadline(),
        "turn_done": (session.turn_ran() if session.simultaneous else session.pending is None)
        and not session.finished,
        "simultaneous": session.simultaneous,
    }


def facilitator_page(room: Room, connected: dict[str, int], common: Shared | None = None) -> dict:
    """The one-page view of every seat, the issues and tracks, and the last events."""
    common = common or shared(room)
    session = room.session
    steps = turn_steps(room)
    pending = session.pending
    now = session.now()
    seats = []
    for actor in session.exercise.seats:
        this_turn = [a for a in common.answers if a.actor == actor and a.step in steps]
        if session.simultaneous:
            waiting = actor in session.waiting_for()
            late = waiting and now > session.deadline(actor)
        else:
            waiting = pending is not None and pending.decision.actor == actor
            late = waiting and now > session.deadline()
        seats.append(
            {
                "id": actor,
                "name": actor_name(room, actor),
                "token": room.token_of(actor),
                "holder": session.holder_label(actor),
                "connected": connected.get(actor, 0),
                "answered": sum(a.by.startswith("person") for a in this_turn),
                "by_model": sum(a.by == "model: deadline missed" for a in this_turn),
                "waiting": waiting,
                "late": late,
                "sent": actor in session.sent,
                "sent_by": sender_name(session.sent.get(actor, "")),
                "extra": session.extended.get(actor, 0.0),
                "roster": room.roster.get(actor, []),
            }
        )
    names = {a: actor.name for a, actor in session.model.world.actors.items()}
    records = session.model.world.log.records
    events = [
        {"date": record["date"], "type": record["type"], "text": event_text(record, names)}
        for record in records[-12:][::-1]
    ]
    words = NewsWords.of(session.base)
    news = []
    for record in reversed(records):  # the latest twelve that are news, newest first
        line = headline(record, words)
        if line is not None:
            news.append({"date": record["date"], "text": line})
            if len(news) == 12:
                break
    asked = (
        describe_decision(session.model.world, pending.decision, advice=True) if pending else []
    )  # the facilitator sees the question with the model's own answer
    return {
        "room": room,
        "seats": seats,
        "asked": asked,
        "advice": session.advice,
        "report": common.public,
        "events": events,
        "news": news,
        "menu": session.exercise.injects,
        "waiting_for": waiting_names(room),
        "state": common.state,
        "team_rule": room.team_rule,
    }


def waiting_names(room: Room) -> str:
    """Whom the open turn waits for, by name."""
    session = room.session
    if session.simultaneous:
        return ", ".join(actor_name(room, a) for a in session.waiting_for())
    pending = session.pending
    return actor_name(room, pending.decision.actor) if pending else ""


def event_text(record: dict, names: dict[str, str]) -> str:
    """One log record in words for the facilitator: actors by name, numbers to three figures,
    the reason last; ``forced False`` (the usual case) is left out."""
    parts = []
    for key, value in record.items():
        if key in ("step", "date", "type", "reason") or (key == "forced" and value is False):
            continue
        if isinstance(value, str):
            value = names.get(value, value)
        elif isinstance(value, float):
            value = f"{value:.3g}"
        parts.append(f"{key} {value}")
    if record.get("reason"):
        parts.append(f"({record['reason']})")
    return ", ".join(parts)[:160]
