"""docs/calibration.md stays true: its example file loads and checks against the baseline."""

from __future__ import annotations

import re
from pathlib import Path

from sim.calibrate.prepare import prepare
from sim.calibrate.spec import load_calibration
from tests.conftest import BASELINE, ROOT

DOC = ROOT / "docs" / "calibration.md"


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml[^\n]*\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_example_file_is_a_valid_calibration(tmp_path: Path) -> None:
    example = next(b for b in yaml_blocks() if b.startswith("# scenarios/calibration/my_fit.yaml"))
    path = tmp_path / "my_fit.yaml"
    path.write_text(example.replace("../baseline_2020.yaml", str(BASELINE)), encoding="utf-8")
    prepared = prepare(load_calibration(path))
    assert [t.name for t in prepared.calibration.targets] == [
        "troops_sep_2020",
        "iran_saudi_rounds",
        "us_strikes_june_2021",
    ]
    assert len(prepared.seeds) == 8


def test_the_shipped_file_matches_the_documented_targets() -> None:
    cal = load_calibration(ROOT / "scenarios" / "calibration" / "baseline_2020.yaml")
    held = {name for name, t in cal.spec.targets.items() if t.held_back}
    assert held == {"no_iran_us_round", "dialogue_rounds", "no_government_before_autumn_2022"}
    text = DOC.read_text(encoding="utf-8")
    for name in cal.spec.targets:
        assert f"`{name}`" in text
