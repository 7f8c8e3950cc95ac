"""Sweep figures: titles that name the design, sizes that stay readable, robust cells,
either/or series as shares, and the same bytes for the same data."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
import pytest

from sim.sweep.figures import design_caption, fan_chart, is_either_or, wilson
from sim.sweep.grid_figures import cell_medians, is_full_grid, level_plot, levels
from sim.sweep.names import PLAIN


def _grid_manifest(xs, ys, reps=5) -> dict:
    points = [{"values": {"x": a, "y": b}} for a in xs for b in ys]
    design = {"kind": "grid", "points": len(points), "replications": reps}
    return {"parameters": ["x", "y"], "design": design, "points": points}


def test_captions_name_the_design_and_the_runs() -> None:
    assert design_caption(_grid_manifest([1, 2, 3, 4], [1, 2, 3, 4]), 80) == (
        "4 x 4 grid, 5 replications: 80 runs"
    )
    saltelli = {"kind": "saltelli", "base_samples": 32, "points": 160, "replications": 2}
    assert design_caption({"design": saltelli, "parameters": []}, 320) == (
        "Saltelli design, N = 32 (160 points), 2 replications: 320 runs"
    )
    assert design_caption(_grid_manifest([1, 2], [3, 4], reps=3), 9, failed=3) == (
        "2 x 2 grid, 3 replications: 9 runs (3 failed, left out)"
    )
    morris = {"kind": "morris", "base_samples": 5, "points": 20, "replications": 1}
    assert design_caption({"design": morris, "parameters": []}, 20) == (
        "Morris design, 5 trajectories (20 points), 1 replication: 20 runs"
    )
    lhs = {"kind": "latin_hypercube", "points": 1, "replications": 1}
    assert design_caption({"design": lhs, "parameters": []}, 1) == (
        "Latin hypercube of 1 point, 1 replication: 1 run"
    )


def test_a_full_grid_is_told_from_a_sample() -> None:
    assert is_full_grid(_grid_manifest([1, 2], [3, 4]), "x", "y")
    sparse = _grid_manifest([1, 2], [3, 4])
    sparse["points"] = sparse["points"][:3]
    assert not is_full_grid(sparse, "x", "y")
    sampled = _grid_manifest([1, 2], [3, 4])
    sampled["design"]["kind"] = "latin_hypercube"
    assert not is_full_grid(sampled, "x", "y")


def test_many_levels_are_binned_and_few_kept_as_they_are() -> None:
    codes, labels = levels(pd.Series([0.1, 0.3, 0.1]))
    assert codes.tolist() == [0, 1, 0] and labels == ["0.1", "0.3"]
    codes, labels = levels(pd.Series(np.linspace(0, 1, 60)))
    assert len(labels) == 10 and codes.nunique() == 10 and "–" in labels[0]


def test_one_outlier_run_does_not_colour_its_cell() -> None:
    table = pd.DataFrame(
        {
            "status": "ok",
            "x": [1, 1, 1, 2, 2, 2],
            "y": [5, 5, 5, 5, 5, 5],
            "out": [1.0, 1.2, 900.0, 2.0, 2.0, np.nan],
        }
    )
    grid, x_labels, y_labels = cell_medians(table, "x", "y", "out")
    assert x_labels == ["1", "2"] and y_labels == ["5"]
    assert grid.tolist() == [[1.2, 2.0]]
    table.loc[3:5, "status"] = "failed"
    assert np.isnan(cell_medians(table, "x", "y", "out")[0][0, 1])


def test_sixty_levels_stay_within_a_thousand_pixels(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {"status": "ok", "x": np.repeat(np.arange(60) / 10, 2), "out": np.arange(120.0)}
    )
    path = level_plot(table, "x", None, "out", "title", tmp_path / "levels.png", PLAIN)
    height, width = matplotlib.image.imread(path).shape[:2]
    assert width <= 1000 and height <= 1000


def test_either_or_series_and_the_wilson_interval() -> None:
    assert is_either_or(np.array([[0.0, 1.0], [np.nan, 0.0]]))
    assert not is_either_or(np.array([[0.0, 2.0]]))  # 2 is half the values: a count
    assert is_either_or(np.array([[0.0] * 9 + [2.0]]))  # a rare double strike is still an event
    assert not is_either_or(np.array([[0.0, 0.5]]))
    share, low, high = wilson(np.array([5.0, 0.0]), np.array([10.0, 10.0]))
    # p = 0.5, n = 10, z = 1.645: centre 0.5, half-width 1.645 * sqrt(0.025 + 0.0068) / 1.2706
    assert share[0] == 0.5 and high[0] - 0.5 == pytest.approx(0.2308, abs=1e-3)
    assert low[1] == pytest.approx(0.0) and 0 < high[1] < 0.25


def test_the_same_data_gives_the_same_bytes(tmp_path: Path) -> None:
    values = np.random.default_rng(1).random((20, 12))
    dates = [f"2021-{m:02d}" for m in range(1, 13)]
    first = fan_chart(dates, values, "tension", "t", tmp_path / "a.png", PLAIN).read_bytes()
    second = fan_chart(dates, values, "tension", "t", tmp_path / "b.png", PLAIN).read_bytes()
    assert first == second


def test_a_fan_without_spread_says_so_in_its_legend_not_over_its_lines(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    legends = []
    savefig = Figure.savefig

    def keep(fig, *args, **kwargs):
        legend = fig.axes[0].get_legend()
        legends.append((legend.get_title().get_text(), [t.get_text() for t in legend.texts]))
        return savefig(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    dates = [f"2021-{m:02d}" for m in range(1, 7)]
    alike = np.tile(np.array([0.5, 0.5, 0.2, 0.2, 0.2, 0.2]), (10, 1))  # every run the same
    fan_chart(dates, alike, "fiscal_stress", "t", tmp_path / "alike.png", PLAIN)
    title, entries = legends[0]
    assert title == (
        "At every step the middle 90% of runs are alike\n"
        "At every step the middle 50% of runs are alike"
    )
    assert entries[0] == "middle 90% of runs (no visible spread)"
    spread = alike + np.linspace(0, 0.3, 10)[:, None]  # runs 0.3 apart: bands visible
    fan_chart(dates, spread, "fiscal_stress", "t", tmp_path / "spread.png", PLAIN)
    assert legends[1][0] == "" and "(no visible spread)" not in " ".join(legends[1][1])


def test_a_figure_wide_label_sits_above_the_footer(tmp_path: Path, monkeypatch) -> None:
    from matplotlib.figure import Figure

    from sim.sweep.names import Labels

    source = "sweep probe of baseline_2020: grid, master seed 0"
    kept = {}
    savefig = Figure.savefig

    def keep(fig, *args, **kwargs):
        done = savefig(fig, *args, **kwargs)  # drawn: the texts have their places
        renderer = fig.canvas.get_renderer()
        for t in fig.texts:
            kept[t.get_text()] = t.get_window_extent(renderer)
        kept["supxlabel"], kept["suptitle"] = fig.get_supxlabel(), fig.get_suptitle()
        return done

    monkeypatch.setattr(Figure, "savefig", keep)
    table = pd.DataFrame(
        {"status": "ok", "x": np.tile([1.0, 2.0], 4), "y": np.repeat([1.0, 2.0], 4)}
    ).assign(out=np.arange(8.0))
    level_plot(table, "x", "y", "out", "title", tmp_path / "levels.png", Labels(source=source))
    assert kept["supxlabel"] == "x" and kept["suptitle"].startswith("title")
    assert kept["x"].y0 >= kept[source].y1  # the label is lifted off the footer's strip


def _tick_texts(monkeypatch) -> list[dict[str, list[str]]]:
    """Patch saving so each figure saved leaves its axes' tick labels, as drawn."""
    from matplotlib.figure import Figure

    kept: list[dict[str, list[str]]] = []
    savefig = Figure.savefig

    def keep(fig, *args, **kwargs):
        done = savefig(fig, *args, **kwargs)
        ax = fig.axes[0]
        kept.append(
            {
                "x": [t.get_text() for t in ax.get_xticklabels()],
                "y": [t.get_text() for t in ax.get_yticklabels()],
            }
        )
        return done

    monkeypatch.setattr(Figure, "savefig", keep)
    return kept


