"""A class on the wire, playing simultaneous turns: one session, several pages per seat. Each
turn one page per seat sends its orders, another says something in public and privately to
the next seat, one seat proposes a deal that its partner accepts; the rest of the pages watch.
Latencies are measured as in :mod:`tests.e2e.web.load` (a send, to every page of the session
receiving a newer state); at the end the store must hold every row the server acknowledged."""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

import httpx
import yaml
from websockets.asyncio.client import connect

from tests.e2e.web.clients import TIMEOUT, Facilitator, logged
from tests.e2e.web.load import Room, facilitator_page, observe
from tests.e2e.web.server import Server

EXERCISE = "us_withdrawal_dialogue.yaml"
PROPOSER, PARTNER, TRACK = "baghdad", "washington", "strategic_dialogue"
ROOT = Path(__file__).resolve().parents[3]
KINDS = ("orders", "message", "proposal", "reply")


def people() -> list[str]:
    """The exercise's person seats (a seat ``played_by: model`` has no page)."""
    exercise = yaml.safe_load((ROOT / "scenarios" / "exercises" / EXERCISE).read_text())
    return [s for s, spec in exercise["seats"].items() if (spec or {}).get("played_by") != "model"]


def orders_for(form: str) -> dict[str, str]:
    """Standing orders for every slot the form shows (``data-slot``), left to the advisers."""
    values: dict[str, str] = {}
    for slot in re.findall(r'data-slot="([^"]+)"', form):
        values[f"mode:{slot}"] = "advisers"
        values[f"o:{slot}"] = "advisers"
    return values


def deal_from(page: str, to: str, track: str) -> dict[str, str]:
    """The proposal form's midpoints for ``to`` on ``track``, read from the seat's page."""
    for form in re.findall(r'<form data-msg="propose".*?</form>', page, re.S):
        if f'name="to" value="{to}"' in form and f'name="track" value="{track}"' in form:
            issues = re.findall(r'name="v:([a-z_]+)" min="([-0-9.e+]+)" max="([-0-9.e+]+)"', form)
            return {f"v:{i}": str((float(lo) + float(hi)) / 2) for i, lo, hi in issues}
    raise ValueError(f"no proposal form to {to} on {track}")


class Counts:
    """What the pages sent, by the kind of row each ``ok`` stands for in the store
    (``by_kind``), and how many sends of each kind were answered, ok or not (``answered``)."""

    def __init__(self) -> None:
        self.by_kind = dict.fromkeys(KINDS, 0)
        self.answered = dict.fromkeys(KINDS, 0)


def _turn(key: str | None) -> int | None:
    return int(key.split(":")[1]) if key and key.startswith("orders:") else None


async def seat_page(
    url: str, room: Room, page: int, role: str, script: list[dict], counts: Counts
) -> None:
    """A page: ``role`` is "orders", "talk" (sends ``script`` each turn, one at a time, and
    accepts open proposals made to it) or "watch"."""
    acted: set[int] = set()
    accepted: set[int] = set()
    queue: list[tuple[str, dict]] = []
    waiting = False
    version = 0
    async with connect(url, proxy=None, max_size=2**22) as socket:

        async def send_next() -> None:
            nonlocal waiting
            if waiting or not queue:
                return
            waiting = True
            room.outstanding.append([version, time.perf_counter(), set()])
            await socket.send(json.dumps(queue[0][1]))

        room.joined += 1
        async for raw in socket:
            message = json.loads(raw)
            if message["type"] in ("ok", "error"):
                kind, _ = queue.pop(0)
                waiting = False
                counts.answered[kind] += 1
                if message["type"] == "error":
                    room.errors.append(message["text"])
                else:
                    room.acknowledged += 1
                    counts.by_kind[kind] += 1
                await send_next()
                continue
            if message["type"] != "state":
                continue
            version = message["version"]
            observe(room, page, version)
            if message["ended"]:
                return
            if role == "watch" or not room.started.is_set() or message["paused"]:
                continue
            turn = message["turn"]
            if role == "orders" and not message["turn_done"] and _turn(message["decision"]):
                if turn not in acted:  # the form of this turn, read as a person reads it
                    acted.add(turn)
                    form = message["regions"]["decision"]
                    orders = {"type": "orders", "key": message["decision"]}
                    queue.append(("orders", orders | {"values": orders_for(form)}))
            elif role == "talk":  # the turn stays open to talk until the next one opens
                if turn not in acted:
                    acted.add(turn)
                    queue.extend((kind_of(m), m) for m in script)
                talk = message["regions"]["talk"]
                for seq in re.findall(r'data-proposal="(\d+)" data-status="open"', talk):
                    if int(seq) not in accepted and f'name="proposal" value="{seq}"' in talk:
                        accepted.add(int(seq))
                        queue.append(("reply", {"type": "accept", "proposal": int(seq)}))
            await send_next()


