"""Same sweep and seed, same table on every backend; failed runs are recorded, not fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.errors import InputError
from sim.sweep.execute import run_sweep
from sim.sweep.plan import Plan, Where, make_plan
from sim.sweep.spec import load_sweep
from sim.sweep.store import read_runs

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
SWEEP = f"""\
base: {BASELINE}
parameters:
  actors.washington.behaviour.strike_resolve: {{values: [0.1, 0.6]}}
  actors.kataib_hezbollah.behaviour.attack_propensity: {{min: 0.2, max: 0.8, steps: 3}}
replications: 3
seed: 42
series: [tension]
"""


def plan_of(tmp_path: Path, text: str = SWEEP) -> Plan:
    path = tmp_path / "sweep.yaml"
    path.write_text(text, encoding="utf-8")
    spec, base, origins = load_sweep(path)
    return make_plan(spec, base, Where(str(path), origins))


@pytest.fixture(scope="module")
def serial_table(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("serial")
    run_sweep(plan_of(tmp), tmp / "out", backend="serial", quiet=True)
    return read_runs(tmp / "out")


def test_serial_sweep_writes_every_run(serial_table: pd.DataFrame) -> None:
    assert len(serial_table) == 2 * 3 * 3
    assert (serial_table["status"] == "ok").all()
    assert serial_table["run_id"].is_unique and serial_table["seed"].is_unique
    assert set(serial_table["actors.kataib_hezbollah.behaviour.attack_propensity"]) == {
        0.2,
        0.5,
        0.8,
    }
    assert serial_table["violence.attacks"].nunique() > 1


@pytest.mark.parametrize("workers", [1, 2])
def test_process_pool_gives_the_serial_table(tmp_path: Path, serial_table, workers: int) -> None:
    summary = run_sweep(plan_of(tmp_path), tmp_path / "out", workers=workers, quiet=True)
    assert summary.ran == 18 and summary.failed == 0
    pd.testing.assert_frame_equal(read_runs(tmp_path / "out"), serial_table)
    series = sorted((tmp_path / "out" / "series").iterdir())
    assert len(series) == 18
    assert series[0].read_text().splitlines()[0] == "step,date,tension"


def test_dask_gives_the_serial_table(tmp_path: Path, serial_table) -> None:
    pytest.importorskip("dask.distributed")
    run_sweep(plan_of(tmp_path), tmp_path / "out", backend="dask", workers=2, quiet=True)
    pd.testing.assert_frame_equal(read_runs(tmp_path / "out"), serial_table)


def test_without_dask_the_backend_is_one_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)  # as if dask were not installed
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InputError, match=r"pip install 'crossroads\[dask\]'"):
        run_sweep(plan_of(tmp_path), tmp_path / "out", backend="dask", quiet=True)
    assert not (tmp_path / "out").exists()


def test_an_invalid_value_is_refused_before_any_run(tmp_path: Path) -> None:
    text = SWEEP.replace("{values: [0.1, 0.6]}", "{values: [0.1, 1.7]}")
    with pytest.raises(InputError) as caught:
        plan_of(tmp_path, text)
    assert caught.value.key == "parameters.actors.washington.behaviour.strike_resolve"
    assert "refuses the value 1.7: 1.7 is out of range [0, 1]" in caught.value.message
    assert not (tmp_path / "out").exists()


def test_a_run_that_raises_is_recorded_failed(tmp_path: Path, monkeypatch, serial_table) -> None:
    import sim.runner

    real = sim.runner.run_outcomes

    def flaky(scenario, *, seed=None, **kwargs):
        if seed % 3 == 0:
            raise RuntimeError("boom\nwith a second line")
        return real(scenario, seed=seed, **kwargs)

    plan = plan_of(tmp_path)
    monkeypatch.setattr(sim.runner, "run_outcomes", flaky)
    summary = run_sweep(plan, tmp_path / "out", backend="serial", quiet=True)
    table = read_runs(tmp_path / "out")
    failed = table["seed"] % 3 == 0
    assert summary.failed == failed.sum() > 0 and len(table) == 18
    assert (table.loc[failed, "error"] == "RuntimeError: boom with a second line").all()
    ok = table[~failed].reset_index(drop=True)
    expected = serial_table[~failed].reset_index(drop=True)
    pd.testing.assert_frame_equal(ok, expected, check_dtype=False)


def test_cli_refuses_a_used_folder_and_reports_a_bad_backend(tmp_path: Path) -> None:
    (tmp_path / "sweep.yaml").write_text(SWEEP.replace("replications: 3", "replications: 1"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "something").write_text("x")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    command = [sys.executable, str(ROOT / "run.py"), "sweep", "sweep.yaml", "--out", "out"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "pass --resume" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = subprocess.run(
        [*command[:-1], "new", "--workers", "0"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2 and "--workers" in done.stderr


def test_finished_models_are_not_kept_alive(tmp_path: Path, monkeypatch) -> None:
    import gc
    import weakref

    import sim.model

    built: list[weakref.ref] = []
    original = sim.model.build_world

    def recording(model, *args):
        built.append(weakref.ref(model))
        return original(model, *args)

    monkeypatch.setattr(sim.model, "build_world", recording)
    run_sweep(plan_of(tmp_path), tmp_path / "out", backend="serial", quiet=True)
    gc.collect()
    assert built and all(model() is None for model in built)


def test_progress_bar_only_on_a_terminal(monkeypatch) -> None:
    from sim.sweep.progress import Progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    progress = Progress(10, 2, 1, quiet=False)
    progress.update("failed")
    assert progress.bar is None and progress.failed == 2
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert Progress(10, 0, 0, quiet=True).bar is None


def test_off_a_terminal_progress_is_a_line_every_few_seconds(monkeypatch, capsys) -> None:
    from sim.sweep import progress as module

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    # start; a run at 5 s; a run at 12 s, its line measured at 13 s; close at 20 s
    clock = iter([0.0, 5.0, 12.0, 13.0, 13.0, 20.0, 20.0, 30.0, 30.0])
    monkeypatch.setattr(module.time, "monotonic", lambda: next(clock))
    progress = module.Progress(10, 2, 0, quiet=False, every=10.0)
    progress.update("ok")  # at 5 s: too soon for a line
    progress.update("failed")  # at 12 s: a line; 2 runs in 13 s, 6 left at 2/13 runs/s: 39 s
    assert capsys.readouterr().err == "4 of 10 runs (40%), 1 failed, 0.2 runs/s, about 39 s left\n"
    progress.close()  # at 20 s: the last line, since lines were printed
    assert capsys.readouterr().err.startswith("4 of 10 runs (40%), 1 failed")
    quiet = module.Progress(10, 0, 0, quiet=True)
    quiet.update("ok")
    quiet.close()
    assert capsys.readouterr().err == ""