def test_sweep_figures_write_thousands_with_separators(tmp_path, monkeypatch) -> None:
    from sim.sweep.sensitivity_figures import morris_chart

    kept = _tick_texts(monkeypatch)
    dates = [f"2021-{m:02d}" for m in range(1, 7)]
    values = 4000 + 500 * np.arange(60.0).reshape(10, 6) / 10  # 4,000 to 6,950
    fan_chart(dates, values, "cash", "t", tmp_path / "fan.png", PLAIN)
    table = pd.DataFrame({"status": "ok", "x": np.tile([1.0, 2.0], 4)}).assign(
        y=1.0, out=np.arange(8.0) * 1000
    )
    level_plot(table, "x", None, "out", "t", tmp_path / "levels.png", PLAIN)
    indices = pd.DataFrame(
        {
            "parameter": ["a", "b"],
            "mu_star": [0.0, 3000.0],
            "mu_star_low": [0.0, 2500.0],
            "mu_star_high": [0.0, 3500.0],
            "sigma": [0.0, 2000.0],
            "note": ["", ""],
        }
    )
    morris_chart(indices, "out", "t", tmp_path / "morris.png", PLAIN)
    fan, levels, morris = kept
    assert "5,000" in fan["y"] and "5000" not in fan["y"]
    assert "4,000" in levels["y"] and "4000" not in levels["y"]
    assert "2,000" in morris["x"] and "2,000" in morris["y"]


def test_a_parameter_without_effect_shows_as_a_whole_dot_on_the_morris_chart(
    tmp_path, monkeypatch
) -> None:
    from matplotlib.figure import Figure

    from sim.sweep.sensitivity_figures import morris_chart

    room = {}
    savefig = Figure.savefig

    def keep(fig, *args, **kwargs):
        done = savefig(fig, *args, **kwargs)
        ax = fig.axes[0]
        dots = ax.collections[-1]  # the scatter, drawn after the whiskers
        radius = np.sqrt(dots.get_sizes()[0]) / 2 * fig.dpi / 72  # pixels
        x, y = ax.transData.transform((0.0, 0.0))
        box = ax.get_window_extent()
        room["left"], room["below"], room["radius"] = x - box.x0, y - box.y0, radius
        return done

    monkeypatch.setattr(Figure, "savefig", keep)
    indices = pd.DataFrame(
        {
            "parameter": ["none", "some"],
            "mu_star": [0.0, 0.5],
            "mu_star_low": [0.0, 0.4],
            "mu_star_high": [0.0, 0.6],
            "sigma": [0.0, 0.3],
            "note": ["", ""],
        }
    )
    morris_chart(indices, "out", "t", tmp_path / "morris.png", PLAIN)
    # the dot at (0, 0) lies wholly inside the axes: its centre is more than its radius in
    assert room["left"] > room["radius"] > 0 and room["below"] > room["radius"]
