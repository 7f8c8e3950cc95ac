"""Same scenario and seed give the same bytes out; different seeds give different runs."""

from __future__ import annotations

from sim.output import write_run
from sim.runner import run_scenario
from sim.scenario import load_scenario
from tests.conftest import BASELINE


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_including_figures(tmp_path):
    scenario = load_scenario(BASELINE)
    first = write_run(run_scenario(scenario, seed=5, name="b"), tmp_path / "one")
    second = write_run(run_scenario(load_scenario(BASELINE), seed=5, name="b"), tmp_path / "two")
    one, two = _files(first), _files(second)
    assert set(one) >= {"scenario.yaml", "seed.txt", "series.csv", "outcomes.json", "events.jsonl"}
    assert any(name.endswith(".png") for name in one)
    assert one == two


def test_different_seeds_differ():
    scenario = load_scenario(BASELINE)
    a = run_scenario(scenario, seed=1)
    b = run_scenario(scenario, seed=2)
    assert a.rows != b.rows
    assert a.events != b.events


def test_scenario_seed_is_the_default():
    scenario = load_scenario(BASELINE, ["seed=99"])
    assert run_scenario(scenario).seed == 99
    assert run_scenario(scenario).rows == run_scenario(scenario, seed=99).rows


def test_finished_runs_are_not_kept_alive_by_mesa():
    import mesa

    scenario = load_scenario(BASELINE)
    before = len(mesa.Agent._ids)
    for seed in range(3):
        run_scenario(scenario, seed=seed, steps=2)
    assert len(mesa.Agent._ids) == before