def kind_of(message: dict) -> str:
    return {"say": "message", "propose": "proposal"}[message["type"]]


def run(server: Server, per_seat: int, turns: int) -> dict:
    """One simultaneous session of the exercise, ``per_seat`` pages on each of its seats
    (at least 2: one sends orders, one talks), ``turns`` turns."""
    fac = Facilitator(server)
    room_id = fac.create(EXERCISE, title="class load", turns="simultaneous")
    tokens = fac.tokens(room_id)
    seats = people()
    plain = httpx.Client(base_url=server.url, trust_env=False, timeout=TIMEOUT)
    deal = deal_from(plain.get(f"/seat/{tokens[PROPOSER]}").text, PARTNER, TRACK)
    room = Room(room_id, per_seat * len(seats))
    counts = Counts()
    base = server.url.replace("http", "ws")
    tasks = []
    page = 0
    for n, seat in enumerate(seats):
        other = seats[(n + 1) % len(seats)]
        private = "private:" + "+".join(sorted((seat, other)))
        script = [
            {"type": "say", "channel": "public", "text": f"{seat} speaking"},
            {"type": "say", "channel": private, "text": f"{seat} to {other}"},
        ]
        if seat == PROPOSER:
            script.append({"type": "propose", "to": PARTNER, "track": TRACK, **deal})
        for k in range(per_seat):
            role = "orders" if k == 0 else "talk" if k == 1 else "watch"
            url = f"{base}/ws/seat/{tokens[seat]}"
            tasks.append(seat_page(url, room, page, role, script, counts))
            page += 1

    each_turn = {"message": 2 * len(seats), "proposal": 1, "reply": 1}

    def quiet(turn: int) -> bool:  # every talk page's sends of the turn answered
        return all(counts.answered[kind] >= n * turn for kind, n in each_turn.items())

    async def play() -> None:
        pages = [asyncio.ensure_future(task) for task in tasks]
        url = f"{base}/ws/facilitator/{room_id}"
        # the last turn run, the session stays open: ending it would time the debrief's
        # ensemble, not the pages
        clock = asyncio.ensure_future(
            facilitator_page(url, fac.secret, room, turns, quiet=quiet, end=False)
        )
        done, _ = await asyncio.wait(
            [clock, *pages], timeout=1800, return_when=asyncio.FIRST_COMPLETED
        )
        for task in [clock, *pages]:
            task.cancel()
        await asyncio.gather(clock, *pages, return_exceptions=True)
        if clock not in done:  # a page broke or ended before the last turn had run
            broken = [t.exception() for t in done if not t.cancelled() and t.exception()]
            raise broken[0] if broken else RuntimeError("the class stopped before its last turn")
        clock.result()

    start = time.perf_counter()
    asyncio.run(play())
    wall = time.perf_counter() - start
    rows = logged(server, room_id)
    stored = {kind: sum(1 for k, _ in rows if k == kind) for kind in KINDS}
    return {"room": room, "sent": counts.by_kind, "stored": stored, "wall": wall, "seats": seats}
