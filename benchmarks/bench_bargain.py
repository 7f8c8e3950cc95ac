"""Bargaining benchmarks, side by side with another checkout (e.g. a worktree of the old main).

    python benchmarks/bench_bargain.py --baseline /path/to/old/worktree [--only smp,batch,startup]

Every measurement runs in a fresh process with the checkout's own interpreter
(``ROOT/.venv/bin/python`` when there is one), alternating between the two checkouts so both
see the same machine load; the best of ``--repeat`` runs is kept. Reports wall seconds and CPU
seconds of the run (CPU time is the steadier figure on a shared machine; the compiled kernel
uses both cores, so its CPU time can exceed its wall time), the peak RSS of the process, the
load average, and which compiled kernel the run loaded: each side runs as its checkout has it
(``numba`` for the code of before, with numba installed; ``C`` for the kernel built by ``pip
install``, from 16 actors); ``--no-kernel`` runs this checkout on numpy alone. The timer starts
after importing ``sim.bargaining``, so loading a kernel is counted in the run.

- smp: run_smp to convergence on KTAB's 40/80/160-actor files and on random one-dimensional
  inputs of 320 and 640 actors (the baseline is skipped where ``--skip-baseline-above`` says).
- batch: a synthetic corpus of small KTAB files; the baseline runs one process per file with
  SMP alone, this checkout one process with all four models (``bargain FOLDER --models ...``).
- startup: ``run.py --help`` against ``python -c pass``; ``run.py bargain`` on the 7-actor
  file against ``python -c "import numpy"``; every round runs all eight (command, side)
  pairs in turn, and medians are reported with minima. Both checkouts' bytecode is compiled
  first (``compileall``), so neither pays for compiling its sources (with
  ``PYTHONDONTWRITEBYTECODE`` set, every start would).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]
KTAB = HERE / "scenarios" / "ktab"

SMP_SNIPPET = """
import json, resource, sys, time
import numpy as np
from sim.bargaining import read_ktab_csv
from sim.bargaining.smp import run_smp
case = sys.argv[1]
if case.startswith("random:"):
    _, n, d, seed = case.split(":")
    rng = np.random.default_rng(int(seed))
    n, d = int(n), int(d)
    caps = rng.uniform(1, 200, n)
    pos = rng.uniform(0, 1, (n, d))
    sal = rng.uniform(0.1, 1, (n, d))
    sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(0.5, 0.99, (n, 1))
else:
    s = read_ktab_csv(case)
    caps, pos, sal = s.capabilities, s.positions, s.saliences
before = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
result = run_smp(caps, pos, sal)
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
peak = after.ru_maxrss / 1024
np.save(sys.argv[2], result.positions)
row = {"seconds": seconds, "cpu_s": cpu, "states": int(result.states), "peak_mib": peak}
# the compiled kernel the run loaded, if any
row["kernel"] = (
    "numba" if "numba" in sys.modules
    else "C" if "sim.bargaining.smp_native" in sys.modules else "none"
)
print(json.dumps(row))
"""


def python_of(root: Path) -> str:
    venv = root / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run_smp_case(root: Path, case: str, out: Path, no_kernel: bool = False) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("CROSSROADS_NO_KERNEL", None)
    if no_kernel:
        env["CROSSROADS_NO_KERNEL"] = "1"
    done = subprocess.run(
        [python_of(root), "-c", SMP_SNIPPET, case, str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout)


def wall(command: list[str], cwd: Path) -> float:
    return timed(command, cwd)[0]


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu


def write_corpus(folder: Path, files: int, seed: int = 12) -> list[Path]:
    """Small one-dimensional KTAB files like legislative issues: 5–30 actors, positions on
    0–100 (a third of the issues all 0/100), saliences 10–100 (nonzero, so old code runs)."""
    rng = np.random.default_rng(seed)
    paths = []
    for f in range(files):
        n = int(rng.integers(5, 31))
        binary = f % 3 == 0
        pos = rng.choice([0, 100], n) if binary else rng.integers(0, 21, n) * 5
        sal = rng.integers(10, 101, n)
        caps = rng.integers(1, 30, n)
        rows = [f"A{a},actor {a},{caps[a]},{pos[a]},{sal[a]}" for a in range(n)]
        path = folder / f"issue{f:03d}.csv"
        path.write_text("\n".join([f"Issue {f},synthetic,{n},1", "Actor,Desc,Cap,Pos,Sal", *rows]))
        paths.append(path)
    return paths


def bench_smp(
    root: Path,
    baseline: Path | None,
    repeat: int,
    skip_above: int,
    sizes: set[int],
    no_kernel: bool = False,
) -> list[dict]:
    cases = [str(KTAB / f"dummyData-a{n:03d}.csv") for n in (40, 80, 160) if n in sizes]
    cases += [f"random:{n}:1:7" for n in (320, 640) if n in sizes]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            n = int(case.split(":")[1]) if case.startswith("random:") else int(case[-7:-4])
            sides = {"new": root}
            if baseline is not None and n <= skip_above:
                sides["old"] = baseline
            best: dict[str, dict] = {}
            for _ in range(repeat if n <= 160 else 1):
                for side, where in sides.items():
                    off = no_kernel and side == "new"
                    got = run_smp_case(where, case, Path(tmp) / f"{side}.npy", off)
                    if side not in best or got["seconds"] < best[side]["seconds"]:
                        best[side] = got
            row = {"case": Path(case).stem if not case.startswith("random") else case, "n": n}
            row["load_average"] = os.getloadavg()[0]
            row.update({f"{s}_{k}": v for s, got in best.items() for k, v in got.items()})
            if "old" in best:
                old = np.load(Path(tmp) / "old.npy")
                new = np.load(Path(tmp) / "new.npy")
                row["same_states"] = old.shape == new.shape
                row["max_position_difference"] = (
                    float(np.abs(old - new).max()) if old.shape == new.shape else None
                )
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def bench_batch(root: Path, baseline: Path | None, files: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = write_corpus(folder, files)
        table = Path(tmp) / "table.csv"
        models = "smp,compromise,weighted_median,expected_utility"
        command = [python_of(root), "run.py", "bargain", str(folder), "--models", models]
        row: dict[str, float | int] = {"files": files}
        row["new_one_process_all_models_s"] = wall([*command, "--table", str(table)], root)
        if baseline is not None:
            python = python_of(baseline)
            total = sum(wall([python, "run.py", "bargain", str(p)], baseline) for p in paths)
            row["old_process_per_file_smp_s"] = total
            row["ratio"] = total / float(row["new_one_process_all_models_s"])
    print(json.dumps(row), flush=True)
    return row


def bench_startup(root: Path, baseline: Path | None, repeat: int) -> list[dict]:
    """Whole-process seconds of the four commands on both sides, interleaved (every round
    runs each command on each side once, so both see the same load); medians and minima."""
    seven = str(KTAB / "dummyData_3Dim.csv")
    sides = {"new": root} | ({"old": baseline} if baseline is not None else {})
    commands = {
        "pass": ["-c", "pass"],
        "help": ["run.py", "--help"],
        "numpy": ["-c", "import numpy"],
        "bargain": ["run.py", "bargain", seven],
    }
    for where in sides.values():  # start-up with bytecode, as an installed checkout has it
        compile_bytecode = [python_of(where), "-m", "compileall", "-q", "sim", "agents"]
        subprocess.run(compile_bytecode, cwd=where, check=True)
    times = {side: {name: [] for name in commands} for side in sides}
    cpu = {side: {name: [] for name in commands} for side in sides}
    loads = []
    for _ in range(repeat):
        loads.append(os.getloadavg()[0])
        for name, args in commands.items():
            for side, where in sides.items():
                seconds, cpu_seconds = timed([python_of(where), *args], where)
                times[side][name].append(seconds)
                cpu[side][name].append(cpu_seconds)
    rows = []
    for side in sides:
        median = {k: statistics.median(v) for k, v in times[side].items()}
        best = {k: min(v) for k, v in times[side].items()}
        cpu_median = {k: statistics.median(v) for k, v in cpu[side].items()}
        row: dict[str, object] = {"side": side, "runs": repeat}
        row |= {f"{k}_median_s": round(v, 4) for k, v in median.items()}
        row |= {f"{k}_min_s": round(v, 4) for k, v in best.items()}
        row |= {f"{k}_cpu_median_s": round(v, 4) for k, v in cpu_median.items()}
        row["help_over_pass"] = round(median["help"] / median["pass"], 2)
        row["bargain_over_numpy"] = round(median["bargain"] / median["numpy"], 2)
        row["help_over_pass_min"] = round(best["help"] / best["pass"], 2)
        row["bargain_over_numpy_min"] = round(best["bargain"] / best["numpy"], 2)
        row["help_over_pass_cpu"] = round(cpu_median["help"] / cpu_median["pass"], 2)
        row["bargain_over_numpy_cpu"] = round(cpu_median["bargain"] / cpu_median["numpy"], 2)
        row["load_average"] = f"{min(loads):.2f}–{max(loads):.2f}"
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to compare against")
    parser.add_argument("--only", default="smp,batch,startup")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=int, default=351, help="batch corpus size")
    parser.add_argument("--skip-baseline-above", type=int, default=320)
    parser.add_argument("--sizes", default="40,80,160,320,640", help="SMP cases by actors")
    parser.add_argument(
        "--no-kernel",
        action="store_true",
        help="run this checkout's SMP on numpy alone (CROSSROADS_NO_KERNEL=1), without its kernel",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    if "startup" in only:
        bench_startup(HERE, args.baseline, max(5, args.repeat))
    if "smp" in only:
        sizes = {int(n) for n in args.sizes.split(",")}
        bench_smp(HERE, args.baseline, args.repeat, args.skip_baseline_above, sizes, args.no_kernel)
    if "batch" in only:
        bench_batch(HERE, args.baseline, args.files)


if __name__ == "__main__":
    main()
