"""The rows of a session store, checked like a scenario file before a session is rebuilt from
them: every payload JSON of the shape its kind needs, ids the exercise knows, finite numbers in
the ranges a person could have entered. A damaged row is one line naming the file, the row and
the key, never a traceback or a replay that silently goes another way."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agents.decisions import QUESTIONS, Count, Percentage, YesNo
from sim.errors import InputError
from sim.scenario.schema import Scenario

Row = tuple[int, str, dict[str, Any], float]
SEED_LIMIT = 2**63


class RowError(ValueError):
    """What is wrong with one key of a row (the caller adds file and row)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def read_payload(text: object, where: str, seq: int) -> dict[str, Any]:
    """A payload as stored: JSON text of an object."""
    try:
        payload = json.loads(text) if isinstance(text, str | bytes) else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise InputError("the payload is not a JSON object", file=where, key=f"log row {seq}")
    return payload


def check_meta(meta: dict[str, str], where: str) -> tuple[Path, str, int]:
    """The exercise path, the exercise's text as it was when the session began, and the seed."""
    for key in ("exercise", "exercise_text", "seed"):
        if not isinstance(meta.get(key), str):
            raise InputError(f"missing '{key}': not a whole session file", file=where, key="meta")
    text = meta["seed"].strip()
    if not text.isdigit() or int(text) >= SEED_LIMIT:
        raise InputError(
            f"seed must be a whole number from 0 to 2**63 - 1, got {meta['seed']!r}",
            file=where,
            key="meta.seed",
        )
    return Path(meta["exercise"]), meta["exercise_text"], int(text)


