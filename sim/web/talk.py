"""The talk and proposals panes of the web classroom: what a seat's page shows (only the
channels it may read, :func:`sim.classroom.talk.may_read`), what the facilitator's shows (all),
and the messages their pages send. Each message is checked before it reaches the session
(:mod:`sim.classroom.talking`); names, never ids, are shown; templates escape every string."""

from __future__ import annotations

from sim.classroom import talking
from sim.classroom.talk import (
    ANNOUNCE,
    FACILITATOR,
    MAX_TEXT,
    PUBLIC,
    Message,
    Proposal,
    channels,
    tracks_of,
)
from sim.errors import InputError
from sim.web import forms
from sim.web.rooms import Room

SEAT_KINDS = {"say", "propose", "accept", "decline"}
FACILITATOR_KINDS = {"announce"}


def _name(room: Room, who: str) -> str:
    if who == FACILITATOR:
        return "Facilitator"
    actors = room.session.base.actors
    return actors[who].name if who in actors else who


def channel_label(room: Room, channel: str, reader: str) -> str:
    """A channel as a person reads it: 'Everyone', 'Announcements', 'Your team', 'With X'."""
    if channel == PUBLIC:
        return "Everyone"
    if channel == ANNOUNCE:
        return "Announcements"
    kind, _, rest = channel.partition(":")
    if kind == "team":
        return "Your team" if rest == reader else f"Team of {_name(room, rest)}"
    others = [s for s in rest.split("+") if s != reader]
    return " and ".join(_name(room, s) for s in (rest.split("+") if len(others) == 2 else others))


def _message(room: Room, message: Message) -> dict:
    return {"turn": message.turn, "by": _name(room, message.by), "text": message.text}


def _proposal(room: Room, proposal: Proposal, reader: str) -> dict:
    session = room.session
    issues = session.base.issues
    deal = ", ".join(
        f"{issues[i].label} {v:,.6g} {issues[i].units}" for i, v in proposal.deal.items()
    )
    return {
        "seq": proposal.seq,
        "turn": proposal.turn,
        "by": _name(room, proposal.by),
        "to": _name(room, proposal.to),
        "track": session.base.tracks[proposal.track].label,
        "deal": deal,
        "status": proposal.status(session.turn),
        "mine_to_answer": proposal.to == reader,
    }


def pane(room: Room, reader: str) -> dict:
    """The talk pane's data for ``reader`` (a seat, or the facilitator): channels it may read
    with their messages, and the proposals it made or received."""
    session = room.session
    talk = session.talk
    seats = list(session.exercise.seats)
    if reader == FACILITATOR:
        named = [PUBLIC, ANNOUNCE]
        named += sorted({m.channel for m in talk.messages} - set(named))
    else:
        named = channels(reader, seats)
    readable = talk.readable(reader)
    listed = [
        {
            "id": channel,
            "label": channel_label(room, channel, reader),
            "messages": [_message(room, m) for m in readable if m.channel == channel],
        }
        for channel in named
    ]
    proposals = [_proposal(room, p, reader) for p in talk.proposals_of(reader)]
    return {"channels": listed, "proposals": proposals[::-1], "max_text": MAX_TEXT}


def forms_of(room: Room, seat: str) -> dict:
    """What the seat's static forms offer: channels to write in, and per other seat the tracks
    (with their issues and scales) where it may propose."""
    session = room.session
    seats = list(session.exercise.seats)
    writable = [c for c in channels(seat, seats) if c != ANNOUNCE]
    partners = []
    for other in [s for s in seats if s != seat]:
        for track in tracks_of(session.base, seat, other):
            spec = session.base.tracks[track]
            issues = [
                {
                    "id": i,
                    "label": session.base.issues[i].label,
                    "units": session.base.issues[i].units,
                    "min": float(session.base.issues[i].min),
                    "max": float(session.base.issues[i].max),
                }
                for i in spec.issues
            ]
            partners.append(
                {"seat": other, "name": _name(room, other), "track": track,
                 "label": spec.label, "issues": issues}
            )  # fmt: skip
    return {
        "write_in": [(c, channel_label(room, c, seat)) for c in writable],
        "partners": partners,
        "max_text": MAX_TEXT,
    }


def seat_act(room: Room, seat: str, message: dict) -> str:
    """A seat's talk message: say, propose, accept or decline."""
    session = room.session
    if room.ended:
        raise InputError("the session has ended; nothing was recorded", "talk")
    kind = message["type"]
    if kind == "say":
        channel = forms.text_field(message, "channel", 200)
        talking.say(session, seat, channel, forms.text_field(message, "text", MAX_TEXT + 50))
        return "Sent."
    if kind == "propose":
        to = forms.text_field(message, "to", 80)
        track = forms.text_field(message, "track", 80)
        spec = session.base.tracks.get(track)
        if spec is None:
            raise InputError("pick a track", "proposal")
        deal = {}
        for issue in spec.issues:
            scale = session.base.issues[issue]
            low, high = float(scale.min), float(scale.max)
            deal[issue] = forms.number(message.get(f"v:{issue}"), scale.label, low, high)
        talking.propose(session, seat, to, track, deal)
        return "Proposal sent."
    seq = forms.number(message.get("proposal"), "proposal", 1, 2**62)
    released = talking.reply(session, seat, int(seq), kind == "accept")
    if released is None:
        return "Declined."
    return f"Accepted: the deal goes to the table in month {released.step}."


def facilitator_act(room: Room, message: dict) -> str:
    """The facilitator's announcement, shown to every seat."""
    text = forms.text_field(message, "text", MAX_TEXT + 50)
    talking.say(room.session, FACILITATOR, ANNOUNCE, text)
    return "Announced."
