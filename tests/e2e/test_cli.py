"""The command line end to end, as a user types it: the default run in a process of its own, as
``python run.py`` (the real start-up and exit); the other commands call run.py's main in the
test process (the ``cli`` fixture), which gives the same exit status and output."""

from __future__ import annotations

import json

from tests.conftest import BASELINE, MINIMAL, run_cli


def test_default_run_writes_a_complete_folder(tmp_path):
    result = run_cli("--steps", "6", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folders = list((tmp_path / "results" / "baseline_2020").iterdir())
    assert len(folders) == 1
    names = {p.name for p in folders[0].iterdir()}
    assert {"scenario.yaml", "seed.txt", "series.csv", "outcomes.json", "events.jsonl"} <= names
    assert {"positions_us_troops.png", "status_quo.png", "violence.png", "trust.png"} <= names
    outcomes = json.loads((folders[0] / "outcomes.json").read_text())
    assert outcomes["steps"] == 6
    assert "Baseline" in result.stdout and "written to" in result.stdout
    assert not [
        p for p in (tmp_path / "results" / "baseline_2020").iterdir() if p.name.startswith(".")
    ]


def test_run_with_options(tmp_path, write, cli):
    path = write("m.yaml", MINIMAL)
    out = tmp_path / "out"
    result = cli(
        "run",
        str(path),
        "--seed",
        "3",
        "--steps",
        "4",
        "--out",
        str(out),
        "--set",
        "actors.washington.capability=0.8",
        "--no-figures",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "seed.txt").read_text() == "3\n"
    assert "capability: 0.8" in (out / "scenario.yaml").read_text().replace("value: 0.8", "")


def test_list_and_help(tmp_path, cli):
    listing = cli("list", cwd=tmp_path)
    assert listing.returncode == 0 and "baseline_2020" in listing.stdout
    assert "us_withdrawal-" in listing.stdout and "regional_mediation-" in listing.stdout
    for command in ([], ["run"], ["validate"], ["list"]):
        shown = cli(*command, "--help", cwd=tmp_path)
        assert shown.returncode == 0 and "usage:" in shown.stdout


def test_validate_ok(tmp_path, cli):
    result = cli("validate", str(BASELINE), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("ok:")


def test_bad_number_on_the_command_line(tmp_path, cli):
    result = cli("run", str(BASELINE), "--steps", "0", cwd=tmp_path)
    assert result.returncode == 2 and "--steps" in result.stderr
