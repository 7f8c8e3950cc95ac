"""The web classroom's routes: the facilitator's pages (behind the facilitator's secret), a
page per seat at ``/seat/<token>``, one WebSocket per open page, the debrief and the run folder.

Every action goes to the session of :mod:`sim.classroom`; everything a page sends is checked
(:mod:`sim.web.forms`) before it reaches the session. The session is driven from the event
loop's one thread: a step of the model takes milliseconds, and the session is not shared
between threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import io
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import segno
from fastapi import FastAPI, Form, Request, UploadFile, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from sim.classroom.briefing import private_briefing, public_briefing
from sim.classroom.talk import FACILITATOR
from sim.errors import InputError
from sim.paths import SCENARIOS
from sim.web import forms
from sim.web import talk as web_talk
from sim.web.ensembles import Ensembles
from sim.web.live import Page, Pages
from sim.web.projector import Projector
from sim.web.rooms import Room, Rooms

HERE = Path(__file__).parent
COOKIE = "crossroads_facilitator"
MAX_UPLOAD = 200_000  # bytes of an uploaded exercise file
TICK_SECONDS = 0.5  # how often missed deadlines are looked for
SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def shipped_exercises() -> list[tuple[str, str]]:
    """(file name, title) of the exercises in scenarios/exercises/."""
    from sim.classroom.spec import load_exercise

    found = []
    for path in sorted((SCENARIOS / "exercises").glob("*.yaml")):
        exercise, _ = load_exercise(path)
        found.append((path.name, exercise.meta.title))
    return found


def create_app(data: Path, max_pages: int = 60) -> FastAPI:
    """The application over the sessions kept in ``data``."""
    rooms = Rooms(data)
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
    )
    pages = Pages(env, max_pages)
    shipped = shipped_exercises()
    briefs: dict[str, tuple] = {}
    running: set[asyncio.Task] = set()  # debriefs being written (a reference keeps each alive)
    ensembles = Ensembles(rooms.data / "sessions" / "ensembles")  # computed while classes play

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        ticker = asyncio.create_task(watch_deadlines())
        for room in rooms.rooms.values():
            if room.started and room.debrief != "done":  # one on disk is read, not rerun
                ensembles.start(room.session)
        yield
        ticker.cancel()
        ensembles.close()
        rooms.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.rooms = rooms
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(template: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(context), status_code=status)

    def notice(heading: str, text: str, status: int) -> HTMLResponse:
        return page("notice.html", status, heading=heading, text=text)

    def facilitator(request: Request | WebSocket) -> bool:
        given = request.cookies.get(COOKIE, "")
        return hmac.compare_digest(given.encode(), rooms.secret.encode())

    def room_or_none(room_id: str) -> Room | None:
        return rooms.rooms.get(room_id)

    def briefing_of(room: Room, seat: str):
        key = room.id
        if key not in briefs:
            session = room.session
            briefs[key] = (
                public_briefing(session.exercise, session.base),
                {
                    s: private_briefing(session.exercise, session.base, s)
                    for s in room.tokens.values()
                },
            )
        public, private = briefs[key]
        return public.blocks, private[seat].blocks

    async def watch_deadlines() -> None:
        """A seat past its deadline is answered by the model (marked so), and pages learn it."""
        while True:
            await asyncio.sleep(TICK_SECONDS)
            for room in list(rooms.rooms.values()):
                if room.ended:
                    continue
                try:
                    moved = room.session.tick()
                except Exception as error:  # keep the other sessions going
                    print(f"session {room.id}: {error}", file=sys.stderr)
                    continue
                if moved:
                    await pages.push(room)

    # -- pages --------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    async def index() -> HTMLResponse:
        return notice(
            "Crossroads classroom",
            "Students: open the link of your seat that the facilitator gave you.",
            200,
        )

    @app.get("/facilitator", response_class=HTMLResponse)
    async def home(request: Request, key: str = "", error: str = "") -> Response:
        if key:
            if not hmac.compare_digest(key.encode(), rooms.secret.encode()):
                return notice("Not allowed", "This is not the facilitator's address.", 403)
            response = RedirectResponse("/facilitator", status_code=303)
            response.set_cookie(COOKIE, rooms.secret, httponly=True, samesite="strict")
            return response
        if not facilitator(request):
            return notice(
                "Not allowed", "Open the facilitator's address printed by the server.", 403
            )
        listed = sorted(rooms.rooms.values(), key=lambda r: r.id)
        return page("home.html", rooms=listed, shipped=shipped, problems=rooms.problems)

    @app.post("/facilitator/sessions")
    async def create(
        request: Request,
        exercise: str = Form(""),
        title: str = Form(""),
        turns: str = Form(""),
        upload: UploadFile | None = None,
    ) -> Response:
        if not facilitator(request):
            return notice("Not allowed", "The facilitator's secret is needed.", 403)
        path: Path | None = None
        try:
            path = await exercise_file(exercise, upload)
            room = rooms.create(path, title.strip()[:80], turns or None)
        except InputError as error:
            if path is not None and path.parent.parent == rooms.data / "uploads":
                shutil.rmtree(path.parent, ignore_errors=True)  # a refused upload is not kept
            listed = sorted(rooms.rooms.values(), key=lambda r: r.id)
            return page(
                "home.html", 400, rooms=listed, shipped=shipped, problems=[], error=str(error)
            )
        return RedirectResponse(f"/facilitator/session/{room.id}", status_code=303)

    async def exercise_file(name: str, upload: UploadFile | None) -> Path:
        """A shipped exercise by name, or an upload saved in the data folder."""
        if upload is not None and upload.filename:
            content = await upload.read(MAX_UPLOAD + 1)
            if len(content) > MAX_UPLOAD:
                raise InputError(
                    f"the file is larger than {MAX_UPLOAD // 1000} kB", upload.filename
                )
            stem = SAFE_NAME.sub("_", Path(upload.filename).stem)[:40] or "exercise"
            folder = Path(tempfile.mkdtemp(prefix="", dir=rooms.data / "uploads"))
            path = folder / f"{stem}.yaml"
            from sim.classroom.spec import load_exercise

            try:
                path.write_bytes(content)
                load_exercise(path)  # errors name the uploaded file's line and key
            except BaseException as error:
                shutil.rmtree(folder, ignore_errors=True)
                if isinstance(error, InputError):
                    error.file = upload.filename
                raise
            return path
        names = dict(shipped)
        if name not in names:
            raise InputError("pick a shipped exercise or upload a file", "exercise")
        return SCENARIOS / "exercises" / name

    @app.get("/facilitator/session/{room_id}", response_class=HTMLResponse)
    async def session_page(request: Request, room_id: str) -> Response:
        room = room_or_none(room_id)
        if not facilitator(request):
            return notice("Not allowed", "The facilitator's secret is needed.", 403)
        if room is None:
            return notice("No such session", "This session does not exist.", 404)
        from sim.web.views import facilitator_page

        context = facilitator_page(room, pages.connected(room))
        context["talk"] = web_talk.pane(room, FACILITATOR)
        return page("facilitator.html", projector=projector.token(room), **context)

    @app.get("/facilitator/session/{room_id}/qr/{seat}.svg")
    async def qr(request: Request, room_id: str, seat: str) -> Response:
        room = room_or_none(room_id)
        if not facilitator(request) or room is None or seat not in room.tokens.values():
            return Response("not found", status_code=404)
        link = str(request.base_url).rstrip("/") + f"/seat/{room.token_of(seat)}"
        buffer = io.BytesIO()
        segno.make(link, error="m").save(buffer, kind="svg", scale=4, border=2)
        return Response(buffer.getvalue(), media_type="image/svg+xml")

    @app.get("/seat/{token}", response_class=HTMLResponse)
    async def seat_page(token: str) -> Response:
        found = rooms.seat_of(token)
        if found is None:
            return notice("No such seat", "This link opens no seat. Ask the facilitator.", 404)
        room, seat = found
        from sim.web.views import seat_page as view

        public, private = briefing_of(room, seat)
        context = view(room, seat)
        context["talk"], context["talk_forms"] = (
            web_talk.pane(room, seat),
            web_talk.forms_of(room, seat),
        )
        context["public_html"] = Markup(env.get_template("_seat_public.html").render(context))
        return page("seat.html", token=token, public_brief=public, private_brief=private, **context)

    # -- the projector: public state only, behind its own token ---------------------------

    projector = Projector(rooms, env)

    @app.get("/projector/{token}", response_class=HTMLResponse)
    async def projector_page(token: str) -> Response:
        room = projector.room(token)
        if room is None:
            return notice("No such projector", "This link opens no session's projector.", 404)
        context = projector.context(room)
        return page("projector.html", token=token, key=projector.key(room), **context)

    @app.get("/projector/{token}/state")
    async def projector_state(token: str, seen: str = "") -> Response:
        room = projector.room(token)
        if room is None:
            return Response("not found", status_code=404)
        headers = {"Cache-Control": "no-store"}
        body = await projector.wait(room, seen[:80])
        return Response(body, media_type="application/json", headers=headers)

    # -- debrief and run folder ---------------------------------------------------------------

    @app.get("/facilitator/session/{room_id}/debrief", response_class=HTMLResponse)
    async def debrief_page(request: Request, room_id: str) -> Response:
        room = room_or_none(room_id)
        if not facilitator(request) or room is None:
            return notice("Not allowed", "The facilitator's secret is needed.", 403)
        runs = room.session.exercise.debrief.ensemble
        return page("debrief.html", room=room, progress=room.debrief, runs=runs)

    @app.post("/facilitator/session/{room_id}/debrief")
    async def debrief_start(request: Request, room_id: str, runs: int = Form(200)) -> Response:
        room = room_or_none(room_id)
        if not facilitator(request) or room is None:
            return notice("Not allowed", "The facilitator's secret is needed.", 403)
        if not 10 <= runs <= 5000:
            problem = f"model runs must be between 10 and 5000, got {runs}"
            shown = room.session.exercise.debrief.ensemble
            return page("debrief.html", 400, room=room, progress=problem, runs=shown)
        if room.debrief != "running":
            room.debrief = "running"
            task = asyncio.create_task(write_debrief(room, runs))
            running.add(task)
            task.add_done_callback(running.discard)
        return RedirectResponse(f"/facilitator/session/{room.id}/debrief", status_code=303)

    async def write_debrief(room: Room, runs: int) -> None:
        """The engine's debrief, in its own process (it runs the model's ensemble)."""
        out = rooms.data / "debriefs" / room.id
        await ensembles.wait(room.session, runs)  # started with the class: mostly done
        code = "import sys; from sim.cli import main; sys.exit(main(sys.argv[1:]))"
        copy = snapshot(room)  # named after the class: the debrief calls its section so
        args = ["debrief", str(copy), "--out", str(out), "--runs", str(runs), "--force"]
        args += ["--cache", str(ensembles.folder)]
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", code, *args, "--workers", "1",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, errors = await process.communicate()
        shutil.rmtree(copy.parent, ignore_errors=True)
        failed = errors.decode(errors="replace").strip().splitlines()
        room.debrief = "done" if process.returncode == 0 else f"failed: {failed[-1:]}"

    def snapshot(room: Room) -> Path:
        """A consistent copy of the session's store (SQLite's backup), named after the class."""
        folder = Path(tempfile.mkdtemp(prefix="debrief-", dir=rooms.data / "debriefs"))
        name = SAFE_NAME.sub("_", room.title).strip("_")[:40] or room.id
        return room.session.store.backup(folder / f"{name}.sqlite")

    @app.get("/facilitator/session/{room_id}/debrief/files/{name:path}")
    async def debrief_file(request: Request, room_id: str, name: str) -> Response:
        room = room_or_none(room_id)
        if not facilitator(request) or room is None:
            return Response("not allowed", status_code=403)
        folder = (rooms.data / "debriefs" / room.id).resolve()
        path = (folder / name).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            return Response("not found", status_code=404)
        return FileResponse(path)

    @app.get("/facilitator/session/{room_id}/run.zip")
    async def run_zip(request: Request, room_id: str) -> Response:
        room = room_or_none(room_id)
        if not facilitator(request) or room is None:
            return Response("not allowed", status_code=403)
        with tempfile.TemporaryDirectory() as scratch:
            folder = room.session.write_run(Path(scratch) / room.id)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        archive.write(path, f"{room.id}/{path.relative_to(folder)}")
                printable = rooms.data / "debriefs" / room.id / "debrief.html"
                if printable.is_file():  # the debrief in one file, when it was written
                    archive.write(printable, f"{room.id}/debrief.html")
        headers = {"Content-Disposition": f'attachment; filename="{room.id}-run.zip"'}
        return Response(buffer.getvalue(), media_type="application/zip", headers=headers)

    # -- live pages ---------------------------------------------------------------------------

    async def serve(socket: WebSocket, room: Room, page_: Page, allowed: set[str], act) -> None:
        await socket.accept()
        if not pages.admit(room, page_):
            limit = f"at most {pages.cap} pages may be open per seat"
            await socket.send_json({"type": "error", "text": f"Too many open pages ({limit})."})
            await socket.close(code=1013)
            return
        try:
            await pages.push(room)  # the new page gets its state; the facilitator sees it joined
            while True:
                frame = await socket.receive()
                if frame["type"] == "websocket.disconnect":
                    raise WebSocketDisconnect(frame.get("code", 1000))
                raw = frame.get("text")
                before = fingerprint(room)
                try:
                    if raw is None:  # a binary frame: refused like any bad message
                        raise InputError(
                            "messages are JSON text; a binary frame was ignored", "page"
                        )
                    message = forms.parse(raw, allowed)
                    if message["type"] == "hello":
                        await pages.send(room, page_)
                        continue
                    reply = act(room, message)
                except InputError as error:
                    await socket.send_json({"type": "error", "text": str(error)})
                    if fingerprint(room) != before:  # the model answered a late seat first
                        await pages.push(room)
                    continue
                except Exception as error:  # a bug: say so on the page, keep serving
                    print(f"session {room.id}: {error!r}", file=sys.stderr)
                    text = "The server could not do that; the error is in its log."
                    await socket.send_json({"type": "error", "text": text})
                    continue
                if isinstance(reply, str) and reply.startswith("/"):
                    await socket.send_json({"type": "goto", "url": reply})
                elif reply:
                    await socket.send_json({"type": "ok", "text": reply})
                await pages.push(room)
        except WebSocketDisconnect:
            pass
        finally:
            pages.leave(room, page_)
            with contextlib.suppress(Exception):
                await pages.push(room)

    def fingerprint(room: Room) -> tuple:
        """Changes when the session moves (an answer, a turn, a pause, a release)."""
        session = room.session
        return (
            len(session.book.answers),
            session.turn,
            session.paused_since,
            len(session.released),
            session.talk.count(),
            room.ended,
            tuple(session.sent.items()),
            session.run_to,
            tuple(session.extended.items()),
            sum(len(names) for names in room.roster.values()),
            room.team_rule,
        )

    @app.websocket("/ws/seat/{token}")
    async def seat_socket(socket: WebSocket, token: str) -> None:
        found = rooms.seat_of(token)
        if found is None:
            await socket.close(code=1008)
            return
        room, seat = found
        allowed = forms.SEAT_MESSAGES | web_talk.SEAT_KINDS
        await serve(socket, room, Page(socket, seat), allowed, seat_act(seat))

    def seat_act(seat: str):
        def act(room: Room, message: dict) -> str:
            session = room.session
            if message["type"] == "join":  # a name on the team's roster, before the start too
                name = forms.text_field(message, "name", forms.MAX_NAME).strip()
                room.join(seat, name)
                return f"On the team as {name}." if name else "No name given: fine."
            if message["type"] in web_talk.SEAT_KINDS:
                return web_talk.seat_act(room, seat, message)
            if room.ended:
                raise InputError("the session has ended; nothing was recorded", "answer")
            if not room.started:
                raise InputError(
                    "the facilitator has not started the session; nothing was recorded", "answer"
                )
            if message["type"] == "orders":
                return send_orders(room, seat, message)
            session.tick()
            pending = session.pending
            if pending is None or pending.decision.actor != seat:
                raise InputError("no decision of yours is open now (the turn moved on)", "answer")
            if message.get("key") != forms.decision_key(pending.decision, pending.n):
                raise InputError("that decision is closed; answer the one now shown", "answer")
            value = forms.answer_value(pending.decision, message.get("values"))
            reason = forms.text_field(message, "reason", forms.MAX_REASON)
            session.answer(seat, value, reason, who="web")
            return "Recorded."

        return act

    def send_orders(room: Room, seat: str, message: dict) -> str:
        """A seat's turn form: checked, then its orders stand from this turn on."""
        session = room.session
        session.tick()
        if not session.simultaneous:
            raise InputError("this session asks one decision at a time", "orders")
        key = forms.text_field(message, "key", 80)
        if session.turn_ran() or key.split(":")[:2] != ["orders", str(session.turn)]:
            raise InputError("that turn is over; nothing was recorded: see the new form", "orders")
        name = forms.text_field(message, "name", forms.MAX_NAME).strip()
        room.join(seat, name)
        room.may_send(seat, name)
        orders = forms.order_values(seat, session.slots(seat), message.get("values"))
        reason = forms.text_field(message, "reason", forms.MAX_REASON)
        session.send_orders(seat, orders, reason, who=name or "web")
        if session.turn_ran():
            return "Sent: every seat's orders are in and the turn has run."
        return "Sent: your orders stand until you change them (until the turn runs, you may)."

    @app.websocket("/ws/facilitator/{room_id}")
    async def facilitator_socket(socket: WebSocket, room_id: str) -> None:
        room = room_or_none(room_id)
        if room is None or not facilitator(socket):
            await socket.close(code=1008)
            return
        allowed = forms.FACILITATOR_MESSAGES | web_talk.FACILITATOR_KINDS
        await serve(socket, room, Page(socket, None), allowed, act)

    def act(room: Room, message: dict) -> str:
        """One facilitator action on the session."""
        session = room.session
        kind = message["type"]
        if room.ended and kind != "branch":
            raise InputError("the session has ended", "session")
        if kind in web_talk.FACILITATOR_KINDS:
            return web_talk.facilitator_act(room, message)
        if kind in ("start", "resume"):
            session.resume_play()
            if not room.started:
                room.started = True
                room.mark(web_started="1")
                ensembles.start(session)  # the debrief's model runs, while the class plays
            return "The clock runs."
        if kind == "pause":
            session.pause()
            return "Paused."
        if kind in ("advice_on", "advice_off"):
            session.show_advice(kind == "advice_on")
            shown = "shown on" if session.advice else "hidden from"
            return f"The model's own answers are {shown} the seats' pages."
        if kind == "next":
            session.next_turn()
            return f"Turn {session.turn} is open."
        if kind == "release":
            inject_id = forms.text_field(message, "id", 80)
            item = session.release(inject_id)
            return f"Released '{item.inject.label}' for month {item.step}."
        if kind == "write":
            text = forms.text_field(message, "text", forms.MAX_INJECT)
            item = release_written(room, text)
            return f"Released '{item.inject.label}' for month {item.step}."
        if kind == "branch":
            turn = forms.number(message.get("turn"), "turn", 1, session.turn)
            branch = rooms.branch(room, int(turn))
            return f"/facilitator/session/{branch.id}"
        if kind == "end":
            room.ended = True
            room.mark(web_ended="1")
            return "The session has ended."
        if kind == "extend":
            actor = forms.text_field(message, "actor", 80)
            minutes = forms.number(message.get("minutes", 2), "minutes", 0.5, 60)
            session.extend(actor, minutes)
            return f"{actor} has {minutes:g} more minutes this turn."
        if kind == "team_rule":
            room.set_team_rule(forms.text_field(message, "rule", 20))
            rule = "the captain's orders" if room.team_rule == "captain" else "the last orders sent"
            return f"In each team, {rule} count."
        if kind == "captain":
            actor = forms.text_field(message, "actor", 80)
            name = forms.text_field(message, "name", forms.MAX_NAME).strip()
            room.make_captain(actor, name)
            return f"{name} is captain."
        if kind == "seat":
            actor = forms.text_field(message, "actor", 80)
            holder = forms.text_field(message, "holder", 20)
            if holder not in ("model", "person"):
                raise InputError("holder must be model or person", "seat")
            session.seat(actor, holder)
            return f"{actor} is played by the {holder}."
        raise InputError("unknown action", "page")

    def release_written(room: Room, text: str):
        from sim.scenario.yaml_source import read_yaml

        folder = rooms.data / "injects" / room.id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"written-{len(room.session.released) + 1}.yaml"
        try:
            path.write_text(text, encoding="utf-8")
            data, origins = read_yaml(path, "written inject")
            return room.session.release("written", written=data, origins=origins)
        except BaseException:  # a refused inject is not kept
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                folder.rmdir()
            raise

    return app
