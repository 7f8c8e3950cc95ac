"""Sweep figures speak in labels with units (from the sweep's own base scenario, handed to each
figure), say what their bands span, and keep box labels on the axes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.sweep.discovery_figures import label_spot
from sim.sweep.figures import band_spans, design_caption
from sim.sweep.names import PLAIN, Labels

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"


def manifest(**changes) -> dict:
    found = {
        "name": "probe",
        "base": str(BASELINE),
        "parameters": ["actors.washington.behaviour.strike_resolve"],
        "uncertainty": "seed",
        "common_seeds": False,
        "design": {"kind": "grid", "replications": 5, "points": 4},
        "points": [{"values": {"actors.washington.behaviour.strike_resolve": v}} for v in range(4)],
    }
    found.update(changes)
    return found


BASE = Labels.of(manifest())


def test_outcomes_read_as_labels_with_units():
    assert BASE.outcome("tension.mean") == "tension, mean over the run (0–1)"
    assert BASE.outcome("final_status_quo.us_troops") == "US troops in Iraq, at the end (troops)"
    assert BASE.outcome("violence.attacks") == "attacks over the run (count)"
    assert BASE.outcome("tracks.strategic_dialogue.agreed") == (
        "agreement on US-Iraq strategic dialogue\n(1 yes, 0 no)"  # 39 + 11 characters > 40: 2 lines
    )
    assert BASE.outcome("something.new") == "something.new"  # unknown: as it is
    assert BASE.outcome_words("tension.mean") == "tension, mean over the run"  # for titles


def test_series_columns_read_as_labels_with_units():
    assert BASE.series("status_quo:us_troops") == "US troops in Iraq, status quo (troops)"
    assert BASE.series("tension") == "tension (0–1)"
    assert BASE.series("strikes") == "strikes in the month (count)"
    assert BASE.series("trust:tehran:washington") == "trust of Tehran in Washington (0–1)"


def test_parameters_read_as_actor_and_field_with_units():
    # strike_resolve is declared a Share in the schema: (0–1); capability has no scale
    assert BASE.parameter("actors.washington.behaviour.strike_resolve") == (
        "Washington: strike resolve (0–1)"
    )
    assert BASE.parameter("actors.washington.positions.us_troops.position") == (
        "Washington's position on US troops in Iraq\n(troops)"
    )
    # the actor's name without its parenthesis (the scenario names it 'Baghdad (Kadhimi
    # government)'), as in a run's figures
    assert BASE.parameter("actors.baghdad.positions.us_troops.position", wrap=False) == (
        "Baghdad's position on US troops in Iraq (troops)"
    )
    assert BASE.parameter("actors.baghdad.capability") == "Baghdad: capability"
    assert BASE.parameter("issues.us_troops.status_quo") == "US troops in Iraq: status quo (troops)"
    assert BASE.parameter("settings.something_else") == "something else"  # unknown: plain
    # ticks wrap at spaces into lines of at most 22 characters, the units kept at the end
    assert BASE.tick("actors.washington.behaviour.strike_resolve") == (
        "Washington: strike\nresolve (0–1)"
    )


def test_labels_come_from_the_manifest_they_are_made_of():
    """Two sweeps' labels side by side: neither depends on which was made last."""
    # the footer: the sweep, its scenario, its design and master seed (manifest() has no seed)
    assert BASE.source == "sweep probe of baseline_2020: grid, master seed 0"
    ensemble = Labels.of(manifest(parameters=[], seed=2020, name="baseline_2020"))
    assert ensemble.source == "ensemble of baseline_2020, master seed 2020"  # named as its base
    morris = Labels.of(manifest(design={"kind": "morris", "replications": 1}, seed=7))
    assert morris.source == "sweep probe of baseline_2020: Morris design, master seed 7"
    assert PLAIN.source == "" and PLAIN.outcome("final_status_quo.us_troops") == (
        "us troops, at the end"
    )
    assert Labels.of({}) == PLAIN
    assert BASE.outcome("final_status_quo.us_troops") == "US troops in Iraq, at the end (troops)"


def test_a_condition_reads_as_labels():
    from sim.sweep.condition import parse_condition

    condition = parse_condition(
        "tension.mean > 0.3 and violence.attacks >= 2", ["tension.mean", "violence.attacks"], []
    )
    assert BASE.condition(condition) == (
        "tension, mean over the run > 0.3 and attacks over the run >= 2"
    )


def test_an_ensemble_is_not_called_a_grid():
    caption = design_caption(manifest(parameters=[], design={"kind": "grid", "points": 1}), 200)
    assert caption.startswith("one scenario, no parameter swept") and "grid" not in caption


def test_bands_say_what_they_span():
    # listed, not multiplied: 20 runs at 4 points have 20 seeds in all ('4 x 20' read as 80)
    assert band_spans(manifest(), points=4, runs=20) == "bands span 4 design points and 20 seeds"
    common = manifest(common_seeds=True, design={"kind": "grid", "replications": 1})
    assert band_spans(common, points=8, runs=8) == "bands span 8 design points"
    common5 = manifest(common_seeds=True, design={"kind": "grid", "replications": 5})
    assert band_spans(common5, points=16, runs=80) == (
        "bands span 16 design points and the same 5 seeds at each"
    )
    both = manifest(uncertainty="both")
    assert band_spans(both, points=6, runs=18) == (
        "bands span 6 design points, 18 seeds and drawn parameters"
    )
    drawn = manifest(uncertainty="parameters")
    assert band_spans(drawn, points=1, runs=50) == "bands span drawn parameters"
    assert band_spans(common, points=1, runs=1) == "bands span nothing: every run is alike"


