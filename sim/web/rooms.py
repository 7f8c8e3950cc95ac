"""The classroom's sessions on disk and in memory: one engine store per session in the data
folder, with the seats' tokens in the store's meta table, so a server killed at any moment
finds every session, every answer and every link again when it starts.

Layout of the data folder::

    secret                 the facilitator's secret (created once, mode 600)
    sessions/<id>.sqlite   the engine's store of each session (tokens in its meta table)
    uploads/<id>.yaml      exercise files uploaded from the facilitator's page
    debriefs/<id>/         debrief reports written from the facilitator's page
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sim.classroom.session import Session
from sim.errors import InputError

TOKEN_BYTES = 18  # 144 random bits per seat link


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass
class Room:
    """One live session with its id, title and the token of each seat."""

    id: str
    session: Session
    tokens: dict[str, str]  # token -> seat (actor id)
    title: str
    ended: bool = False
    started: bool = False
    version: int = 0  # bumped on every change pushed to the pages
    debrief: str = field(default="")  # "", "running", "done" or "failed: ..."
    roster: dict[str, list[str]] = field(default_factory=dict)  # seat -> names, captain first
    team_rule: str = "last"  # whose orders count in a team: "last" sent, or the "captain"'s

    def token_of(self, seat: str) -> str:
        return next(t for t, s in self.tokens.items() if s == seat)

    def person_seats(self) -> list[str]:
        return [a for a, s in self.session.exercise.seats.items() if s.played_by == "person"]

    def mark(self, **values: str) -> None:
        self.session.store.set_meta(**values)

    def join(self, seat: str, name: str) -> None:
        """A student gives a name on a seat's page: the team's roster (the first is captain
        until the facilitator names another), kept in the store's meta."""
        if not name:
            return
        names = self.roster.setdefault(seat, [])
        if name not in names:
            names.append(name)
            self.mark(web_roster=json.dumps(self.roster, sort_keys=True))

    def make_captain(self, seat: str, name: str) -> None:
        names = self.roster.get(seat, [])
        if name not in names:
            raise InputError(f"nobody called '{name}' has joined this seat", "captain")
        names.remove(name)
        names.insert(0, name)
        self.mark(web_roster=json.dumps(self.roster, sort_keys=True))

    def set_team_rule(self, rule: str) -> None:
        if rule not in ("last", "captain"):
            raise InputError("the team rule is 'last' or 'captain'", "team")
        self.team_rule = rule
        self.mark(web_team_rule=rule)

    def may_send(self, seat: str, name: str) -> None:
        """Under the captain rule only the captain's orders count; say so to the others."""
        names = self.roster.get(seat, [])
        if self.team_rule == "captain" and names and name != names[0]:
            raise InputError(
                f"only your captain's orders count (captain: {names[0]}); nothing was recorded",
                "orders",
            )


def _roster(text: str) -> dict[str, list[str]]:
    """The roster as stored; anything not a mapping of seat to names is read as empty."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(seat): [str(n) for n in names]
        for seat, names in data.items()
        if isinstance(names, list)
    }


class Rooms:
    """Every session in the data folder, resumed from its store."""

    def __init__(self, data: Path) -> None:
        self.data = Path(data)
        for sub in ("sessions", "uploads", "debriefs", "injects"):
            (self.data / sub).mkdir(parents=True, exist_ok=True)
        self.secret = self._secret()
        self.rooms: dict[str, Room] = {}
        self.by_token: dict[str, tuple[str, str]] = {}
        self.problems: list[str] = []
        for path in sorted((self.data / "sessions").glob("*.sqlite")):
            try:
                self._add(self._resume(path))
            except InputError as error:  # a damaged file is listed, never fatal
                self.problems.append(str(error))

    def _secret(self) -> str:
        path = self.data / "secret"
        if not path.exists():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(24))
        return path.read_text().strip()

    def _resume(self, path: Path) -> Room:
        session = Session.resume(path)
        meta = session.store.meta()
        tokens = json.loads(meta.get("web_tokens", "{}"))
        if not tokens:
            tokens = {new_token(): seat for seat in session.exercise.seats}
            session.store.set_meta(web_tokens=json.dumps(tokens))
        return Room(
            id=path.stem,
            session=session,
            tokens=tokens,
            title=meta.get("web_title", session.exercise.meta.title),
            ended=meta.get("web_ended") == "1",
            started=meta.get("web_started") == "1",
            debrief="done" if (self.data / "debriefs" / path.stem / "index.html").is_file() else "",
            roster=_roster(meta.get("web_roster", "{}")),
            team_rule="captain" if meta.get("web_team_rule") == "captain" else "last",
        )  # a debrief written before a restart is still there to open

    def _add(self, room: Room) -> Room:
        self.rooms[room.id] = room
        for token, seat in room.tokens.items():
            self.by_token[token] = (room.id, seat)
        return room

    def _fresh_id(self) -> str:
        while True:
            room_id = secrets.token_hex(4)
            if not (self.data / "sessions" / f"{room_id}.sqlite").exists():
                return room_id

    def create(self, exercise: Path, title: str = "", turns: str | None = None) -> Room:
        """A new session of ``exercise``; its clock stands still until the facilitator starts.
        ``turns`` overrides the exercise's way of playing turns (simultaneous or sequential)."""
        room_id = self._fresh_id()
        path = self.data / "sessions" / f"{room_id}.sqlite"
        session = Session.create(exercise, path, turns=turns)
        session.pause()  # turn 1 is open, its deadline runs from the facilitator's start
        return self._finish_new(room_id, session, title or session.exercise.meta.title)

    def branch(self, room: Room, turn: int) -> Room:
        """A new session from the start of ``turn`` of ``room``, with the same dice."""
        room_id = self._fresh_id()
        session = room.session.branch(turn, self.data / "sessions" / f"{room_id}.sqlite")
        session.pause()
        return self._finish_new(room_id, session, f"{room.title} (branch at turn {turn})")

    def _finish_new(self, room_id: str, session: Session, title: str) -> Room:
        tokens = {new_token(): seat for seat in session.exercise.seats}
        session.store.set_meta(web_tokens=json.dumps(tokens), web_title=title)
        return self._add(Room(room_id, session, tokens, title))

    def seat_of(self, token: str) -> tuple[Room, str] | None:
        found = self.by_token.get(token)
        if found is None:
            return None
        return self.rooms[found[0]], found[1]

    def close(self) -> None:
        for room in self.rooms.values():
            room.session.close()
