"""An offer typed on a seat's page is read back as typed, in the issue's units, on the seat's
own page (its choices and the situation), on every other seat's page and on the facilitator's
page, live and when the page is loaded again."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from agents.decisions import QUESTIONS, Count, Percentage, PerIssue
from tests.e2e.web.clients import Facilitator, seat_socket
from tests.e2e.web.server import Server

TYPED = 37.5  # relations index, 0-100; converted again it was '3,750 index'


def _values(kind: str) -> dict:
    """Some answer of the right form for a decision nobody in this test cares about."""
    form = QUESTIONS[kind].FORM
    if isinstance(form, PerIssue):
        return {"iran_saudi_ties": TYPED}
    if isinstance(form, Count):
        return {"count": 0}
    if isinstance(form, Percentage):
        return {"percent": 0}
    return {"choice": "yes"}


def test_an_offer_reads_back_as_typed_on_every_page(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create()
        tokens = fac.tokens(room)
        control = fac.socket(room)
        pages = {seat: seat_socket(server, token) for seat, token in tokens.items()}
        assert control.send({"type": "start"})["type"] == "ok"
        offered = None
        while offered is None or not control.latest()["turn_done"]:
            if control.latest()["turn_done"]:
                assert control.send({"type": "next"})["type"] == "ok"
                continue
            seat, key = next(
                (s, p.latest()["decision"]) for s, p in pages.items() if p.latest()["decision"]
            )
            kind = key.split(":")[1]
            reply = pages[seat].send({"type": "answer", "key": key, "values": _values(kind)})
            assert reply["type"] == "ok", reply
            if kind == "offer" and offered is None:
                offered = seat
        shown = "37.5 index"
        assert shown in pages[offered].latest()["regions"]["history"]
        for page in pages.values():
            assert shown in page.latest()["regions"]["situation"]
        assert shown in control.latest()["regions"]["overview"]
        assert shown in server_page(fac, f"/seat/{tokens[offered]}")
        assert shown in server_page(fac, f"/facilitator/session/{room}")
        for page in [control, *pages.values()]:
            assert "3,750" not in str(page.latest()["regions"])
            page.close()
    finally:
        server.stop()


def server_page(fac: Facilitator, path: str) -> str:
    response = fac.http.get(path)
    assert response.status_code == 200
    return response.text
