"""The web classroom in a real browser (Debian's Chromium, headless, driven by Playwright): a
facilitator and three seats in separate browser contexts play several turns against the server
on 127.0.0.1; pushes reach every seat without a reload; a seat's token opens only its seat; an
inject appears on every seat; a kill -9 and restart in the middle of a turn loses nothing; the
debrief opens; a screenshot of each page is taken (and written to docs/classroom/web/ when
CROSSROADS_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from tests.e2e.web.server import Server  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no Chromium at /usr/bin/chromium: install it with `apt-get install -y chromium`",
)
SEATS = ("tehran", "riyadh", "kataib_hezbollah")  # Baghdad is handed to the model
WAIT = 20_000  # ms


def shots_folder(tmp_path: Path) -> Path:
    if os.environ.get("CROSSROADS_SCREENSHOTS") == "1":
        return ROOT / "docs" / "classroom" / "web"
    return tmp_path / "screenshots"


def version(page) -> int:
    return int(page.evaluate("document.body.dataset.version || 0"))


def settle(page, before: int) -> None:
    """Wait until the page has received a state newer than ``before``."""
    page.wait_for_function("v => +document.body.dataset.version > v", arg=before, timeout=WAIT)


def answer(page, n: int) -> None:
    """Fill the seat's open form as a student would and send it."""
    form = page.locator("form[data-msg=answer]")
    if form.locator("input[type=radio]").count():
        form.locator(f"input[value={'yes' if n % 2 else 'no'}]").check()
    for box in form.locator("input[type=number]").all():
        if box.get_attribute("name") == "count":
            box.fill(str(n % 3))  # attacks this month
        elif box.get_attribute("name") == "percent":
            box.fill("10")
        else:  # an offer: the middle of the range
            low, high = float(box.get_attribute("min")), float(box.get_attribute("max"))
            box.fill(f"{(low + high) / 2:g}")
    form.locator("textarea[name=reason]").fill(f"reason {n} <b>not bold</b>")
    form.locator("button[type=submit]").click()


def sync(fac, seats: dict) -> None:
    """Every seat page has the state the facilitator's page has."""
    for page in seats.values():
        page.wait_for_function(
            "v => +document.body.dataset.version >= v", arg=version(fac), timeout=WAIT
        )


def open_form(seats: dict):
    return next((p for p in seats.values() if p.locator("form[data-msg=answer]").count()), None)


def form_key(page) -> str | None:
    form = page.locator("form[data-msg=answer]")
    return form.get_attribute("data-key") if form.count() else None


def play_until(fac, seats: dict, stop) -> int:
    """Answer whichever seat has a form open, open the next turn when the turn is done, until
    ``stop()``; returns the number of answers given."""
    given = 0
    for _ in range(400):
        if stop():
            return given
        before = version(fac)
        mover = open_form(seats)
        if mover is not None:
            answer(mover, given)
            given += 1
        elif "turn done" in fac.locator("#status").inner_text():
            fac.click("button[data-msg=next]")
        else:
            fac.wait_for_timeout(100)
            continue
        settle(fac, before)
        sync(fac, seats)
    raise AssertionError("play did not reach its goal")


def turn_of(fac) -> int:
    return int(fac.locator("#status").inner_text().split()[1])


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


