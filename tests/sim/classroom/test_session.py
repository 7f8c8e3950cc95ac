"""The session: a scripted class plays a whole exercise; resume and replay give the same bytes;
a branch keeps the prefix; deadlines, empty seats, injects, pause, skip; fog of war."""

from __future__ import annotations

import filecmp

import pytest

from sim.classroom.session import Session
from sim.classroom.view import seat_view
from sim.errors import InputError
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import play_through, student_answer

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
DIALOGUE = SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml"


class FakeClock:
    """Wall-clock time the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    folder = tmp_path_factory.mktemp("played")
    session = Session.create(TALKS, folder / "class.sqlite", clock=FakeClock(), turns="sequential")
    answered = play_through(session)
    run = session.write_run(folder / "live")
    result = session.result()
    session.close()
    return folder, answered, result, run


def test_a_scripted_class_plays_the_whole_exercise(played):
    folder, answered, result, _ = played
    session = Session.resume(folder / "class.sqlite")
    assert session.finished and session.turn == session.turns == 11
    answers = session.answers()
    assert answered == len(answers) > 30
    assert {a.by for a in answers} == {"person: scripted student"}
    kinds = {(a.actor, a.kind) for a in answers}
    for actor, seat in session.exercise.seats.items():  # (Riyadh accepts only if Tehran offers)
        made = {k for a, k in kinds if a == actor}
        assert made <= set(seat.decisions) and len(made) >= 2, actor
    # the students' choices are the run's choices: each recorded answer is in the event log
    logged = {
        (r["step"], r["actor"], r["decision"]) for r in result.events if r["type"] == "decision"
    }
    assert {(a.step, a.actor, a.kind) for a in answers} <= logged
    players = result.outcomes["players"]
    assert players["tehran"].startswith("seat (person)")
    assert "scripted student" in players["tehran"] and players["washington"] == "heuristic"
    session.close()


def test_resume_and_replay_reproduce_the_run_byte_for_byte(played, tmp_path):
    folder, _, result, live = played
    session = Session.resume(folder / "class.sqlite")
    assert session.result().rows == result.rows
    replay = session.write_run(tmp_path / "replay")
    session.close()
    names = sorted(p.name for p in live.iterdir())
    assert "choices.jsonl" in names and "outcomes.json" in names
    match, mismatch, errors = filecmp.cmpfiles(live, replay, names, shallow=False)
    assert mismatch == [] and errors == [] and match == names


def test_branch_reproduces_the_prefix_and_asks_again(played, tmp_path):
    folder, _, result, _ = played
    original = Session.resume(folder / "class.sqlite")
    branch = original.branch(5, tmp_path / "branch.sqlite")
    first = original.first_step(5)
    assert branch.turn == 5 and branch.model.steps < first
    assert branch.model.recorder.rows == result.rows[: branch.model.steps + 1]
    # same dice: played the same way, the branch ends where the class ended
    play_through(branch)
    assert branch.result().rows == result.rows
    # a different answer at the branch point changes the run from there on only
    other = original.branch(5, tmp_path / "other.sqlite")
    decision = other.pending.decision
    flipped = not student_answer(other)[0] if isinstance(student_answer(other)[0], bool) else 0
    other.answer(decision.actor, flipped, "what if")
    play_through(other)
    rows = other.result().rows
    assert rows[:first] == result.rows[:first]
    for s in (original, branch, other):
        s.close()


def test_a_missed_deadline_is_answered_by_the_model_and_labelled(tmp_path):
    clock = FakeClock()
    session = Session.create(TALKS, tmp_path / "s.sqlite", clock=clock, turns="sequential")
    while session.pending is None:
        session.next_turn()
    waiting = session.pending.decision
    clock.now += 60 * session.exercise.clock.deadline_minutes + 1
    assert session.tick()
    late = [a for a in session.answers() if a.by == "model: deadline missed"]
    first = [a for a in late if a.key[:3] == (waiting.step, waiting.actor, waiting.kind)]
    assert first and first[0].value == first[0].model_value
    # the rest of the late turn is the model's too: the turn ran to its end
    assert session.pending is None and session.model.steps == session.last_step(1)
    session.close()


def test_pause_stops_the_clock(tmp_path):
    clock = FakeClock()
    session = Session.create(TALKS, tmp_path / "s.sqlite", clock=clock, turns="sequential")
    while session.pending is None:
        session.next_turn()
    due = session.deadline()
    session.pause()
    clock.now += 600
    assert not session.tick()
    session.resume_play()
    assert session.deadline() == pytest.approx(due + 600)
    session.close()


def test_an_empty_seat_is_filled_by_the_model_and_labelled(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", clock=FakeClock(), turns="sequential")
    session.seat("kataib_hezbollah", "model")
    play_through(session, turns=3)
    filled = [a for a in session.answers() if a.actor == "kataib_hezbollah"]
    assert filled and {a.by for a in filled} == {"model: seat empty"}
    assert session.players()["kataib_hezbollah"].startswith("seat (model (seat empty))")
    # the seat changes hands back mid-game: a person answers from now on
    session.seat("kataib_hezbollah", "person: Dana")
    play_through(session, turns=5)
    later = [a for a in session.answers() if a.actor == "kataib_hezbollah"]
    assert any(a.by.startswith("person") for a in later)
    session.close()


def test_injects_from_the_menu_or_written_are_recorded_and_act_next_month(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", clock=FakeClock(), turns="sequential")
    play_through(session, turns=1)
    item = session.release("neighbours_summit")
    assert item.step == session.model.steps + (2 if session.pending else 1)
    with pytest.raises(InputError, match="no inject 'nope'"):
        session.release("nope")
    bad = {
        "label": "x",
        "source": "judgement",
        "reason": "test",
        "effects": [{"kind": "trust", "actor": "tehran", "toward": "mars", "by": 0.1}],
    }
    with pytest.raises(InputError) as caught:
        session.release("written", written=bad)
    assert caught.value.key == "effects.0.toward"
    good = {**bad, "effects": [{"kind": "tension", "by": 0.2}]}
    session.release("written", written=good)
    play_through(session, turns=3)
    fired = [r for r in session.result().events if r["type"] == "inject"]
    assert next((r["step"], r["label"]) for r in fired if r["step"] == item.step) == (
        item.step,
        "Baghdad summit of neighbours",
    )
    resumed = Session.resume(tmp_path / "s.sqlite")
    assert resumed.result().rows == session.result().rows
    resumed.close()
    session.close()


def test_skip_lets_the_model_play_to_a_month(tmp_path):
    session = Session.create(DIALOGUE, tmp_path / "s.sqlite", clock=FakeClock(), turns="sequential")
    session.skip_to("2021-04")  # step 12 of a run from 2020-05; turns of 3 months
    assert session.turn == 4 and session.model.steps >= 11
    before = [a for a in session.answers() if a.step < 12]
    assert before and {a.by for a in before} == {"model: skipped by the facilitator"}
    assert all(a.value == a.model_value for a in before)
    assert all(not a.by.startswith("model: skipped") for a in session.answers() if a.step >= 12)
    with pytest.raises(InputError):
        session.skip_to("2020-06")
    session.close()


def test_a_seat_sees_only_its_own_private_state(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", clock=FakeClock(), turns="sequential")
    while session.pending is None:
        session.next_turn()
    waiting = session.pending.decision.actor
    world = session.model.world
    for seat in session.exercise.seats:
        view = seat_view(session, seat)
        text = "\n".join(view["private"])
        assert world.actors[seat].name in view["private"][0]
        others = [a for a in world.actors.values() if a.actor_id != seat]
        assert not any(
            line.startswith(f"  {o.name} wants") for o in others for line in view["private"]
        )
        assert ("you want" in text) == bool(world.actors[seat].positions)
        assert (view["decision"] is not None) == (seat == waiting)
        assert view["public"] == seat_view(session, waiting)["public"]
    session.close()


def test_answers_are_checked_and_in_readable_units(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", clock=FakeClock(), turns="sequential")
    while session.pending is None or session.pending.decision.kind != "offer":
        if session.pending is None:
            session.next_turn()
        else:
            session.answer(session.pending.decision.actor, *student_answer(session))
    actor = session.pending.decision.actor
    with pytest.raises(InputError, match=r": 150 is out of range \(0 to 100\)$"):
        session.answer(actor, 150)
    with pytest.raises(InputError, match="no decision is waiting for badr"):
        session.answer("badr", 1)
    recorded = session.answer(actor, 42, "my offer")
    assert recorded.value == {"iran_saudi_ties": 42.0}  # offers are recorded in issue units
    session.close()


def test_a_new_session_refuses_an_existing_file(tmp_path):
    Session.create(TALKS, tmp_path / "s.sqlite", clock=FakeClock(), turns="sequential").close()
    with pytest.raises(InputError, match="already here"):
        Session.create(TALKS, tmp_path / "s.sqlite", turns="sequential")
