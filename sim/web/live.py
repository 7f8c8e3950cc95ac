"""The open pages of each session and what is pushed to them: on every change each page gets
its live parts rendered again, for its own seat only. Each seat of a session accepts a bounded
number of open pages, so one class cannot exhaust the server."""

from __future__ import annotations

import json
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup
from starlette.websockets import WebSocket

from sim.classroom.talk import FACILITATOR
from sim.web import views
from sim.web.rooms import Room
from sim.web.talk import pane as talk_pane


@dataclass(eq=False)
class Page:
    """One open page: a seat's (``seat`` set) or the facilitator's."""

    socket: WebSocket
    seat: str | None


class Pages:
    def __init__(self, env: Environment, cap: int) -> None:
        self.env = env
        self.cap = cap
        self.open: dict[str, list[Page]] = {}
        self.told: dict[tuple[str, str], tuple[str, str]] = {}  # (room, seat) -> (key, news)

    def admit(self, room: Room, page: Page) -> bool:
        """At most ``cap`` open pages per seat (and as many for the facilitator), so one
        student's many tabs never lock another seat or the facilitator out."""
        pages = self.open.setdefault(room.id, [])
        if sum(p.seat == page.seat for p in pages) >= self.cap:
            return False
        pages.append(page)
        return True

    def leave(self, room: Room, page: Page) -> None:
        pages = self.open.get(room.id, [])
        if page in pages:
            pages.remove(page)

    def connected(self, room: Room) -> dict[str, int]:
        counts: dict[str, int] = {}
        for page in self.open.get(room.id, []):
            if page.seat is not None:
                counts[page.seat] = counts.get(page.seat, 0) + 1
        return counts

    def render(self, room: Room, page: Page, cache: dict | None = None) -> str:
        """The page's live parts as one JSON message; ``cache`` holds what pages of the same
        change share (the public half, and the whole message of each seat)."""
        cache = {} if cache is None else cache
        if page.seat in cache:
            return cache[page.seat]
        if "shared" not in cache:
            cache["shared"] = views.shared(room)
        common = cache["shared"]
        if page.seat is None:
            context = views.facilitator_page(room, self.connected(room), common)
            regions = {"overview": self.env.get_template("_facilitator_live.html").render(context)}
            regions["talk"] = self._talk(room, FACILITATOR)
            key = None
        else:
            if "public" not in cache:
                public = self.env.get_template("_seat_public.html")
                cache["public"] = Markup(public.render(views.seat_page(room, page.seat, common)))
            context = {**views.seat_page(room, page.seat, common), "public_html": cache["public"]}
            regions = {
                name: self.env.get_template(f"_seat_{name}.html").render(context)
                for name in ("decision", "situation", "history")
            }
            regions["talk"] = self._talk(room, page.seat)
            regions["news"] = self.news(room, page.seat, context)
            if context["decision"]:
                key = context["decision"]["key"]
            else:
                key = context["orders"]["key"] if context["orders"] else None
        state = context["state"]
        orders = context.get("orders")
        deadline = orders["deadline"] if page.seat is not None and orders else state["deadline"]
        cache[page.seat] = json.dumps(
            {
                "type": "state",
                "version": room.version,
                "regions": regions,
                "decision": key,
                "deadline": deadline,
                "now": room.session.now(),
                "paused": state["paused"] or not state["started"],
                "ended": state["ended"],
                "turn_done": state["turn_done"],
                "turn": state["turn"],
            }
        )
        return cache[page.seat]

    def _talk(self, room: Room, reader: str) -> str:
        """The talk pane of ``reader`` (a seat sees only the channels it may read)."""
        return self.env.get_template("_talk.html").render(talk=talk_pane(room, reader))

    def news(self, room: Room, seat: str, context: dict) -> str:
        """A seat's news region, rendered again only when its feed may have changed (a month
        run, a new turn): most pushes (an answer, a page joining) leave it as it was."""
        key = context["news"].key
        cached = self.told.get((room.id, seat))
        if cached is None or cached[0] != key:
            html = self.env.get_template("_seat_news.html").render(context)
            cached = self.told[(room.id, seat)] = (key, html)
        return cached[1]

    async def send(self, room: Room, page: Page, cache: dict | None = None) -> None:
        try:
            await page.socket.send_text(self.render(room, page, cache))
        except Exception:  # a page that went away; its own handler removes it
            self.leave(room, page)

    async def push(self, room: Room) -> None:
        """Every open page of ``room`` gets its new state (the version says what changed)."""
        room.version += 1
        cache: dict = {}
        for page in list(self.open.get(room.id, [])):
            await self.send(room, page, cache)