def test_a_class_plays_in_the_browser(browser, tmp_path):
    shots = shots_folder(tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    server = Server(tmp_path / "data").start()
    try:
        _play(browser, server, shots)
    finally:
        server.stop()
    for name in ("facilitator", "seat_decision", "seat_phone", "debrief"):
        assert (shots / f"{name}.png").stat().st_size > 10_000, name


def _play(browser, server: Server, shots: Path) -> None:
    fac = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    fac.goto(server.facilitator)
    fac.select_option("select[name=exercise]", "iran_saudi_talks.yaml")
    fac.select_option("select[name=turns]", "sequential")  # one decision at a time
    fac.fill("input[name=title]", "Section A <Tuesday>")
    fac.click("form[action='/facilitator/sessions'] button")
    fac.wait_for_url("**/facilitator/session/*")
    assert fac.locator("h1").first.inner_text() == "Section A <Tuesday>"  # escaped, as typed
    fac.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)

    links = {
        row.get_attribute("data-seat"): row.locator("a.seat-link").get_attribute("href")
        for row in fac.locator("tr[data-seat]").all()
    }
    assert set(links) == {"baghdad", *SEATS} and len(set(links.values())) == 4
    qr = fac.request.get(server.url + fac.locator("img.qr").first.get_attribute("src"))
    assert qr.ok and b"<svg" in qr.body()

    seats = {}
    for seat in SEATS:
        size = {"width": 390, "height": 844} if seat == "riyadh" else {"width": 1100, "height": 900}
        page = browser.new_context(viewport=size).new_page()
        page.goto(server.url + links[seat])
        page.evaluate("window.__sameDocument = true")
        seats[seat] = page
    for page in seats.values():
        page.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
    # the facilitator sees who has joined
    fac.wait_for_function(
        "[...document.querySelectorAll('td.joined')].map(t => t.textContent).join() === '0,1,1,1'",
        timeout=WAIT,
    )

    # a token opens its own seat only: private briefings stay private
    tehran_text = seats["tehran"].locator("main").inner_text()
    assert "You are the Iranian foreign ministry" in tehran_text
    assert "Riyadh (your seat" not in tehran_text and "Tehran (your seat" in tehran_text
    riyadh_text = seats["riyadh"].locator("main").inner_text()
    assert "You are the Iranian foreign ministry" not in riyadh_text
    wrong = fac.context.new_page()
    response = wrong.goto(server.url + links["tehran"][:-2] + "xx")
    assert response.status == 404 and "opens no seat" in wrong.inner_text("main")
    wrong.close()

    # Baghdad is absent: the facilitator hands the seat to the model; then the clock starts
    before = version(fac)
    fac.locator("tr[data-seat=baghdad] form.handover button").click()
    settle(fac, before)
    assert "model (seat empty)" in fac.locator("tr[data-seat=baghdad]").inner_text()
    fac.click("button[data-msg=start]")
    fac.wait_for_function("!document.querySelector('#status').textContent.includes('not started')")

    first = {seat: version(page) for seat, page in seats.items()}
    given = play_until(fac, seats, lambda: turn_of(fac) >= 3)
    assert given >= 4
    for seat, page in seats.items():  # pushed, never reloaded
        assert page.evaluate("window.__sameDocument === true"), seat
        assert version(page) > first[seat] + given, seat
    # each seat's history holds its own choices, the reasons shown as typed, never as HTML
    for page in (seats["tehran"], seats["kataib_hezbollah"]):  # they decide every month
        assert "<b>not bold</b>" in page.locator("#history").inner_text()
        assert page.locator("#history b").count() == 0

    # an inject from the menu appears on every seat without a reload
    fac.select_option("form[data-msg=release] select", "neighbours_summit")
    fac.click("form[data-msg=release] button")
    for page in seats.values():
        page.locator("#situation", has_text="Baghdad summit of neighbours").wait_for(timeout=WAIT)
        assert page.evaluate("window.__sameDocument === true")

    # in the middle of a turn (answers given in it, a decision still open): kill -9, restart
    for _ in range(30):
        play_until(fac, seats, lambda: open_form(seats) is not None)
        turn = turn_of(fac)
        before = version(fac)
        answer(open_form(seats), 99)
        settle(fac, before)
        sync(fac, seats)
        if open_form(seats) is not None:  # the answer did not close the turn
            break
    else:
        raise AssertionError("every answer closed its turn")
    assert turn_of(fac) == turn
    saved = {seat: page.locator("#history").inner_text() for seat, page in seats.items()}
    waiting = {seat: form_key(page) for seat, page in seats.items()}
    overview = fac.locator("table.seats").inner_text()
    assert "reason 99" in "".join(saved.values())
    assert sum(key is not None for key in waiting.values()) == 1

    server.kill()
    for page in [fac, *seats.values()]:
        page.locator("#conn").wait_for(state="visible", timeout=WAIT)
    server.start()
    for page in [fac, *seats.values()]:
        page.locator("#conn").wait_for(state="hidden", timeout=WAIT)
        page.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
    for seat, page in seats.items():
        assert page.evaluate("window.__sameDocument === true"), seat
        assert page.locator("#history").inner_text() == saved[seat], seat
        assert form_key(page) == waiting[seat], seat
    assert turn_of(fac) == turn
    assert fac.locator("table.seats").inner_text() == overview
    assert "Baghdad summit of neighbours" in seats["riyadh"].locator("#situation").inner_text()

    # play on after the restart, to the end of the next turn
    play_until(fac, seats, lambda: turn_of(fac) > turn)

    play_until(fac, seats, lambda: form_key(seats["tehran"]) is not None)
    fac.screenshot(path=shots / "facilitator.png", full_page=True)
    seats["tehran"].screenshot(path=shots / "seat_decision.png", full_page=True)
    seats["riyadh"].screenshot(path=shots / "seat_phone.png")

    # end the session, write the debrief (a small ensemble) and download the run folder
    fac.once("dialog", lambda dialog: dialog.accept())
    fac.click("button[data-msg=end]")
    for page in seats.values():
        page.locator("#status", has_text="the exercise is over").wait_for(timeout=WAIT)
    fac.click("a[href$='/debrief']")
    fac.fill("input[name=runs]", "10")
    fac.click("form[action$='/debrief'] button")
    fac.locator("#debrief-status", has_text="ready").wait_for(timeout=120_000)
    frame = fac.frame_locator("iframe.report")
    frame.locator("img").first.wait_for(timeout=WAIT)
    fac.screenshot(path=shots / "debrief.png", full_page=True)
    with fac.expect_download() as download:
        fac.click("a[href$='run.zip']")
    archive = download.value.path()
    names = zipfile.ZipFile(archive).namelist()
    assert any(n.endswith("choices.jsonl") for n in names)
    assert any(n.endswith("series.csv") or n.endswith(".csv") for n in names)


