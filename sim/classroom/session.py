"""A classroom session: an exercise run turn by turn with people in some seats.

A session's state is (exercise, seed, the ordered log of choices and injects). Every choice goes
through ``Policy.decide``: a seat's policy answers from the recorded choices, and when it meets
a decision nobody has answered it stops the step (:class:`NeedsAnswer`); the session keeps the
model as it was before that step and runs the step again once the answer is in. Because the
model pre-draws its randomness per step, the same seed and the same choices rebuild the same
state: a killed session resumes by replaying its store, a branch is a copy of the log up to a
turn, and the dice stay the same.

No terminal input or output here: the ``play`` command and the web classroom both drive this
object.
"""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from agents.decisions import AnswerValue, Choice, Decision, Form, Policy
from agents.policies import HeuristicPolicy
from sim.classroom.answers import (
    Answer,
    AnswerBook,
    AnswerJSON,
    NeedsAnswer,
    SeatPolicy,
    answer_of,
)
from sim.classroom.orders import (
    Order,
    OrderValue,
    Slot,
    StandingOrders,
    apply_order,
    order_error,
    order_key,
    read_order,
    slot_form,
    split_key,
    to_json,
)
from sim.classroom.rows import RowChecker, check_meta
from sim.classroom.spec import Exercise, MenuInject, abilities, check_inject, load_exercise
from sim.classroom.store import Store
from sim.classroom.talk import KINDS as TALK_KINDS
from sim.classroom.talk import Talk
from sim.errors import InputError
from sim.model import CrossroadsModel
from sim.results import RunResult, collect_outcomes
from sim.scenario.schema import Inject, Scenario
from sim.world.snapshot import snapshot

PERSON, MODEL = "person", "model"


@dataclass(frozen=True)
class Pending:
    """The decision the session waits for, and by when (wall-clock seconds)."""

    decision: Decision
    n: int
    deadline: float


@dataclass
class Released:
    """An inject the facilitator released: it takes effect at ``step``."""

    step: int
    name: str
    inject: MenuInject


