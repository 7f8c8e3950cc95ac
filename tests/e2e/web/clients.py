"""A page as the server sees it: a WebSocket client that keeps the latest state pushed to it
and sends the messages a page's forms and buttons send; and a facilitator with its cookie."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx
from websockets.sync.client import connect

from tests.e2e.web.server import Server

COOKIE = "crossroads_facilitator"
TIMEOUT = 20  # seconds an HTTP request may take, as a socket waits for its reply: httpx's own
# 5 s is too short for a server rendering beside the parallel suite's other processes


class Socket:
    def __init__(self, url: str, cookie: str | None = None) -> None:
        headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else None
        self.ws = connect(
            url, additional_headers=headers, proxy=None, compression=None, legacy=True
        )
        self.state: dict | None = None

    def receive(self, timeout: float = 20) -> dict:
        message = json.loads(self.ws.recv(timeout))
        if message["type"] == "state":
            self.state = message
        return message

    def latest(self, timeout: float = 20) -> dict:
        """The first state (after connecting), or a newer one when one is waiting."""
        while self.state is None:
            self.receive(timeout)
        try:
            while True:
                self.receive(0.05)
        except TimeoutError:
            pass
        return self.state

    def until(self, holds: Callable[[dict], bool], timeout: float = 20) -> dict:
        """The first state that ``holds``, the latest or one pushed within ``timeout``. What
        another page sent reaches this one after the sender's reply, later still on a loaded
        machine: ``latest`` would read the state from before it."""
        state = self.latest(timeout)
        while not holds(state):
            self.receive(timeout)  # TimeoutError when the state never comes
            state = self.state
        return state

    def send(self, message: dict | str, timeout: float = 20) -> dict:
        """Send; return the reply meant for this page (ok, error or goto). After an ``ok`` the
        server pushes every page the new state: wait for this page's, so ``latest`` never
        shows the state from before the answer, however long the server took to render it."""
        self.ws.send(message if isinstance(message, str) else json.dumps(message))
        while True:
            reply = self.receive(timeout)
            if reply["type"] != "state":
                break
        if reply["type"] == "ok":
            while self.receive(timeout)["type"] != "state":
                pass
        return reply

    def close(self) -> None:
        self.ws.close()


class Facilitator:
    """The facilitator's HTTP client (with the secret's cookie) and sockets."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.secret = (server.data / "secret").read_text().strip()
        self.http = httpx.Client(
            base_url=server.url, cookies={COOKIE: self.secret}, trust_env=False, timeout=TIMEOUT
        )

    def create(
        self, exercise: str = "iran_saudi_talks.yaml", title: str = "", turns: str = "sequential"
    ) -> str:
        """A new session (sequential turns unless asked: the tests of one decision at a time)."""
        response = self.http.post(
            "/facilitator/sessions", data={"exercise": exercise, "title": title, "turns": turns}
        )
        assert response.status_code == 303, response.text
        return response.headers["location"].rsplit("/", 1)[1]

    def tokens(self, room: str) -> dict[str, str]:
        store = self.server.data / "sessions" / f"{room}.sqlite"
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
            (text,) = db.execute("SELECT value FROM meta WHERE key='web_tokens'").fetchone()
        return {seat: token for token, seat in json.loads(text).items()}

    def socket(self, room: str) -> Socket:
        url = self.server.url.replace("http", "ws") + f"/ws/facilitator/{room}"
        return Socket(url, self.secret)


def seat_socket(server: Server, token: str) -> Socket:
    return Socket(server.url.replace("http", "ws") + f"/ws/seat/{token}")


def caught_up(pages: Iterable[Socket], sender: Socket) -> None:
    """Until every page of the session holds the state the sender's reply brought, or a newer
    one: the server pushes the pages one after another, in the order they joined."""
    assert sender.state is not None
    version = sender.state["version"]
    for page in pages:
        page.until(lambda state: state["version"] >= version)


def logged(server: Server, room: str) -> list[tuple[str, dict]]:
    """The session's store, read as it is on disk."""
    store: Path = server.data / "sessions" / f"{room}.sqlite"
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT kind, payload FROM log ORDER BY seq").fetchall()
    return [(kind, json.loads(payload)) for kind, payload in rows]
