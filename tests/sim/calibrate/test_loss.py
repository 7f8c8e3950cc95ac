"""Scores and the loss on hand-made ensembles, with the numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from sim.calibrate.loss import combine, score
from sim.calibrate.targets import EventCount, Matcher, SeriesAt

TROOPS = SeriesAt("troops", "status_quo:us_troops", "2020-09", 3000.0, 300.0)
ROUNDS = EventCount("rounds", Matcher.of({"kind": "round"}), "2021-01", "2022-10", 5.0, 5.0)


def test_series_score_counts_failed_runs_as_outside() -> None:
    # runs: 2900 (in), 3000 (in), 3400 (out), a failed run, NaN (no value): 2 of 5 inside
    s = score(TROOPS, [2900.0, 3000.0, 3400.0, None, math.nan], cap=10.0)
    assert s.runs == 5 and s.measured == 3
    assert s.inside == pytest.approx(0.4)
    # sorted 2900, 3000, 3400: median 3000; q25 = 2900 + 0.5*100 = 2950; q75 = 3000 + 0.5*400
    assert (s.median, s.q25, s.q75) == (3000.0, 2950.0, 3200.0)
    # q05 = 2900 + 0.1*100; q95 = 3000 + 0.9*400
    assert (s.q05, s.q95) == (2910.0, 3360.0)
    assert s.distance == 0.0


def test_distance_is_in_tolerances_and_capped() -> None:
    assert score(TROOPS, [3600.0], cap=10.0).distance == 2.0  # 600 away, tolerance 300
    assert score(TROOPS, [9000.0], cap=10.0).distance == 10.0  # 20 tolerances, capped at 10
    nothing = score(TROOPS, [None, None], cap=4.0)
    assert nothing.inside == 0.0 and nothing.median is None and nothing.distance == 4.0


def test_count_score() -> None:
    s = score(ROUNDS, [5.0, 5.0, 4.0, 3.0], cap=10.0)
    assert s.inside == 0.5
    assert s.median == 4.5 and s.distance == 0.5  # half an event short of [5, 5]


def test_loss_weights_the_fit_targets_only() -> None:
    troops = score(TROOPS, [2900.0, 3000.0, 3400.0, 3600.0], cap=10.0)
    # inside 2/4; median (3000 + 3400)/2 = 3200, distance 200/300
    assert troops.inside == 0.5 and troops.distance == pytest.approx(2 / 3)
    rounds = score(ROUNDS, [5.0, 5.0, 5.0, 2.0], cap=10.0)
    # inside 3/4, median 5, distance 0
    assert rounds.inside == 0.75 and rounds.distance == 0.0
    held = score(ROUNDS, [0.0, 0.0, 0.0, 0.0], cap=10.0)
    held = type(held)(**{**held.as_dict(), "name": "held"})
    scores = [troops, rounds, held]
    # weights 1 and 3, lambda 0.5: (1*(0.5 + 0.5*2/3) + 3*(0.25 + 0)) / 4
    expected = (1 * (0.5 + 0.5 * 2 / 3) + 3 * 0.25) / 4
    loss = combine(scores, {"troops": 1.0, "rounds": 3.0}, median_weight=0.5)
    assert loss == pytest.approx(expected, abs=1e-11)
    # the held-back target (all outside, distance 5) leaves the loss unchanged
    assert held.inside == 0.0 and held.distance == 5.0


def test_loss_with_lambda_zero_is_the_weighted_share_outside() -> None:
    troops = score(TROOPS, [2900.0, 9000.0], cap=10.0)
    assert combine([troops], {"troops": 2.0}, median_weight=0.0) == 0.5


def test_loss_needs_a_positive_weight() -> None:
    with pytest.raises(ValueError):
        combine([score(TROOPS, [3000.0], cap=10.0)], {"troops": 0.0}, median_weight=1.0)


def test_band_is_the_documented_point_outside_the_middle_half() -> None:
    # sorted 2600, 2700, 2800, 2900: q25 = 2675, q75 = 2825; 3000 lies 175 above q75
    s = score(TROOPS, [2600.0, 2700.0, 2800.0, 2900.0], cap=10.0)
    assert (s.q25, s.q75) == (2675.0, 2825.0)
    assert s.band == pytest.approx(175 / 300)
    # the median (2750) is 250 away: the band term is the smaller, stricter-on-spread one
    assert s.distance == pytest.approx(250 / 300)
    # a band that straddles 3000 costs nothing
    assert score(TROOPS, [2800.0, 2950.0, 3050.0, 3300.0], cap=10.0).band == 0.0


def test_count_band_is_the_gap_between_range_and_quartiles() -> None:
    # counts 1, 2, 2, 3: q25 = 1.75, q75 = 2.25; the range [5, 5] starts 2.75 events above q75
    assert score(ROUNDS, [1.0, 2.0, 2.0, 3.0], cap=10.0).band == pytest.approx(2.75)
    assert score(ROUNDS, [4.0, 5.0, 5.0, 6.0], cap=10.0).band == 0.0


def test_band_weight_adds_the_band_term() -> None:
    troops = score(TROOPS, [2600.0, 2700.0, 2800.0, 2900.0], cap=10.0)
    # 2600 is outside 3000 ± 300, the other three inside; distance 250/300, band 175/300
    assert troops.inside == 0.75
    expected = 0.25 + 1.0 * 250 / 300 + 2.0 * 175 / 300
    loss = combine([troops], {"troops": 1.0}, median_weight=1.0, band_weight=2.0)
    assert loss == pytest.approx(expected, abs=1e-11)
    assert combine([troops], {"troops": 1.0}, median_weight=1.0) == pytest.approx(0.25 + 250 / 300)
