"""Figure helpers with numbers derived by hand, and every figure drawn for a short run."""

import pytest

from sim.plots import save_figures
from sim.plots.canvas import spans
from sim.plots.labels import group_coinciding, group_label, spread
from sim.plots.marks import round_marks
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.scenario_ids import resolve


def test_coinciding_series_share_one_group_in_first_seen_order():
    groups = group_coinciding(
        {"a": [0, 0, 0], "b": [5, 5, 5], "c": [0, 0.004, 0], "d": [0, 0, 1]}, tolerance=0.005
    )
    assert [g.members for g in groups] == [["a", "c"], ["b"], ["d"]]


def test_group_labels_count_members_and_name_three_factions_together():
    kinds = ["state", "faction", "faction", "faction"]
    assert group_label(["Tehran", "KH", "Badr", "Nujaba"], kinds) == "Tehran, factions (4)"
    assert group_label(["KH", "Nujaba"], ["faction", "faction"]) == "KH, Nujaba (2)"
    assert group_label(["Erbil"], ["government"]) == "Erbil"


def test_labels_are_spread_at_least_a_gap_apart_within_the_axis():
    # 0, 0.01 and 0.02 with a gap of 0.1 -> 0, 0.1, 0.2; at the top edge they are pushed down
    assert spread([0.0, 0.01, 0.02], 0.1, 0.0, 1.0) == pytest.approx([0.0, 0.1, 0.2])
    assert spread([1.0, 0.99], 0.1, 0.0, 1.0) == pytest.approx([1.0, 0.9])


def test_spans_are_runs_of_flags():
    assert spans([0, 1, 1, 0, 1]) == [(1, 2), (4, 4)]


def test_every_figure_is_drawn_and_rounds_are_marked_by_result(tmp_path):
    result = run_scenario(load_scenario(resolve("regional_mediation-spoiler_attack")))
    names = sorted(p.name for p in save_figures(result, tmp_path))
    assert names == [
        "domestic.png",
        "positions_faction_integration.png",
        "positions_iran_saudi_ties.png",
        "positions_us_troops.png",
        "status_quo.png",
        "trust.png",
        "violence.png",
    ]
    kinds = [m.kind for m in round_marks(result, "iran_saudi_talks")]
    rounds = result.outcomes["tracks"]["iran_saudi_talks"]["rounds"]
    assert (
        kinds.count("refused") == rounds["refused"] and kinds.count("spoiled") == rounds["spoiled"]
    )
    assert all((tmp_path / n).stat().st_size > 10_000 for n in names)
