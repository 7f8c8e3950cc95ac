"""Sweep throughput and memory, run by hand: ``python benchmarks/bench_sweep.py``.

Throughput: runs per second of the baseline scenario (30 monthly steps) through the serial
backend and the process pool with 1 and 2 workers, pool start-up included, since a user waits
for it too. Memory: peak RSS of a whole sweep process (serial backend, so every run's work is in
that one process) and the parent's traced Python allocations under the process pool, for a small
and a four times larger sweep. Flat numbers mean memory does not grow with the number of runs,
which is what lets 10,000 runs cost what 1,000 do.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sweep_text(replications: int) -> str:
    """A 2 x 2 grid on the baseline; the run count is 4 x replications."""
    return f"""\
base: {ROOT / "scenarios" / "baseline_2020.yaml"}
parameters:
  actors.washington.behaviour.strike_resolve: {{values: [0.2, 0.6]}}
  actors.kataib_hezbollah.behaviour.attack_propensity: {{values: [0.3, 0.7]}}
replications: {replications}
seed: 1
"""


def plan_for(folder: Path, runs: int):
    from sim.sweep.plan import Where, make_plan
    from sim.sweep.spec import load_sweep

    path = folder / "sweep.yaml"
    path.write_text(sweep_text(max(1, runs // 4)), encoding="utf-8")
    spec, base, origins = load_sweep(path)
    return make_plan(spec, base, Where(str(path), origins))


def throughput(runs: int, backend: str, workers: int) -> float:
    from sim.sweep.execute import run_sweep

    with tempfile.TemporaryDirectory() as tmp:
        plan = plan_for(Path(tmp), runs)
        start = time.perf_counter()
        summary = run_sweep(plan, Path(tmp) / "out", backend=backend, workers=workers, quiet=True)
        elapsed = time.perf_counter() - start
    return summary.ran / elapsed


def parent_traced_peak(runs: int, workers: int) -> float:
    """Peak Python allocations (MiB) of the parent while a process-pool sweep streams rows."""
    from sim.sweep.execute import run_sweep

    with tempfile.TemporaryDirectory() as tmp:
        plan = plan_for(Path(tmp), runs)
        tracemalloc.start()
        run_sweep(plan, Path(tmp) / "out", backend="process", workers=workers, quiet=True)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 2**20


def serial_max_rss(runs: int) -> float:
    """Peak RSS (MiB) of a fresh process that runs the whole sweep serially."""
    code = (
        "import resource, sys, tempfile; from pathlib import Path\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'benchmarks')!r}]\n"
        "from bench_sweep import plan_for\n"
        "from sim.sweep.execute import run_sweep\n"
        "with tempfile.TemporaryDirectory() as tmp:\n"
        f"    plan = plan_for(Path(tmp), {runs})\n"
        "    run_sweep(plan, Path(tmp) / 'out', backend='serial', quiet=True)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(done.stdout.split()[-1]) / 1024


RATE_CODE = """
import sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {root!r})
from sim.sweep.execute import run_sweep
from sim.sweep.plan import Where, make_plan
from sim.sweep.spec import load_sweep
if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sweep.yaml"
        path.write_text({text!r}, encoding="utf-8")
        spec, base, origins = load_sweep(path)
        plan = make_plan(spec, base, Where(str(path), origins))
        start = time.perf_counter()
        summary = run_sweep(plan, Path(tmp) / "out", backend={backend!r}, workers=2, quiet=True)
        print(summary.ran / (time.perf_counter() - start))
