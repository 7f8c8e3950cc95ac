"""The facilitator's actions over the page's socket, against a real server: pause and resume
reach every seat and the store, a branch is a new session with new links, a seat handed to the
model is answered by it, the end closes the seats for answers."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.e2e.web.clients import Facilitator, logged, seat_socket
from tests.e2e.web.server import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("web") / "data").start()
    yield running
    running.stop()


def test_pause_resume_branch_handover_and_end(server):
    fac = Facilitator(server)
    room = fac.create(title="Actions")
    tokens = fac.tokens(room)
    control = fac.socket(room)
    pages = {seat: seat_socket(server, token) for seat, token in tokens.items()}
    assert all(page.latest()["paused"] for page in pages.values())  # not started yet

    assert control.send({"type": "start"})["text"] == "The clock runs."
    for page in pages.values():  # pushed to each page after the facilitator's reply
        page.until(lambda state: not state["paused"])
    assert control.send({"type": "pause"})["text"] == "Paused."
    for page in pages.values():
        page.until(lambda state: state["paused"])
    assert control.send({"type": "resume"})["type"] == "ok"
    kinds = [kind for kind, _ in logged(server, room)]
    assert kinds.count("pause") == 2 and kinds.count("resume") == 2  # the first at creation

    waiting = next(seat for seat, page in pages.items() if page.latest()["decision"])
    reply = control.send({"type": "seat", "actor": waiting, "holder": "model"})
    assert reply["type"] == "ok"
    answers = [p for kind, p in logged(server, room) if kind == "answer"]
    assert answers[0]["actor"] == waiting and answers[0]["by"] == "model: seat empty"
    pages[waiting].until(lambda state: not state["decision"])

    reply = control.send({"type": "branch", "turn": 1})
    assert reply["type"] == "goto"
    branch = reply["url"].rsplit("/", 1)[1]
    assert branch != room and set(fac.tokens(branch)) == set(tokens)  # the same seats
    assert set(fac.tokens(branch).values()).isdisjoint(tokens.values())  # new links
    assert ("branch", {"parent": str(server.data / "sessions" / f"{room}.sqlite"), "turn": 1}) in (
        logged(server, branch)
    )

    seat, key = next(
        (seat, page.latest()["decision"])
        for seat, page in pages.items()
        if page.latest()["decision"]
    )
    assert control.send({"type": "end"})["type"] == "ok"
    for page in pages.values():
        page.until(lambda state: state["ended"])
    assert pages[seat].latest()["decision"] is None  # no form on an ended session
    refused = pages[seat].send({"type": "answer", "key": key, "values": {"choice": "no"}})
    assert refused["type"] == "error" and "ended" in refused["text"]
    for socket in [control, *pages.values()]:
        socket.close()


def test_answers_before_start_and_while_paused_are_refused_and_not_stored(server):
    fac = Facilitator(server)
    room = fac.create(title="Too early")
    control = fac.socket(room)
    pages = {seat: seat_socket(server, token) for seat, token in fac.tokens(room).items()}
    seat, key = next(
        (s, p.latest()["decision"]) for s, p in pages.items() if p.latest()["decision"]
    )
    yes_no = ("pause", "host", "join", "propose", "seek", "abandon", "defect")
    values = {"choice": "no"} if key.split(":")[1] in yes_no else {"count": 0}
    if key.split(":")[1] in ("concede", "sponsor"):
        values = {"percent": 0}
    refused = pages[seat].send({"type": "answer", "key": key, "values": values})
    assert refused == {
        "type": "error",
        "text": "answer: the facilitator has not started the session; nothing was recorded",
    }
    assert control.send({"type": "start"})["type"] == "ok"
    assert control.send({"type": "pause"})["type"] == "ok"
    refused = pages[seat].send({"type": "answer", "key": key, "values": values})
    assert refused["type"] == "error" and "paused: nothing was recorded" in refused["text"]
    assert [kind for kind, _ in logged(server, room) if kind == "answer"] == []
    assert control.send({"type": "resume"})["type"] == "ok"
    assert pages[seat].send({"type": "answer", "key": key, "values": values})["type"] == "ok"
    assert [kind for kind, _ in logged(server, room)].count("answer") == 1
    for socket in [control, *pages.values()]:
        socket.close()


def test_the_facilitator_reads_last_events_as_news_with_the_models_log_behind_details(server):
    """Issue 19: "Last events" was the raw model log ("draw 0.063 < p 0.149", "choice True")."""
    import re

    fac = Facilitator(server)
    room = fac.create(title="News")
    control = fac.socket(room)
    for seat in fac.tokens(room):  # the model plays every seat: a turn completes by itself
        assert control.send({"type": "seat", "actor": seat, "holder": "model"})["type"] == "ok"
    assert control.send({"type": "start"})["type"] == "ok"
    for _ in range(3):
        control.send({"type": "next"})
    overview = control.latest()["regions"]["overview"]
    news = re.search(r'<table class="news">(.*?)</table>', overview, re.S)
    assert news is not None
    rows = re.findall(r"<tr><td>([0-9-]+)</td><td>(.*?)</td></tr>", news.group(1))
    assert rows, "no news after three turns"
    texts = [text for _, text in rows]
    assert not [t for t in texts if "draw" in t or "choice" in t or "_" in t]  # no ids, no dice
    assert "<details" in overview and "last records and reasons" in overview
    control.close()
