"""The clock on the server: a seat that lets its deadline pass is answered by the model, the
answer is marked so in the store and on the pages, and the pages learn it without a message
from anyone; a paused clock answers nothing."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.conftest import SCENARIOS
from tests.e2e.web.clients import Facilitator, logged, seat_socket
from tests.e2e.web.server import Server

SECONDS = 2  # the exercise's deadline


def test_a_missed_deadline_is_answered_by_the_model_and_marked(tmp_path):
    text = (SCENARIOS / "exercises" / "iran_saudi_talks.yaml").read_text()
    quick = text.replace("deadline_minutes: 3", f"deadline_minutes: {SECONDS / 60:.4f}")
    assert quick != text
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        made = fac.http.post(
            "/facilitator/sessions",
            files={"upload": ("quick.yaml", quick.encode(), "application/x-yaml")},
            data={"turns": "sequential"},
        )
        assert made.status_code == 303, made.text
        room = made.headers["location"].rsplit("/", 1)[1]
        tokens = fac.tokens(room)
        control = fac.socket(room)
        pages = {seat: seat_socket(server, token) for seat, token in tokens.items()}
        waiting = next(seat for seat, page in pages.items() if page.latest()["decision"])

        time.sleep(SECONDS + 0.5)  # not started: the clock stands still
        assert [k for k, _ in logged(server, room) if k == "answer"] == []
        assert pages[waiting].latest()["decision"]

        assert control.send({"type": "start"})["type"] == "ok"
        started = time.monotonic()
        page = pages[waiting]
        while "model: deadline missed" not in page.latest()["regions"]["history"]:
            assert time.monotonic() - started < SECONDS + 15, "the model never answered"
            time.sleep(0.2)
        assert time.monotonic() - started >= SECONDS - 0.5
        answers = [p for k, p in logged(server, room) if k == "answer"]
        assert answers and all(a["by"] == "model: deadline missed" for a in answers)
        assert answers[0]["actor"] == waiting
        overview = control.latest()["regions"]["overview"]
        assert "by the model (deadline missed)" in overview
        for socket in [control, *pages.values()]:
            socket.close()
    finally:
        server.stop()
