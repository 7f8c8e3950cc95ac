"""The --discover condition language: what it reads, what it refuses, which runs it picks."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.errors import InputError
from sim.sweep.condition import parse_condition

COLUMNS = ["run_id", "status", "actors.a.x", "final_status_quo.us_troops", "tracks.t.agreed"]
PARAMETERS = ["actors.a.x"]
TABLE = pd.DataFrame(
    {
        "final_status_quo.us_troops": [500.0, 999.0, 1000.0, None],
        "tracks.t.agreed": ["True", "False", "True", "True"],
    }
)


def _parse(text: str):
    return parse_condition(text, COLUMNS, PARAMETERS)


def test_comparisons_pick_the_runs_that_meet_them() -> None:
    assert _parse("final_status_quo.us_troops < 1000").evaluate(TABLE).tolist() == [
        True,
        True,
        False,
        False,  # an empty outcome never meets a condition
    ]
    assert _parse("final_status_quo.us_troops>=999").evaluate(TABLE).tolist() == [
        False,
        True,
        True,
        False,
    ]
    both = _parse("tracks.t.agreed == true AND final_status_quo.us_troops <= 1000")
    assert both.evaluate(TABLE).tolist() == [True, False, True, False]
    assert _parse("tracks.t.agreed").evaluate(TABLE).tolist() == [True, False, True, True]
    assert str(both.clauses[1]) == "final_status_quo.us_troops <= 1000"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "final_status_quo.troops < 1000",
            "unknown outcome 'final_status_quo.troops' (did you mean",
        ),
        ("nonsense > 1", "unknown outcome 'nonsense' (see the header of runs.csv)"),
        ("final_status_quo.us_troops =< 1000", "unknown operator '=<'"),
        ("final_status_quo.us_troops = 1000", "unknown operator '='"),
        ("final_status_quo.us_troops < many", "'many' is not a number"),
        ("final_status_quo.us_troops <", "cannot read"),
        ("actors.a.x > 0.5", "is a swept parameter, not an outcome"),
        ("run_id == 3", "unknown outcome 'run_id'"),
        ("  ", "empty condition"),
        ("tracks.t.agreed and", "cannot read"),
    ],
)
def test_bad_conditions_are_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        _parse(text)
    line = str(caught.value)
    assert line.startswith("--discover: ") and message in line and "\n" not in line
