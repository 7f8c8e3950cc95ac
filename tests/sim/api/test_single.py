"""sim.run and sim.load_scenario: the run.py run's results as pandas tables."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim.errors import InputError
from sim.runner import run_scenario
from sim.scenario import load_scenario
from tests.conftest import BASELINE


def test_import_sim_loads_neither_mesa_nor_pandas():
    code = "import sys, sim; print(sorted({'mesa', 'pandas'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_names_are_loaded_on_first_use():
    assert sim.run is sim.api.run
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = sim.no_such_name


def test_run_gives_the_series_and_events_of_run_scenario():
    plain = run_scenario(load_scenario(BASELINE), seed=7)
    result = sim.run("baseline_2020", seed=7)
    assert result.seed == 7 and result.scenario_id == "baseline_2020"
    series = result.series
    assert list(series.index) == list(range(len(plain.rows)))  # a row per step, 0 the start
    assert list(series.columns) == plain.columns[1:]  # step is the index
    troops = [round(value, 6) for value in plain.series("status_quo:us_troops")]
    assert series["status_quo:us_troops"].tolist() == troops  # as series.csv writes them
    assert len(result.events) == len(plain.events)
    assert result.events["type"].tolist() == [e["type"] for e in plain.events]
    assert result.outcomes == plain.outcomes


def test_positions_in_the_series_are_in_issue_units():
    start = sim.run("baseline_2020", seed=7, steps=1).series.iloc[0]
    assert start["position:washington:us_troops"] == 3000  # as the file says, not 2999.9999...


def test_the_series_holds_the_numbers_of_series_csv(tmp_path: Path, cli):
    """Once the table showed the engine's float noise (2999.9999999999995 troops) where
    series.csv wrote 3000.000000: a reader of either now sees the same numbers."""
    assert cli("run", "baseline_2020", "--seed", "7", "--steps", "3", "--out", "r",
               "--no-figures", cwd=tmp_path).returncode == 0  # fmt: skip
    with (tmp_path / "r" / "series.csv").open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    series = sim.run("baseline_2020", seed=7, steps=3).series
    assert len(written) == len(series) == 4
    for row in written:
        step = int(row.pop("step"))
        for column, text in row.items():
            value = series.loc[step, column]
            assert value == (float(text) if isinstance(value, float) else type(value)(text))
    assert series.loc[0, "position:washington:us_troops"] == 3000.0


def test_set_overrides_as_the_command_line_does():
    given = sim.run("baseline_2020", seed=7, set={"actors.washington.capability": 0.7})
    typed = run_scenario(load_scenario(BASELINE, ["actors.washington.capability=0.7"]), seed=7)
    assert given.result.resolved["actors"]["washington"]["capability"]["value"] == 0.7
    assert given.result.rows == typed.rows


def test_a_path_works_like_an_id():
    by_path = sim.run(BASELINE, seed=3, steps=4)
    assert by_path.result.rows == sim.run("baseline_2020", seed=3, steps=4).result.rows


def test_a_bad_key_is_named_as_a_set_would_name_it():
    with pytest.raises(InputError, match=r"--set actors\.washington\.capabilty"):
        sim.load_scenario("baseline_2020", set={"actors.washington.capabilty": 0.7})


def test_an_unknown_id_suggests_the_near_one():
    with pytest.raises(InputError, match="did you mean 'baseline_2020'"):
        sim.load_scenario("baseline_202")


def test_set_on_a_loaded_scenario_is_refused():
    with pytest.raises(InputError, match="set= needs the scenario's id or file"):
        sim.load_scenario(load_scenario(BASELINE), set={"seed": 3})


def test_outcome_table_is_a_runs_csv_row():
    result = sim.run("baseline_2020", seed=7, steps=3)
    assert result.outcome_table["steps"] == 3
    assert "final_status_quo.us_troops" in result.outcome_table.index
