"""Shared helpers: paths, a scenario writer, and running the CLI in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline_2020.yaml"
KTAB = SCENARIOS / "ktab"  # KTAB's sample inputs and reference logs

# A process pool's forkserver, started once and kept for the test process, imports its preload
# from the folder it was started in and PYTHONPATH: Python 3.11 does not give it this process's
# sys.path. Started while a test is in a scratch folder (the cli fixture, the docs' examples) it
# would import the ``sim`` the environment's editable install points at, which in a worktree is
# another checkout. With this repository first on PYTHONPATH it imports this one's, anywhere.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``python run.py ARGS`` as a user would, from ``cwd``."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """``run.py ARGS`` from ``cwd`` called in this process: exit status, stdout and stderr, as
    ``run_cli`` gives them. A process of its own per command loads Mesa, pandas and matplotlib
    again (about a second of CPU each); tests of what only a process shows (start-up, signals,
    the exit at the end) use ``run_cli``."""

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        from sim.cli import main

        monkeypatch.chdir(cwd)
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's own one-line errors
            code = int(stop.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return run


@pytest.fixture
def write(tmp_path: Path):
    """Write a YAML text into tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


MINIMAL = """\
meta: {title: Minimal, summary: two actors and one track}
calendar: {start: 2021-01, steps: 6}
seed: 7
issues:
  us_troops: {label: US troops, min: 0, max: 5200, units: troops, status_quo: 5200}
actors:
  baghdad:
    name: Baghdad
    kind: government
    capability: 0.5
    positions: {us_troops: {position: 2500, salience: 0.8}}
  washington:
    name: Washington
    kind: state
    capability: 1.0
    positions: {us_troops: {position: 3000, salience: 0.7}}
tracks:
  talks:
    label: Talks
    issues: [us_troops]
    parties: [baghdad, washington]
    protocol: {name: compromise}
    rounds: [2021-02]
"""