def test_box_labels_stay_on_the_axis():
    # 10 characters need 0.16 of the axis: inside a wide bar, beside a narrow one, on the
    # side with more room
    assert label_spot(0.2, 0.6, 10) == (pytest.approx(0.4), "center", True)
    assert label_spot(0.9, 0.98, 10) == (pytest.approx(0.89), "right", False)
    assert label_spot(0.0, 0.05, 10) == (pytest.approx(0.06), "left", False)


def test_a_map_puts_drawn_values_where_each_run_drew_them():
    import pandas as pd

    from sim.sweep.sample_figures import map_dots

    # an ensemble: one point, three runs with their own drawn values
    ensemble = pd.DataFrame(
        {"point": ["p0"] * 3, "status": ["ok"] * 3, "a": [0.1, 0.2, 0.3], "b": [1, 2, 3]}
    )
    ensemble["out"] = [5.0, 6.0, 7.0]
    dots, per_run = map_dots(ensemble, "a", "b", "out")
    assert per_run and list(dots["v"]) == [5.0, 6.0, 7.0]
    # a design: two points, two replications each at the point's values -> medians per point
    design = pd.DataFrame(
        {
            "point": ["p0", "p0", "p1", "p1"],
            "status": ["ok"] * 4,
            "a": [0.1, 0.1, 0.5, 0.5],
            "b": [1, 1, 2, 2],
            "out": [1.0, 3.0, 4.0, 8.0],
        }
    )
    dots, per_run = map_dots(design, "a", "b", "out")
    assert not per_run and list(dots["v"]) == [2.0, 6.0]


def _texts(fig) -> dict[str, list[str]]:
    """A figure's words as matplotlib holds them: titles, axis labels, tick labels, footer."""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    return {
        "titles": [fig.get_suptitle()] + [ax.get_title() for ax in axes],
        "labels": [fig.get_supxlabel()]
        + [ax.get_xlabel() for ax in axes]
        + [ax.get_ylabel() for ax in axes],
        "ticks": [t.get_text() for ax in axes for t in ax.get_yticklabels()],
        "footer": [t.get_text() for t in fig.texts],  # with the supxlabel
    }


def test_analysed_figures_speak_in_labels_not_column_names(tmp_path, monkeypatch):
    """Issue 20: titles and axes said `status_quo:us_troops` and `tension.mean`."""
    from matplotlib.figure import Figure

    from sim.cli import main
    from sim.sweep.analysis import analyze

    out = tmp_path / "grid"
    argv = ["sweep", str(BASELINE), "-p", "actors.washington.behaviour.strike_resolve=0.1,0.7"]
    argv += ["-p", "actors.kataib_hezbollah.behaviour.attack_propensity=0.2,0.8"]
    argv += ["--series", "status_quo:us_troops", "--out", str(out)]
    assert main([*argv, "--backend", "serial", "--quiet"]) == 0
    drawn: dict[str, dict[str, list[str]]] = {}
    savefig = Figure.savefig

    def keep(fig, path, *args, **kwargs):
        drawn[Path(path).name] = _texts(fig)
        return savefig(fig, path, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    analyze(out, series=["status_quo:us_troops"], discover="tension.mean > 0.205")
    levels = drawn["levels_tension.mean.png"]
    title = " ".join(levels["titles"][0].split())  # titles are wrapped to their width
    assert title.startswith("tension, mean over the run at each value of Washington: strike")
    assert "one panel per value of Kataib Hezbollah: attack propensity (0–1)" in title
    assert "Washington: strike resolve (0–1)" in levels["labels"]
    assert "tension, mean over the run (0–1)" in levels["labels"]
    fan = drawn["fan_status_quo_us_troops.png"]
    assert "US troops in Iraq, status quo (troops)" in fan["labels"]
    scores = drawn["discovery_scores.png"]
    assert "Kataib Hezbollah: attack\npropensity (0–1)" in scores["ticks"]
    assert "runs where tension, mean over the run > 0.205" in " ".join(scores["titles"][1].split())
    raw = ("tension.mean", "status_quo:", "actors.", "_resolve", "_propensity", "us_troops")
    for name, texts in drawn.items():
        footers = [t for t in texts["footer"] if t.startswith("sweep ")]  # named as its base
        assert footers == ["sweep of baseline_2020: grid, master seed 0"], name
        words = " ".join(t for kind in ("titles", "labels", "ticks") for t in texts[kind])
        assert not [r for r in raw if r in words], (name, words)


def test_a_title_is_wrapped_once_by_its_figure():
    """Wrapped at 75 characters and again to its axes, a map's title left 'Baghdad:' alone."""
    from sim.sweep.analysis import _title
    from sim.sweep.figures import fit_titles, plt

    what = (
        "tension, mean over the run over Iran-Saudi talks hosted by Baghdad: mediation bonus "
        "and Baghdad: capability"
    )
    title = _title(what, manifest(), 20)
    assert title.split("\n")[0] == what
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.set_title(title, fontsize=9)
    fit_titles(fig)
    lines = ax.get_title().split("\n")
    plt.close(fig)
    # axes 0.775 of 7 inches, characters 0.55 of 9 points wide: 78 a line, one break
    assert lines[:2] == [
        "tension, mean over the run over Iran-Saudi talks hosted by Baghdad: mediation",
        "bonus and Baghdad: capability",
    ]
