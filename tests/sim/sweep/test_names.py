"""Sweep figures speak in labels with units, say what their bands span, and keep box labels
on the axes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.sweep import names
from sim.sweep.discovery_figures import label_spot
from sim.sweep.figures import band_spans, design_caption

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


@pytest.fixture(autouse=True)
def baseline_units():
    names.use_scenario(manifest())
    yield
    names.use_scenario({})


def test_outcomes_read_as_labels_with_units():
    assert names.outcome_label("tension.mean") == "tension, mean over the run (0–1)"
    assert names.outcome_label("final_status_quo.us_troops") == (
        "US troops in Iraq, at the end (troops)"
    )
    assert names.outcome_label("violence.attacks") == "attacks over the run (count)"
    assert names.outcome_label("tracks.iran_us_talks.agreed") == (
        "agreement on iran_us_talks (1 yes, 0 no)"
    )
    assert names.outcome_label("something.new") == "something.new"  # unknown: as it is


def test_series_columns_read_as_labels_with_units():
    assert names.series_label("status_quo:us_troops") == "US troops in Iraq, status quo (troops)"
    assert names.series_label("tension") == "tension (0–1)"
    assert names.series_label("strikes") == "strikes in the month (count)"
    assert names.series_label("trust:tehran:baghdad") == "trust of tehran in baghdad (0–1)"


def test_a_figure_names_the_sweep_it_comes_from():
    assert names.source() == "sweep probe of baseline_2020"
    names.use_scenario({})
    assert names.source() == "" and names.outcome_label("final_status_quo.us_troops") == (
        "us troops, at the end"
    )


def test_an_ensemble_is_not_called_a_grid():
    caption = design_caption(manifest(parameters=[], design={"kind": "grid", "points": 1}), 200)
    assert caption.startswith("one scenario, no parameter swept") and "grid" not in caption


def test_bands_say_what_they_span():
    assert band_spans(manifest(), points=4, runs=20) == "bands span 4 design points x 20 seeds"
    common = manifest(common_seeds=True, design={"kind": "grid", "replications": 1})
    assert band_spans(common, points=8, runs=8) == "bands span 8 design points"
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
