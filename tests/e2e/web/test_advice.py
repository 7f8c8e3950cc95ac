"""The model's own answer is hidden on the seats' pages until the facilitator shows it; the
facilitator's page always shows the question with it."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.e2e.web.clients import Facilitator, seat_socket
from tests.e2e.web.server import Server


def test_the_facilitator_shows_and_hides_the_models_answer(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create()
        control = fac.socket(room)
        pages = {seat: seat_socket(server, token) for seat, token in fac.tokens(room).items()}
        assert control.send({"type": "start"})["type"] == "ok"
        waiting = next(page for page in pages.values() if page.latest()["decision"])
        assert "the model" not in waiting.latest()["regions"]["decision"]
        overview = control.latest()["regions"]["overview"]
        assert "Asked of" in overview and "the model" in overview
        reply = control.send({"type": "advice_on"})
        assert reply["text"] == "The model's own answers are shown on the seats' pages."
        waiting.until(lambda state: "the model" in state["regions"]["decision"])
        assert control.send({"type": "advice_off"})["type"] == "ok"
        waiting.until(lambda state: "the model" not in state["regions"]["decision"])
        for page in [control, *pages.values()]:
            page.close()
    finally:
        server.stop()