class Session:
    """One class playing one exercise. Build it with :meth:`create`, :meth:`resume` or
    :meth:`branch`; drive it with :meth:`answer`, :meth:`tick` and the facilitator's methods."""

    def __init__(
        self,
        exercise_path: Path,
        exercise: Exercise,
        scenario: Scenario,
        store: Store,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.exercise_path = exercise_path
        self.exercise = exercise
        self.base = scenario
        self.seed = scenario.seed
        self.store = store
        self.now = clock
        self.book = AnswerBook()
        self.released: list[Released] = []
        self.holders: dict[str, str] = {
            actor: PERSON if seat.played_by == "person" else MODEL
            for actor, seat in exercise.seats.items()
        }
        self.scripts: dict[str, Policy] = {}
        self.turn = 0
        self.turn_opened = 0.0
        self.paused_since: float | None = None
        self.paused_for = 0.0
        self.skip_until = 0
        self.pending: Pending | None = None
        self.talk = Talk()  # messages and proposals (sim/classroom/talking.py)
        self._checkpoint: CrossroadsModel | None = None
        meta = store.meta()
        shown = meta.get("model_advice", exercise.visibility.model_advice)
        self.advice = shown == "shown"  # seats see the model's own answers
        self.simultaneous = meta.get("turns", exercise.clock.turns) == "simultaneous"
        self.standing = StandingOrders()
        self.sent: dict[str, str] = {}  # seats that sent their orders this turn, and who
        self.late: set[str] = set()  # person seats whose deadline passed before they sent
        self.extended: dict[str, float] = {}  # extra minutes a seat was given this turn
        self.run_to = 0  # the last step the model may run (simultaneous turns)
        self._forecast: dict[str, dict[str, list[Decision]]] | None = None
        self._forecast_of: tuple[int, int] | None = None
        self._foreseeing = False
        self.model = self._build()

    # -- making, resuming, branching ------------------------------------------------------

    @classmethod
    def create(
        cls,
        exercise_path: str | Path,
        store_path: str | Path,
        *,
        seed: int | None = None,
        clock: Callable[[], float] = time.time,
        turns: str | None = None,
    ) -> Session:
        """A new session in a new store file; turn 1 opens at once. ``turns`` overrides the
        exercise's way of playing a turn (``simultaneous`` or ``sequential``)."""
        exercise_path = Path(exercise_path).resolve()
        exercise, scenario = load_exercise(exercise_path)
        if seed is not None:
            scenario = scenario.model_copy(update={"seed": seed})
        store_path = Path(store_path)
        if store_path.exists():
            raise InputError(
                "a session file is already here; resume it or pick another name",
                file=str(store_path),
            )
        if turns not in (None, "simultaneous", "sequential"):
            raise InputError("turns must be simultaneous or sequential", file="turns")
        store = Store.create(store_path)
        store.set_meta(
            exercise=str(exercise_path),
            exercise_text=exercise_path.read_text(encoding="utf-8"),
            seed=str(scenario.seed),
            turns=turns or exercise.clock.turns,
        )
        session = cls(exercise_path, exercise, scenario, store, clock)
        session.next_turn()
        return session

    @classmethod
    def resume(cls, store_path: str | Path, clock: Callable[[], float] = time.time) -> Session:
        """Rebuild a session from its store: the same choices give the same state."""
        store = Store.open_existing(store_path)
        try:
            exercise_path, recorded, seed = check_meta(store.meta(), str(store_path))
            text = exercise_path.read_text(encoding="utf-8") if exercise_path.is_file() else None
            if text != recorded:
                raise InputError(
                    "the exercise file is missing or changed since the session began",
                    file=str(exercise_path),
                )
            exercise, scenario = load_exercise(exercise_path)
            scenario = scenario.model_copy(update={"seed": seed})
            entries = store.entries()
            checker = RowChecker(scenario, set(exercise.seats), scenario.calendar.steps)
            checker.check(entries, str(store_path))
        except BaseException:
            store.close()
            raise
        session = cls(exercise_path, exercise, scenario, store, clock)
        session._load(entries)
        return session

    def branch(self, turn: int, store_path: str | Path) -> Session:
        """A new session from the start of ``turn`` of this one, with the same dice: the
        choices and injects of the earlier turns, nothing after."""
        if not 1 <= turn <= self.turn:
            raise InputError(f"turn must be between 1 and {self.turn}", file="branch")
        first = self.first_step(turn)
        store_path = Path(store_path)
        if store_path.exists():
            raise InputError("a session file is already here", file=str(store_path))
        store = Store.create(store_path)
        store.set_meta(
            **{**self.store.meta(), "parent": str(self.store.path), "branch_turn": str(turn)}
        )
        for _seq, kind, payload, wall in self.store.entries():
            if kind == "turn" and payload["turn"] > turn:
                break
            keep = (
                (kind == "answer" and payload["step"] < first)
                or (kind == "inject" and payload["step"] < first)
                or (kind in ("orders", "run", "extend") and payload["turn"] < turn)
                or kind in ("turn", "seat", "skip")
                or (kind in TALK_KINDS and payload["turn"] < turn)
            )
            if kind == "skip" and payload["to_step"] > first:
                continue
            if keep:
                store.append(kind, payload, wall)
        store.append("branch", {"parent": str(self.store.path), "turn": turn})
        store.append("turn", {"turn": turn}, self.now())  # the branch's turn opens now
        return Session.resume(store_path, self.now)

    def _load(self, entries: list[tuple[int, str, dict, float]]) -> None:
        for _seq, kind, payload, wall in entries:
            if kind == "answer":
                # its keys and value types checked by RowChecker.answer in resume
                self.book.add(Answer.from_json(cast(AnswerJSON, payload)))
            elif kind == "inject":
                inject = MenuInject.model_validate(payload["inject"])
                self.released.append(Released(payload["step"], payload["name"], inject))
            elif kind == "turn":
                self.turn, self.turn_opened, self.paused_for = payload["turn"], wall, 0.0
                self._open_orders()
            elif kind == "seat":
                self.holders[payload["actor"]] = payload["holder"]
            elif kind in TALK_KINDS:
                self.talk.add(_seq, kind, payload)
            elif kind == "skip":
                self.skip_until, self.turn = payload["to_step"], payload["turn"]
                self.turn_opened, self.paused_for = wall, 0.0
                self._open_orders()
                self.run_to = max(self.run_to, payload["to_step"] - 1)
            elif kind == "orders":
                self._give_orders(payload)
            elif kind == "run":
                self.late = set(payload["late"])
                self.run_to = max(self.run_to, self.last_step(payload["turn"]))
            elif kind == "extend":
                actor = payload["actor"]
                self.extended[actor] = self.extended.get(actor, 0.0) + payload["minutes"]
            elif kind == "pause":
                self.paused_since = wall
            elif kind == "resume":
                self.paused_for += wall - (self.paused_since or wall)
                self.paused_since = None
        self.model = self._build()
        self.advance(replaying=True)  # a session paused when it stopped comes back where it was

    # -- the model ------------------------------------------------------------------------

    def _scenario(self) -> Scenario:
        """The exercise's scenario with the released injects dated at the month they act."""
        if not self.released:
            return self.base
        calendar = self.base.calendar
        extra = {}
        for number, item in enumerate(self.released):
            month = calendar.start.plus((item.step - 1) * calendar.step_months)
            data = item.inject.model_dump(exclude_none=True)
            extra[f"released_{number}"] = Inject.model_validate({**data, "date": str(month)})
        events = self.base.events.model_copy(
            update={"injects": {**self.base.events.injects, **extra}}
        )
        return self.base.model_copy(update={"events": events})

    def _policies(self) -> dict[str, Policy]:
        policies: dict[str, Policy] = {}
        for actor, seat in self.exercise.seats.items():
            kinds = frozenset(seat.decisions or abilities(self.base, actor))
            label = functools.partial(self.holder_label, actor)
            policies[actor] = SeatPolicy(actor, kinds, self.book, self._resolve, label)
        return policies

    def _build(self) -> CrossroadsModel:
        self._checkpoint = None
        return CrossroadsModel(self._scenario(), seed=self.seed, policies=self._policies())

    def _copy(self, model: CrossroadsModel) -> CrossroadsModel:
        """The model before a step, to run the step again once an answer is in. The scenario
        is shared (read only); the event log's clock is rebound to the copy's clock."""
        scenario = model.world.scenario
        twin = copy.deepcopy(model, {id(scenario): scenario, id(self.base): self.base})
        clock = twin.world.clock
        twin.world.log._clock = lambda: (clock.step, clock.date)
        return twin

    def _resolve(self, decision: Decision, n: int) -> Choice:
        """A seat's decision nobody has answered: the model fills an empty, skipped or late
        seat, a script answers at once, a person is asked (the step stops)."""
        holder = self.holders[decision.actor]
        if self._foreseeing:
            return self._foresee(decision)
        if decision.step < self.skip_until:
            by, choice = "model: skipped by the facilitator", None
        elif holder == MODEL:
            by, choice = "model: seat empty", None
        elif holder.startswith("script"):
            by, choice = holder, self.scripts[decision.actor].decide(decision)
        elif self.simultaneous:
            by, choice = self._by_order(decision)
        elif self.now() > self.deadline():
            by, choice = "model: deadline missed", None
        else:
            raise NeedsAnswer(decision, n)
        if choice is None:
            choice = HeuristicPolicy().decide(decision)
        self._record(answer_of(decision, n, choice, by))
        return choice

    def _record(self, answer: Answer) -> None:
        self.store.append("answer", answer.to_json())
        self.book.add(answer)

    def advance(self, replaying: bool = False) -> None:
        """Run steps while every decision has an answer, up to the end of the open turn; a
        pause stops the model, except when replaying the store (the recorded choices). In a
        simultaneous turn the model runs only once the turn's orders are in (``run_to``)."""
        if self.simultaneous:
            while not self.finished and self.model.steps < self.run_to:
                if self.paused_since is not None and not replaying:
                    return
                self._step()
            return
        while self.pending is None and not self.finished:
            if self.paused_since is not None and not replaying:
                return
            step = self.model.steps + 1
            if step > self.last_step(self.turn):
                return
            self._step()

    def _step(self) -> None:
        people = not self.simultaneous and any(h.startswith(PERSON) for h in self.holders.values())
        before = self._copy(self.model) if people else None
        self.book.begin_step()
        try:
            self.model.step()
        except NeedsAnswer as need:
            if before is None:  # no copy kept: rebuild the state before this step
                target = self.model.steps - 1
                self.model = self._build()
                while self.model.steps < target:
                    self.book.begin_step()
                    self.model.step()
            else:
                self.model = before
            self.model.world.scenario = self.model.scenario = self._scenario()
            self.pending = Pending(need.decision, need.n, self.deadline())

    # -- time and turns -------------------------------------------------------------------

    @property
    def steps(self) -> int:
        return self.model.world.clock.steps

    @property
    def finished(self) -> bool:
        return self.model.steps >= self.steps

    @property
    def turns(self) -> int:
        per = self.exercise.clock.months_per_turn
        return -(-self.steps // max(1, per // self.base.calendar.step_months))

    def steps_per_turn(self) -> int:
        return max(1, self.exercise.clock.months_per_turn // self.base.calendar.step_months)

    def first_step(self, turn: int) -> int:
        return (turn - 1) * self.steps_per_turn() + 1

    def last_step(self, turn: int) -> int:
        return min(self.steps, turn * self.steps_per_turn())

    def deadline(self, actor: str | None = None) -> float:
        """When the open turn's answers are due: its opening plus the deadline, plus pauses,
        plus the extra minutes the facilitator gave this seat."""
        paused = self.paused_for + (self.now() - self.paused_since if self.paused_since else 0)
        extra = self.extended.get(actor, 0.0) if actor is not None else 0.0
        minutes = self.exercise.clock.deadline_minutes + extra
        return self.turn_opened + 60.0 * minutes + paused

    def next_turn(self) -> None:
        """Open the next turn (the facilitator's 'go'); the model runs until someone must act."""
        if self.pending is not None:
            raise InputError(f"{self.pending.decision.actor} has not answered yet", file="turn")
        if self.turn and self.model.steps < self.last_step(self.turn):
            raise InputError("this turn has not finished", file="turn")
        if self.finished:
            raise InputError("the exercise is over", file="turn")
        self.turn += 1
        self.turn_opened, self.paused_for = self.now(), 0.0
        self._open_orders()
        self.store.append("turn", {"turn": self.turn}, self.turn_opened)
        if self.simultaneous:
            self.tick()  # a turn with nobody to wait for runs at once
        self.advance()

    def tick(self) -> bool:
        """Let the model answer for a seat whose deadline has passed; True if it did. In a
        simultaneous turn: run the turn once every person seat has sent its orders or is past
        its own deadline."""
        if self.simultaneous:
            return self._tick_orders()
        if self.pending is None or self.paused_since is not None:
            return False
        if self.now() <= self.deadline():
            return False
        pending, self.pending = self.pending, None
        choice = HeuristicPolicy().decide(pending.decision)
        self._record(answer_of(pending.decision, pending.n, choice, "model: deadline missed"))
        self.advance()
        return True

    # -- simultaneous turns: every seat's orders at once ---------------------------------------

    def _open_orders(self) -> None:
        """A new turn: nobody has sent, nobody is late, no extra time yet (orders stand)."""
        self.sent, self.late, self.extended = {}, set(), {}

    def person_seats(self) -> list[str]:
        """The seats people hold now, in the exercise's order."""
        return [a for a in self.exercise.seats if self.holders[a].startswith(PERSON)]

    def turn_ran(self) -> bool:
        """Whether the open turn's months have been handed to the model."""
        return self.run_to >= self.last_step(self.turn)

    def waiting_for(self) -> list[str]:
        """Person seats whose orders the open turn still waits for."""
        if self.finished or self.turn_ran():
            return []
        return [a for a in self.person_seats() if a not in self.sent]

    def _give_orders(self, payload: dict) -> None:
        """Apply one stored ``orders`` row: each slot's order stands from now on."""
        actor, turn, by = payload["actor"], payload["turn"], payload["by"]
        reason = payload.get("reason", "")
        for key, value in payload["orders"].items():
            kind, track = split_key(key)
            form = self._form_of(actor, kind, track)
            stored = read_order(form, value)  # checked on entry, and by RowChecker on resume
            self.standing.give(actor, key, Order(stored, by, turn, reason))
        if turn == self.turn:
            self.sent[actor] = by

    def _form_of(self, actor: str, kind: str, track: str | None) -> Form:
        """A slot's form from the scenario: a track's scales, the seat's own position."""
        bounds, start = None, None
        if track is not None and track in self.base.tracks:
            world = self.model.world
            issues = self.base.tracks[track].issues
            bounds = {i: world.scales.bounds[i] for i in issues}
            own = world.actors[actor].positions
            start = {i: world.scales.denormalise(i, own[i]) for i in issues if i in own}
        return slot_form(kind, bounds, start)

    def _by_order(self, decision: Decision) -> tuple[str, Choice | None]:
        """A person seat's question in a simultaneous turn: its standing order answers, or its
        advisers (the model) where the order says so or where no order was ever given."""
        order = self.standing.get(decision.actor, order_key(decision.kind, decision.track))
        if order is None:
            late = decision.actor in self.late
            return ("model: deadline missed" if late else "model: no order given"), None
        if order.value is None:
            return f"{order.by}, left to advisers", None
        value = apply_order(decision, order.value)
        return order.by, Choice(value, order.reason or "standing order")

    def _foresee(self, decision: Decision) -> Choice:
        """While forecasting: note the question, answer it as the run would (the order in
        force, else the model), record nothing."""
        assert self._forecast is not None
        seat = self._forecast.setdefault(decision.actor, {})
        seat.setdefault(order_key(decision.kind, decision.track), []).append(decision)
        order = self.standing.get(decision.actor, order_key(decision.kind, decision.track))
        if order is not None and order.value is not None:
            return Choice(apply_order(decision, order.value), "foreseen")
        return HeuristicPolicy().decide(decision)

    def forecast(self) -> dict[str, dict[str, list[Decision]]]:
        """The questions the model expects to put to each seat in the open turn, found by
        running the turn's months on a copy with the orders in force (the model elsewhere);
        the real run may ask more or fewer (a deal reached, a round refused)."""
        stamp = (self.turn, len(self.released))
        if self._forecast is not None and self._forecast_of == stamp:
            return self._forecast
        found: dict[str, dict[str, list[Decision]]] = {}
        if self.simultaneous and not self.finished and not self.turn_ran():
            twin = self._copy(self.model)
            self._forecast, self._foreseeing = found, True
            try:
                while twin.steps < self.last_step(self.turn):
                    self.book.begin_step()
                    twin.step()
            finally:
                self._foreseeing = False
                self.book.begin_step()
        self._forecast, self._forecast_of = found, stamp
        return found

    def slots(self, actor: str) -> list[Slot]:
        """The lines of a seat's turn form: the questions expected this turn first, then every
        other slot the seat has answered or ordered before (its standing orders)."""
        foreseen = self.forecast().get(actor, {})
        keys = list(foreseen)
        earlier = set(self.standing.of(actor))
        earlier.update(order_key(a.kind, a.track) for a in self.answers() if a.actor == actor)
        keys += sorted(earlier - set(keys))
        out = []
        for key in keys:
            kind, track = split_key(key)
            expected = tuple(foreseen.get(key, ()))
            # a track's form takes its scales, never a foreseen question's numbers (the other
            # side's position or the equilibrium offer would show through its defaults)
            own = expected and track is None
            form = expected[0].question.form() if own else self._form_of(actor, kind, track)
            out.append(Slot(key, kind, track, form, expected, self.standing.get(actor, key)))
        return out

    def send_orders(
        self, actor: str, orders: Mapping[str, object], reason: str = "", who: str = ""
    ) -> dict[str, OrderValue]:
        """A seat's turn form: an order per slot (``advisers`` or a value in the form's units);
        the orders stand until the seat changes them. The turn runs once every person seat
        has sent (or is past its deadline)."""
        if self.paused_since is not None:
            raise InputError(
                "the clock is paused: nothing was recorded; send when the facilitator resumes",
                file="orders",
            )
        if not self.simultaneous:
            raise InputError("this session asks one decision at a time", file="orders")
        if self.finished:
            raise InputError("the exercise is over: nothing was recorded", file="orders")
        if self.turn_ran():
            raise InputError(
                "this turn has already run: nothing was recorded; wait for the next turn",
                file="orders",
            )
        if actor not in self.exercise.seats or not self.holders[actor].startswith(PERSON):
            raise InputError(f"no person plays '{actor}' in this session", file="orders")
        slots = {slot.key: slot for slot in self.slots(actor)}
        read: dict[str, OrderValue] = {}
        for key, value in orders.items():
            slot = slots.get(key)
            if slot is None:
                raise InputError(f"no '{key}' on this seat's form", file="orders", key=actor)
            try:
                read[key] = read_order(slot.form, value)
            except ValueError as error:
                raise order_error(actor, key, error) from None
        by = f"person: {who}" if who else "person"
        payload = {
            "turn": self.turn,
            "actor": actor,
            "orders": {key: to_json(value) for key, value in read.items()},
            "by": by,
            "reason": reason.strip(),
        }
        self.store.append("orders", payload)
        self._give_orders(payload)
        self.tick()
        return read

    def _tick_orders(self) -> bool:
        if self.paused_since is not None or self.finished or self.turn_ran():
            return False
        waiting = self.waiting_for()
        now = self.now()
        if any(now <= self.deadline(actor) for actor in waiting):
            return False
        self.store.append("run", {"turn": self.turn, "late": waiting})
        self.late = set(waiting)
        self.run_to = self.last_step(self.turn)
        self.advance()
        return True

    def extend(self, actor: str, minutes: float) -> None:
        """Give one seat more time this turn (the others' deadlines stand)."""
        if actor not in self.exercise.seats:
            raise InputError(f"no seat '{actor}'", file="extend")
        if not 0 < minutes <= 60:
            raise InputError("give between 0 and 60 extra minutes", file="extend")
        if self.turn_ran():
            raise InputError("this turn has already run", file="extend")
        self.store.append("extend", {"turn": self.turn, "actor": actor, "minutes": minutes})
        self.extended[actor] = self.extended.get(actor, 0.0) + minutes

    # -- answers --------------------------------------------------------------------------

    def answer(self, actor: str, value: object, reason: str = "", who: str = "") -> Answer:
        """A person's answer to the pending decision (offers in the issue's own units); refused
        while the clock stands (paused, or not started): the model would not run on it, and a
        student would take 'recorded' for 'counted'."""
        if self.paused_since is not None:
            raise InputError(
                "the clock is paused: nothing was recorded; answer when the facilitator resumes",
                file="answer",
            )
        if self.simultaneous:
            raise InputError(
                "in this session each seat sends one turn form of orders, not single answers",
                file="answer",
            )
        self.tick()
        pending = self.pending
        if pending is None or pending.decision.actor != actor:
            waiting = pending.decision.actor if pending else "nobody"
            raise InputError(
                f"no decision is waiting for {actor} (waiting: {waiting})", file="answer"
            )
        choice = Choice(coerce(pending.decision, value), reason.strip() or "no reason given")
        by = f"person: {who}" if who else "person"
        recorded = answer_of(pending.decision, pending.n, choice, by)
        self._record(recorded)
        self.pending = None
        self.advance()
        return recorded

    def suggestion(self) -> Choice:
        """What the model would choose on the pending decision's numbers."""
        if self.pending is None:
            raise InputError("no decision is waiting", file="suggest")
        return HeuristicPolicy().decide(self.pending.decision)

    # -- the facilitator --------------------------------------------------------------------

    def release(self, name: str, written: dict | None = None, origins=None) -> Released:
        """Release an inject from the menu (by id) or a written one (validated); it acts at the
        next month the model runs."""
        if written is not None:
            inject = check_inject(self.exercise, self.base, written, origins)
        elif name in self.exercise.injects:
            inject = self.exercise.injects[name]
        else:
            menu = ", ".join(self.exercise.injects) or "none"
            raise InputError(f"no inject '{name}' on the menu (menu: {menu})", file="inject")
        step = self.model.steps + (2 if self.pending else 1)  # the next month not yet begun
        if step > self.steps:
            raise InputError("the exercise is over", file="inject")
        item = Released(step, name, inject)
        self.store.append("inject", {"step": step, "name": name, "inject": _dump(inject)})
        self.released.append(item)
        self.model.world.scenario = self.model.scenario = self._scenario()
        return item

    def pause(self) -> None:
        if self.paused_since is None:
            self.paused_since = self.now()
            self.store.append("pause", {}, self.paused_since)

    def resume_play(self) -> None:
        if self.paused_since is not None:
            now = self.now()
            self.store.append("resume", {}, now)
            self.paused_for += now - self.paused_since
            self.paused_since = None
            self.advance()

    def skip_to(self, month: str) -> None:
        """The model plays every seat up to ``month``; the turn holding it opens there."""
        from sim.calendar import parse_month

        try:
            target = self.model.world.clock.step_of(parse_month(month))
        except ValueError as error:
            raise InputError(str(error), file="skip") from None
        if not self.model.steps + 1 < target <= self.steps:
            raise InputError(f"{month} is not ahead in this exercise", file="skip")
        turn = (target - 1) // self.steps_per_turn() + 1
        self.skip_until, self.turn = target, turn
        self.turn_opened, self.paused_for = self.now(), 0.0
        self._open_orders()
        self.run_to = max(self.run_to, target - 1)
        self.store.append("skip", {"to_step": target, "turn": turn}, self.turn_opened)
        if self.pending is not None:
            pending, self.pending = self.pending, None
            choice = HeuristicPolicy().decide(pending.decision)
            self._record(
                answer_of(pending.decision, pending.n, choice, "model: skipped by the facilitator")
            )
        while self.model.steps + 1 < target:
            self._step()
        self.advance()

    def seat(self, actor: str, holder: str, script: Policy | None = None) -> None:
        """Hand a seat to a person (``person`` or ``person: NAME``), the model, or a script."""
        if actor not in self.exercise.seats:
            raise InputError(
                f"no seat '{actor}' (seats: {', '.join(self.exercise.seats)})", file="seat"
            )
        if holder.startswith("script"):
            if script is None:
                raise InputError("a script seat needs a policy", file="seat")
            self.scripts[actor] = script
        elif holder != MODEL and not holder.startswith(PERSON):
            raise InputError("holder must be person, model or script", file="seat")
        self.holders[actor] = holder
        self.store.append("seat", {"actor": actor, "holder": holder})
        if self.pending is not None and self.pending.decision.actor == actor and holder != PERSON:
            self.pending = None
        if self.simultaneous:
            self.tick()  # the seat the class waited for may be the model's now
        self.advance()

    def show_advice(self, shown: bool) -> None:
        """The facilitator shows or hides the model's own answers on the seats' pages (kept in
        the store, so a resumed or branched session keeps the choice)."""
        self.advice = shown
        self.store.set_meta(model_advice="shown" if shown else "hidden")

    def holder_label(self, actor: str) -> str:
        holder = self.holders[actor]
        return "model (seat empty)" if holder == MODEL else holder

    # -- results --------------------------------------------------------------------------

    def answers(self) -> list[Answer]:
        return sorted(self.book.answers.values(), key=lambda a: a.key)

    def result(self, name: str = "session") -> RunResult:
        """The run so far as plain results (the same shape as ``run_scenario``'s)."""
        model = self.model
        columns, rows = model.recorder.columns, model.recorder.rows
        resolved = model.world.scenario.model_dump(mode="json", exclude_none=True)
        resolved["seed"] = self.seed
        for actor in self.exercise.seats:
            resolved["actors"][actor].pop("policy", None)
        outcomes = collect_outcomes(model.world, columns, rows)
        outcomes["players"] = self.players()
        return RunResult(
            name,
            self.seed,
            resolved,
            columns,
            rows,
            outcomes,
            list(model.world.log.records),
            snapshot(model.world),
        )

    def players(self) -> dict[str, str]:
        """Who played each actor: the seats' holders and who answered, the model elsewhere."""
        played: dict[str, str] = {}
        for actor in self.model.world.actors:
            if actor not in self.exercise.seats:
                played[actor] = "heuristic"
                continue
            by = sorted({a.by for a in self.book.answers.values() if a.actor == actor})
            played[actor] = f"seat ({self.holder_label(actor)}); answered by: " + (
                ", ".join(by) or "nobody yet"
            )
        return played

    def write_run(self, folder: str | Path, figures: bool = False) -> Path:
        """The run folder, plus every choice (choices.jsonl) and who played which seat."""
        import json

        from sim.output import write_run

        folder = Path(folder)
        written = write_run(self.result(self.exercise_path.stem), folder, figures=figures)
        lines = [json.dumps(a.to_json(), sort_keys=True) for a in self.answers()]
        (written / "choices.jsonl").write_text("".join(x + "\n" for x in lines), encoding="utf-8")
        released = [
            {"step": r.step, "name": r.name, "label": r.inject.label} for r in self.released
        ]
        (written / "injects.json").write_text(
            json.dumps(released, indent=1) + "\n", encoding="utf-8"
        )
        return written

    def close(self) -> None:
        self.store.close()


def _dump(inject: MenuInject) -> dict:
    return inject.model_dump(mode="json", exclude_none=True)


def coerce(decision: Decision, value: object) -> AnswerValue:
    """A person's answer in the form the model takes (the question's own :meth:`parse`): yes/no,
    a count, a share, or an offer in the issue's units (one number for every issue, or a number
    per issue); an InputError names the seat and the decision otherwise."""
    try:
        return decision.question.parse(value)
    except ValueError as error:
        raise answer_error(decision, error) from None


def answer_error(decision: Decision, error: ValueError) -> InputError:
    """A refused answer as one line naming the seat and the decision: ``answer:
    kataib_hezbollah.attack: 2.5 is not a whole number of attacks``."""
    return InputError(str(error), file="answer", key=f"{decision.actor}.{decision.kind}")
