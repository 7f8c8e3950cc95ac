"""Talk against a real server: two seats talk privately and a third reads none of it, neither
on its page nor on its socket; text is escaped; the facilitator reads all and announces; a
proposal accepted on the web is held as a round of the track in the run."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.e2e.web.clients import TIMEOUT, Facilitator, Socket, logged, seat_socket
from tests.e2e.web.server import Server

SECRET = "SECRET-<b>2500</b>"
ESCAPED = "SECRET-&lt;b&gt;2500&lt;/b&gt;"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("web") / "data").start()
    yield running
    running.stop()


def drain(page: Socket) -> list[str]:
    """Every frame waiting on the socket, as sent."""
    frames = []
    try:
        while True:
            frame = page.ws.recv(0.3)
            frames.append(frame if isinstance(frame, str) else frame.decode())
    except TimeoutError:
        pass
    for frame in frames:
        message = json.loads(frame)
        if message["type"] == "state":
            page.state = message
    return frames


def test_two_seats_talk_privately_a_third_reads_nothing_and_a_deal_is_tabled(server):
    fac = Facilitator(server)
    room = fac.create("us_withdrawal_dialogue.yaml", title="Talk")
    tokens = fac.tokens(room)
    control = fac.socket(room)
    assert control.send({"type": "start"})["type"] == "ok"
    pages = {s: seat_socket(server, tokens[s]) for s in ("baghdad", "washington", "tehran")}
    for page in pages.values():
        page.latest()
    drain(pages["tehran"])

    said = pages["baghdad"].send(
        {"type": "say", "channel": "private:baghdad+washington", "text": SECRET}
    )
    assert said == {"type": "ok", "text": "Sent."}
    frames = drain(pages["tehran"])
    assert frames and not any("SECRET" in frame for frame in frames)  # it was pushed, blind
    assert ESCAPED in pages["washington"].latest()["regions"]["talk"]
    assert ESCAPED in drain_talk(control)
    plain = httpx.Client(base_url=server.url, trust_env=False, timeout=TIMEOUT)
    assert "SECRET" not in plain.get(f"/seat/{tokens['tehran']}").text
    washington_page = plain.get(f"/seat/{tokens['washington']}").text
    assert ESCAPED in washington_page and SECRET not in washington_page

    refused = pages["tehran"].send(
        {"type": "say", "channel": "private:baghdad+washington", "text": "listening"}
    )
    assert refused["type"] == "error" and "cannot write in" in refused["text"]
    assert [p["text"] for k, p in logged(server, room) if k == "message"] == [SECRET]

    announced = control.send({"type": "announce", "text": "Five minutes left"})
    assert announced["type"] == "ok"
    pages["tehran"].until(lambda state: "Five minutes left" in state["regions"]["talk"])

    proposed = pages["washington"].send(
        {"type": "propose", "to": "baghdad", "track": "strategic_dialogue", "v:us_troops": "2500"}
    )
    assert proposed["type"] == "ok"
    kinds = [kind for kind, _ in logged(server, room)]
    proposal = kinds.index("proposal") + 1  # its row number (seq) in the store
    pages["baghdad"].until(lambda state: "Accept" in state["regions"]["talk"])
    assert "2,500" not in pages["tehran"].latest()["regions"]["talk"]  # not tehran's business
    accepted = pages["baghdad"].send({"type": "accept", "proposal": proposal})
    assert accepted["type"] == "ok" and accepted["text"].startswith("Accepted")
    injects = [p for k, p in logged(server, room) if k == "inject"]
    assert injects[-1]["inject"]["effects"][0]["deal"] == {"us_troops": 2500.0}
    month = injects[-1]["step"]

    for seat in tokens:  # the model plays every seat; the turns run to the tabled month
        assert control.send({"type": "seat", "actor": seat, "holder": "model"})["type"] == "ok"
    while True:
        reply = control.send({"type": "next"})
        if reply["type"] != "ok" or "Turn" not in reply["text"]:
            break
        events = run_events(fac, room)
        if any(e["step"] >= month for e in events):
            break
    tabled = [e for e in events if e["type"] == "round" and e.get("tabled_by")]
    assert [(e["step"], e["track"], e["tabled_by"]) for e in tabled] == [
        (month, "strategic_dialogue", ["washington", "baghdad"])
    ]
    for page in [control, *pages.values()]:
        page.close()


def drain_talk(page: Socket) -> str:
    drain(page)
    assert page.state is not None
    return page.state["regions"]["talk"]


def run_events(fac: Facilitator, room: str) -> list[dict]:
    zipped = fac.http.get(f"/facilitator/session/{room}/run.zip").content
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    (name,) = [n for n in archive.namelist() if n.endswith("events.jsonl")]
    return [json.loads(line) for line in archive.read(name).decode().splitlines()]
