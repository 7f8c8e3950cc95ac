"""The exercise file: a scenario, the seats people play, the clock, the inject menu, what each
seat sees and the debrief's questions. Validated like a scenario, with file:line:key errors."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from agents.decisions import KINDS, abilities
from sim.errors import InputError
from sim.paths import display_name
from sim.scenario.checks import table_problems
from sim.scenario.origins import Origins
from sim.scenario.quantity import FACT_ID
from sim.scenario.schema import Effect, Identifier, Scenario, Strict


class ExerciseMeta(Strict):
    title: str
    summary: str
    minutes: int = Field(default=50, ge=10, le=600)


class Clock(Strict):
    """Months per turn, minutes per turn to answer, what a missed deadline does, and how a turn
    is played: ``simultaneous`` (every seat sends one form of standing orders at once; the
    model runs the turn when all have sent or their deadlines pass) or ``sequential`` (the
    model asks one decision at a time, in its own order: one student at a terminal)."""

    turns: Literal["simultaneous", "sequential"] = "simultaneous"
    months_per_turn: int = Field(default=1, ge=1, le=24)
    deadline_minutes: float = Field(default=3.0, gt=0, le=240)
    on_missed_deadline: Literal["model"] = "model"


class Seat(Strict):
    """One actor's seat: played by a person or the model, the decisions the person answers
    (default: all the actor makes), and private text for the briefing."""

    played_by: Literal["person", "model"] = "person"
    decisions: list[Literal[KINDS]] | None = None  # type: ignore[valid-type]
    brief: str = ""
    red_lines: list[str] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _facts(self) -> Seat:
        bad = [f for f in self.facts if not FACT_ID.match(f)]
        if bad:
            raise ValueError(f"facts must be fact IDs such as F09, got {bad[0]!r}")
        return self


class MenuInject(Strict):
    """An inject the facilitator may release at any turn (it takes effect the next month)."""

    label: str
    effects: list[Effect] = Field(min_length=1)
    source: list[str] | Literal["judgement"] = "judgement"
    reason: str = ""

    @model_validator(mode="after")
    def _provenance(self) -> MenuInject:
        if isinstance(self.source, list) and any(not FACT_ID.match(s) for s in self.source):
            raise ValueError(f"source must list fact IDs such as [F09], got {self.source!r}")
        if self.source == "judgement" and not self.reason.strip():
            raise ValueError("source: judgement needs a one-line reason")
        return self


class Visibility(Strict):
    """Fog of war: may a seat see the other actors' positions (their offers at the table are
    always public)?"""

    others_positions: Literal["hidden", "public"] = "hidden"
    model_advice: Literal["hidden", "shown"] = "hidden"
    """Do seats see the model's own answer with each decision (its probability, share or
    signal, the offer the other side would accept)? Hidden, as students anchor on it; the
    facilitator may show it during a session."""


class Debrief(Strict):
    questions: list[str] = Field(default_factory=list)
    outcomes: list[str] = Field(
        default_factory=list
    )  # issues whose trajectories the debrief draws (default: all)
    ensemble: int = Field(default=200, ge=10, le=5000)


class Exercise(Strict):
    meta: ExerciseMeta
    scenario: str
    seed: int | None = Field(default=None, ge=0, lt=2**63)
    situation: str
    sources: list[str] = Field(default_factory=list)
    clock: Clock = Clock()
    seats: dict[Identifier, Seat] = Field(min_length=1)
    visibility: Visibility = Visibility()
    injects: dict[Identifier, MenuInject] = Field(default_factory=dict)
    debrief: Debrief = Debrief()


def _reference_problems(exercise: Exercise, scenario: Scenario):
    """Seats, decisions, inject effects and issues that name things the scenario lacks."""
    for actor_id, seat in exercise.seats.items():
        if actor_id not in scenario.actors:
            yield ("seats", actor_id), f"no actor '{actor_id}' in the scenario"
            continue
        can = abilities(scenario, actor_id)
        for index, kind in enumerate(seat.decisions or []):
            if kind not in can:
                made = ", ".join(can) or "none"
                yield (
                    ("seats", actor_id, "decisions", index),
                    f"{actor_id} never decides '{kind}' in this scenario (it decides: {made})",
                )
    names: dict[str, Mapping[str, object]] = {
        "actor": scenario.actors,
        "toward": scenario.actors,
        "target": scenario.actors,
        "issue": scenario.issues,
        "track": scenario.tracks,
    }
    for inject_id, inject in exercise.injects.items():
        for index, effect in enumerate(inject.effects):
            for key, known in names.items():
                value = getattr(effect, key, None)
                if value is not None and value not in known:
                    path = ("injects", inject_id, "effects", index, key)
                    noun = {"toward": "actor", "target": "actor"}.get(key, key)
                    yield path, f"no {noun} '{value}' in the scenario"
            if effect.kind == "table":
                base = ("injects", inject_id, "effects", index)
                yield from table_problems(scenario, effect, base)
    for index, issue in enumerate(exercise.debrief.outcomes):
        if issue not in scenario.issues:
            yield ("debrief", "outcomes", index), f"no issue '{issue}' in the scenario"


def load_exercise(path: str | Path) -> tuple[Exercise, Scenario]:
    """Read and check an exercise file and load its scenario (path relative to the file)."""
    from sim.scenario.load import _data_path, _error, _line_order, _message, load_scenario
    from sim.scenario.yaml_source import read_yaml

    path = Path(path)
    raw, origins = read_yaml(path, display_name(path))
    try:
        exercise = Exercise.model_validate(raw)
    except ValidationError as exc:
        found = sorted(exc.errors(), key=lambda e: e["type"] == "missing")
        errors = [(_data_path(e["loc"], raw), _message(e)) for e in found]
        errors.sort(key=lambda item: _line_order(item[0], origins))
        key, message = errors[0]
        raise _error(key, message, origins, len(errors) - 1) from None
    scenario_path = scenario_file(path, exercise.scenario)
    if not scenario_path.is_file():
        raise _error(("scenario",), f"no scenario file {exercise.scenario}", origins, 0)
    scenario = load_scenario(scenario_path)
    if exercise.seed is not None:
        scenario = scenario.model_copy(update={"seed": exercise.seed})
    problems = list(_reference_problems(exercise, scenario))
    problems += [
        (("sources", i), f"unknown fact ID {fact}")
        for i, fact in enumerate(exercise.sources)
        if fact not in known_facts()
    ]
    problems += [
        (("seats", a, "facts", i), f"unknown fact ID {fact}")
        for a, seat in exercise.seats.items()
        for i, fact in enumerate(seat.facts)
        if fact not in known_facts()
    ]
    if problems:
        problems.sort(key=lambda item: _line_order(item[0], origins))
        key, message = problems[0]
        raise _error(key, message, origins, len(problems) - 1)
    return exercise, scenario


def scenario_file(exercise_path: Path, named: str) -> Path:
    """The exercise's scenario: relative to the exercise file, or else to the shipped
    exercises' folder, so a copy of a shipped exercise saved elsewhere (an upload to the web
    classroom, a teacher's own folder) still finds its scenario."""
    from sim.paths import SCENARIOS

    beside = (exercise_path.parent / named).resolve()
    shipped = (SCENARIOS / "exercises" / named).resolve()
    return shipped if not beside.is_file() and shipped.is_file() else beside


def known_facts() -> dict[str, dict]:
    """The fact catalogue (scenarios/sources.yaml): ID -> {fact, docs}."""
    from sim.classroom.facts import catalogue

    return catalogue().facts


def check_inject(exercise: Exercise, scenario: Scenario, data: dict, origins: Origins | None):
    """Validate an inject the facilitator wrote; an InputError names the file, line and key
    when ``origins`` says where the data came from."""
    from sim.scenario.load import _data_path, _error, _message

    def fail(path: tuple, message: str) -> InputError:
        if origins is not None:
            return _error(path, message, origins, 0)
        return InputError(message, file="inject", key=".".join(map(str, path)) or None)

    try:
        inject = MenuInject.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise fail(_data_path(error["loc"], data), _message(error)) from None
    probe = exercise.model_copy(update={"injects": {"written": inject}, "debrief": Debrief()})
    for key, message in _reference_problems(probe, scenario):
        if key[0] == "injects":
            raise fail(key[2:], message)
    return inject
