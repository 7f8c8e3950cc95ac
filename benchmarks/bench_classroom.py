"""By hand: the classroom targets of issue 8.

    python benchmarks/bench_classroom.py [--repeat 3] [--runs 200] [--workers 2]

Targets: a whole 30-turn exercise with every seat answered by scripts in under 2 s, a turn with
all seats answered in under 100 ms; resuming a killed 30-turn session in under 1 s; a debrief
with a 200-run ensemble in under 30 s on 2 cores. The 30-turn exercise is the US withdrawal
dialogue with one month per turn (30 turns). For comparison the same scenario is run plainly
with ``run_scenario`` (the session's overhead is the ratio).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXERCISE = ROOT / "scenarios" / "exercises" / "us_withdrawal_dialogue.yaml"


def monthly_exercise(folder: Path) -> Path:
    """The dialogue exercise with one month per turn: 30 turns."""
    text = EXERCISE.read_text(encoding="utf-8")
    text = text.replace("months_per_turn: 3", "months_per_turn: 1")
    text = text.replace(
        "scenario: ../baseline_2020.yaml", f"scenario: {ROOT}/scenarios/baseline_2020.yaml"
    )
    path = folder / "monthly.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def scripted_session(exercise: Path, store: Path):
    """Every seat handed to a script (the model's rules as a named policy) before turn 1."""
    from agents.policies import HeuristicPolicy
    from sim.classroom.session import Session

    start = time.perf_counter()
    session = Session.create(exercise, store)
    for actor in session.exercise.seats:
        session.seat(actor, "script: rules", HeuristicPolicy())
    turn_times = []
    while not session.finished:
        t0 = time.perf_counter()
        session.next_turn()
        turn_times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    answers = len(session.answers())
    session.close()
    return total, turn_times, answers


def person_session(exercise: Path, store: Path) -> int:
    """A class of scripted students answering as people (a session to kill and resume)."""
    from sim.classroom.session import Session
    from tests.sim.classroom.students import play_through

    session = Session.create(exercise, store)
    answered = play_through(session)
    session.close()
    return answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from sim.classroom.debrief import write_debrief
    from sim.classroom.session import Session
    from sim.runner import run_scenario
    from sim.scenario import load_scenario

    folder = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    exercise = monthly_exercise(folder)
    scenario = load_scenario(ROOT / "scenarios" / "baseline_2020.yaml")
    run_scenario(scenario)  # warm up
    plain = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        run_scenario(scenario)
        plain.append(time.perf_counter() - t0)
    totals, turns = [], []
    for index in range(args.repeat):
        total, turn_times, answers = scripted_session(exercise, folder / f"scripted{index}.sqlite")
        totals.append(total)
        turns += turn_times
    print(f"plain run of the scenario: median {statistics.median(plain) * 1000:.0f} ms")
    print(
        f"30-turn exercise, all seats scripted ({answers} recorded answers): median "
        f"{statistics.median(totals):.2f} s (target < 2 s); "
        f"{statistics.median(totals) / statistics.median(plain):.1f}x a plain run"
    )
    print(
        f"one turn, all seats answered: median {statistics.median(turns) * 1000:.0f} ms, "
        f"max {max(turns) * 1000:.0f} ms (target < 100 ms)"
    )
    store = folder / "class.sqlite"
    answered = person_session(exercise, store)
    resumes = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        session = Session.resume(store)
        resumes.append(time.perf_counter() - t0)
        session.close()
    print(
        f"resume a finished 30-turn session ({answered} answers by people): median "
        f"{statistics.median(resumes):.2f} s (target < 1 s)"
    )
    t0 = time.perf_counter()
    write_debrief([store], folder / "debrief", args.runs, args.workers)
    print(
        f"debrief with a {args.runs}-run ensemble, {args.workers} workers: "
        f"{time.perf_counter() - t0:.1f} s (target < 30 s)"
    )


if __name__ == "__main__":
    main()
