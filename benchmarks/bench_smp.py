"""Time the SMP to convergence: KTAB's 40/80/160-actor examples, then growth with dimensions.

Run by hand:  python benchmarks/bench_smp.py [--repeat N]
Prints a table (actors, dimensions, states, seconds, milliseconds per turn).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from sim.bargaining import read_ktab_csv, run_smp

KTAB = Path(__file__).resolve().parents[1] / "scenarios" / "ktab"


def random_case(n: int, d: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    caps = rng.uniform(1, 200, n)
    pos = rng.uniform(0, 1, (n, d))
    sal = rng.uniform(0.1, 1, (n, d))
    sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(0.5, 0.99, (n, 1))
    return caps, pos, sal


def time_run(caps: np.ndarray, pos: np.ndarray, sal: np.ndarray, repeat: int) -> tuple[int, float]:
    best = float("inf")
    states = 0
    for _ in range(repeat):
        start = time.perf_counter()
        states = run_smp(caps, pos, sal).states
        best = min(best, time.perf_counter() - start)
    return states, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args()
    rows = []
    for n in (40, 80, 160):
        scenario = read_ktab_csv(KTAB / f"dummyData-a{n:03d}.csv")
        case = (scenario.capabilities, scenario.positions, scenario.saliences)
        rows.append((f"dummyData-a{n:03d}", n, 1, *time_run(*case, args.repeat)))
    for d in (1, 2, 4, 8):
        rows.append(("random seed 7", 40, d, *time_run(*random_case(40, d), args.repeat)))
    for n in (20, 40, 80, 160):
        rows.append(("random seed 7", n, 3, *time_run(*random_case(n, 3), args.repeat)))
    print(f"{'input':<18} {'actors':>6} {'dims':>4} {'states':>6} {'seconds':>8} {'ms/turn':>8}")
    for name, n, d, states, seconds in rows:
        per_turn = 1000 * seconds / max(1, states - 1)
        print(f"{name:<18} {n:>6} {d:>4} {states:>6} {seconds:>8.3f} {per_turn:>8.1f}")


if __name__ == "__main__":
    main()
