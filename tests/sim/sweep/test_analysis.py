"""analyze picks the figures that fit the design and prints its warnings; the per-point
summary, Sobol indices (checked on Ishigami) and the figures."""

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

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
PARAMS = [
    "-p",
    "actors.washington.behaviour.strike_resolve=0.1:0.7",
    "-p",
    "actors.kataib_hezbollah.behaviour.attack_propensity=0.2:0.8",
]


def _names(printed: str, out: Path) -> set[str]:
    return {Path(line).name for line in printed.splitlines() if line.startswith(str(out))}


def test_a_grid_gets_levels_and_a_heat_map_and_strikes_a_share_chart(tmp_path: Path, capsys):
    out = tmp_path / "grid"
    argv = ["sweep", str(BASELINE), "-p", "actors.washington.behaviour.strike_resolve=0.1,0.7"]
    argv += ["-p", "actors.kataib_hezbollah.behaviour.attack_propensity=0.2,0.8"]
    argv += ["--replications", "2", "--series", "tension,strikes", "--out", str(out)]
    assert main([*argv, "--backend", "serial", "--quiet"]) == 0
    assert main(["analyze", str(out)]) == 0
    names = _names(capsys.readouterr().out, out)
    assert {"levels_tension.mean.png", "heatmap_tension.mean.png", "fan_tension.png"} <= names
    assert "share_strikes.png" in names and not any(n.startswith("sobol") for n in names)


def test_a_small_saltelli_design_is_flagged_in_the_table_and_the_output(tmp_path: Path, capsys):
    out = tmp_path / "saltelli"
    argv = ["sweep", str(BASELINE), *PARAMS, "--design", "saltelli", "--samples", "4"]
    argv += ["--seed", "2", "--out", str(out), "--backend", "serial", "--quiet"]
    assert main(argv) == 0
    assert main(["analyze", str(out), "--outcome", "tension.mean"]) == 0
    printed = capsys.readouterr().out
    assert {"scatter_tension.mean.png", "map_tension.mean.png"} <= _names(printed, out)
    sobol = pd.read_csv(out / "analysis" / "sobol.csv")
    tension = sobol[sobol["outcome"] == "tension.mean"]
    assert tension["note"].notna().any() and tension["runs_needed"].notna().all()
    needed = int(tension["runs_needed"].iloc[0])
    assert needed > 16 and f"({needed:,} runs at 1 replication) would be needed" in printed
    # in the terms the next sweep reports: N = needed / 4 base samples, all but 16 runs new
    assert f"--samples {needed // 4} --resume to run the {needed - 16:,} new ones" in printed
    assert "sobol: tension.mean: too few runs to separate the indices (N = 4" in printed


def test_a_morris_design_gets_its_screening_chart(tmp_path: Path, capsys):
    out = tmp_path / "morris"
    argv = ["sweep", str(BASELINE), *PARAMS, "--design", "morris", "--samples", "3"]
    argv += ["--seed", "2", "--out", str(out), "--backend", "serial", "--quiet"]
    assert main(argv) == 0
    assert "9 runs (9 points x 1)" in capsys.readouterr().out
    assert main(["analyze", str(out), "--outcome", "tension.mean"]) == 0
    assert "morris_tension.mean.png" in _names(capsys.readouterr().out, out)
    morris = pd.read_csv(out / "analysis" / "morris.csv")
    tension = morris[morris["outcome"] == "tension.mean"]
    assert (tension["trajectories"] == 3).all() and (tension["mu_star"] >= 0).all()


