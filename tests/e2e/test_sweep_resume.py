"""A sweep killed half-way resumes to exactly the table of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.errors import InputError
from sim.sweep.execute import run_sweep
from sim.sweep.plan import Where, make_plan
from sim.sweep.spec import load_sweep
from sim.sweep.store import read_runs, repair_torn_tail

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
SWEEP = f"""\
base: {BASELINE}
parameters:
  actors.washington.behaviour.strike_resolve: {{min: 0.1, max: 0.7, steps: 4}}
  actors.kataib_hezbollah.behaviour.attack_propensity: {{min: 0.2, max: 0.8, steps: 4}}
replications: 6
seed: 9
series: [tension]
"""


def plan_of(path: Path):
    spec, base, origins = load_sweep(path)
    return make_plan(spec, base, Where(str(path), origins))


def rows_in(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n") - 1
    except FileNotFoundError:
        return -1


def test_kill_and_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(SWEEP, encoding="utf-8")
    out = tmp_path / "killed"
    command = [sys.executable, str(ROOT / "run.py"), "sweep", str(sweep), "--out", str(out)]
    child = subprocess.Popen(
        [*command, "--backend", "serial", "--quiet"],
        env={**os.environ, "MPLBACKEND": "Agg"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while rows_in(out / "runs.csv") < 10 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    written = rows_in(out / "runs.csv")
    assert 10 <= written < 96, "the sweep should have been killed part-way"
    with (out / "runs.csv").open("a") as handle:  # as if killed in the middle of a row
        handle.write("deadbeef0000-00000,deadbeef0000,0,12")

    plan = plan_of(sweep)
    with pytest.raises(InputError, match="--resume"):
        run_sweep(plan, out, backend="serial", quiet=True)
    summary = run_sweep(plan, out, backend="process", workers=2, resume=True, quiet=True)
    assert summary.skipped == written and summary.ran == 96 - written

    resumed = read_runs(out)
    assert resumed["run_id"].is_unique and len(resumed) == 96
    run_sweep(plan, tmp_path / "whole", backend="serial", quiet=True)
    pd.testing.assert_frame_equal(resumed, read_runs(tmp_path / "whole"))
    assert len(list((out / "series").glob("*.csv"))) == 96

    again = run_sweep(plan, out, backend="serial", resume=True, quiet=True)
    assert again.ran == 0 and again.skipped == 96


def test_resume_runs_only_the_new_replications_and_refuses_another_sweep(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep.yaml"
    small = SWEEP.replace("steps: 4}", "steps: 2}").replace("replications: 6", "replications: 2")
    sweep.write_text(small, encoding="utf-8")
    run_sweep(plan_of(sweep), tmp_path / "out", backend="serial", quiet=True)
    before = read_runs(tmp_path / "out")
    sweep.write_text(small.replace("replications: 2", "replications: 3"), encoding="utf-8")
    summary = run_sweep(plan_of(sweep), tmp_path / "out", backend="serial", resume=True, quiet=True)
    assert summary.skipped == 8 and summary.ran == 4
    after = read_runs(tmp_path / "out")
    kept = after[after["run_id"].isin(before["run_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, before)

    sweep.write_text(small.replace("seed: 9", "seed: 10"), encoding="utf-8")
    with pytest.raises(InputError, match="differs in 'seed'"):
        run_sweep(plan_of(sweep), tmp_path / "out", backend="serial", resume=True, quiet=True)


def test_a_torn_last_line_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "runs.csv"
    path.write_bytes(b"a,b\n1,2\n3,")
    assert repair_torn_tail(path) and path.read_bytes() == b"a,b\n1,2\n"
    assert not repair_torn_tail(path)
    path.write_bytes(b"no newline at all")
    assert repair_torn_tail(path) and path.read_bytes() == b""
