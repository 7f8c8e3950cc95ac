"""sim.CrossroadsModel: the engine's model with a DataCollector, for Mesa's tools."""

from __future__ import annotations

import mesa
import pytest

import sim
from sim.scenario import load_scenario
from tests.conftest import BASELINE


def test_it_is_a_mesa_model_with_the_run_py_series():
    model = sim.CrossroadsModel("baseline_2020", seed=7)
    assert isinstance(model, mesa.Model)
    while model.running:
        model.step()
    collected = model.datacollector.get_model_vars_dataframe()
    series = sim.run("baseline_2020", seed=7).series
    numbers = series.drop(columns=["date"]).reset_index(drop=True)
    assert collected[numbers.columns].equals(numbers)


def test_agents_report_positions_in_issue_units():
    model = sim.CrossroadsModel("baseline_2020", seed=7)
    washington = next(a for a in model.agents if a.actor_id == "washington")
    assert washington.positions["us_troops"] == pytest.approx(3000 / 5200)  # the engine's
    assert washington.positions_in_units["us_troops"] == pytest.approx(3000)
    agents = model.datacollector.get_agent_vars_dataframe()
    row = agents[agents["actor"] == "washington"].iloc[0]
    assert row["position:us_troops"] == pytest.approx(3000)
    assert row["kind"] == "state"


def test_batch_run_gives_each_seed_its_run():
    rows = mesa.batch_run(
        sim.CrossroadsModel,
        parameters={"scenario": "baseline_2020", "seed": range(3)},
        iterations=1,
        max_steps=30,
        number_processes=1,
        display_progress=False,
    )
    # Mesa's batch_run reports the collection at index model.steps - 1: after step 29 of 30
    assert {r["Step"] for r in rows} == {29}
    last = {r["seed"]: r for r in rows if r["actor"] == "washington"}
    assert sorted(last) == [0, 1, 2]
    for seed, row in last.items():
        state = sim.run("baseline_2020", seed=seed).series.loc[29]
        assert row["status_quo:us_troops"] == state["status_quo:us_troops"]
        assert row["tension"] == state["tension"]


def test_a_scenario_given_alone_to_batch_run_gets_a_clear_error():
    scenario = load_scenario(BASELINE)
    with pytest.raises(TypeError, match=r"pass its id or file, or \[scenario\]"):
        mesa.batch_run(
            sim.CrossroadsModel,
            parameters={"scenario": scenario, "seed": 1},
            max_steps=2,
            display_progress=False,
        )
    rows = mesa.batch_run(
        sim.CrossroadsModel,
        parameters={"scenario": [scenario], "seed": 1, "steps": 2},
        max_steps=5,
        display_progress=False,
    )
    assert {r["Step"] for r in rows} == {1}  # model.steps - 1, as above


def test_steps_shortens_the_run():
    model = sim.CrossroadsModel("baseline_2020", seed=1, steps=4)
    while model.running:
        model.step()
    assert model.steps == 4
    assert len(model.datacollector.get_model_vars_dataframe()) == 5  # the start and 4 steps
