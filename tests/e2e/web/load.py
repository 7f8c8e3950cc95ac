"""A class on the wire: many sessions, each with a page per seat and a facilitator, every
decision answered over WebSockets as soon as it is shown. Measures, for each answer, the time
from sending it to each page of the session receiving the state that follows, and checks at
the end that the store holds every answer the server acknowledged."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import connect

from tests.e2e.web.clients import COOKIE, Facilitator, logged
from tests.e2e.web.server import Server

EVERY_SEAT = """meta: {title: Every seat, summary: every actor of the baseline in a seat}
scenario: ../baseline_2020.yaml
situation: May 2020.
clock: {months_per_turn: 3, deadline_minutes: 30}
seats:
  baghdad: {}
  washington: {}
  tehran: {}
  riyadh: {}
  kataib_hezbollah: {}
  badr: {}
  nujaba: {}
  sadrists: {}
  erbil: {}
"""


def answer_for(key: str, form: str) -> dict:
    """An answer the page's form takes (read from the form, as a person would), whatever the
    kind of decision: 1 for a count, 10% for a share, midpoints for an offer, else yes to
    sitting down and accepting, no to the rest."""
    kind = key.split(":")[1]
    if 'name="count"' in form:
        return {"count": "1"}
    if 'name="percent"' in form:
        return {"percent": "10"}
    issues = re.findall(r'name="v:([a-z_]+)" min="([-0-9.e+]+)" max="([-0-9.e+]+)"', form)
    if issues:
        return {issue: str((float(low) + float(high)) / 2) for issue, low, high in issues}
    return {"choice": "yes" if kind in ("host", "join", "accept", "vote") else "no"}


@dataclass
class Room:
    """One session's bookkeeping on the client side."""

    id: str
    pages: int
    absent: list = field(default_factory=list)
    joined: int = 0
    started: asyncio.Event = field(default_factory=asyncio.Event)
    outstanding: list = field(default_factory=list)  # [version when sent, time sent, pages seen]
    acknowledged: int = 0
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)


def observe(room: Room, page: int, version: int) -> None:
    """A page received a state: it closes each answer sent before it, for this page."""
    now = time.perf_counter()
    for entry in list(room.outstanding):
        sent_version, sent_at, seen = entry
        if version > sent_version and page not in seen:
            seen.add(page)
            room.latencies.append(now - sent_at)
            if len(seen) == room.pages:
                room.outstanding.remove(entry)


async def seat_page(url: str, room: Room, page: int, answers: bool) -> None:
    async with connect(url, proxy=None, max_size=2**22) as socket:
        room.joined += 1
        async for raw in socket:
            message = json.loads(raw)
            if message["type"] == "error":
                room.errors.append(message["text"])
            elif message["type"] == "ok":
                room.acknowledged += 1
            if message["type"] != "state":
                continue
            observe(room, page, message["version"])
            if message["ended"]:
                return
            key = message["decision"]
            if answers and key and room.started.is_set() and not message["paused"]:
                room.outstanding.append([message["version"], time.perf_counter(), set()])
                form = message["regions"]["decision"]
                answer = {"type": "answer", "key": key, "values": answer_for(key, form)}
                await socket.send(json.dumps(answer))


def always(turn: int) -> bool:
    return True


async def facilitator_page(
    url: str,
    secret: str,
    room: Room,
    turns: int,
    quiet: Callable[[int], bool] = always,
    end: bool = True,
) -> None:
    """The facilitator of both loads: hands the seats without a page to the model and starts
    the clock once every page is open; opens the next turn when the turn has run, no send is
    outstanding and ``quiet(turn)`` (the simultaneous class: every talking page is done).
    After the last turn it ends the session (``end``), or returns leaving it open (ending it
    would time the debrief's ensemble, not the pages); it returns at once when the exercise
    has no more turns."""
    headers = {"Cookie": f"{COOKIE}={secret}"}
    async with connect(url, proxy=None, additional_headers=headers, max_size=2**22) as socket:
        while room.joined < room.pages:  # every page is open before the clock starts
            await asyncio.sleep(0.05)
        for seat in room.absent:
            await socket.send(json.dumps({"type": "seat", "actor": seat, "holder": "model"}))
        room.started.set()
        await socket.send(json.dumps({"type": "start"}))
        turn = 1
        async for raw in socket:
            message = json.loads(raw)
            if message["type"] == "error":
                room.errors.append(message["text"])
            if message["type"] != "state" or message["paused"]:
                continue
            if message["ended"]:  # the exercise has no more turns
                return
            if not message["turn_done"] or message["turn"] != turn:  # a state of the turn before
                continue
            while room.outstanding or not quiet(turn):  # the last send reaches every page first
                await asyncio.sleep(0.01)
            if turn >= turns:
                if end:
                    await socket.send(json.dumps({"type": "end"}))
                return
            turn += 1
            await socket.send(json.dumps({"type": "next"}))


async def play(server: Server, rooms: list[Room], pages: dict, turns: int) -> None:
    secret = Facilitator(server).secret
    base = server.url.replace("http", "ws")
    tasks = []
    for room in rooms:
        answering = set()
        for n, (seat, token) in enumerate(pages[room.id]):
            first = seat not in answering  # one page per seat answers; a second one watches
            answering.add(seat)
            tasks.append(seat_page(f"{base}/ws/seat/{token}", room, n, first))
        tasks.append(facilitator_page(f"{base}/ws/facilitator/{room.id}", secret, room, turns))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=1800)


def run(server: Server, sessions: int, pages_each: int, turns: int) -> dict:
    """``sessions`` sessions of the every-seat exercise, ``pages`` pages each (one per seat,
    then second pages on the first seats), ``turns`` turns each."""
    fac = Facilitator(server)
    rooms, pages = [], {}
    for n in range(sessions):
        response = fac.http.post(
            "/facilitator/sessions",
            files={"upload": ("every_seat.yaml", EVERY_SEAT.encode(), "application/x-yaml")},
            data={"title": f"load {n}", "turns": "sequential"},
        )
        assert response.status_code == 303, response.text
        room_id = response.headers["location"].rsplit("/", 1)[1]
        seats = list(fac.tokens(room_id).items())
        pages[room_id] = [seats[i % len(seats)] for i in range(pages_each)]
        absent = [seat for seat, _ in seats[pages_each:]]  # no page: the model plays them
        rooms.append(Room(room_id, pages_each, absent=absent))
    start = time.perf_counter()
    asyncio.run(play(server, rooms, pages, turns))
    wall = time.perf_counter() - start
    stored = {
        room.id: sum(
            1
            for kind, payload in logged(server, room.id)
            if kind == "answer" and payload["by"] == "person: web"
        )
        for room in rooms
    }
    return {"rooms": rooms, "stored": stored, "wall": wall}
