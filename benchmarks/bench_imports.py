"""What start-up costs, run by hand: ``python benchmarks/bench_imports.py [--repeat 9]``.

Each line is a fresh interpreter that imports one thing (``pass``: nothing), its CPU time (user
+ system, ``os.wait4``) the median of ``--repeat`` processes, interleaved so all see the same
load. The differences say what a module adds to a default ``run.py``: Mesa 3.3's ``__init__``
imports pandas, scipy.spatial and networkx itself, which no run of ours uses.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = {
    "pass": "pass",
    "numpy": "import numpy",
    "pandas": "import pandas",
    "scipy.spatial": "import scipy.spatial",
    "networkx": "import networkx",
    "mesa": "import mesa",
    "matplotlib.figure": "import matplotlib.figure",
    "the figure modules": "import sim.plots.positions, sim.plots.violence, sim.plots.trust",
    "the model (sim.runner)": "import sim.runner",
}


def cpu_of(code: str) -> float:
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"failed: {code}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in IMPORTS}
    loads = [os.getloadavg()[0]]
    for _ in range(args.repeat):
        for name, code in IMPORTS.items():
            times[name].append(cpu_of(code))
        loads.append(os.getloadavg()[0])
    base = statistics.median(times["pass"])
    for name, found in times.items():
        median = statistics.median(found)
        print(f"{name:24} CPU {median:.3f} s (median of {args.repeat}), {median - base:+.3f} s")
    print(f"load average {min(loads):.2f}-{max(loads):.2f}")


if __name__ == "__main__":
    main()
