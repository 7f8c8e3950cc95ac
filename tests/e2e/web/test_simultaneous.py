"""Simultaneous turns on the wire: six seats' forms open at once, the turn runs when the last
seat sends, a team's captain rule, a stale form refused, and the store holds what was sent."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.e2e.web.clients import Facilitator, logged, seat_socket
from tests.e2e.web.server import Server

EXERCISE = "us_withdrawal_dialogue.yaml"


def slots(state: dict) -> list[str]:
    return re.findall(r'data-slot="([^"]+)"', state["regions"]["decision"])


def as_shown(state: dict) -> dict:
    """Every slot of the form left to the advisers, as the page sends it."""
    values: dict[str, str] = {}
    for key in slots(state):
        values[f"mode:{key}"] = "advisers"
        values[f"o:{key}"] = "advisers"
    return values


def test_six_seats_send_their_orders_at_once_and_the_turn_runs_after_the_last(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create(EXERCISE, title="Simultaneous", turns="simultaneous")
        tokens = fac.tokens(room)
        control = fac.socket(room)
        people = ["baghdad", "washington", "tehran", "riyadh", "kataib_hezbollah", "badr"]
        pages = {seat: seat_socket(server, tokens[seat]) for seat in people}
        first = {seat: page.latest() for seat, page in pages.items()}
        for seat, state in first.items():  # every form open at once, before anyone answers
            assert state["decision"] == "orders:1:False", seat
            assert "Your orders for turn 1" in state["regions"]["decision"]
            assert slots(state), seat
        assert "attack" in slots(first["kataib_hezbollah"])
        refused = pages["tehran"].send(
            {"type": "orders", "key": "orders:1:False", "values": as_shown(first["tehran"])}
        )
        assert refused["type"] == "error" and "not started" in refused["text"]
        assert control.send({"type": "start"})["type"] == "ok"

        # a team of two at Baghdad under the captain rule: only Ana's orders count
        assert control.send({"type": "team_rule", "rule": "captain"})["type"] == "ok"
        second = seat_socket(server, tokens["baghdad"])
        joined = pages["baghdad"].send({"type": "join", "name": "Ana"})
        assert joined == {"type": "ok", "text": "On the team as Ana."}
        assert second.send({"type": "join", "name": "Ben"})["type"] == "ok"
        orders = {"type": "orders", "key": "orders:1:False", "values": as_shown(first["baghdad"])}
        ben = second.send({**orders, "name": "Ben"})
        assert ben["type"] == "error" and "captain: Ana" in ben["text"]
        assert pages["baghdad"].send({**orders, "name": "Ana"})["type"] == "ok"

        kh = as_shown(first["kataib_hezbollah"])
        kh.update({"mode:attack": "order", "o:attack": "2"})
        reply = pages["kataib_hezbollah"].send(
            {"type": "orders", "key": "orders:1:False", "values": kh, "reason": "keep up"}
        )
        assert reply["type"] == "ok"
        for seat in ("washington", "tehran", "riyadh"):
            message = {"type": "orders", "key": "orders:1:False", "values": as_shown(first[seat])}
            assert pages[seat].send(message)["type"] == "ok"
        assert not pages["badr"].latest()["turn_done"]  # still waiting for Badr
        overview = control.latest()["regions"]["overview"]
        badr = overview.split('data-seat="badr"', 1)[1].split("</tr>", 1)[0]
        tehran = overview.split('data-seat="tehran"', 1)[1].split("</tr>", 1)[0]
        assert "orders to send" in badr and "orders in" in tehran  # mid-turn, per seat
        assert "waiting for" in pages["riyadh"].latest()["regions"]["decision"]
        message = {"type": "orders", "key": "orders:1:False", "values": as_shown(first["badr"])}
        last = pages["badr"].send(message)
        assert last["type"] == "ok" and "the turn has run" in last["text"]
        for page in pages.values():  # pushed to each page after Badr's reply
            page.until(lambda state: state["turn_done"])

        stale = pages["tehran"].send(message | {"values": as_shown(first["tehran"])})
        assert stale["type"] == "error" and "that turn is over" in stale["text"]
        rows = logged(server, room)
        sent = [p for kind, p in rows if kind == "orders"]
        assert sorted(p["actor"] for p in sent) == sorted(people)  # Ben's was not stored
        assert next(p for p in sent if p["actor"] == "baghdad")["by"] == "person: Ana"
        attacks = [
            p["value"]
            for kind, p in rows
            if kind == "answer" and p["actor"] == "kataib_hezbollah" and p["kind"] == "attack"
        ]
        assert attacks == [2, 2, 2]  # one order, every month of the turn
        assert ("run", {"late": [], "turn": 1}) in rows
        for page in [*pages.values(), second, control]:
            page.close()
    finally:
        server.stop()
