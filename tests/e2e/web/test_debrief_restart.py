"""The debrief through the web server, with the server killed after it is written: the model's
ensemble is computed in the background from the session's start, the debrief is one printable
file too (in the run zip), and a restarted server finds both without computing anything again."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.conftest import SCENARIOS
from tests.e2e.web.clients import Facilitator
from tests.e2e.web.server import Server

RUNS = 10  # the exercise's own ensemble size, so the background one serves the debrief


def _until(found, what: str, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := found():
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come within {seconds} s")


def _exercise() -> bytes:
    text = (SCENARIOS / "exercises" / "iran_saudi_talks.yaml").read_text(encoding="utf-8")
    small = re.sub(r"\n  ensemble: \d+\n", f"\n  ensemble: {RUNS}\n", text, count=1)
    assert small != text
    return small.encode()


def _printed(fac: Facilitator, room: str) -> str:
    response = fac.http.get(f"/facilitator/session/{room}/debrief/files/debrief.html")
    assert response.status_code == 200
    return response.text


def _zipped(fac: Facilitator, room: str) -> set[str]:
    response = fac.http.get(f"/facilitator/session/{room}/run.zip")
    assert response.status_code == 200
    return set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())


def test_the_debrief_is_ready_from_the_background_and_survives_a_kill(tmp_path) -> None:
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        made = fac.http.post(
            "/facilitator/sessions",
            files={"upload": ("small.yaml", _exercise(), "application/x-yaml")},
        )
        assert made.status_code == 303, made.text
        room = made.headers["location"].rsplit("/", 1)[1]
        control = fac.socket(room)
        assert control.send({"type": "start"})["type"] == "ok"  # the class starts
        control.close()
        kept = server.data / "sessions" / "ensembles"
        (ensemble,) = _until(lambda: list(kept.glob(f"*-{RUNS}.npy")), "the background ensemble")
        written = ensemble.stat().st_mtime_ns

        started = fac.http.post(f"/facilitator/session/{room}/debrief", data={"runs": RUNS})
        assert started.status_code == 303
        page = f"/facilitator/session/{room}/debrief"
        _until(lambda: "The debrief is ready" in fac.http.get(page).text, "the debrief")
        printed = _printed(fac, room)
        sources = re.findall(r'src="([^"]+)"', printed)
        assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
        assert "Did each seat get what it wanted?" in printed
        assert f"{room}/debrief.html" in _zipped(fac, room)

        server.kill()
        server.start()
        fac = Facilitator(server)
        assert "The debrief is ready" in fac.http.get(page).text
        assert _printed(fac, room) == printed
        assert f"{room}/debrief.html" in _zipped(fac, room)
        assert list(kept.glob("*.npy")) == [ensemble]  # read, not computed again
        assert ensemble.stat().st_mtime_ns == written
    finally:
        server.stop()
