"""analyze: the per-point summary, Sobol indices (checked on Ishigami) and the figures."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.sweep.design import make_design
from sim.sweep.seeds import point_keys
from sim.sweep.sobol import sobol_indices
from sim.sweep.spec import SweepSpec

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
SWEEP = f"""\
base: {BASELINE}
design: saltelli
samples: 4
parameters:
  actors.washington.behaviour.strike_resolve: {{min: 0.1, max: 0.7}}
  actors.kataib_hezbollah.behaviour.attack_propensity: {{min: 0.2, max: 0.8}}
replications: 2
seed: 3
steps: 12
series: [tension, status_quo:us_troops]
"""


def test_sobol_estimator_recovers_the_ishigami_indices() -> None:
    names = ["x1", "x2", "x3"]
    spec = SweepSpec.model_validate(
        {
            "base": "-",
            "design": "saltelli",
            "samples": 2048,
            "parameters": {n: {"min": -math.pi, "max": math.pi} for n in names},
        }
    )
    design = make_design(spec)
    keys = point_keys(design.points)
    x = np.array([[p[n] for n in names] for p in design.points])
    f = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    manifest = {
        "parameters": names,
        "design": {"base_samples": design.base_samples},
        "points": [
            {"index": i, "key": k, "block": b}
            for i, (k, b) in enumerate(zip(keys, design.blocks, strict=True))
        ],
    }
    table = sobol_indices(manifest, dict(zip(keys, f, strict=True)), resamples=200)
    assert table["S1"].to_numpy() == pytest.approx([0.314, 0.442, 0.0], abs=0.05)
    assert table["ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.05)
    assert (table["S1_low"] <= table["S1"]).all() and (table["S1"] <= table["S1_high"]).all()


def test_sweep_then_analyze_from_the_command_line(tmp_path: Path, capsys) -> None:
    sweep = tmp_path / "s.yaml"
    sweep.write_text(SWEEP, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["sweep", str(sweep), "--out", str(out), "--backend", "serial", "--quiet"]) == 0
    assert "32 runs (16 points x 2)" in capsys.readouterr().out
    assert main(["analyze", str(out), "--outcome", "violence.attacks", "--point", "0"]) == 0
    written = capsys.readouterr().out.split()
    names = {Path(p).name for p in written}
    assert {
        "summary.csv",
        "scatter_violence.attacks.png",
        "map_violence.attacks.png",
        "sobol.csv",
        "sobol_violence.attacks.png",
        "fan_tension.png",
        "fan_status_quo_us_troops.png",
    } <= names
    summary = pd.read_csv(out / "analysis" / "summary.csv")
    assert len(summary) == 16 and (summary["runs"] == 2).all()
    for column in ("violence.attacks:mean", "violence.attacks:p5", "violence.attacks:p95"):
        assert column in summary
    assert (summary["violence.attacks:p5"] <= summary["violence.attacks:median"]).all()
    assert summary["tracks.strategic_dialogue.agreed:share"].between(0, 1).all()
    sobol = pd.read_csv(out / "analysis" / "sobol.csv")
    assert set(sobol["parameter"]) == {
        "actors.washington.behaviour.strike_resolve",
        "actors.kataib_hezbollah.behaviour.attack_propensity",
    }


def test_command_line_sweep_without_a_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli"
    argv = ["sweep", str(BASELINE), "-p", "actors.baghdad.capability=0.3:0.7:3"]
    argv += ["-p", "actors.nujaba.behaviour.attack_propensity=0.1,0.5", "--replications", "2"]
    argv += ["--seed", "4", "--out", str(out), "--workers", "2", "--quiet"]
    assert main(argv) == 0
    table = pd.read_csv(out / "runs.csv")
    assert len(table) == 12 and (table["status"] == "ok").all()
    assert main(["analyze", str(out), "--outcome", "nonsense"]) == 2
    assert "not a numeric outcome" in capsys.readouterr().err


def test_analyze_of_a_folder_that_is_not_a_sweep(tmp_path: Path, capsys) -> None:
    assert main(["analyze", str(tmp_path)]) == 2
    assert "no manifest.json" in capsys.readouterr().err
