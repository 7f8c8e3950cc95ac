"""By hand: time to first result, ``python run.py`` as a whole process, side by side with
other checkouts (e.g. worktrees of earlier mains).

    python benchmarks/bench_first_result.py BASE [OTHER ...] [--repeat 7] [--no-figures]

Runs are interleaved (base, others, this, base, ...) so all see the same load; each process's
wall time and CPU time (user + system, from ``os.wait4``) are recorded, and the medians (and the
least CPU time) compared with the first checkout's. Each checkout runs with its own
``.venv/bin/python``, its sources compiled to bytecode first (``compileall``), so no side pays
for compiling them (with ``PYTHONDONTWRITEBYTECODE`` set, every start would).
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
    parser.add_argument("base", type=Path, nargs="+", help="the checkouts to compare with")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-figures", action="store_true")
    args = parser.parse_args()
    extra = ["--no-figures"] if args.no_figures else []
    checkouts = {"base": args.base[0].resolve()}
    checkouts.update({str(path): path.resolve() for path in args.base[1:]})
    checkouts["this"] = ROOT
    for folder in checkouts.values():  # start-up with bytecode, as an installed checkout has it
        python = str(folder / ".venv" / "bin" / "python")
        subprocess.run([python, "-m", "compileall", "-q", "sim", "agents"], cwd=folder, check=True)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    loads = [os.getloadavg()[0]]
    for _ in range(args.repeat):
        for name, folder in checkouts.items():
            times[name].append(one_run(folder, extra))
        loads.append(os.getloadavg()[0])
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in times.items()
    }
    least = {name: min(c for _, c in runs) for name, runs in times.items()}
    for name, (wall, cpu) in medians.items():
        print(
            f"{name}: wall {wall:.2f} s, CPU {cpu:.2f} s (median of {args.repeat}), "
            f"least CPU {least[name]:.2f} s"
        )
    print(f"load average {min(loads):.2f}-{max(loads):.2f}")
    for name in list(checkouts)[1:]:
        print(
            f"ratio {name}/base: wall {medians[name][0] / medians['base'][0]:.2f}, "
            f"CPU {medians[name][1] / medians['base'][1]:.2f}, "
            f"least CPU {least[name] / least['base']:.2f}"
        )


if __name__ == "__main__":
    main()
