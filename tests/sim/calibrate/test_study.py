"""End to end: a tiny calibration gives the same trials on every backend and survives a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.calibrate.folder import MANIFEST, OVERLAY, REPORT_JSON, TRIALS
from sim.calibrate.prepare import Prepared, prepare
from sim.calibrate.report import write_results
from sim.calibrate.spec import load_calibration
from sim.calibrate.study import open_study, run_study
from sim.errors import InputError
from sim.scenario.load import load_scenario
from tests.conftest import BASELINE, ROOT
from tests.sim.calibrate.test_spec import GOOD

TINY = GOOD.replace("runs: 2, seed: 3", "runs: 3, seed: 3").replace(
    "search: {trials: 2, seed: 1}", "search: {trials: 4, seed: 1, startup_trials: 2}"
)


def prepared_in(folder: Path, text: str = TINY, trials: int | None = None) -> Prepared:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cal.yaml"
    path.write_text(text, encoding="utf-8")
    return prepare(load_calibration(path, trials))


def calibrate(prepared: Prepared, out: Path, **options) -> None:
    summary = run_study(prepared, out, quiet=True, **options)
    write_results(prepared, summary.trials, out, out / "fitted.yaml")


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serial")
    out = folder / "out"
    calibrate(prepared_in(folder), out, backend="serial")
    return out


def test_the_folder_holds_study_trials_report_and_overlay(serial: Path) -> None:
    names = {p.name for p in serial.iterdir()}
    assert {MANIFEST, "study.journal", TRIALS, "report.md", REPORT_JSON, "trials.png"} <= names
    lines = (serial / TRIALS).read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:3] == ["trial", "loss", "failed_runs"]
    assert lines[0].endswith("inside:troops,inside:rounds,inside:strikes")
    assert len(lines) == 5  # header and 4 trials
    report = json.loads((serial / REPORT_JSON).read_text(encoding="utf-8"))
    assert [t["name"] for t in report["targets"]["fit"]] == ["troops", "rounds"]
    assert [t["name"] for t in report["targets"]["held_back"]] == ["strikes"]
    best = min(lines[1:], key=lambda line: float(line.split(",")[1]))
    assert report["best"]["trial"] == int(best.split(",")[0])
    assert (serial / OVERLAY).read_bytes() == (serial / "fitted.yaml").read_bytes()


def test_the_best_loss_matches_its_scores(serial: Path) -> None:
    """The loss in the report is the formula applied to the reported shares and distances."""
    report = json.loads((serial / REPORT_JSON).read_text(encoding="utf-8"))
    fit = report["targets"]["fit"]
    expected = sum((1 - t["inside"]) + 1.0 * t["distance"] for t in fit) / len(fit)
    assert report["best"]["loss"] == pytest.approx(expected, abs=1e-11)


def test_process_backend_gives_the_same_bytes(serial: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    same_file = prepare(load_calibration(serial.parent / "cal.yaml"))
    calibrate(same_file, out, backend="process", workers=2)
    for name in (TRIALS, REPORT_JSON, OVERLAY):
        assert (out / name).read_bytes() == (serial / name).read_bytes(), name


def test_more_trials_on_resume_run_only_the_new_ones(serial: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_study(prepared_in(tmp_path, trials=2), out, backend="serial", quiet=True)
    assert first.ran == 2
    more = run_study(prepared_in(tmp_path), out, backend="serial", resume=True, quiet=True)
    assert (more.ran, more.recovered) == (2, 0)
    assert (out / TRIALS).read_bytes() == (serial / TRIALS).read_bytes()


def test_a_trial_cut_off_is_tried_again_with_its_parameters(serial: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_study(prepared_in(tmp_path, trials=2), out, backend="serial", quiet=True)
    study = open_study(out / "study.journal")
    from sim.calibrate.study import _distributions, _sampler

    prepared = prepared_in(tmp_path)
    study.sampler = _sampler(1, 2, 2)  # what trial 2 would have been given
    cut = study.ask(_distributions(prepared))  # asked, never told: as if killed mid-ensemble
    resumed = run_study(prepared, out, backend="serial", resume=True, quiet=True)
    assert (resumed.ran, resumed.recovered) == (2, 1)
    assert resumed.trials[2].params == cut.params
    assert (out / TRIALS).read_bytes() == (serial / TRIALS).read_bytes()


def test_resume_refuses_a_changed_calibration_and_new_refuses_a_used_folder(
    serial: Path, tmp_path: Path
) -> None:
    changed = TINY.replace("value: 3000", "value: 3100")
    with pytest.raises(InputError, match="'targets' changed since this study began"):
        run_study(prepared_in(tmp_path, changed), serial, backend="serial", resume=True)
    with pytest.raises(InputError, match="folder is not empty"):
        run_study(prepared_in(tmp_path), serial, backend="serial")
    with pytest.raises(InputError, match=r"no calibration\.json"):
        run_study(prepared_in(tmp_path), tmp_path / "empty", backend="serial", resume=True)


def rows_in(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n") - 1
    except FileNotFoundError:
        return -1


def test_kill_and_resume_continue_the_study(cli, serial: Path, tmp_path: Path) -> None:
    """SIGKILL a calibration after two trials; --resume finishes it to the same trials."""
    path = tmp_path / "cal.yaml"
    path.write_text(TINY, encoding="utf-8")
    out = tmp_path / "killed"
    command = [sys.executable, str(ROOT / "run.py"), "calibrate", str(path), "--out", str(out)]
    command += ["--backend", "serial", "--overlay", str(tmp_path / "fit.yaml")]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while rows_in(out / TRIALS) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "finished before it could be killed"
    before = (out / TRIALS).read_text(encoding="utf-8").splitlines()
    assert 2 <= len(before) - 1 < 4
    assert not (tmp_path / "fit.yaml").exists()  # no overlay from an unfinished study
    done = cli(*command[2:], "--resume", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = (out / TRIALS).read_text(encoding="utf-8").splitlines()
    assert after[: len(before)] == before  # finished trials kept as they were
    assert len(after) == 5
    assert f"ran {4 - (len(before) - 1)}," in done.stdout
    assert (out / TRIALS).read_bytes() == (serial / TRIALS).read_bytes()  # as if never killed


def test_the_shipped_calibration_runs_and_its_overlay_loads(cli, tmp_path: Path) -> None:
    shipped = ROOT / "scenarios" / "calibration" / "baseline_2020.yaml"
    overlay = tmp_path / "fit.yaml"
    done = cli(
        "calibrate", str(shipped), "--trials", "2", "--out", str(tmp_path / "out"),
        "--overlay", str(overlay), "--backend", "serial", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 trials of 32 runs" in done.stdout
    report = json.loads((tmp_path / "out" / REPORT_JSON).read_text(encoding="utf-8"))
    held = {t["name"] for t in report["targets"]["held_back"]}
    assert held == {"no_iran_us_round", "dialogue_rounds", "no_government_before_autumn_2022"}
    scenario = tmp_path / "calibrated.yaml"
    scenario.write_text(f"extends: {BASELINE}\noverlays: [fit.yaml]\n", encoding="utf-8")
    fitted = load_scenario(scenario).actors["washington"].behaviour.order_propensity
    assert fitted.source == "calibrated"
    assert fitted.calibration == "scenarios/calibration/baseline_2020.yaml"
    assert float(fitted) == report["best"]["params"]["actors.washington.behaviour.order_propensity"]


def test_integer_parameters_are_searched_in_whole_numbers(tmp_path: Path) -> None:
    text = TINY.replace(
        "actors.washington.behaviour.concession: {bounds: [0.05, 0.6]}",
        "actors.washington.behaviour.strike_threshold: {bounds: [0.5, 4.5], integer: true}",
    ).replace("search: {trials: 4,", "search: {trials: 3,")
    out = tmp_path / "out"
    summary = run_study(prepared_in(tmp_path, text), out, backend="serial", quiet=True)
    values = [t.params["actors.washington.behaviour.strike_threshold"] for t in summary.trials]
    assert all(isinstance(v, int) and 1 <= v <= 4 for v in values), values


def test_resume_after_a_torn_journal_line_and_a_stale_lock(serial: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_study(prepared_in(tmp_path, trials=2), out, backend="serial", quiet=True)
    journal = out / "study.journal"
    with journal.open("ab") as handle:
        handle.write(b'{"op_code": 5, "worker_id": "x", "tri')  # a write cut off by a kill
    (out / "study.journal.lock").symlink_to(out / "nowhere")  # the lock a kill leaves behind
    started = time.monotonic()
    resumed = run_study(prepared_in(tmp_path), out, backend="serial", resume=True, quiet=True)
    assert time.monotonic() - started < 25  # optuna's grace period for a stale lock is 30 s
    assert resumed.ran == 2
    assert (out / TRIALS).read_bytes() == (serial / TRIALS).read_bytes()
