"""Which outcome columns of a sweep are numbers and which are yes/no."""

from __future__ import annotations

import pandas as pd

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
