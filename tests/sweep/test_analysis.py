"""analyze picks the figures that fit the design and prints its warnings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
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
