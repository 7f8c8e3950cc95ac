"""The documented path comes from the shipped calibration's series targets (not typed again),
each with the facts it cites and whether they are from outside the source documents."""

from __future__ import annotations

import yaml

from sim.classroom.documented import CALIBRATION, documented_points, within


def test_every_series_target_of_the_calibration_is_a_documented_point() -> None:
    targets = yaml.safe_load(CALIBRATION.read_text(encoding="utf-8"))["targets"]
    series = [t for t in targets.values() if "series" in t]
    points = documented_points()
    assert [(p.series, p.value, list(p.facts)) for p in points] == [
        (t["series"], float(t["value"]), t["source"]) for t in series
    ]


def test_the_troop_cuts_are_marked_outside_the_documents_and_kept_to_their_months() -> None:
    troops = within("status_quo:us_troops", ["2020-08", "2020-09", "2020-10"])
    assert [(p.month, p.facts, p.outside) for p in troops] == [("2020-09", ("P01",), True)]
    assert within("status_quo:us_troops", ["2022-01"]) == []
    assert within("tension", ["2020-09"]) == []
