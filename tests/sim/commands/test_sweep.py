"""``run.py sweep``'s options as a user types them."""

from __future__ import annotations

import json

from tests.conftest import MINIMAL


def test_steps_shortens_every_run_as_ensemble_s_does(tmp_path, cli):
    """--steps was ensemble's only; a sweep file's steps: had no option."""
    (tmp_path / "s.yaml").write_text(MINIMAL, encoding="utf-8")
    args = ["sweep", "s.yaml", "-p", "seed=1,2", "--steps", "2", "--series", "tension"]
    result = cli(*args, "--backend", "serial", "--quiet", "--out", "sw", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "sw" / "manifest.json").read_text())["steps"] == 2
    for series in (tmp_path / "sw" / "series").iterdir():  # the start and 2 steps
        assert len(series.read_text().splitlines()) == 1 + 3
    refused = cli(*args[:-4], "--steps", "0", "--out", "sw0", cwd=tmp_path)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.startswith("error: --steps: ")
    assert not (tmp_path / "sw0").exists()
