"""By hand: time to first result, ``python run.py`` as a whole process, side by side with
another checkout (e.g. a worktree of the previous main).

    python benchmarks/bench_first_result.py /path/to/base-worktree [--repeat 7] [--no-figures]

Runs are interleaved (base, this, base, this, ...) so both see the same load; each process's
wall time and CPU time (user + system, from ``os.wait4``) are recorded and the medians compared.
Each checkout runs with its own ``.venv/bin/python``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(checkout: Path, extra: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``python run.py --out TMP --force`` in ``checkout``."""
    python = checkout / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(python), "run.py", "--out", out, "--force", *extra],
            cwd=checkout,
            stdout=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"run.py failed in {checkout}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the checkout to compare with")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-figures", action="store_true")
    args = parser.parse_args()
    extra = ["--no-figures"] if args.no_figures else []
    times: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
    for _ in range(args.repeat):
        times["base"].append(one_run(args.base.resolve(), extra))
        times["this"].append(one_run(ROOT, extra))
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in times.items()
    }
    for name, (wall, cpu) in medians.items():
        print(f"{name}: wall {wall:.2f} s, CPU {cpu:.2f} s (median of {args.repeat})")
    print(
        f"ratio this/base: wall {medians['this'][0] / medians['base'][0]:.2f}, "
        f"CPU {medians['this'][1] / medians['base'][1]:.2f}"
    )


if __name__ == "__main__":
    main()