def _whole(payload: dict, key: str, low: int, high: int | None = None) -> int:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RowError(key, f"expected a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f" to {high}"
        raise RowError(key, f"must be from {low}{upper}, got {value}")
    return value


def _number(value: object, key: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RowError(key, f"expected a number, got {value!r}")
    if not math.isfinite(value) or not low <= value <= high:
        raise RowError(key, f"must be a finite number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _one_of(payload: dict, key: str, known: Callable[[str], bool], what: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not known(value):
        raise RowError(key, f"unknown {what} {value!r}")
    return value


class RowChecker:
    """Checks rows against the exercise's seats and the scenario's issues, tracks and months."""

    def __init__(self, scenario: Scenario, seats: set[str], steps: int) -> None:
        self.scenario = scenario
        self.seats = seats
        self.steps = steps

    def answer(self, payload: dict) -> None:
        _whole(payload, "step", 1, self.steps)
        _whole(payload, "n", 0)
        _one_of(payload, "actor", self.seats.__contains__, "seat")
        kind = _one_of(payload, "kind", QUESTIONS.__contains__, "decision kind")
        track = payload.get("track")
        if track is not None:
            _one_of(payload, "track", self.scenario.tracks.__contains__, "track")
        for key in ("reason", "by", "date", "model_reason"):
            if not isinstance(payload.get(key, ""), str):
                raise RowError(key, "expected text")
        if not isinstance(payload.get("context", {}), dict):
            raise RowError("context", "expected a mapping")
        self._value(kind, payload.get("value"))

    def _value(self, kind: str, value: object) -> None:
        """The stored answer in the form its kind of decision takes (see agents.decisions)."""
        form = QUESTIONS[kind].FORM
        if isinstance(form, YesNo):
            if not isinstance(value, bool):
                raise RowError("value", f"expected true or false, got {value!r}")
        elif isinstance(form, Count):
            _whole({"value": value}, "value", form.low, form.high)
        elif isinstance(form, Percentage):
            _number(value, "value", form.low, form.high)
        else:  # amounts per issue (an offer), in each issue's units
            if not isinstance(value, dict) or not value:
                raise RowError("value", f"expected a value per issue, got {value!r}")
            for issue, amount in value.items():
                spec = self.scenario.issues.get(issue)
                if spec is None:
                    raise RowError(f"value.{issue}", "unknown issue")
                _number(amount, f"value.{issue}", float(spec.min), float(spec.max))

    def inject(self, payload: dict) -> None:
        from pydantic import ValidationError

        from sim.classroom.spec import MenuInject
        from sim.validation_messages import one_line

        _whole(payload, "step", 1, self.steps)
        if not isinstance(payload.get("name"), str):
            raise RowError("name", "expected text")
        try:
            MenuInject.model_validate(payload.get("inject"))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in ("inject", *first["loc"]))
            raise RowError(where, one_line(first)) from None

    def turn(self, payload: dict) -> None:
        _whole(payload, "turn", 1, self.steps)

    def seat(self, payload: dict) -> None:
        _one_of(payload, "actor", self.seats.__contains__, "seat")
        holder = payload.get("holder")
        if not isinstance(holder, str) or not holder.startswith(("model", "person", "script")):
            raise RowError("holder", f"must be model, person or script, got {holder!r}")

    def orders(self, payload: dict) -> None:
        """A seat's turn form: a known seat, each slot a known kind (and track), each order
        ``advisers`` or a value its kind takes."""
        _whole(payload, "turn", 1, self.steps)
        _one_of(payload, "actor", self.seats.__contains__, "seat")
        for key in ("by", "reason"):
            if not isinstance(payload.get(key, ""), str):
                raise RowError(key, "expected text")
        orders = payload.get("orders")
        if not isinstance(orders, dict):
            raise RowError("orders", "expected a mapping of slot to order")
        for slot, value in orders.items():
            kind, _, track = str(slot).partition("@")
            if kind not in QUESTIONS:
                raise RowError(f"orders.{slot}", f"unknown decision kind {kind!r}")
            if track and track not in self.scenario.tracks:
                raise RowError(f"orders.{slot}", f"unknown track {track!r}")
            if value != "advisers":
                try:
                    self._value(kind, value)
                except RowError as error:
                    raise RowError(f"orders.{slot}", str(error)) from None

    def run(self, payload: dict) -> None:
        _whole(payload, "turn", 1, self.steps)
        late = payload.get("late")
        if not isinstance(late, list) or not all(
            isinstance(a, str) and a in self.seats for a in late
        ):
            raise RowError("late", f"expected a list of seats, got {late!r}")

    def extend(self, payload: dict) -> None:
        _whole(payload, "turn", 1, self.steps)
        _one_of(payload, "actor", self.seats.__contains__, "seat")
        _number(payload.get("minutes"), "minutes", 0.0, 60.0)

    def skip(self, payload: dict) -> None:
        _whole(payload, "to_step", 1, self.steps + 1)
        _whole(payload, "turn", 1, self.steps)

    def message(self, payload: dict) -> None:
        from sim.classroom.talk import FACILITATOR, clean_text

        _whole(payload, "turn", 0, self.steps)
        _one_of(payload, "by", {*self.seats, FACILITATOR}.__contains__, "writer")
        channel = payload.get("channel")
        if not isinstance(channel, str) or not self._channel(channel):
            raise RowError("channel", f"unknown channel {channel!r}")
        try:
            clean_text(payload.get("text"))
        except InputError as error:
            raise RowError("text", error.message) from None

    def _channel(self, channel: str) -> bool:
        from sim.classroom.talk import ANNOUNCE, PUBLIC

        kind, _, rest = channel.partition(":")
        if channel in (PUBLIC, ANNOUNCE):
            return True
        if kind == "team":
            return rest in self.seats
        pair = rest.split("+")
        return kind == "private" and len(pair) == 2 and set(pair) <= self.seats

    def proposal(self, payload: dict) -> None:
        from sim.classroom.talk import check_proposal

        _whole(payload, "turn", 0, self.steps)
        by = _one_of(payload, "by", self.seats.__contains__, "seat")
        try:
            check_proposal(
                self.scenario,
                sorted(self.seats),
                by,
                str(payload.get("to")),
                str(payload.get("track")),
                payload.get("deal"),
            )
        except InputError as error:
            raise RowError(error.key or "deal", error.message) from None

    def reply(self, payload: dict) -> None:
        _whole(payload, "turn", 0, self.steps)
        _whole(payload, "proposal", 1)
        _one_of(payload, "by", self.seats.__contains__, "seat")
        _one_of(payload, "answer", {"accepted", "declined"}.__contains__, "answer")

    def plain(self, payload: dict) -> None:
        """pause, resume and branch carry nothing the replay reads."""

    def check(self, rows: list[Row], where: str) -> None:
        checks = {
            "answer": self.answer,
            "inject": self.inject,
            "turn": self.turn,
            "seat": self.seat,
            "skip": self.skip,
            "orders": self.orders,
            "run": self.run,
            "extend": self.extend,
            "message": self.message,
            "proposal": self.proposal,
            "reply": self.reply,
            "pause": self.plain,
            "resume": self.plain,
            "branch": self.plain,
        }
        for seq, kind, payload, wall in rows:
            row = f"log row {seq} ({kind})"
            if kind not in checks:
                raise InputError(f"unknown kind of row {kind!r}", file=where, key=f"log row {seq}")
            if (
                isinstance(wall, bool)
                or not isinstance(wall, int | float)
                or not math.isfinite(wall)
            ):
                raise InputError(f"the time is not a number, got {wall!r}", file=where, key=row)
            try:
                checks[kind](payload)
            except RowError as error:
                raise InputError(str(error), file=where, key=f"{row}.{error.key}") from None
