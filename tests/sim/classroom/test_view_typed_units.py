"""An offer typed by a student is read back as typed, in the issue's units, on every surface of
the classroom: the public report every seat sees, the terminal's ``recorded:`` and ``:status``
lines, and the debrief. (Offers are in issue units everywhere: a surface that converted them
again showed Riyadh's 35 as '3,500 index'.)"""

from __future__ import annotations

import io

from sim.classroom.session import Session
from sim.classroom.view import public_report
from sim.commands.play import _command
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import student_answer

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
TYPED = "37.5"  # on the 0-100 relations index; 37.5 * 100 = 3,750 was the old misreading


def _to_an_offer(session: Session) -> None:
    while session.pending is None or session.pending.decision.kind != "offer":
        if session.pending is None:
            session.next_turn()
        else:
            session.answer(session.pending.decision.actor, *student_answer(session))


def _finish_month(session: Session, step: int) -> None:
    """Answer the rest of the month: its events (the offer among them) enter the log when the
    whole step has run."""
    while session.model.steps < step:
        session.answer(session.pending.decision.actor, *student_answer(session))


def test_a_typed_offer_reads_back_unchanged_in_the_terminal_and_the_report(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", turns="sequential")
    _to_an_offer(session)
    decision = session.pending.decision
    name = session.model.world.actors[decision.actor].name
    out = io.StringIO()
    _command(session, f"{TYPED} | my opening", out)
    assert out.getvalue() == f"  recorded: {TYPED} index (person)\n"
    _finish_month(session, decision.step)
    _command(session, ":status", out)
    offers = [line for line in public_report(session) if line.startswith("  offer ")]
    mine = [line for line in offers if name in line]
    assert mine and mine[-1].endswith(f"in the Iran-Saudi talks hosted by Baghdad: {TYPED} index")
    assert mine[-1] in out.getvalue().splitlines()
    assert "3,750" not in out.getvalue()
    session.close()


def test_a_typed_offer_reads_back_unchanged_in_the_debrief(tmp_path, cli):
    store = tmp_path / "class.sqlite"
    session = Session.create(TALKS, store, turns="sequential")
    _to_an_offer(session)
    decision = session.pending.decision
    session.answer(decision.actor, float(TYPED), "my opening")
    _finish_month(session, decision.step)
    session.close()
    out = tmp_path / "debrief"
    done = cli(
        "debrief", str(store), "--out", str(out), "--runs", "10", "--flips", "0",
        "--workers", "1", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f"<td>{TYPED} index</td>" in page and "3,750" not in page
    # the history the briefings held back (the talks start in 2021-01): F19, five rounds to 2022
    assert "What happened next" in page and "<td>F19 (late 2022)</td>" in page
    # seats and tracks by name, as the class knows them
    assert "<h3>Kataib Hezbollah</h3>" in page and "kataib_hezbollah</" not in page
    assert "<td>Iran-Saudi talks hosted by Baghdad</td>" in page
