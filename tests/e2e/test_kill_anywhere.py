"""Kill -9 at a random moment loses nothing confirmed, for the commands the other kill tests
do not cover: an ``ensemble`` (rows of runs.csv written before the kill are kept byte for byte
and ``--resume`` ends at the table of an uninterrupted ensemble) and ``play`` in the terminal
(every turn, seat change and inject the screen confirmed is in the session file, which
resumes and plays to the end). The moment is drawn anew each run and shown when a test fails.
(Sweeps: tests/e2e/test_sweep_resume.py; calibrations: tests/sim/calibrate/test_study.py; a session
driven in Python: tests/e2e/test_classroom_kill_resume.py; the classroom server:
tests/e2e/web/test_browser.py.)"""

from __future__ import annotations

import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

from sim.classroom.session import Session
from sim.classroom.spec import load_exercise
from sim.sweep.store import read_runs
from tests.conftest import BASELINE, ROOT, SCENARIOS, run_cli

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
ENV = {**os.environ, "MPLBACKEND": "Agg"}


def _rows(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n") - 1
    except FileNotFoundError:
        return -1


def test_an_ensemble_killed_at_a_random_moment_resumes_to_the_whole(tmp_path: Path) -> None:
    moment = random.Random()
    # at most half the runs before the kill: the rest outlasts the pause on a fast machine too
    threshold, pause = moment.randrange(1, 20), moment.uniform(0.0, 0.02)
    note = f"killed after {threshold} rows and {pause:.3f} s"
    options = ["-n", "40", "--steps", "6", "--backend", "serial", "--quiet", "--no-figures"]
    command = [sys.executable, str(ROOT / "run.py"), "ensemble", str(BASELINE), *options]
    out = tmp_path / "killed"
    child = subprocess.Popen(
        [*command, "--out", str(out)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while _rows(out / "runs.csv") < threshold and child.poll() is None:
        assert time.monotonic() < deadline, note
        time.sleep(0.005)
    time.sleep(pause)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL, f"finished before the kill ({note})"
    confirmed = (out / "runs.csv").read_bytes()
    confirmed = confirmed[: confirmed.rfind(b"\n") + 1]  # whole rows: what was confirmed

    done = run_cli(*command[2:], "--out", str(out), "--resume", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (out / "runs.csv").read_bytes().startswith(confirmed), note
    whole = run_cli(*command[2:], "--out", str(tmp_path / "whole"), cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    pd.testing.assert_frame_equal(read_runs(out), read_runs(tmp_path / "whole"))


class Terminal:
    """``play`` in a process of its own, its screen read line by line by a thread."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "run.py"), "play", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=ENV,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if match := re.search(pattern, line):
                return match

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process.stdin.close()


def test_play_killed_at_a_random_moment_keeps_everything_it_confirmed(tmp_path: Path) -> None:
    moment = random.Random()
    turns, pause = moment.randrange(2, 8), moment.uniform(0.0, 0.2)
    note = f"killed after turn {turns} was shown, {pause:.3f} s later"
    store = tmp_path / "class.sqlite"
    exercise, _ = load_exercise(TALKS)
    people = [a for a, seat in exercise.seats.items() if seat.played_by == "person"]
    terminal = Terminal(str(TALKS), "--session", str(store))
    shown = int(terminal.wait_for(r"\(turn (\d+) of")[1])
    for actor in people:  # the model plays every seat: each :next runs a whole turn
        terminal.send(f":seat {actor} model")
    terminal.send(":inject neighbours_summit")
    terminal.wait_for("released 'Baghdad summit of neighbours'")
    while shown < turns:
        terminal.send(":next")
        shown = int(terminal.wait_for(r"\(turn (\d+) of")[1])
    terminal.send(":next")  # and one more that may or may not land before the kill
    time.sleep(pause)
    terminal.kill()

    resumed = Session.resume(store)
    assert resumed.turn >= shown, note
    assert [r.name for r in resumed.released] == ["neighbours_summit"], note
    assert all(resumed.holders[actor] == "model" for actor in people), note
    while not resumed.finished:
        resumed.next_turn()
    assert resumed.turn == resumed.turns
    resumed.close()
