"""By hand: the web debrief's time after the class ends (issue 19).

    python benchmarks/bench_debrief.py [--runs 200] [--flips 40] [--exercise us_withdrawal_dialogue]

Target: when the class ends, the debrief is ready in at most 15 s. The model's ensemble depends
only on the exercise and the seed, so the web server computes it in a background child process
from the session's start (``sim/web/ensembles.py``); what is left at the end is the class's own
work: the turning-point reruns (one rerun per flipped choice), the figures and the page.

Measured with the commands the server runs, as separate processes: the background child
(``EXERCISE SEED RUNS FOLDER``), then ``run.py debrief ... --workers 1 --cache FOLDER`` on a
session played through by scripted students (once with the ensemble on disk, as after a class;
once without, as before issue 19).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--flips", type=int)
    parser.add_argument("--exercise", default="us_withdrawal_dialogue")
    args = parser.parse_args()

    from sim.classroom.debrief import FLIPS
    from sim.classroom.session import Session
    from sim.web.ensembles import CODE
    from tests.sim.classroom.students import play_through

    flips = FLIPS if args.flips is None else args.flips
    exercise = ROOT / "scenarios" / "exercises" / f"{args.exercise}.yaml"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        store = folder / "class.sqlite"
        session = Session.create(exercise, store)
        answered = play_through(session)
        seed = session.seed
        session.close()
        cache = folder / "ensembles"
        background = timed(
            [sys.executable, "-c", CODE, str(exercise), str(seed), str(args.runs), str(cache)]
        )
        debrief = [sys.executable, "run.py", "debrief", str(store), "--runs", str(args.runs)]
        debrief += ["--workers", "1", "--flips", str(flips), "--force"]
        ready = timed([*debrief, "--out", str(folder / "ready"), "--cache", str(cache)])
        cold = timed([*debrief, "--out", str(folder / "cold"), "--cache", str(folder / "none")])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{args.exercise}: {answered} answers by scripted students, seed {seed}")
    print(f"background ensemble, {args.runs} runs, one low-priority process: {background:.1f} s")
    print(
        f"debrief at the end with the ensemble on disk ({flips} flips): {ready:.1f} s "
        f"(target 15 s: {'met' if ready <= 15 else 'NOT met'})"
    )
    print(f"debrief at the end computing the ensemble too (before issue 19): {cold:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