def test_the_clock_and_the_branch_field_follow_the_turns(browser, tmp_path):
    """A turn done is never shown 'late' however long the class talks before the next; the
    branch field's bound follows the turn without a reload (it kept the page load's)."""
    from tests.conftest import SCENARIOS
    from tests.e2e.web.clients import Facilitator

    text = (SCENARIOS / "exercises" / "iran_saudi_talks.yaml").read_text()
    quick = text.replace("deadline_minutes: 3", "deadline_minutes: 0.02")  # 1.2 s
    server = Server(tmp_path / "data").start()
    try:
        made = Facilitator(server).http.post(
            "/facilitator/sessions",
            files={"upload": ("quick.yaml", quick.encode(), "application/x-yaml")},
            data={"turns": "sequential"},
        )
        assert made.status_code == 303, made.text
        fac = browser.new_context().new_page()
        fac.goto(server.facilitator)
        fac.goto(server.url + made.headers["location"])
        fac.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
        for seat in ("baghdad", "riyadh", "tehran", "kataib_hezbollah"):  # the model plays
            before = version(fac)
            fac.locator(f"tr[data-seat={seat}] form.handover button").click()
            settle(fac, before)
        fac.click("button[data-msg=start]")
        fac.wait_for_function("document.querySelector('#status').textContent.includes('done')")
        fac.wait_for_timeout(2500)  # past the deadline
        assert fac.locator("#clock").inner_text() == "turn done"
        field = fac.locator("form[data-msg=branch] input[name=turn]")
        assert field.get_attribute("max") == "1"
        for turn in (2, 3):
            before = version(fac)
            fac.click("button[data-msg=next]")
            settle(fac, before)
            fac.wait_for_function(
                f"+document.querySelector('#status').textContent.split(' ')[1] === {turn}"
            )
        assert field.get_attribute("max") == "3" and field.input_value() == "3"
    finally:
        server.stop()


def test_an_answer_sent_while_disconnected_goes_when_the_server_is_back(browser, tmp_path):
    """The page said 'trying again' and dropped the answer; now it keeps it and sends it once
    the connection is back."""
    from tests.e2e.web.clients import Facilitator, logged

    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create()
        control = fac.socket(room)
        assert control.send({"type": "start"})["type"] == "ok"
        control.close()
        pages = {}
        for actor, token in fac.tokens(room).items():
            page = browser.new_context().new_page()
            page.goto(f"{server.url}/seat/{token}")
            page.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
            pages[actor] = page
        page = open_form(pages)
        server.kill()
        page.wait_for_function("document.body.dataset.connected === '0'", timeout=WAIT)
        answer(page, 1)
        assert "when the connection is back" in page.locator("#message").inner_text()
        assert [k for k, _ in logged(server, room) if k == "answer"] == []
        server.start()
        page.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
        page.wait_for_function("document.getElementById('message').className === 'message ok'")
        answers = [p for k, p in logged(server, room) if k == "answer"]
        assert len(answers) == 1 and answers[0]["reason"] == "reason 1 <b>not bold</b>"
    finally:
        server.stop()


def test_the_model_advice_appears_and_goes_on_an_open_form(browser, tmp_path):
    """The facilitator shows the model's answer: the open form's lines change at once, and what
    the student has typed stays."""
    from tests.e2e.web.clients import Facilitator

    server = Server(tmp_path / "data").start()
    try:
        fac = Facilitator(server)
        room = fac.create()
        control = fac.socket(room)
        assert control.send({"type": "start"})["type"] == "ok"
        pages = {}
        for actor, token in fac.tokens(room).items():
            page = browser.new_context().new_page()
            page.goto(f"{server.url}/seat/{token}")
            page.wait_for_function("document.body.dataset.connected === '1'", timeout=WAIT)
            pages[actor] = page
        page = open_form(pages)
        lines = page.locator("form[data-msg=answer] ul.numbers")
        assert "the model" not in lines.inner_text()
        page.fill("textarea[name=reason]", "still typing")
        before = version(page)
        assert control.send({"type": "advice_on"})["type"] == "ok"
        settle(page, before)
        assert "the model" in lines.inner_text()
        assert page.input_value("textarea[name=reason]") == "still typing"
        before = version(page)
        assert control.send({"type": "advice_off"})["type"] == "ok"
        settle(page, before)
        assert "the model" not in lines.inner_text()
        control.close()
    finally:
        server.stop()