"""


def rate_in(tree: Path, python: str, runs: int, backend: str = "process") -> tuple[float, float]:
    """Runs per second of a sweep on 2 process workers (or ``serial``), in a fresh process of
    another tree (a ``git worktree`` of an older commit with its own interpreter), pool start-up
    included; and the process's CPU milliseconds per run (``os.wait4``; with the serial backend
    every run is in that process, so a loaded machine stretches it less than the wall time)."""
    text = sweep_text(max(1, runs // 4)).replace(str(ROOT), str(tree))
    code = RATE_CODE.format(root=str(tree), text=text, backend=backend)
    process = subprocess.Popen([python, "-c", code], stdout=subprocess.PIPE, text=True, cwd=tree)
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"the sweep failed in {tree}")
    return float(out.split()[-1]), 1000 * (usage.ru_utime + usage.ru_stime) / runs


def compare(
    other: Path,
    python: str,
    runs: int,
    rounds: int,
    backend: str = "process",
    command: bool = False,
) -> dict[str, object]:
    """This tree against ``other`` side by side: rounds alternate, so both see the same load;
    the ratio of medians is the speed-up. The rate of the sweep inside a process
    (:func:`rate_in`), or with ``command`` of the whole command (:func:`command_rate`)."""
    import statistics

    def measure(tree: Path, interpreter: str) -> tuple[float, float]:
        if command:
            return command_rate(tree, interpreter, runs), 0.0
        return rate_in(tree, interpreter, runs, backend)

    mine, theirs = [], []
    loads = [os.getloadavg()[0]]
    for _ in range(rounds):
        theirs.append(measure(other, python))
        mine.append(measure(ROOT, sys.executable))
        loads.append(os.getloadavg()[0])
    found: dict[str, object] = {
        "load_average": [round(min(loads), 1), round(max(loads), 1)],
        "runs": runs,
        "measure": "the sweep command end to end" if command else f"the sweep on {backend}",
        "other_runs_per_s": [round(r, 1) for r, _ in theirs],
        "this_runs_per_s": [round(r, 1) for r, _ in mine],
        "ratio_of_medians": round(
            statistics.median(r for r, _ in mine) / statistics.median(r for r, _ in theirs), 2
        ),
    }
    if backend == "serial" and not command:
        found["other_cpu_ms_per_run"] = [round(c, 1) for _, c in theirs]
        found["this_cpu_ms_per_run"] = [round(c, 1) for _, c in mine]
        found["cpu_ratio_other_over_this"] = round(
            statistics.median(c for _, c in theirs) / statistics.median(c for _, c in mine), 2
        )
    return found


CPU_CODE = """
import resource, sys, tempfile, time
from pathlib import Path
sys.path[:0] = [{root!r}, {bench!r}]
from bench_sweep import plan_for
from sim.sweep.execute import run_sweep
if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        run_sweep(plan_for(Path(tmp), 4), Path(tmp) / "warm", backend="serial", quiet=True)
        plan = plan_for(Path(tmp), {runs})
        start = time.process_time()
        summary = run_sweep(plan, Path(tmp) / "out", backend={backend!r}, workers=2, quiet=True)
        mine = time.process_time() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(summary.ran, mine, children.ru_utime + children.ru_stime)
"""


def cpu_per_run(runs: int, rounds: int) -> dict[str, object]:
    """Where a sweep's CPU goes, per run: the serial backend's (every run in one process, no
    pool) against a 2-worker pool's workers and its parent, each sweep in a fresh process that
    has made a few runs first (a long sweep's steady state: everything imported). Workers that
    spend what the serial backend spends carry no per-run overhead of their own."""
    import statistics

    found: dict[str, list[float]] = {"serial": [], "workers": [], "parent": []}
    loads = [os.getloadavg()[0]]
    for _ in range(rounds):
        for backend in ("serial", "process"):
            code = CPU_CODE.format(
                root=str(ROOT), bench=str(ROOT / "benchmarks"), runs=runs, backend=backend
            )
            done = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
            )
            ran, mine, children = (float(v) for v in done.stdout.split()[-3:])
            if backend == "serial":
                found["serial"].append(1000 * mine / ran)
            else:
                found["workers"].append(1000 * children / ran)
                found["parent"].append(1000 * mine / ran)
        loads.append(os.getloadavg()[0])
    result: dict[str, object] = {
        "load_average": [round(min(loads), 1), round(max(loads), 1)],
        "runs": runs,
    }
    for name, values in found.items():
        result[f"{name}_cpu_ms_per_run"] = [round(v, 2) for v in values]
    result["workers_over_serial_of_medians"] = round(
        statistics.median(found["workers"]) / statistics.median(found["serial"]), 2
    )
    return result


def command_rate(tree: Path, python: str, runs: int) -> float:
    """Runs per second of the whole command an analyst types, ``python run.py sweep SPEC
    --workers 2``, in ``tree`` with its own interpreter: start-up and imports, the pool, the
    runs and every file the command writes, as the issue's "400 runs took 25 s" was timed."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "sweep.yaml"
        text = sweep_text(max(1, runs // 4)).replace(str(ROOT), str(tree))
        spec.write_text(text, encoding="utf-8")
        command = [python, "run.py", "sweep", str(spec), "--workers", "2"]
        command += ["--out", str(Path(tmp) / "out"), "--quiet"]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=tree, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"the sweep command failed in {tree}: {done.stderr.strip()[-500:]}")
    return runs / elapsed


def _descendants(pid: int) -> list[int]:
    """Every living process below ``pid`` (Linux: ``/proc/<pid>/task/<tid>/children``)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def _memory_kib(pid: int) -> tuple[int, int, int]:
    """(RSS, PSS, private pages: clean + dirty) of a process in KiB, zeros once it is gone. A
    forked worker's RSS counts the parent's pages it shares; its private pages are its own, and
    its PSS adds its share (a page shared by n processes counts 1/n)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0, 0
    fields = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:]}
    return fields["Rss"], fields["Pss"], fields["Private_Clean"] + fields["Private_Dirty"]


def _rows(table: Path) -> int:
    """Rows written so far to a sweep's runs.csv (0 before it exists)."""
    try:
        with table.open("rb") as file:
            return max(0, sum(1 for _ in file) - 1)
    except OSError:
        return 0


