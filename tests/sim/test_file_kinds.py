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
