"""Which outcome columns of a sweep are numbers and which are yes/no."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.sweep.summary import outcome_kinds


def test_a_count_that_is_0_or_1_in_every_run_is_a_number_not_a_flag():
    # strikes over a run: 0 or 1 in every run of a sweep (1 == True in Python: the old set test
    # called it a flag and `analyze --outcome violence.strikes` refused it)
    table = pd.DataFrame(
        {
            "status": ["ok"] * 4,
            "violence.strikes": [0, 1, 1, 0],
            "settled": [True, False, True, True],
            "agreed": ["True", "False", "True", "False"],
            "share": [0.0, 1.0, 0.5, 1.0],
        }
    )
    numeric, flags = outcome_kinds(table, ["violence.strikes", "settled", "agreed", "share"])
    assert numeric == ["violence.strikes", "share"]
    assert flags == ["settled", "agreed"]


def test_each_point_is_summarised_in_design_order_failed_and_empty_ones_too():
    import math

    from sim.sweep.summary import summarise

    table = pd.DataFrame(
        {
            "point": ["bb", "aa", "aa", "bb"],
            "status": ["ok", "ok", "ok", "failed"],
            "x": [5.0, 1.0, 3.0, None],
            "tracks.t.agreed": ["True", "True", "False", None],
        }
    )
    manifest = {
        "outcomes": ["x", "tracks.t.agreed"],
        "points": [
            {"index": 1, "key": "bb", "values": {"p": 0.5}},
            {"index": 0, "key": "aa", "values": {"p": 0.1}},
            {"index": 2, "key": "cc", "values": {"p": 0.9}},  # no run yet
        ],
    }
    summary = summarise(table, manifest)
    assert list(summary.columns) == [
        "point", "key", "p", "runs", "failed",
        "x:mean", "x:median", "x:p5", "x:p95", "tracks.t.agreed:share",
    ]  # fmt: skip
    aa, bb, cc = (summary.iloc[i] for i in range(3))
    assert (aa["key"], aa["runs"], aa["failed"]) == ("aa", 2, 0)
    # 1 and 3: mean and median 2; percentiles by linear interpolation, 1 + 0.05 x 2 and 1 + 0.95 x 2
    assert [aa[f"x:{s}"] for s in ("mean", "median", "p5", "p95")] == pytest.approx(
        [2, 2, 1.1, 2.9]
    )
    assert aa["tracks.t.agreed:share"] == 0.5
    assert (bb["runs"], bb["failed"], bb["x:mean"], bb["x:p95"]) == (2, 1, 5.0, 5.0)  # ok run only
    assert (cc["runs"], cc["failed"]) == (0, 0) and math.isnan(cc["x:mean"])
    assert math.isnan(cc["tracks.t.agreed:share"])
