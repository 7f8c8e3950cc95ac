"""The projector against a real server: its own link (not the facilitator's secret, not a
seat's), the public part of the session only (no seat's hidden position, no model advice, no
ids, no seat's own answers), and a new state as soon as a turn runs."""

from __future__ import annotations

import html
import re

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

import httpx

from tests.e2e.web.clients import TIMEOUT, Facilitator, seat_socket
from tests.e2e.web.server import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("web") / "data").start()
    yield running
    running.stop()


def items(region: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", li)).strip()
        for li in re.findall(r"<li>(.*?)</li>", region, re.S)
    ]


def news_lines(region: str) -> list[str]:
    """The news sentences of a page region, without their month."""
    found = re.findall(r'<span class="when">[0-9-]+</span>\s*(.*?)</li>', region, re.S)
    return [html.unescape(text).strip() for text in found]


def test_the_projector_shows_the_public_part_only_and_moves_with_the_turns(server):
    fac = Facilitator(server)
    room = fac.create(title="Hall A")
    page = fac.http.get(f"/facilitator/session/{room}").text
    link = re.search(r'href="(/projector/[A-Za-z0-9_-]+)"', page)
    assert link is not None, "the facilitator's page links the projector"
    tokens = fac.tokens(room)
    assert fac.secret not in link.group(1)
    assert not any(token in link.group(1) for token in tokens.values())

    control = fac.socket(room)
    assert control.send({"type": "advice_on"})["type"] == "ok"  # the seats see the model's answer
    pages = {seat: seat_socket(server, token) for seat, token in tokens.items()}
    private, advice = [], []
    for state in (p.latest() for p in pages.values()):
        situation = state["regions"]["situation"]
        private += items(situation.split("Your side", 1)[1])  # the seat's hidden positions
        advice += items(state["regions"]["decision"])  # the numbers, the model's own answer
    assert any("you want" in line for line in private) and advice

    # no cookie: anyone in the hall
    hall = httpx.Client(base_url=server.url, trust_env=False, timeout=TIMEOUT)
    shown = hall.get(link.group(1))
    assert shown.status_code == 200
    text = shown.text
    assert not [line for line in private + advice if line in text]
    ids = set(tokens) | {"iran_saudi_talks", "iran_saudi_ties"}
    assert not [i for i in ids if i in text]
    assert fac.secret not in text and not any(t in text for t in tokens.values())
    assert hall.get("/projector/not-a-token").status_code == 404

    for seat in tokens:  # the model plays every seat: a turn completes by itself
        assert control.send({"type": "seat", "actor": seat, "holder": "model"})["type"] == "ok"
    assert control.send({"type": "start"})["type"] == "ok"
    first = hall.get(f"{link.group(1)}/state").json()
    assert "Turn 1 ·" in first["html"] and first["turn_done"]

    assert control.send({"type": "next"})["type"] == "ok"
    second = hall.get(f"{link.group(1)}/state", params={"seen": first["key"]}).json()
    assert second["key"] != first["key"] and "Turn 2 ·" in second["html"]
    assert "Turn 1 ·" in second["html"]  # the earlier turn stays under the new one
    projected = news_lines(second["html"])
    assert projected, "no public news after two turns"
    assert not [line for line in projected if line.startswith("You ")]
    for socket in pages.values():  # every line on the projector is on every seat's page
        socket.until(lambda state: set(projected) <= set(news_lines(state["regions"]["news"])))
    for socket in [control, *pages.values()]:
        socket.close()
