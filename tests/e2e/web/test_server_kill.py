"""The classroom server killed with SIGKILL at a random moment (without a browser): every answer
a page was told was recorded and every turn opened is in the session's store, and the restarted
server serves the session from there, asking no decision that was already answered."""

from __future__ import annotations

import json
import random
import time

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.e2e.web.clients import Facilitator, caught_up, logged, seat_socket
from tests.e2e.web.server import Server
from tests.e2e.web.test_security import due, valid


def _key(answer: dict) -> tuple[str, str]:
    """(seat, the decision's key on that seat's page): two seats may share a page key (both
    sides of a track propose in the same month)."""
    page_key = f"{answer['step']}:{answer['kind']}:{answer['track'] or '-'}:{answer['n']}"
    return answer["actor"], page_key


def test_a_killed_server_keeps_every_confirmed_answer(tmp_path) -> None:
    moment = random.Random()
    answers, pause = moment.randrange(2, 12), moment.uniform(0.0, 0.05)
    note = f"killed after {answers} confirmed answers and {pause:.3f} s"
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create(title="Killed")
        control = fac.socket(room)
        assert control.send({"type": "start"})["type"] == "ok"
        tokens = fac.tokens(room)
        seats = {seat: seat_socket(server, token) for seat, token in tokens.items()}
        confirmed: list[tuple[str, str]] = []
        turns = 1
        while len(confirmed) < answers:
            if not any(page.latest()["decision"] for page in seats.values()):
                assert control.send({"type": "next"})["type"] == "ok", note
                caught_up(seats.values(), control)
                turns += 1
                continue
            seat, key, form = due(seats)
            reply = seats[seat].send({"type": "answer", "key": key, "values": valid(key, form)})
            assert reply["type"] == "ok", reply
            caught_up(seats.values(), seats[seat])
            confirmed.append((seat, key))
        if any(page.latest()["decision"] for page in seats.values()):
            seat, key, form = due(seats)  # one more answer in flight when the kill comes
            message = {"type": "answer", "key": key, "values": valid(key, form)}
            seats[seat].ws.send(json.dumps(message))
        time.sleep(pause)
        server.kill()
        for page in [control, *seats.values()]:
            page.close()

        rows = logged(server, room)
        answered = {_key(p) for kind, p in rows if kind == "answer"}
        assert set(confirmed) <= answered, note
        assert sum(kind == "turn" for kind, _ in rows) >= turns, note

        server.start()
        again = {seat: seat_socket(server, token) for seat, token in tokens.items()}
        for seat, page in again.items():
            shown = page.latest()["decision"]
            assert shown is None or (seat, shown) not in answered, note  # never asked twice
            page.close()
        control = fac.socket(room)
        assert control.send({"type": "pause"})["type"] == "ok"  # the session is served again
        control.close()
    finally:
        server.stop()
