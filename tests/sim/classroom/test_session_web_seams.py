"""The two small seams the web classroom needs in the engine: a session paused when its process
died comes back where it was (the store is replayed through the pause), and a copy of a shipped
exercise saved elsewhere (an upload) still finds its scenario."""

from __future__ import annotations

import shutil

from sim.classroom.session import Session
from sim.classroom.spec import load_exercise, scenario_file
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import student_answer
from tests.sim.classroom.test_session import FakeClock

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"


def test_a_paused_session_resumes_at_the_same_decision(tmp_path):
    clock = FakeClock()
    session = Session.create(TALKS, tmp_path / "s.sqlite", clock=clock, turns="sequential")
    for _ in range(3):
        value, reason = student_answer(session)
        session.answer(session.pending.decision.actor, value, reason)
    waiting = (session.pending.decision.step, session.pending.decision.actor, session.pending.n)
    steps = session.model.steps
    clock.now += 30
    session.pause()
    deadline = session.deadline()
    session.close()

    clock.now += 500  # the server was down for a while, still paused
    resumed = Session.resume(tmp_path / "s.sqlite", clock=clock)
    assert resumed.paused_since == 1030.0
    assert resumed.model.steps == steps  # replayed through the pause, not left at step 0
    pending = resumed.pending
    assert (pending.decision.step, pending.decision.actor, pending.n) == waiting
    assert len(resumed.answers()) == 3
    # the pause goes on: 500 s of it pushed the deadline on by 500 s
    assert resumed.deadline() == deadline + 500
    assert resumed.tick() is False
    resumed.close()


def test_a_copy_of_a_shipped_exercise_finds_its_scenario(tmp_path):
    copy = tmp_path / "uploads" / "mine.yaml"
    copy.parent.mkdir()
    shutil.copy(TALKS, copy)
    exercise, scenario = load_exercise(copy)
    _, shipped = load_exercise(TALKS)
    assert scenario.model_dump() == shipped.model_dump()
    assert scenario_file(copy, exercise.scenario) == scenario_file(TALKS, exercise.scenario)


def test_a_scenario_beside_the_exercise_comes_first(tmp_path):
    beside = tmp_path / "regional_mediation" / "iran_saudi_offers.yaml"
    beside.parent.mkdir()
    beside.write_text("not read here")
    exercise = tmp_path / "exercises" / "mine.yaml"
    exercise.parent.mkdir()
    named = "../regional_mediation/iran_saudi_offers.yaml"
    assert scenario_file(exercise, named) == beside.resolve()


def test_a_store_in_use_can_be_copied_whole(tmp_path):
    from sim.classroom.store import Store

    store = Store(tmp_path / "live.sqlite")
    store.set_meta(exercise="x.yaml", seed="7")
    for n in range(3):
        store.append("answer", {"n": n}, wall=100.0 + n)
    copy = Store.open_existing(store.backup(tmp_path / "Section_A.sqlite"))
    assert copy.meta() == {"exercise": "x.yaml", "seed": "7"}
    assert copy.entries() == store.entries()
    assert [payload["n"] for _, _, payload, _ in copy.entries()] == [0, 1, 2]
    store.append("answer", {"n": 3})  # the live store goes on; the copy stays as it was
    assert len(copy.entries()) == 3
    copy.close()
    store.close()
