"""A whole class in a real browser (Debian's Chromium, headless) on the shipped
us_withdrawal_dialogue exercise with simultaneous turns: the facilitator creates the session
from the form, six seats (one on a phone) send their turn forms at once and the turn runs after
the last; a private message between two seats never reaches a third's page nor its socket; a
proposal accepted in the page is tabled at the next turn; the projector follows; the
facilitator ends the class after two turns and the printable debrief opens. Screenshots go to
docs/classroom/web/ when CROSSROADS_SCREENSHOTS=1."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from tests.e2e.web.server import Server  # noqa: E402
from tests.e2e.web.test_browser import CHROMIUM, WAIT, settle, shots_folder, version  # noqa: E402

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no Chromium at /usr/bin/chromium: install it with `apt-get install -y chromium`",
)
SEATS = ("baghdad", "washington", "tehran", "riyadh", "kataib_hezbollah", "badr")
NAMES = {
    "baghdad": "Baghdad",
    "washington": "Washington",
    "tehran": "Tehran",
    "riyadh": "Riyadh",
    "kataib_hezbollah": "Kataib Hezbollah",
    "badr": "Badr",
}
SECRET = "quince-41 timetable"


def status(page) -> str:
    return page.locator("#status").inner_text()


def send_orders(page, reason: str) -> None:
    form = page.locator("form[data-msg=orders]")
    form.locator("textarea[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()


def test_a_class_plays_simultaneous_turns_in_the_browser(tmp_path):
    shots = shots_folder(tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    server = Server(tmp_path / "data").start()
    try:
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            _play(browser, server, shots)
            browser.close()
    finally:
        server.stop()
    for name in ("orders", "talk", "facilitator", "projector", "debrief_print"):
        assert (shots / f"class_{name}.png").stat().st_size > 10_000, name


def _play(browser, server: Server, shots: Path) -> None:
    fac = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    fac.goto(server.facilitator)
    fac.select_option("select[name=exercise]", "us_withdrawal_dialogue.yaml")
    assert fac.locator("select[name=turns]").input_value() == ""  # as the exercise says
    fac.fill("input[name=title]", "Section B")
    fac.click("form[action='/facilitator/sessions'] button")
    fac.wait_for_url("**/facilitator/session/*")
    fac.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
    links = {
        row.get_attribute("data-seat"): row.locator("a.seat-link").get_attribute("href")
        for row in fac.locator("tr[data-seat]").all()
    }
    assert set(links) == {*SEATS, "erbil"}  # the model casts Erbil's vote
    assert "model" in fac.locator("tr[data-seat=erbil]").inner_text()

    frames: list[str] = []  # every frame Tehran's page receives on its sockets
    seats = {}
    for seat in SEATS:
        phone = seat == "riyadh"
        size = {"width": 390, "height": 844} if phone else {"width": 1200, "height": 900}
        page = browser.new_context(viewport=size).new_page()
        if seat == "tehran":
            page.on(
                "websocket",
                lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))),
            )
        page.goto(server.url + links[seat])
        seats[seat] = page
    for page in seats.values():
        page.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
        page.locator("form[data-msg=orders]").wait_for(timeout=WAIT)
    assert "Turn 1 of 10" in status(fac) and "not started" in status(fac)
    before = version(fac)
    fac.click("button[data-msg=start]")
    settle(fac, before)

    # a private message from Baghdad to Washington
    baghdad, washington, tehran = seats["baghdad"], seats["washington"], seats["tehran"]
    say = baghdad.locator("form[data-msg=say]")
    say.locator("select[name=channel]").select_option("private:baghdad+washington")
    say.locator("textarea[name=text]").fill(SECRET)
    say.locator("button[type=submit]").click()
    box = washington.locator("#talk details[data-channel='private:baghdad+washington']")
    box.locator(".unread:not([hidden])").wait_for(timeout=WAIT)
    box.locator("summary").click()
    assert SECRET in box.locator("ul.messages").inner_text()

    # Baghdad proposes to Washington on the strategic dialogue; Washington accepts in its page
    proposal = baghdad.locator(
        "form[data-msg=propose]:has(input[name=track][value=strategic_dialogue])"
    )
    assert proposal.locator("input[name=to]").get_attribute("value") == "washington"
    for field in proposal.locator("input[type=number]").all():
        low, high = float(field.get_attribute("min")), float(field.get_attribute("max"))
        field.fill(f"{(low + high) / 2:g}")
    proposal.locator("input[name='v:us_troops']").fill("2500")
    proposal.locator("button[type=submit]").click()
    accept = washington.locator("#talk form[data-msg=accept] button")
    accept.wait_for(timeout=WAIT)
    accept.click()
    washington.locator("#talk li[data-status=accepted]").wait_for(timeout=WAIT)
    baghdad.locator("#talk li[data-status=accepted]").wait_for(timeout=WAIT)
    washington.locator("#talk").scroll_into_view_if_needed()
    washington.screenshot(path=shots / "class_talk.png")

    # six seats fill their turn forms; the turn runs only after the last one
    kh = seats["kataib_hezbollah"].locator("form[data-msg=orders] fieldset[data-slot=attack]")
    kh.locator("input[value=order]").check()
    kh.locator("input[name='o:attack']").fill("2")
    offer = washington.locator("form[data-msg=orders] fieldset:has(input[name^='o:'][min])")
    assert offer.count() >= 1
    kh.scroll_into_view_if_needed()
    seats["kataib_hezbollah"].screenshot(path=shots / "class_orders.png")
    turn_before = {seat: version(page) for seat, page in seats.items()}
    order = ["kataib_hezbollah", "washington", "tehran", "riyadh", "baghdad", "badr"]
    for n, seat in enumerate(order[:-1]):
        before = version(fac)
        send_orders(seats[seat], f"orders of {seat}")
        settle(fac, before)
        left = [NAMES[s] for s in order[n + 1 :]]
        fac_status = status(fac)
        assert "waiting for" in fac_status and all(name in fac_status for name in left), fac_status
        assert NAMES[seat] not in fac_status.split("waiting for", 1)[1], fac_status
        sent = fac.locator(f"tr[data-seat={seat}] .tag.sent")
        assert sent.inner_text() == "orders sent", seat  # no name typed: none shown
        seats[seat].locator("#status", has_text="orders sent").wait_for(timeout=WAIT)
        if n == 2:
            fac.screenshot(path=shots / "class_facilitator.png", full_page=True)
    assert "turn done" not in status(fac)
    before = version(fac)
    send_orders(seats["badr"], "orders of badr")
    settle(fac, before)
    fac.locator("#status", has_text="turn done").wait_for(timeout=WAIT)
    for seat, page in seats.items():
        page.locator("#status", has_text="turn done").wait_for(timeout=WAIT)
        assert version(page) > turn_before[seat], seat

    # the accepted proposal was tabled in the turn's round of the strategic dialogue
    news = washington.locator("#news").inner_text()
    assert "settled on the deal of Baghdad (Kadhimi government) and Washington" in news, news

    # Tehran never saw the private message, neither on its page nor on its socket
    assert "quince-41" not in tehran.content()
    assert frames and not any("quince-41" in frame for frame in frames)

    # the projector, opened from the facilitator's link, shows the month and the public news
    with fac.context.expect_page() as opened:
        fac.click("#projector-link")
    screen = opened.value
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.locator("#live h2", has_text="Turn 1").wait_for(timeout=WAIT)
    projected = screen.locator("#live").inner_text()
    assert "2020" in projected or "2021" in projected, projected

    # the next turn: every seat sends its standing orders as shown
    before = version(fac)
    fac.click("button[data-msg=next]")
    settle(fac, before)
    for seat in SEATS:
        seats[seat].locator("form[data-msg=orders]").wait_for(timeout=WAIT)
        send_orders(seats[seat], "as before")
    fac.locator("#status", has_text="turn done").wait_for(timeout=WAIT)
    screen.locator("#live h2", has_text="Turn 2").wait_for(timeout=WAIT)
    screen.screenshot(path=shots / "class_projector.png")

    # the facilitator ends the class after two turns (a debrief of a partial run; the model
    # playing the other eight turns would add half a minute and test nothing new here)
    fac.once("dialog", lambda dialog: dialog.accept())
    fac.click("button[data-msg=end]")
    for page in seats.values():
        page.locator("#status", has_text="the exercise is over").wait_for(timeout=WAIT)

    fac.click("a[href$='/debrief']")
    fac.fill("input[name=runs]", "20")
    fac.click("form[action$='/debrief'] button")
    fac.locator("#debrief-status", has_text="ready").wait_for(timeout=120_000)
    printable = fac.locator("a[href$='debrief.html']").get_attribute("href")
    printed = fac.context.new_page()
    printed.goto(server.url + printable)
    text = printed.locator("body").inner_text()
    assert "Did each seat get what it wanted?" in text
    # the deal the class tabled, by the names the class read (no track or issue ids)
    assert "2020-05 US-Iraq strategic dialogue: US troops in Iraq 2,500" in text
    assert "strategic_dialogue" not in text and "us_troops" not in text
    table = printed.locator("table:has(th:text-is('runs worse'))")
    assert table.locator("tr").count() == 1 + len(SEATS) + 1  # and Erbil, played by the model
    for name in [*NAMES.values(), "Erbil"]:
        assert name in table.inner_text(), name
    printed.locator("h2", has_text="Did each seat get what it wanted?").evaluate(
        "h => h.scrollIntoView()"
    )
    printed.screenshot(path=shots / "class_debrief_print.png")
