"""The server refuses what it must, against a real server process: a token opens only its
seat, the facilitator's actions need the secret, every message is checked (out-of-range
numbers, unknown ids, oversized messages, an answer for a decision that is over) with a clear
error and nothing stored, user text is escaped on every page, and a session takes a bounded
number of open pages."""

from __future__ import annotations

import re

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.conftest import SCENARIOS
from tests.e2e.web.clients import TIMEOUT, Facilitator, Socket, caught_up, logged, seat_socket
from tests.e2e.web.server import Server

CAP = 8
ANY = {"pause", "join", "attack", "host", "sponsor", "offer", "accept", "spoil", "concede"}
REFUSED = (ConnectionClosed, InvalidStatus)  # closed before or after the handshake


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("web") / "data", max_pages=CAP).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def class_(server):
    """A started session with a socket on each seat."""
    fac = Facilitator(server)
    room = fac.create(title="Security")
    tokens = fac.tokens(room)
    control = fac.socket(room)
    assert control.send({"type": "start"})["type"] == "ok"
    seats = {seat: seat_socket(server, token) for seat, token in tokens.items()}
    yield fac, room, tokens, control, seats
    for page in [control, *seats.values()]:
        page.close()


def due(seats: dict[str, Socket]) -> tuple[str, str, str]:
    """(seat, decision key, its form's HTML) of the decision now open."""
    for seat, page in seats.items():
        state = page.latest()
        if state["decision"]:
            return seat, state["decision"], state["regions"]["decision"]
    raise AssertionError("no decision is open")


def valid(key: str, form: str) -> dict:
    kind = key.split(":")[1]
    if kind in ("attack", "campaign"):  # a campaign's level: 1 goes on
        return {"count": "1"}
    if kind in ("concede", "sponsor"):
        return {"percent": "0"}
    if kind == "offer":
        issues = re.findall(r'name="v:([a-z_]+)" min="([-0-9.]+)" max="([-0-9.]+)"', form)
        return {issue: str((float(low) + float(high)) / 2) for issue, low, high in issues}
    return {"choice": "yes" if kind in ("host", "join") else "no"}  # talks go on, to offers


def advance_to(class_, kinds: set[str]) -> tuple[str, str, str]:
    """Answer every decision validly until one of ``kinds`` is open."""
    _, _, _, control, seats = class_
    for _ in range(300):
        if not any(page.latest()["decision"] for page in seats.values()):
            reply = control.send({"type": "next"})
            assert reply["type"] == "ok", reply
            caught_up(seats.values(), control)
            continue
        seat, key, form = due(seats)
        if key.split(":")[1] in kinds:
            return seat, key, form
        reply = seats[seat].send({"type": "answer", "key": key, "values": valid(key, form)})
        assert reply["type"] == "ok", reply
        caught_up(seats.values(), seats[seat])
    raise AssertionError(f"no {kinds} decision came")


def refused(class_, seat: str, message: dict | str, says: str) -> None:
    """The message is refused with ``says`` in its error, and nothing reaches the store."""
    fac, room, _, _, seats = class_
    before = logged(fac.server, room)
    reply = seats[seat].send(message)
    assert reply["type"] == "error" and says in reply["text"], reply
    assert logged(fac.server, room) == before


def test_a_token_opens_only_its_own_seat(server, class_):
    _, _, tokens, _, seats = class_
    tehran = httpx.get(f"{server.url}/seat/{tokens['tehran']}", trust_env=False, timeout=TIMEOUT)
    assert tehran.status_code == 200
    assert "You are the Iranian foreign ministry" in tehran.text
    assert "Tehran (your seat" in tehran.text and "Riyadh (your seat" not in tehran.text
    riyadh = httpx.get(f"{server.url}/seat/{tokens['riyadh']}", trust_env=False, timeout=TIMEOUT)
    assert "You are the Iranian foreign ministry" not in riyadh.text
    real = tokens["tehran"]
    near = real[:-1] + ("B" if real.endswith("A") else "A")  # one character off the real token
    for guess in (near, "x" * 24, ""):
        page = httpx.get(f"{server.url}/seat/{guess}", trust_env=False, timeout=TIMEOUT)
        assert page.status_code == 404, guess
    with pytest.raises(REFUSED):
        seat_socket(server, tokens["tehran"][:-1] + "A").receive()
    # a seat cannot answer another seat's decision, even with its key
    seat, key, form = advance_to(class_, {"pause", "join", "attack", "host", "sponsor"})
    other = next(s for s in seats if s != seat)
    refused(
        class_,
        other,
        {"type": "answer", "key": key, "values": valid(key, form)},
        "no decision of yours",
    )