def test_bad_options_stop_before_anything_is_written(tmp_path: Path, capsys):
    out = tmp_path / "one"
    argv = ["sweep", str(BASELINE), "-p", "actors.baghdad.capability=0.3,0.6"]
    argv += ["--series", "tension", "--out", str(out), "--backend", "serial", "--quiet"]
    assert main(argv) == 0
    capsys.readouterr()
    for bad, message in (
        (["--series", "stability"], "--series: no series 'stability' was stored"),
        (["--point", "99"], "--point: no design point '99'"),
        (["--x", "actors.nobody"], "--x: not a swept or sampled parameter: actors.nobody"),
        (["--outcome", "nonsense"], "--outcome: not a numeric outcome of this sweep"),
    ):
        assert main(["analyze", str(out), *bad]) == 2
        assert message in capsys.readouterr().err
        assert not (out / "analysis").exists()
    # one parameter: --y naming it again draws one panel, not an error
    assert main(["analyze", str(out), "--y", "actors.baghdad.capability", "--point", "1"]) == 0
    assert "levels_tension.mean.png" in _names(capsys.readouterr().out, out)


def test_a_grid_with_drawn_parameters_keeps_its_swept_axes(tmp_path: Path, capsys):
    """Issue 20: a grid with --uncertainty both crashed on the heat map (a drawn parameter has
    no value at a design point) and split its levels by a drawn nuisance parameter."""
    from sim.sweep.analysis import default_axes
    from sim.sweep.store import read_manifest

    out = tmp_path / "grid"
    argv = ["sweep", str(BASELINE), "-p", "actors.washington.behaviour.strike_resolve=0.1,0.7"]
    argv += ["-p", "actors.kataib_hezbollah.behaviour.attack_propensity=0.2,0.8"]
    argv += ["--uncertainty", "both", "--out", str(out)]
    assert main([*argv, "--backend", "serial", "--quiet"]) == 0
    manifest = read_manifest(out)
    assert manifest["sampled"]  # the baseline's other ranges are drawn per run
    assert default_axes(manifest) == (
        "actors.washington.behaviour.strike_resolve",
        "actors.kataib_hezbollah.behaviour.attack_propensity",
    )
    assert main(["analyze", str(out)]) == 0
    names = _names(capsys.readouterr().out, out)
    assert {"levels_tension.mean.png", "heatmap_tension.mean.png"} <= names


def test_an_ensemble_maps_each_run_on_two_drawn_parameters(tmp_path: Path, capsys):
    from sim.sweep.analysis import default_axes
    from sim.sweep.store import read_manifest

    out = tmp_path / "ensemble"
    argv = ["ensemble", str(BASELINE), "-n", "6", "--steps", "4", "--out", str(out)]
    assert main([*argv, "--backend", "serial", "--quiet", "--no-figures"]) == 0
    drawn = list(read_manifest(out)["sampled"])
    assert default_axes(read_manifest(out)) == (drawn[0], drawn[1])
    assert main(["analyze", str(out)]) == 0
    assert "map_tension.mean.png" in _names(capsys.readouterr().out, out)


def test_a_map_on_a_drawn_axis_has_a_dot_per_run(tmp_path: Path, monkeypatch):
    import sim.sweep.sample_figures as figures
    from sim.sweep.names import PLAIN

    table = pd.DataFrame(
        {
            "status": ["ok"] * 4,
            "point": ["p"] * 4,  # one design point, four runs with their own drawn values
            "a": [0.1, 0.2, 0.3, 0.4],
            "b": [1.0, 2.0, 3.0, 4.0],
            "out": [5.0, 6.0, 7.0, 8.0],
        }
    )
    drawn: list[int] = []
    real = figures.plt.Axes.scatter

    def count(self, x, y, **kwargs):
        drawn.append(len(x))
        return real(self, x, y, **kwargs)

    monkeypatch.setattr(figures.plt.Axes, "scatter", count)
    figures.scatter_map(table, "a", "b", "out", "t", tmp_path / "per_run.png", PLAIN)
    fixed = table.assign(a=0.1, b=1.0)  # the same values in every run: one dot for the point
    figures.scatter_map(fixed, "a", "b", "out", "t", tmp_path / "per_point.png", PLAIN)
    assert drawn == [4, 1]


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
