"""The projector in a real browser (Debian's Chromium, headless): it fills a 1920x1080 and a
1280x720 screen without scrolling, its script follows the session to the next turn without a
reload, and its screenshot is taken (written to docs/classroom/web/ when
CROSSROADS_SCREENSHOTS=1)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from tests.e2e.web.clients import Facilitator  # noqa: E402
from tests.e2e.web.server import Server  # noqa: E402
from tests.e2e.web.test_browser import CHROMIUM, WAIT, shots_folder  # noqa: E402

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no Chromium at /usr/bin/chromium: install it with `apt-get install -y chromium`",
)


def test_the_projector_fills_the_screen_and_follows_the_turns(tmp_path):
    shots = shots_folder(tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create(exercise="us_withdrawal_dialogue.yaml", title="Section A")
        page = fac.http.get(f"/facilitator/session/{room}").text
        link = re.search(r'href="(/projector/[A-Za-z0-9_-]+)"', page).group(1)
        control = fac.socket(room)
        for seat in fac.tokens(room):
            assert control.send({"type": "seat", "actor": seat, "holder": "model"})["type"] == "ok"
        assert control.send({"type": "start"})["type"] == "ok"
        assert control.send({"type": "next"})["type"] == "ok"
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            for width, height in ((1920, 1080), (1280, 720)):
                screen = browser.new_page(viewport={"width": width, "height": height})
                screen.goto(server.url + link)
                screen.locator("#live h2", has_text="Turn 2").wait_for(timeout=WAIT)
                size = screen.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
                )
                assert size == [width, height], (width, height)
            screen.evaluate("window.__sameDocument = true")
            assert control.send({"type": "next"})["type"] == "ok"
            screen.locator("#live h2", has_text="Turn 3").wait_for(timeout=WAIT)
            assert screen.evaluate("window.__sameDocument === true")  # no reload
            screen.set_viewport_size({"width": 1920, "height": 1080})
            screen.screenshot(path=shots / "projector.png")
            browser.close()
        control.close()
    finally:
        server.stop()
    assert (shots / "projector.png").stat().st_size > 10_000