def test_the_facilitator_needs_the_secret(server, class_):
    fac, room, _, _, _ = class_
    plain = httpx.Client(base_url=server.url, trust_env=False, timeout=TIMEOUT)
    assert plain.get("/facilitator").status_code == 403
    assert plain.get("/facilitator", params={"key": "wrong"}).status_code == 403
    forged = httpx.Client(
        base_url=server.url,
        cookies={"crossroads_facilitator": "wrong"},
        trust_env=False,
        timeout=TIMEOUT,
    )
    assert forged.get("/facilitator").status_code == 403
    assert plain.get(f"/facilitator/session/{room}").status_code == 403
    assert plain.get(f"/facilitator/session/{room}/qr/tehran.svg").status_code == 404
    assert plain.get(f"/facilitator/session/{room}/run.zip").status_code == 403
    assert plain.get(f"/facilitator/session/{room}/debrief/files/index.html").status_code == 403
    sessions = sorted((server.data / "sessions").glob("*.sqlite"))
    made = plain.post("/facilitator/sessions", data={"exercise": "iran_saudi_talks.yaml"})
    assert made.status_code == 403
    assert sorted((server.data / "sessions").glob("*.sqlite")) == sessions
    with pytest.raises(REFUSED):
        Socket(server.url.replace("http", "ws") + f"/ws/facilitator/{room}").receive()
    with pytest.raises(REFUSED):
        Socket(server.url.replace("http", "ws") + f"/ws/facilitator/{room}", "wrong").receive()
    # with the secret: the page opens; a seat's socket cannot send a facilitator's action
    assert fac.http.get(f"/facilitator/session/{room}").status_code == 200
    seat, _, _ = due(class_[4])
    refused(class_, seat, {"type": "next"}, "unknown message type")
    refused(class_, seat, {"type": "end"}, "unknown message type")


def test_numbers_out_of_range_are_refused(class_):
    seat, key, _ = advance_to(class_, {"attack"})
    for count, says in (
        ("5000", "out of range"),
        ("-1", "out of range"),
        ("nan", "'nan' is not a number"),
        ("2.5", "2.5 is not a whole number of attacks"),
        ("many", "not a number"),
        (None, "give a number"),
    ):
        refused(class_, seat, {"type": "answer", "key": key, "values": {"count": count}}, says)
    seat, key, form = advance_to(class_, {"offer"})
    issue = re.search(r'name="v:([a-z_]+)"', form).group(1)
    refused(class_, seat, {"type": "answer", "key": key, "values": {issue: "1e9"}}, "out of range")
    refused(
        class_,
        seat,
        {"type": "answer", "key": key, "values": {issue: "inf"}},
        "'inf' is not a number",
    )


def test_unknown_ids_are_refused(class_):
    fac, room, _, control, _ = class_
    seat, key, form = advance_to(class_, {"offer"})
    values = {**valid(key, form), "us_troops_typo": "5"}
    refused(class_, seat, {"type": "answer", "key": key, "values": values}, "unknown issue")
    refused(
        class_, seat, {"type": "answer", "key": "1:offer:-:7", "values": valid(key, form)}, "closed"
    )
    refused(class_, seat, {"type": "launch_missiles"}, "unknown message type")
    refused(class_, seat, "not json", "not a JSON message")
    before = logged(fac.server, room)
    for message, says in (
        ({"type": "release", "id": "no_such_inject"}, "no inject 'no_such_inject'"),
        ({"type": "seat", "actor": "atlantis", "holder": "model"}, "no seat 'atlantis'"),
        ({"type": "seat", "actor": "tehran", "holder": "robot"}, "holder must be"),
        ({"type": "branch", "turn": 999}, "out of range"),
        (
            {
                "type": "write",
                "text": "label: x\nsource: judgement\nreason: r\neffects:\n  - {kind: nope}\n",
            },
            "written inject:5",
        ),
    ):
        reply = control.send(message)
        assert reply["type"] == "error" and says in reply["text"], reply
    assert logged(fac.server, room) == before


def test_oversized_messages_are_refused(server, class_):
    seat, key, form = advance_to(class_, ANY)
    message = {"type": "answer", "key": key, "values": valid(key, form), "reason": "x" * 601}
    refused(class_, seat, message, "too long")
    refused(class_, seat, {"type": "answer", "key": key, "reason": "y" * 9000}, "message too long")
    tokens = class_[2]
    huge = seat_socket(server, tokens["tehran"])
    huge.latest()
    huge.ws.send("z" * 200_000)  # beyond the server's frame limit: the connection is dropped
    with pytest.raises(ConnectionClosed):
        for _ in range(50):
            huge.receive(5)


