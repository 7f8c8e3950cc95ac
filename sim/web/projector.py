"""The projector: a read-only page for a lecture hall, with the public part of a session only
(the exercise, the month and turn, the clock, the public news, the issues' charts). It opens
with a token of its own, kept in the session's store, so the link on the projector never shows
the facilitator's secret nor a seat's link.

The page asks for its state with a long poll: the server answers as soon as the session moved
(its pages were pushed a change), else after ``WAIT`` seconds with the same state (a few: a
server told to stop waits for the polls open). What a change renders is cached, so many open
projectors cost one render."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from jinja2 import Environment

from sim.classroom.view import month_line, units
from sim.web import views
from sim.web.feeds import feed
from sim.web.rooms import Room, Rooms, new_token

META = "web_projector"  # "<room id>:<token>" (a branch copies its parent's meta: not its own)
WAIT = 3.0  # seconds a poll waits for a change: a stopping server waits for open polls
LOOK = 0.05  # seconds between looks for a change while a poll waits
EARLIER = 2  # earlier turns shown under the latest one


def stored_token(room: Room) -> str | None:
    """The room's projector token, if one was made for this room."""
    owner, _, token = room.session.store.meta().get(META, "").partition(":")
    return token if owner == room.id and token else None


def projector_token(room: Room) -> str:
    """The room's projector token, made and stored the first time it is asked for."""
    token = stored_token(room)
    if token is None:
        token = new_token()
        room.mark(**{META: f"{room.id}:{token}"})
    return token


@dataclass(frozen=True)
class Shown:
    """One issue's chart as the projector draws it: the seats' chart and the value now."""

    chart: views.Chart
    now: str


class Projector:
    """Finds a room by its projector token and renders its public state, once per change."""

    def __init__(self, rooms: Rooms, env: Environment) -> None:
        self.rooms = rooms
        self.env = env
        self.tokens: dict[str, str] = {}  # token -> room id
        self.looked: set[str] = set()  # rooms whose store was read for a token
        self.cache: dict[str, tuple[str, dict]] = {}  # room id -> (key, state message)

    def room(self, token: str) -> Room | None:
        if token not in self.tokens:
            for room in list(self.rooms.rooms.values()):
                if room.id not in self.looked:
                    self.looked.add(room.id)
                    found = stored_token(room)
                    if found is not None:
                        self.tokens[found] = room.id
        room_id = self.tokens.get(token)
        return None if room_id is None else self.rooms.rooms.get(room_id)

    def token(self, room: Room) -> str:
        token = projector_token(room)
        self.tokens[token] = room.id
        return token

    @staticmethod
    def key(room: Room) -> str:
        """Changes whenever the session moves (every push bumps the version) or its log grows."""
        session = room.session
        moved = (
            room.version,
            session.turn,
            session.model.steps,
            len(session.model.world.log.records),
        )
        return ".".join(str(part) for part in moved)

    def context(self, room: Room) -> dict:
        session = room.session
        world = session.model.world
        news = feed(room, None)
        shown = [
            Shown(chart, units(world, issue, world.status_quo[issue]))
            for chart, issue in zip(views.charts(room), world.scenario.issues, strict=True)
        ]
        return {
            "title": session.exercise.meta.title,
            "class_title": room.title if room.title != session.exercise.meta.title else "",
            "month": month_line(session),
            "state": views.state(room),
            "news": news,
            "earlier": news.earlier[:EARLIER],
            "charts": shown,
        }

    def state(self, room: Room) -> str:
        """The live part of the page and its clock as one JSON message (rendered once per
        change; only the server's clock is new at each answer)."""
        key = self.key(room)
        cached = self.cache.get(room.id)
        if cached is None or cached[0] != key:
            context = self.context(room)
            state = context["state"]
            message = {
                "key": key,
                "html": self.env.get_template("_projector_live.html").render(context),
                "deadline": state["deadline"],
                "paused": state["paused"] or not state["started"],
                "ended": state["ended"],
                "turn_done": state["turn_done"],
            }
            cached = self.cache[room.id] = (key, message)
        return json.dumps({**cached[1], "now": room.session.now()})

    async def wait(self, room: Room, seen: str) -> str:
        """The state as soon as it differs from ``seen`` (or after WAIT seconds)."""
        waited = 0.0
        while seen == self.key(room) and waited < WAIT:
            await asyncio.sleep(LOOK)
            waited += LOOK
        return self.state(room)
