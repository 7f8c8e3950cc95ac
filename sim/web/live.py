"""The open pages of each session and what is pushed to them: on every change each page gets
its live parts rendered again, for its own seat only. A session accepts a bounded number of
open pages, so one class cannot exhaust the server."""

from __future__ import annotations

import json
from dataclasses import dataclass

from jinja2 import Environment
from starlette.websockets import WebSocket

from sim.web import views
from sim.web.rooms import Room


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

    def admit(self, room: Room, page: Page) -> bool:
        pages = self.open.setdefault(room.id, [])
        if len(pages) >= self.cap:
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

    def render(self, room: Room, page: Page) -> str:
        """The page's live parts as one JSON message."""
        if page.seat is None:
            context = views.facilitator_page(room, self.connected(room))
            regions = {"overview": self.env.get_template("_facilitator_live.html").render(context)}
            key = None
        else:
            context = views.seat_page(room, page.seat)
            regions = {
                name: self.env.get_template(f"_seat_{name}.html").render(context)
                for name in ("decision", "situation", "history")
            }
            key = context["decision"]["key"] if context["decision"] else None
        state = context["state"]
        return json.dumps(
            {
                "type": "state",
                "version": room.version,
                "regions": regions,
                "decision": key,
                "deadline": state["deadline"],
                "now": room.session.now(),
                "paused": state["paused"] or not state["started"],
                "ended": state["ended"],
            }
        )

    async def send(self, room: Room, page: Page) -> None:
        try:
            await page.socket.send_text(self.render(room, page))
        except Exception:  # a page that went away; its own handler removes it
            self.leave(room, page)

    async def push(self, room: Room) -> None:
        """Every open page of ``room`` gets its new state (the version says what changed)."""
        room.version += 1
        for page in list(self.open.get(room.id, [])):
            await self.send(room, page)
