"""Nothing lost: a session killed with SIGKILL in the middle of play resumes from its store
with the state it had, and finishes exactly as an uninterrupted session does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sim.classroom.session import Session
from tests.conftest import ROOT, SCENARIOS
from tests.sim.classroom.students import play_through

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"

PLAYER = """
import sys, time
sys.path.insert(0, {root!r})
from sim.classroom.session import Session
from tests.sim.classroom.students import student_answer
session = Session.create({exercise!r}, {store!r}, turns="sequential")
answered = 0
while not session.finished:
    if session.pending is None:
        session.next_turn()
        continue
    value, reason = student_answer(session)
    session.answer(session.pending.decision.actor, value, reason, who="scripted student")
    answered += 1
    print(answered, flush=True)
    time.sleep(0.02)
"""


def test_sigkill_mid_session_loses_nothing(tmp_path):
    store = tmp_path / "killed.sqlite"
    code = PLAYER.format(root=str(ROOT), exercise=str(TALKS), store=str(store))
    player = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    answered = 0
    deadline = time.monotonic() + 120
    while answered < 25 and time.monotonic() < deadline:
        line = player.stdout.readline()
        if not line:
            break
        answered = int(line)
    os.kill(player.pid, signal.SIGKILL)
    player.wait()
    player.stdout.close()
    assert player.returncode == -signal.SIGKILL
    assert answered >= 25

    resumed = Session.resume(store)
    assert len(resumed.answers()) >= answered  # every acknowledged answer is in the store
    play_through(resumed)

    whole = Session.create(TALKS, tmp_path / "whole.sqlite", turns="sequential")
    play_through(whole)
    assert resumed.result().rows == whole.result().rows
    assert resumed.result().events == whole.result().events
    assert [a.key for a in resumed.answers()] == [a.key for a in whole.answers()]
    resumed.close()
    whole.close()
