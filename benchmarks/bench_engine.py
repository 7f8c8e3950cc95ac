"""By hand: how long one baseline run takes after import, and how fast ``run.py --help`` answers.

    python benchmarks/bench_engine.py [--repeat 30]

Targets (issue 2): one baseline run <= 50 ms on one core; ``run.py --help`` <= 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def time_runs(repeat: int) -> list[float]:
    from sim.runner import run_scenario
    from sim.scenario import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "baseline_2020.yaml")
    run_scenario(scenario)  # warm up imports and caches
    times = []
    for seed in range(repeat):
        start = time.perf_counter()
        run_scenario(scenario, seed=seed)
        times.append(time.perf_counter() - start)
    return times


def time_load(repeat: int) -> list[float]:
    from sim.scenario import load_scenario

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        load_scenario(ROOT / "scenarios" / "baseline_2020.yaml")
        times.append(time.perf_counter() - start)
    return times


def time_help(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "run.py"), "--help"], check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    for label, times in (
        ("baseline run (after import)", time_runs(args.repeat)),
        ("load + validate baseline YAML", time_load(args.repeat)),
        ("run.py --help (whole process)", time_help(max(5, args.repeat // 3))),
    ):
        print(
            f"{label:32s} median {statistics.median(times) * 1000:7.1f} ms   "
            f"min {min(times) * 1000:7.1f} ms   n={len(times)}"
        )


if __name__ == "__main__":
    main()