def process_memory(runs: int) -> dict[str, object]:
    """A fresh process runs a sweep on 2 process workers: the parent's peak traced Python
    allocations and peak RSS, the largest peak RSS of a worker, and the largest private memory
    and PSS of a worker (sampled every 0.2 s from this process, which starts no thread in the
    sweep's) (MiB), and the workers' largest private memory and PSS and the parent's RSS each
    time another tenth of the rows is written (also printed as it goes, so a long sweep's slope
    is known before its end). A forked worker would go on tracing the parent's allocations
    (tracemalloc's tables and hooks are copied by the fork), which slows it and adds the traces
    to its memory: tracing stops in each child as it is forked."""
    tmp = Path(tempfile.mkdtemp())
    code = (
        "import os, resource, sys, tracemalloc; from pathlib import Path\n"
        "os.register_at_fork(after_in_child=tracemalloc.stop)\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'benchmarks')!r}]\n"
        "from bench_sweep import plan_for\n"
        "from sim.sweep.execute import run_sweep\n"
        "if __name__ == '__main__':\n"
        f"    tmp = Path({str(tmp)!r})\n"
        f"    plan = plan_for(tmp, {runs})\n"
        "    tracemalloc.start()\n"
        "    run_sweep(plan, tmp / 'out', backend='process', workers=2, quiet=True)\n"
        "    traced = tracemalloc.get_traced_memory()[1]\n"
        "    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "    print(traced, me, kids)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    private = pss = 0
    steps: list[list[float]] = []
    step, last_count = max(1, runs // 10), 0.0
    while process.poll() is None:
        now = [_memory_kib(pid) for pid in _descendants(process.pid)]
        private = max([private, *(own for _, _, own in now)])
        pss = max([pss, *(shared for _, shared, _ in now)])
        if time.monotonic() - last_count > 2:  # counting the rows reads the table
            last_count = time.monotonic()
            rows = _rows(tmp / "out" / "runs.csv")
            if now and rows >= (len(steps) + 1) * step:
                own = max(own for _, _, own in now) / 1024
                shared = max(shared for _, shared, _ in now) / 1024
                parent = _memory_kib(process.pid)[0] / 1024
                steps.append([rows, round(own, 1), round(shared, 1), round(parent, 1)])
                print(
                    f"{runs}: {rows} rows, worker private {own:.1f} MiB, PSS {shared:.1f} MiB,"
                    f" parent RSS {parent:.1f} MiB",
                    file=sys.stderr,
                    flush=True,
                )
        time.sleep(0.2)
    shutil.rmtree(tmp, ignore_errors=True)
    out = process.stdout.read() if process.stdout else ""
    if process.returncode:
        sys.exit(f"the sweep of {runs} runs failed")
    traced, me, kids = (float(v) for v in out.split()[-3:])
    return {
        "parent_traced_peak_mib": round(traced / 2**20, 2),
        "parent_max_rss_mib": round(me / 1024, 1),
        "worker_max_rss_mib": round(kids / 1024, 1),
        "worker_max_private_mib": round(private / 1024, 1),
        "worker_max_pss_mib": round(pss / 1024, 1),
        "rows_worker_private_pss_parent_rss_mib": steps,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per throughput measurement")
    parser.add_argument("--memory-runs", type=int, default=250, help="the small memory sweep")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--compare", type=Path, help="another tree (an older commit) to race")
    parser.add_argument("--compare-python", default=sys.executable, help="its interpreter")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --compare")
    parser.add_argument("--compare-backend", default="process", choices=("process", "serial"))
    parser.add_argument(
        "--command",
        action="store_true",
        help="with --compare: time the whole `run.py sweep` command, not the sweep inside it",
    )
    parser.add_argument(
        "--process-memory", type=int, nargs="+", metavar="RUNS", help="memory of these sweeps"
    )
    parser.add_argument(
        "--cpu-per-run", action="store_true", help="CPU per run: serial, pool workers, parent"
    )
    args = parser.parse_args()
    if args.cpu_per_run:
        print(json.dumps(cpu_per_run(args.runs, args.rounds), indent=1))
        return
    if args.process_memory:
        found = {str(runs): process_memory(runs) for runs in args.process_memory}
        print(json.dumps(found, indent=1))
        return
    if args.compare:
        result = compare(
            args.compare,
            args.compare_python,
            args.runs,
            args.rounds,
            args.compare_backend,
            args.command,
        )
        print(json.dumps(result, indent=1))
        return
    results: dict[str, object] = {"cores": os.cpu_count(), "runs": args.runs}
    results["serial_runs_per_s"] = round(throughput(args.runs, "serial", 1), 1)
    for workers in (1, 2):
        rate = throughput(args.runs, "process", workers)
        results[f"process_{workers}_runs_per_s"] = round(rate, 1)
    if not args.skip_memory:
        small, large = args.memory_runs, 4 * args.memory_runs
        for runs in (small, large):
            results[f"serial_max_rss_mib_{runs}"] = round(serial_max_rss(runs), 1)
            results[f"parent_traced_peak_mib_{runs}"] = round(parent_traced_peak(runs, 2), 2)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
