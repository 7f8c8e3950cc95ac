"""Talk in a real browser (Debian's Chromium, headless): a seat writes to another in their
private channel and it appears on the other's page without a reload, marked unread, shown as
text; a third seat's page never shows it; a proposal sent from the form is accepted with a
click on the other's page."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from tests.e2e.web.clients import Facilitator, logged  # noqa: E402
from tests.e2e.web.server import Server  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no Chromium at /usr/bin/chromium: install it with `apt-get install -y chromium`",
)
WAIT = 20_000  # ms
SECRET = "zebra-7 <b>timetable</b>"


def test_a_private_message_reaches_its_seat_live_and_no_other(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create("us_withdrawal_dialogue.yaml", title="Talk")
        tokens = fac.tokens(room)
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            pages = {}
            for seat in ("baghdad", "washington", "tehran"):
                page = browser.new_context().new_page()
                page.goto(f"{server.url}/seat/{tokens[seat]}")
                page.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
                pages[seat] = page
            sender = pages["baghdad"]
            form = sender.locator("form[data-msg=say]")
            form.locator("select[name=channel]").select_option("private:baghdad+washington")
            form.locator("textarea[name=text]").fill(SECRET)
            form.locator("button[type=submit]").click()
            reader = pages["washington"]
            box = reader.locator("#talk details[data-channel='private:baghdad+washington']")
            box.locator(".unread:not([hidden])").wait_for(timeout=WAIT)
            assert box.locator(".unread").inner_text() == "1 new"
            box.locator("summary").click()
            assert SECRET in box.locator("ul.messages").inner_text()  # as text, not bold
            assert box.locator("b").count() == 0
            assert form.locator("textarea[name=text]").input_value() == ""
            third = pages["tehran"]
            third.wait_for_function(
                "v => +document.body.dataset.version >= v",
                arg=int(reader.evaluate("document.body.dataset.version")),
                timeout=WAIT,
            )
            assert "zebra-7" not in third.content()

            proposal = reader.locator(
                "form[data-msg=propose]:has(input[name=track][value=strategic_dialogue])"
            )
            assert proposal.locator("input[name=to]").get_attribute("value") == "baghdad"
            proposal.locator("input[name='v:us_troops']").fill("2500")
            proposal.locator("button[type=submit]").click()
            accept = sender.locator("#talk form[data-msg=accept] button")
            accept.wait_for(timeout=WAIT)
            accept.click()
            sender.locator("#talk li[data-status=accepted]").wait_for(timeout=WAIT)
            browser.close()
        kinds = [kind for kind, _ in logged(server, room)]
        assert kinds.count("reply") == 1 and "inject" in kinds
    finally:
        server.stop()