def test_an_answer_for_a_decision_that_is_over_is_refused(class_):
    _, _, _, _, seats = class_
    seat, key, form = advance_to(class_, ANY)
    assert (
        seats[seat].send({"type": "answer", "key": key, "values": valid(key, form)})["type"] == "ok"
    )
    caught_up(seats.values(), seats[seat])
    now = {s: p.latest()["decision"] for s, p in seats.items()}
    if now[seat] is None:  # the seat has nothing open any more
        refused(
            class_,
            seat,
            {"type": "answer", "key": key, "values": valid(key, form)},
            "no decision of yours",
        )
    else:  # the seat has its next decision open: the old key is refused
        refused(class_, seat, {"type": "answer", "key": key, "values": valid(key, form)}, "closed")


def test_user_text_is_escaped_on_every_page(server, class_):
    fac, _, tokens, _, seats = class_
    script = "<script>alert(1)</script>"
    seat, key, form = advance_to(class_, ANY)
    message = {"type": "answer", "key": key, "values": valid(key, form), "reason": script}
    assert seats[seat].send(message)["type"] == "ok"
    page = httpx.get(f"{server.url}/seat/{tokens[seat]}", trust_env=False, timeout=TIMEOUT).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and script not in page
    assert script not in seats[seat].latest()["regions"]["history"]
    hostile = fac.create(title=f'{script}"><img src=x onerror=alert(2)>')
    home = fac.http.get("/facilitator").text
    session = fac.http.get(f"/facilitator/session/{hostile}").text
    for text in (home, session):
        assert script not in text and "<img src=x" not in text
        assert "&lt;script&gt;" in text


def test_each_seat_takes_a_bounded_number_of_pages(server):
    fac = Facilitator(server)
    room = fac.create(title="Crowded")
    tokens = fac.tokens(room)
    pages = [seat_socket(server, tokens["tehran"]) for _ in range(CAP)]
    for page in pages:
        page.latest()
    extra = seat_socket(server, tokens["tehran"])
    reply = extra.receive()
    assert reply["type"] == "error" and f"at most {CAP} pages" in reply["text"]
    assert "per seat" in reply["text"]
    with pytest.raises(ConnectionClosed):
        extra.receive()
    # Tehran's many tabs lock out neither another seat nor the facilitator
    others = [seat_socket(server, tokens["riyadh"]), fac.socket(room)]
    assert all(page.latest()["type"] == "state" for page in others)
    pages.pop().close()  # one page leaves: another may come in
    again = seat_socket(server, tokens["tehran"])
    assert again.latest()["type"] == "state"
    for page in [*pages, *others, again]:
        page.close()


def test_a_bad_exercise_upload_names_file_line_and_key(server):
    fac = Facilitator(server)
    text = (SCENARIOS / "exercises" / "iran_saudi_talks.yaml").read_text()
    old = "decisions: [propose, join, offer, accept, abandon, defect]"
    bad = text.replace(old, old.replace("defect", "strike"), 1)
    assert bad != text
    sessions = sorted((server.data / "sessions").glob("*.sqlite"))
    response = fac.http.post(
        "/facilitator/sessions",
        files={"upload": ("my_exercise.yaml", bad.encode(), "application/x-yaml")},
    )
    assert response.status_code == 400
    line = bad.splitlines().index(next(x for x in bad.splitlines() if "strike]" in x)) + 1
    assert f"my_exercise.yaml:{line}: seats.riyadh.decisions[5]" in response.text
    assert sorted((server.data / "sessions").glob("*.sqlite")) == sessions
    copy = fac.http.post(
        "/facilitator/sessions",
        files={"upload": ("copy.yaml", text.encode(), "application/x-yaml")},
    )
    assert copy.status_code == 303  # a copy of a shipped exercise finds its scenario


def test_a_written_inject_is_checked_then_released(class_):
    fac, room, _, control, seats = class_
    text = (
        "label: Rockets on Erbil airport\nsource: judgement\nreason: the class's test\n"
        "effects:\n  - {kind: tension, by: 0.1}\n"
    )
    reply = control.send({"type": "write", "text": text})
    assert reply["type"] == "ok" and "Rockets on Erbil airport" in reply["text"]
    injects = [p for kind, p in logged(fac.server, room) if kind == "inject"]
    assert injects[-1]["inject"]["label"] == "Rockets on Erbil airport"
    seat = next(iter(seats))
    seats[seat].until(lambda state: "Rockets on Erbil airport" in state["regions"]["situation"])
