"""What a student reads with each decision: names and labels, never the scenario's ids, and
not the model's own answer unless the facilitator shows it (students anchor on it)."""

from __future__ import annotations

import io
import re

from sim.classroom.session import Session
from sim.classroom.view import describe_decision, public_report, seat_view
from sim.commands.play import _command
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import student_answer

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
DIALOGUE = SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml"


def _asked(session: Session, turns: int) -> dict[str, list[str]]:
    """Every decision put to a seat in the first ``turns`` turns, as its seat reads it."""
    seen: dict[str, list[str]] = {}
    while session.turn <= turns and not session.finished:
        if session.pending is None:
            if session.turn == turns:
                break
            session.next_turn()
            continue
        actor = session.pending.decision.actor
        lines = seat_view(session, actor)["decision"]
        seen.setdefault(session.pending.decision.kind, lines)
        session.answer(actor, *student_answer(session))
    return seen


def _ids(session: Session) -> re.Pattern:
    scenario = session.base
    ids = [*scenario.actors, *scenario.issues, *scenario.tracks]
    return re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")


def test_students_read_names_not_ids_and_not_the_models_answer(tmp_path):
    for exercise, turns in ((DIALOGUE, 3), (TALKS, 3)):
        session = Session.create(exercise, tmp_path / f"{exercise.stem}.sqlite", turns="sequential")
        asked = _asked(session, turns)
        ids = _ids(session)
        # both exercises put arrests (the dialogue) and offers, concessions and signals
        assert {"offer", "concede", "sponsor"} <= set(asked), sorted(asked)
        for kind, lines in asked.items():
            text = "\n".join(lines)
            assert not ids.search(text), (kind, ids.search(text))
            assert "the model" not in text and "should accept at once" not in text, text
        for line in public_report(session):
            assert not ids.search(line), line
        session.close()


def test_the_facilitator_shows_the_models_answer_and_the_choice_is_kept(tmp_path):
    store = tmp_path / "s.sqlite"
    session = Session.create(TALKS, store, turns="sequential")
    while session.pending is None or session.pending.decision.kind != "concede":
        if session.pending is None:
            session.next_turn()
        else:
            session.answer(session.pending.decision.actor, *student_answer(session))
    decision = session.pending.decision
    world = session.model.world
    assert "the model bends" in "\n".join(describe_decision(world, decision, advice=True))
    out = io.StringIO()
    _command(session, "?", out)
    assert out.getvalue() == "  the model's own answer is hidden; ':advice on' shows it\n"
    _command(session, ":advice on", out)
    assert any("the model bends" in line for line in seat_view(session, "baghdad")["decision"])
    session.close()
    again = Session.resume(store)
    assert again.advice and any(
        "the model bends" in x for x in seat_view(again, "baghdad")["decision"]
    )
    again.show_advice(False)
    assert not any("the model" in line for line in seat_view(again, "baghdad")["decision"])
    again.close()
