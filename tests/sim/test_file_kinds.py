"""``validate`` knows every kind of file the project ships (overlays written by ``calibrate``
included) and refuses a folder instead of skipping it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.file_kinds import kind_of_data
from tests.conftest import ROOT, SCENARIOS


def test_the_shipped_overlay_validates(cli) -> None:
    done = cli("validate", str(SCENARIOS / "calibration" / "baseline_2020.overlay.yaml"), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        f"ok: {SCENARIOS}/calibration/baseline_2020.overlay.yaml: overlay: 11 values"
    )


def test_every_shipped_yaml_file_validates(cli) -> None:
    files = sorted(str(p) for p in SCENARIOS.rglob("*.y*ml") if "ktab" not in p.parts)
    done = cli("validate", *files, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"set": {"a.b": 1}}, "overlay"),
        ({"set": {"a.b": 1}, "calibration": "c.yaml", "description": "d"}, "overlay"),
        ({"set": {}, "meta": {}}, "scenario"),  # a scenario's own keys win
    ],
)
def test_an_overlay_is_known_by_its_keys(data: dict, kind: str) -> None:
    assert kind_of_data(data) == kind


def test_a_bad_overlay_names_its_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("set:\n  actors..x: 1\n", encoding="utf-8")
    done = cli("validate", str(path), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("error: o.yaml:2: set.actors..x: ")


def test_a_folder_is_an_error_not_skipped(cli, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    done = cli("validate", "sub", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: sub: is a folder; name the files to check\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("run", "sweeps-withdrawal_resolve"),
            "error: scenarios/sweeps/withdrawal_resolve.yaml: is a sweep file, and run needs a "
            "scenario file; a sweep file is run with 'run.py sweep'\n",
        ),
        (  # an overlay once crashed ensemble and calibrate with a KeyError
            ("ensemble", "scenarios/calibration/baseline_2020.overlay.yaml", "-n", "2"),
            "error: scenarios/calibration/baseline_2020.overlay.yaml: is an overlay file, and "
            "ensemble needs a scenario file; an overlay is applied by a scenario's overlays: "
            "list, and checked with 'run.py validate'\n",
        ),
        (
            ("calibrate", "scenarios/calibration/baseline_2020.overlay.yaml"),
            "error: scenarios/calibration/baseline_2020.overlay.yaml: is an overlay file, and "
            "calibrate needs a calibration file; an overlay is applied by a scenario's overlays: "
            "list, and checked with 'run.py validate'\n",
        ),
        (
            ("run", "scenarios/ktab/dummyData_3Dim.csv"),
            "error: scenarios/ktab/dummyData_3Dim.csv: is not a YAML file, and run needs a "
            "scenario file; KTAB CSV files are run with 'run.py bargain', and a run's state.json "
            "is started from by a scenario's initial_state\n",
        ),
        (
            ("run", "exercises-iran_saudi_talks"),
            "error: scenarios/exercises/iran_saudi_talks.yaml: is an exercise file, and run needs "
            "a scenario file; an exercise file is played with 'run.py play', 'run.py brief' or "
            "'run.py classroom serve'\n",
        ),
        (  # an id names the file relative to where the command runs, not by an absolute path
            ("brief", "baseline_2020", "--out", "b"),
            "error: scenarios/baseline_2020.yaml: is a scenario file, and brief needs an exercise "
            "file; a scenario file is run with 'run.py run' or 'run.py ensemble'\n",
        ),
        (
            ("play", "sweeps-withdrawal_resolve"),
            "error: scenarios/sweeps/withdrawal_resolve.yaml: is a sweep file, and play needs an "
            "exercise file; a sweep file is run with 'run.py sweep'\n",
        ),
    ],
)
def test_a_file_of_another_kind_is_named_by_its_kind(cli, args: tuple, message: str) -> None:
    done = cli(*args, cwd=ROOT)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)


@pytest.mark.parametrize("command", ["run", "ensemble", "brief"])
def test_a_folder_is_named_as_a_folder(cli, tmp_path: Path, command: str) -> None:
    (tmp_path / "adir").mkdir()
    extra = {"ensemble": ["-n", "2"], "brief": ["--out", "b"]}.get(command, [])
    done = cli(command, "adir", *extra, cwd=tmp_path)
    wanted = "an exercise" if command == "brief" else "a scenario"
    assert (done.returncode, done.stdout) == (2, "")
    assert (
        done.stderr
        == f"error: adir: is a folder, and {command} needs {wanted} file; name the file\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"]  # nothing written


def test_brief_takes_a_shipped_exercise_by_its_id(cli, tmp_path: Path) -> None:
    done = cli("brief", "exercises-iran_saudi_talks", "--out", str(tmp_path / "b"), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b" / "public.md").is_file()
