"""A refused request leaves nothing behind and is answered as one: refused uploads and written
injects are not kept in the data folder, a binary frame on a page's socket gets an error and
the socket stays open, and a debrief asked with runs out of range is a 400 with the reason."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.conftest import SCENARIOS
from tests.e2e.web.clients import Facilitator, seat_socket
from tests.e2e.web.server import Server

TALKS = (SCENARIOS / "exercises" / "iran_saudi_talks.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("web") / "data").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def room(server):
    fac = Facilitator(server)
    made = fac.create(title="Leftovers")
    control = fac.socket(made)
    assert control.send({"type": "start"})["type"] == "ok"
    yield fac, made, control
    control.close()


def _files(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _mutated(text: str, cut: int, junk: str) -> str:
    """The shipped exercise cut short and followed by junk: mostly not a valid exercise."""
    return text[: cut % (len(text) + 1)] + junk


@settings(max_examples=25, deadline=None)
@given(cut=st.integers(0, 10_000), junk=st.text(max_size=40))
def test_a_refused_upload_is_not_kept(server, cut: int, junk: str) -> None:
    fac = Facilitator(server)
    content = _mutated(TALKS, cut, junk)
    response = fac.http.post(
        "/facilitator/sessions",
        files={"upload": ("fuzzed.yaml", content.encode(), "application/x-yaml")},
    )
    uploads = server.data / "uploads"
    if response.status_code == 400:
        assert "fuzzed.yaml" in response.text
        assert _files(uploads) == []
    else:  # a cut that happens to leave a valid exercise makes a session that keeps its file
        assert response.status_code == 303
        for path in list(uploads.rglob("*.yaml")):
            path.unlink()
            path.parent.rmdir()


@settings(max_examples=25, deadline=None)
@given(text=st.one_of(st.text(max_size=200), st.just("label: [unclosed"), st.just("effects: 3")))
def test_a_refused_written_inject_is_not_kept(server, room, text: str) -> None:
    _, made, control = room
    reply = control.send({"type": "write", "text": text})
    assert reply["type"] == "error" and reply["text"]
    assert _files(server.data / "injects") in ([], [made])  # the folder itself at most


def test_a_binary_frame_gets_an_error_and_the_socket_stays(server, room) -> None:
    fac, made, control = room
    token = next(iter(fac.tokens(made).values()))
    page = seat_socket(server, token)
    page.latest()
    for frame in (b"\x00\xff\x10", b'{"type": "hello"}'):
        page.ws.send(frame)
        while (reply := page.receive())["type"] == "state":
            pass
        assert reply == {
            "type": "error",
            "text": "page: messages are JSON text; a binary frame was ignored",
        }
    assert page.send({"type": "nonsense"})["type"] == "error"  # still served
    control.ws.send(b"\x01")
    while (reply := control.receive())["type"] == "state":
        pass
    assert reply["type"] == "error"
    assert control.send({"type": "pause"})["type"] == "ok"
    page.close()


@pytest.mark.parametrize("runs", ["9", "5001", "-3"])
def test_a_debrief_with_runs_out_of_range_is_a_400(server, room, runs: str) -> None:
    fac, made, _ = room
    response = fac.http.post(f"/facilitator/session/{made}/debrief", data={"runs": runs})
    assert response.status_code == 400
    assert f"model runs must be between 10 and 5000, got {runs}" in response.text
    assert _files(server.data / "debriefs") == []
