"""By hand: would compiling the engine as it is make runs faster?

    python benchmarks/bench_compiled.py --cython-python PYTHON_WITH_CYTHON

Copies this tree's packages twice into a scratch folder, compiles the engine's modules in one
copy with Cython (the Python source as it is; annotations are not read as C types, so the
compiled modules behave as the source does) and times baseline runs in each copy in turn, each
in a fresh process, several rounds. Checks that both copies give the same outcomes. Cython and a
C compiler are needed for the build only; Cython is not a dependency of the project, so name the
interpreter of a venv that has it (``--cython-python``; the same Python version as this one).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ENGINE = (
    "agents/*.py",
    "agents/decisions/*.py",
    "sim/phases/*.py",
    "sim/negotiation/*.py",
    "sim/world/*.py",
    "sim/model.py",
    "sim/parliament.py",
    "sim/results.py",
    "sim/runner.py",
)
"""What a step runs: the agents and their decisions, the phases, talks, the world, the record."""

BUILD = """
import glob
from Cython.Build import cythonize
from setuptools import setup
files = sorted(f for pattern in {patterns!r} for f in glob.glob(pattern))
directives = {{"language_level": 3, "annotation_typing": False}}
setup(
    ext_modules=cythonize(files, compiler_directives=directives, nthreads=2, quiet=True),
    script_args=["build_ext", "--inplace", "--build-temp", "build"],
)
print(len(files))
"""

LOOP = """
import sys, time
sys.path.insert(0, {root!r})
from sim.runner import run_outcomes
from sim.scenario.load import load_scenario
scenario = load_scenario({scenario!r})
outcomes = [run_outcomes(scenario, seed=seed) for seed in range(3)]
start = time.process_time()
for seed in range({runs}):
    run_outcomes(scenario, seed=seed)
print((time.process_time() - start) * 1000 / {runs})
print(repr(outcomes))
"""


def copy_tree(target: Path) -> Path:
    """The packages and scenarios of this tree (the built bargaining kernel included)."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("agents", "sim", "scenarios"):
        shutil.copytree(ROOT / name, target / name, ignore=skip)
    return target


def compile_engine(tree: Path, python: str) -> int:
    """Cython-compile the engine's modules in place; the number of modules compiled."""
    code = BUILD.format(patterns=ENGINE)
    done = subprocess.run([python, "-c", code], cwd=tree, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the Cython build failed in {tree}:\n{done.stderr[-2000:]}")
    return int(done.stdout.split()[-1])


def time_runs(tree: Path, runs: int) -> tuple[float, str]:
    """CPU milliseconds per baseline run in a fresh process of ``tree``, and its outcomes at
    seeds 0-2 (the same in every copy, or the compiled engine is not the same engine)."""
    scenario = str(tree / "scenarios" / "baseline_2020.yaml")
    code = LOOP.format(root=str(tree), scenario=scenario, runs=runs)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, check=True
    )
    per_run, outcomes = done.stdout.split("\n", 1)
    return float(per_run), outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cython-python", default=sys.executable, help="a Python with Cython")
    parser.add_argument("--runs", type=int, default=300, help="timed runs per round and copy")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    check = subprocess.run([args.cython_python, "-c", "import Cython"], capture_output=True)
    if check.returncode:
        sys.exit(f"{args.cython_python} has no Cython: pip install cython into a separate venv")
    with tempfile.TemporaryDirectory() as scratch:
        plain = copy_tree(Path(scratch) / "plain")
        compiled = copy_tree(Path(scratch) / "compiled")
        modules = compile_engine(compiled, args.cython_python)
        plain_ms, compiled_ms = [], []
        for _ in range(args.rounds):
            ms, plain_outcomes = time_runs(plain, args.runs)
            plain_ms.append(ms)
            ms, compiled_outcomes = time_runs(compiled, args.runs)
            compiled_ms.append(ms)
            if compiled_outcomes != plain_outcomes:
                sys.exit("the compiled engine's outcomes differ from the plain engine's")
    found = {
        "load_average": round(os.getloadavg()[0], 1),
        "compiled_modules": modules,
        "plain_cpu_ms_per_run": [round(ms, 2) for ms in plain_ms],
        "compiled_cpu_ms_per_run": [round(ms, 2) for ms in compiled_ms],
        "speed_up_of_medians": round(
            statistics.median(plain_ms) / statistics.median(compiled_ms), 2
        ),
    }
    print(json.dumps(found, indent=1))


if __name__ == "__main__":
    main()
